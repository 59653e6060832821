"""Targets give 完成率 and flag what lags; the office's sentence wording replaces the default;
periods name themselves and their comparisons as a Chinese report does."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cuizhai.core import roles
from cuizhai.core.base.services.records import record_create
from cuizhai.reports import services
from cuizhai.reports.models import HeadlineTemplate, Target
from cuizhai.reports.periods import Period
from tests.reports.support import docx_text, workbook
from tests.safety.factories import TrafficFacilityWorkFactory, TrafficPublicityEventFactory
from tests.support.users import make_user


def figure(report, key):
    line = report.content["lines"][0]
    return next(f for f in line["figures"] if f["key"] == key)


@pytest.mark.django_db
def test_completion_against_the_years_target_and_what_lags():
    admin = make_user("sysadmin", roles.SYSTEM_ADMIN)
    for day in (3, 4, 5):
        TrafficPublicityEventFactory(date=datetime.date(2024, 6, day))
    TrafficFacilityWorkFactory(quantity=12, cost_yuan=Decimal("48000.00"))
    record_create(model=Target, data={"year": 2024, "key": "safety:traffic.events.count",
                                      "value": Decimal(4)}, by=admin)
    record_create(model=Target, data={"year": 2024, "key": "safety:traffic.facilities.sets",
                                      "value": Decimal(10)}, by=admin)
    record_create(model=Target, data={"year": 2023, "key": "safety:traffic.facilities.cost",
                                      "value": Decimal(1)}, by=admin)  # another year's
    report = services.report_generate(period_kind="year", year=2024, line="safety", by=admin)

    events = figure(report, "traffic.events.count")
    assert (events["target"], events["completion"], events["expected"], events["lagging"]) == (
        "4.00", "75.00", "100.00", True)
    sets = figure(report, "traffic.facilities.sets")
    assert (sets["completion"], sets["lagging"]) == ("120.00", False)
    cost = figure(report, "traffic.facilities.cost")
    assert (cost["target"], cost["completion"], cost["lagging"]) == (None, None, False)
    sentences = report.content["lines"][0]["sentences"]
    assert "2024年，开展交通安全宣传活动3场，完成年度目标的75%" in sentences

    text = docx_text(services.render_file(report, "docx"))
    assert "开展交通安全宣传活动 | 3 | 场 | 0 | — | 4 | 75% | 滞后" in text
    assert "修复安装交通安全设施 | 12 | 套 | 0 | — | 10 | 120% | 正常" in text
    sheet = workbook(services.render_file(report, "xlsx"))["辖区安全"]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert rows["开展交通安全宣传活动"][6].value == 0.75
    assert rows["开展交通安全宣传活动"][7].value == "滞后"
    assert rows["开展交通安全宣传活动"][7].font.color.rgb.endswith("B00020")


@pytest.mark.django_db
def test_the_offices_sentence_replaces_the_default():
    admin = make_user("sysadmin", roles.SYSTEM_ADMIN)
    TrafficPublicityEventFactory()
    record_create(model=HeadlineTemplate, data={
        "key": "safety:traffic.events.count",
        "text": "{period}，深入社区和工地开展交通安全宣传{value}{unit}{yoy}"}, by=admin)
    report = services.report_generate(period_kind="year", year=2024, line="safety", by=admin)
    # Figures at nought have no sentence; the office's one is the first.
    sentences = report.content["lines"][0]["sentences"]
    assert sentences[0] == "2024年，深入社区和工地开展交通安全宣传1场"
    with pytest.raises(ValidationError) as refused:
        record_create(model=HeadlineTemplate, data={"key": "safety:hazards.found.count",
                                                    "text": "{period}{hazards}"}, by=admin)
    assert "text" in refused.value.message_dict


def test_periods_name_themselves_and_their_comparisons():
    year, month = Period("year", 2024), Period("month", 2024, 11)
    quarter, cumulative = Period("quarter", 2024, 1), Period("cumulative", 2024, 11)
    assert [p.label for p in (year, month, quarter, cumulative)] == [
        "2024年", "2024年11月", "2024年第一季度", "2024年1—11月"]
    assert [p.short_label for p in (year, month, quarter, cumulative)] == [
        "2024年", "11月", "第一季度", "1—11月"]
    assert month.previous() == Period("month", 2024, 10)
    assert Period("month", 2024, 1).previous() == Period("month", 2023, 12)
    assert quarter.previous() == Period("quarter", 2023, 4)
    assert year.previous() is None and cumulative.previous() is None  # no 环比
    assert cumulative.same_period_last_year() == Period("cumulative", 2023, 11)
    assert list(quarter.months) == [1, 2, 3] and list(cumulative.months) == list(range(1, 12))
    assert (year.share_of_year, cumulative.share_of_year, month.share_of_year) == (
        1, 11 / 12, None)
    for kind, number in [("month", 13), ("quarter", 5), ("year", 1), ("week", 1)]:
        with pytest.raises(ValidationError):
            Period(kind, 2024, number)

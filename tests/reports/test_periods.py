"""Monthly, quarterly and cumulative (1—N月) reports on a hand-made set.

Traffic-safety publicity events, one row each, on: 2023-11-08 (last year's November),
2024-03-05, 2024-10-12, 2024-11-03, 2024-11-20 and 2024-12-02. Counted by hand:

| period            | value | same period last year | 同比   | previous period | 环比  |
|-------------------|-------|-----------------------|--------|-----------------|-------|
| 2024年11月         | 2     | 1 (2023-11)           | +100%  | 1 (2024-10)     | +100% |
| 2024年第四季度      | 4     | 1 (2023-Q4)           | +300%  | 0 (2024-Q3)     | —     |
| 2024年1—11月       | 4     | 1 (2023 1—11月)        | +300%  | — (cumulative)  | —     |
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services.records import record_create
from cuizhai.reports import services
from cuizhai.reports.models import ProgressReport, Target
from tests.reports.support import docx_text
from tests.safety.factories import TrafficPublicityEventFactory
from tests.support.clients import api_client
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

DAYS = [(2023, 11, 8), (2024, 3, 5), (2024, 10, 12), (2024, 11, 3), (2024, 11, 20),
        (2024, 12, 2)]


@pytest.fixture
def admin():
    for day in DAYS:
        TrafficPublicityEventFactory(date=datetime.date(*day))
    return make_user("sysadmin", roles.SYSTEM_ADMIN)


def events(report):
    line = report.content["lines"][0]
    return next(f for f in line["figures"] if f["key"] == "traffic.events.count")


def comparison(figure):
    return (figure["value"], figure["last_year"], figure["yoy"], figure["previous"],
            figure["mom"])


def follow(admin, link):
    return api_client(admin).get(link).json()["count"]


def test_a_month(admin):
    report = services.report_generate(period_kind="month", year=2024, number=11,
                                      line="safety", by=admin)
    assert report.title == "崔寨街道2024年11月工作进展"
    figure = events(report)
    assert comparison(figure) == ("2", "1", "100.00", "1", "100.00")
    assert figure["link"] == ("/api/v1/safety/traffic-events/"
                              "?date_after=2024-11-01&date_before=2024-11-30")
    assert follow(admin, figure["link"]) == 2
    assert "11月，" in report.content["lines"][0]["sentences"][0]
    assert "开展交通安全宣传活动2场，同比增长100%，环比增长100%" in \
        "；".join(report.content["lines"][0]["sentences"])
    text = docx_text(services.render_file(report, "docx"))
    assert "崔寨街道2024年11月工作进展" in text
    assert "开展交通安全宣传活动 | 2 | 场 | 1 | +100% | 1 | +100% |" in text


def test_a_quarter(admin):
    report = services.report_generate(period_kind="quarter", year=2024, number=4,
                                      line="safety", by=admin)
    assert report.title == "崔寨街道2024年第四季度工作进展"
    figure = events(report)
    assert comparison(figure) == ("4", "1", "300.00", "0", None)
    assert follow(admin, figure["link"]) == 4


def test_january_to_month_n_against_the_years_target(admin):
    record_create(model=Target, data={"year": 2024, "key": "safety:traffic.events.count",
                                      "value": Decimal(5)}, by=admin)
    report = services.report_generate(period_kind="cumulative", year=2024, number=11,
                                      line="safety", by=admin)
    assert report.title == "崔寨街道2024年1—11月工作进展"
    figure = events(report)
    assert comparison(figure) == ("4", "1", "300.00", None, None)
    assert follow(admin, figure["link"]) == 4
    # 4 of 5 is 80 %, behind the 91.67 % of the year that 11 months are.
    assert (figure["completion"], figure["expected"], figure["lagging"]) == (
        "80.00", "91.67", True)
    assert "1—11月，" in report.content["lines"][0]["sentences"][0]


def test_a_month_s_resettlement_line_does_not_say_the_year(admin):
    report = services.report_generate(period_kind="month", year=2024, number=11,
                                      line="resettlement", by=admin)
    line = report.content["lines"][0]
    handed_over = next(f for f in line["figures"] if f["key"] == "handovers.in_year.count")
    assert "年内" not in str(handed_over) and "年内" not in "".join(line["sentences"])
    assert "交付安置房" in str(handed_over)


@pytest.mark.parametrize("data", [
    {"period_kind": "month", "number": 1}, {"period_kind": "quarter", "number": 1},
    {"period_kind": "cumulative", "number": 6}, {"period_kind": "year"},
])
def test_year_2000_is_reported_without_comparisons_before_it(data):
    """The earliest year a period may lie in: 同比 (and January's or the first quarter's
    环比) would fall in 1999, so they are left out, not a 400."""
    TrafficPublicityEventFactory(date=datetime.date(2000, 1, 10))
    client = api_client(make_user("sysadmin", roles.SYSTEM_ADMIN), "zh-hans")
    reports = reverse("reports-api:progressreport-list")
    answer = client.post(reports, {"year": 2000, "line": "safety", **data}, format="json")
    assert answer.status_code == 201, answer.content.decode()[:500]
    figure = events(ProgressReport.objects.get(pk=answer.json()["id"]))
    assert figure["value"] == "1"
    assert (figure["last_year"], figure["yoy"], figure["previous"], figure["mom"]) == (
        None, None, None, None)
    too_early = client.post(reports, {"year": 1999, "line": "safety", **data},
                            format="json")
    assert too_early.status_code == 400 and "2000" in str(too_early.json())


@pytest.mark.parametrize("kind, number", [("month", 11), ("quarter", 4), ("year", None)])
def test_the_handover_figure_is_named_for_any_period(kind, number):
    """A month's or a quarter's sentence must not say 年内 (in the year)."""
    report = services.report_generate(period_kind=kind, year=2024, number=number,
                                      line="resettlement",
                                      by=make_user("sysadmin", roles.SYSTEM_ADMIN))
    labels = [figure["label"] for figure in report.content["lines"][0]["figures"]]
    assert "交付安置房" in labels
    text = docx_text(services.render_file(report, "docx"))
    assert "交付安置房" in text and "年内交付" not in text

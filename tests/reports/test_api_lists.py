"""The reports' and targets' lists: each filter, and a query count that does not grow with
the rows."""

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services.records import record_create
from cuizhai.reports import services
from cuizhai.reports.models import Target
from tests.support.clients import api_client
from tests.support.exports import read_csv, read_xlsx
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

REPORTS = reverse("reports-api:progressreport-list")
TARGETS = reverse("reports-api:target-list")


@pytest.fixture
def admin():
    return make_user("sysadmin", roles.SYSTEM_ADMIN)


@pytest.fixture
def reports(admin):
    year_safety = services.report_generate(period_kind="year", year=2024, line="safety",
                                           by=admin)
    month_all = services.report_generate(period_kind="month", year=2024, number=11, by=admin)
    old_party = services.report_generate(period_kind="year", year=2023,
                                         line="partybuilding", by=admin)
    services.report_submit(report=old_party, by=admin)
    return year_safety, month_all, old_party


def ids(client, url, **params):
    return sorted(row["id"] for row in client.get(url, params).json()["results"])


def test_each_report_filter(admin, reports):
    year_safety, month_all, old_party = reports
    client = api_client(admin)
    assert ids(client, REPORTS, year=2024) == sorted([year_safety.pk, month_all.pk])
    assert ids(client, REPORTS, status="submitted") == [old_party.pk]
    assert ids(client, REPORTS, period_kind="month") == [month_all.pk]
    assert ids(client, REPORTS, line="safety") == [year_safety.pk]
    assert ids(client, REPORTS, number=11) == [month_all.pk]
    assert ids(client, REPORTS, q="11月") == [month_all.pk]
    assert ids(client, REPORTS, id=old_party.pk) == [old_party.pk]


def test_each_target_filter(admin):
    made = [record_create(model=Target, data={"year": year, "key": key, "value": 10}, by=admin)
            for year, key in [(2024, "safety:hazards.found.count"),
                              (2024, "projects:completed.count"),
                              (2025, "safety:hazards.found.count")]]
    client = api_client(admin)
    assert ids(client, TARGETS, year=2025) == [made[2].pk]
    assert ids(client, TARGETS, line="projects") == [made[1].pk]
    # A line is a whole key before its ":", never a prefix of one.
    assert ids(client, TARGETS, line="project") == []
    assert ids(client, TARGETS, line="saf") == []
    assert ids(client, TARGETS, key="safety:hazards.found.count") == [made[0].pk, made[2].pk]
    assert client.get(TARGETS, {"id": made[1].pk}).json()["results"][0]["unit"] == "个"


def test_the_report_list_costs_the_same_queries_for_more_rows(admin, reports,
                                                             django_assert_max_num_queries):
    client = api_client(admin)
    client.get(REPORTS)  # warm the permission cache as any earlier request would
    with django_assert_max_num_queries(6) as few:
        assert client.get(REPORTS).status_code == 200
    services.report_generate(period_kind="quarter", year=2024, number=4, line="safety",
                             by=admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(REPORTS).json()["count"] == 4


def test_the_lists_download_as_files(admin, reports):
    """Every list is also a file (?format=csv|xlsx): the reports by who made them, the
    targets with their figure's unit."""
    record_create(model=Target, data={"year": 2024, "key": "projects:completed.count",
                                      "value": 12}, by=admin)
    client = api_client(admin, "zh-hans")
    rows = read_csv(client.get(REPORTS, {"format": "csv", "status": "submitted"}))
    header, (row,) = rows[0], rows[1:]
    submitted = dict(zip(header, row, strict=True))
    assert submitted["报送人"] == submitted["生成人"] == (admin.get_full_name()
                                                       or admin.get_username())
    assert "2023" in submitted["标题"] and submitted["工作条线"] == "党建引领"
    assert len(read_xlsx(client.get(REPORTS, {"format": "xlsx"}))) > 3
    header, *targets = read_csv(client.get(TARGETS, {"format": "csv"}))
    target = dict(zip(header, targets[0], strict=True))
    assert (target["单位"], target["目标值"]) == ("个", "12.00")
    assert client.get(reverse("reports-api:headlinetemplate-list"),
                      {"format": "csv"}).status_code == 200

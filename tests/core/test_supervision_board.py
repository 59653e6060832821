"""The 督办 board: every closed-loop item of every registered kind, in one list."""

import csv
import io
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cuizhai.core.base.apps import check_business_apps, closed_loop_kinds
from cuizhai.core.base.services import closed_loop
from projects.models import EnterpriseNeed, ProjectProblem
from tests.factories import DepartmentFactory, OfficeStaffFactory, UserFactory, with_model_rights
from tests.projects.factories import report_need, report_problem
from tests.workflow_app.apps import SampleOfficeConfig, installed_as_office_app
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/api/v1/core/items/"


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def board(projects_editor):
    """A problem overdue and assigned to an office worker; one assigned in time (due in two
    weeks); a need awaiting its answer, due in 4 hours."""
    now = timezone.now()
    worker = OfficeStaffFactory(first_name="王芳")
    department = DepartmentFactory(name="规划建设办")
    overdue = report_problem(by=projects_editor, title="逾期问题",
                             reported_at=now - timedelta(days=30))
    overdue = closed_loop.closed_loop_assign(overdue, by=projects_editor, assignee=worker,
                                             department=department)
    on_time = report_problem(by=projects_editor, title="按时问题", reported_at=now)
    on_time = closed_loop.closed_loop_assign(on_time, by=projects_editor,
                                             assignee=OfficeStaffFactory())
    due_soon = report_need(by=projects_editor, title="临期诉求",
                           reported_at=now - timedelta(hours=20))
    return {"worker": worker, "department": department, "overdue": overdue,
            "on_time": on_time, "due_soon": due_soon}


def titles(response):
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def test_apps_register_their_closed_loop_kinds():
    assert [(kind.key, kind.area) for kind in closed_loop_kinds()] == [
        ("projects.projectproblem", "projects"), ("projects.enterpriseneed", "economy"),
        ("resettlement.repairrequest", "resettlement"),
        ("resettlement.helplineticket", "resettlement"),
        ("safety.hazard", "safety"),
        ("partybuilding.evaluationproblem", "partybuilding"),
        ("partybuilding.collectiveassetproblem", "partybuilding"),
    ]
    with installed_as_office_app():
        assert "workflow_app.sampleticket" in [kind.key for kind in closed_loop_kinds()]


def test_an_unregistered_closed_loop_model_fails_the_system_check(monkeypatch):
    with installed_as_office_app():
        assert check_business_apps() == []
        monkeypatch.setattr(SampleOfficeConfig, "closed_loop_items", {})
        errors = check_business_apps()
    assert [error.id for error in errors] == ["core.E002"]
    assert isinstance(errors[0], checks.Error) and "SampleTicket" in errors[0].msg


def test_a_kind_under_an_undeclared_area_fails_the_system_check(monkeypatch):
    with installed_as_office_app():
        monkeypatch.setattr(SampleOfficeConfig, "closed_loop_items", {"SampleTicket": "nowhere"})
        assert [error.id for error in check_business_apps()] == ["core.E004"]


def test_every_kind_in_one_list_ordered_by_deadline(board, leader, api_client_for):
    response = api_client_for(leader).get(URL)
    # The overdue problem's deadline passed; the need must be answered within 4 hours; the
    # other problem is due in two weeks.
    assert titles(response) == ["逾期问题", "临期诉求", "按时问题"]
    first = response.json()["results"][0]
    assert first["kind"] == {"value": "projects.projectproblem", "label": "项目问题诉求"}
    assert first["area"] == {"value": "projects", "label": "项目建设"}
    assert first["status"] == {"value": "assigned", "label": "已交办"}
    assert first["severity"]["value"] == "general"
    assert first["timeliness"]["value"] == "overdue"
    assert first["assignee"] == {"id": board["worker"].pk, "display": "王芳"}
    assert first["handling_department"] == {"id": board["department"].pk,
                                            "display": "规划建设办"}
    assert first["url"].endswith(f"/api/v1/projects/project-problems/{board['overdue'].pk}/")
    assert first["admin_url"] == f"/admin/projects/projectproblem/{board['overdue'].pk}/change/"
    second = response.json()["results"][1]
    assert second["kind"]["value"] == "projects.enterpriseneed"
    assert second["next_due"] == second["response_due"] != second["resolution_due"]
    assert first["next_due"] == first["resolution_due"]


def test_the_link_opens_the_item(board, leader, api_client_for):
    client = api_client_for(leader)
    for row in client.get(URL).json()["results"]:
        detail = client.get(row["url"])
        assert detail.status_code == 200
        assert detail.json()["title"] == row["title"]


@pytest.mark.parametrize(("query", "expected"), [
    ({"kind": "projects.enterpriseneed"}, ["临期诉求"]),
    ({"kind": ["projects.enterpriseneed", "projects.projectproblem"]},
     ["逾期问题", "临期诉求", "按时问题"]),
    ({"area": "projects"}, ["逾期问题", "按时问题"]),
    ({"status": "assigned"}, ["逾期问题", "按时问题"]),
    ({"status": "reported"}, ["临期诉求"]),
    ({"timeliness": "on_time"}, ["按时问题"]),
    ({"status": ["assigned", "reported"]}, ["逾期问题", "临期诉求", "按时问题"]),
    ({"timeliness": "overdue"}, ["逾期问题"]),
    ({"is_open": "true"}, ["逾期问题", "临期诉求", "按时问题"]),
    ({"is_open": "false"}, []),
    ({"severity": "major"}, []),
    ({"severity": "general"}, ["逾期问题", "临期诉求", "按时问题"]),
    ({"timeliness": "due_soon"}, ["临期诉求"]),
    ({"ordering": "-reported_at"}, ["按时问题", "临期诉求", "逾期问题"]),
    ({"ordering": "-resolution_due"}, ["临期诉求", "按时问题", "逾期问题"]),
])
def test_filters(board, leader, api_client_for, query, expected):
    assert titles(api_client_for(leader).get(URL, query)) == expected


def test_filters_by_department_assignee_and_me(board, leader, api_client_for):
    client = api_client_for(leader)
    assert titles(client.get(URL, {"department": board["department"].pk})) == ["逾期问题"]
    assert titles(client.get(URL, {"assignee": board["worker"].pk})) == ["逾期问题"]
    assert titles(api_client_for(board["worker"]).get(URL, {"assignee": "me"})) == ["逾期问题"]
    assert titles(client.get(URL, {"assignee": "me"})) == []


def test_filters_by_reported_date_range(leader, projects_editor, api_client_for):
    with mock.patch("django.utils.timezone.now", return_value=at(2024, 6, 1, 12)):
        for day in (1, 10, 20):
            report_problem(by=projects_editor, title=f"5月{day}日", reported_at=at(2024, 5, day, 9))
    client = api_client_for(leader)
    response = client.get(URL, {"reported_after": "2024-05-10", "reported_before": "2024-05-20",
                                "ordering": "reported_at"})
    assert titles(response) == ["5月10日", "5月20日"]


def _date_casts(client, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, query).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    return sql.count("django_datetime_cast_date") + sql.count("AT TIME ZONE")


def test_the_reported_range_is_of_local_days_on_the_column_itself(leader, projects_editor,
                                                                 api_client_for):
    with mock.patch("django.utils.timezone.now", return_value=at(2024, 6, 1, 12)):
        for moment in (at(2024, 5, 9, 23, 59), at(2024, 5, 10, 0, 0), at(2024, 5, 20, 23, 59),
                       at(2024, 5, 21, 0, 0)):
            report_problem(by=projects_editor, title=f"{moment:%m-%d %H:%M}",
                           reported_at=moment)
    client = api_client_for(leader)
    response = client.get(URL, {"reported_after": "2024-05-10", "reported_before": "2024-05-20",
                                "ordering": "reported_at"})
    assert titles(response) == ["05-10 00:00", "05-20 23:59"]
    # As a closed-loop list's reported_after/_before: a range on the column (an index
    # serves it), no date computed per row...
    assert _date_casts(client, {"reported_after": "2024-05-10",
                                "reported_before": "2024-05-20"}) == _date_casts(client, {})
    # ... and the first and last days a date takes bound nothing.
    everything = client.get(URL, {"reported_after": "0001-01-01",
                                  "reported_before": "9999-12-31"})
    assert len(titles(everything)) == 4


@pytest.mark.parametrize("query", [
    {"kind": "projects.project"}, {"area": "nowhere"}, {"status": "lost"},
    {"timeliness": "late"}, {"severity": "grave"}, {"department": 999999}, {"assignee": "someone"},
    {"assignee": 999999}, {"reported_after": "2024-13-01"}, {"ordering": "title"},
    {"reported_after": "2024-05-20", "reported_before": "2024-05-10"},
])
def test_bad_filters_are_refused_in_words(board, leader, api_client_for, query):
    response = api_client_for(leader).get(URL, query)
    assert response.status_code == 400
    assert set(response.json()) & set(query), response.json()


def test_only_kinds_the_user_may_view(board, api_client_for):
    needs_only = with_model_rights(UserFactory(), EnterpriseNeed, actions=("view",))
    assert titles(api_client_for(needs_only).get(URL)) == ["临期诉求"]
    # Asking for a kind one may not view gives nothing of it.
    assert titles(api_client_for(needs_only).get(URL, {"kind": "projects.projectproblem"})) == []


def test_refused_to_strangers_and_to_users_who_may_view_no_kind(board, api_client_for):
    assert api_client_for().get(URL).status_code == 401
    assert api_client_for(UserFactory()).get(URL).status_code == 403


def test_dashboard_reads_the_board(board, dashboard_user, api_client_for):
    assert len(titles(api_client_for(dashboard_user).get(URL))) == 3


def test_a_fixed_number_of_queries_whatever_the_number_of_kinds(board, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for(UserFactory(is_superuser=True))

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(URL)
        return len(titles(response)), len(context.captured_queries)

    rows, two_kinds = queries()
    # The count and the page, inside the request's transaction (savepoint and release).
    assert rows == 3 and two_kinds == 4
    with installed_as_office_app():
        checker = with_model_rights(UserFactory(), SampleTicket)
        item = closed_loop.closed_loop_report(model=SampleTicket, by=checker, title="样例工单")
        closed_loop.closed_loop_assign(item, by=checker, assignee=OfficeStaffFactory())
        assert queries() == (4, two_kinds)
        assert titles(client.get(URL, {"area": "sample"})) == ["样例工单"]


COUNTS = URL + "counts/"


def test_counts_by_area_and_timeliness_each_with_the_list_it_counts(board, leader,
                                                                      api_client_for):
    """What the dashboard shows of the board's health, in one request: every count lists
    exactly that many items at its link."""
    client = api_client_for(leader)
    response = client.get(COUNTS, {"is_open": "true"})
    assert response.status_code == 200, response.content
    areas = {row["area"]["value"]: row for row in response.json()}
    assert list(areas) == ["projects", "economy", "resettlement", "safety", "partybuilding"]
    assert areas["projects"]["area"]["label"] == "项目建设"
    assert {key: areas["projects"][key]["count"]
            for key in ("total", "on_time", "due_soon", "overdue")} == {
        "total": 2, "on_time": 1, "due_soon": 0, "overdue": 1}
    assert (areas["economy"]["total"]["count"], areas["economy"]["due_soon"]["count"]) == (1, 1)
    assert areas["safety"]["total"]["count"] == 0
    for row in areas.values():
        for key in ("total", "on_time", "due_soon", "overdue"):
            listed = client.get(row[key]["link"]).json()
            assert listed["count"] == row[key]["count"], (row["area"], key)
    assert "is_open=true" in areas["projects"]["overdue"]["link"]


def test_counts_keep_the_filters_and_the_viewers_kinds(board, api_client_for):
    needs_only = with_model_rights(UserFactory(), EnterpriseNeed)
    rows = api_client_for(needs_only).get(COUNTS).json()
    assert [(row["area"]["value"], row["total"]["count"]) for row in rows] == [("economy", 1)]
    client = api_client_for(UserFactory(is_superuser=True))
    by_severity = client.get(COUNTS, {"area": "projects", "severity": "general"}).json()
    assert [(row["area"]["value"], row["total"]["count"], row["overdue"]["count"])
            for row in by_severity] == [("projects", 2, 1)]
    assert "severity=general" in by_severity[0]["total"]["link"]
    # The counts are split by timeliness, whatever ?timeliness= says.
    by_timeliness = client.get(COUNTS, {"area": "projects", "timeliness": "overdue"}).json()
    assert [(row["total"]["count"], row["on_time"]["count"])
            for row in by_timeliness] == [(2, 1)]
    for row in [*by_severity, *by_timeliness]:  # each link lists its count
        for key in ("total", "on_time", "due_soon", "overdue"):
            assert client.get(row[key]["link"]).json()["count"] == row[key]["count"], key


def test_counts_refuse_bad_filters_and_strangers(board, leader, api_client_for):
    response = api_client_for(leader).get(COUNTS, {"timeliness": "late"})
    assert response.status_code == 400 and "timeliness" in response.json()
    assert api_client_for().get(COUNTS).status_code == 401
    assert api_client_for(UserFactory()).get(COUNTS).status_code == 403


def test_counts_take_one_query_whatever_the_number_of_kinds(board, api_client_for):
    client = api_client_for(UserFactory(is_superuser=True))
    with CaptureQueriesContext(connection) as context:
        assert client.get(COUNTS).status_code == 200
    # The counts, inside the request's transaction (savepoint and release).
    assert len(context.captured_queries) == 3


def test_paginated(board, leader, api_client_for):
    client = api_client_for(leader)
    page = client.get(URL, {"limit": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2
    assert titles(client.get(page["next"])) == ["按时问题"]
    assert page["results"][0]["title"] == "逾期问题"


def test_csv_export_lists_the_filtered_rows(board, leader, api_client_for):
    response = api_client_for(leader).get(URL, {"format": "csv", "area": "projects"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, *data = rows
    assert [row[header.index("标题")] for row in data] == ["逾期问题", "按时问题"]
    assert [row[header.index("类型")] for row in data] == ["项目问题诉求", "项目问题诉求"]


def test_xlsx_export_reads_back(board, leader, api_client_for):
    from openpyxl import load_workbook

    response = api_client_for(leader).get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert any("逾期问题" in row for row in values)


# --- the admin page: 督办台账 -----------------------------------------------------------------

LEDGER = "/admin/supervision/"


def ledger_rows(response):
    """(timeliness, title) per row of the ledger table."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.in_table, self.in_td = [], None, False, False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("id", "ledger") in attrs:
                self.in_table = True
            elif self.in_table and tag == "tr":
                self.rows.append([])
            elif self.in_table and tag == "td":
                self.in_td = True
                self.rows[-1].append("")

        def handle_endtag(self, tag):
            if tag == "table":
                self.in_table = False
            elif tag == "td":
                self.in_td = False

        def handle_data(self, data):
            if self.in_td:
                self.rows[-1][-1] += data.strip()

    parser = Rows()
    parser.feed(response.content.decode())
    return [(row[0], row[2]) for row in parser.rows if len(row) > 2]


def test_the_ledger_lists_every_kind_with_its_traffic_light(board, leader, client):
    client.force_login(leader)
    response = client.get(LEDGER)
    assert response.status_code == 200
    assert ledger_rows(response) == [("逾期", "逾期问题"), ("临期", "临期诉求"),
                                     ("正常", "按时问题")]
    html = response.content.decode()
    assert 'class="timeliness timeliness-overdue"' in html
    assert f'href="/admin/projects/projectproblem/{board["overdue"].pk}/change/"' in html
    # The heading counts by area and timeliness: projects 1 overdue + 1 on time, economy 1.
    counts = response.context["area_rows"]
    assert [(row["label"], row["cells"], row["total"]) for row in counts] == [
        ("项目建设", [1, 0, 1], 2), ("经济运行", [0, 1, 0], 1), ("拆迁安置", [0, 0, 0], 0),
        ("辖区安全", [0, 0, 0], 0),
        ("党建引领", [0, 0, 0], 0)]
    assert response.context["totals"] == [1, 1, 1]


def test_my_items_and_the_filters(board, leader, client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(LEDGER).status_code == 403  # staff who may view no kind
    client.force_login(leader)
    assert ledger_rows(client.get(LEDGER, {"timeliness": "overdue", "kind": ""})) == [
        ("逾期", "逾期问题")]
    assert ledger_rows(client.get(LEDGER, {"area": "economy"})) == [("临期", "临期诉求")]
    assert ledger_rows(client.get(LEDGER, {"assignee": "me"})) == []


def test_my_items_for_the_assignee(board, client):
    worker = with_model_rights(board["worker"], ProjectProblem, actions=("view",))
    client.force_login(worker)
    response = client.get(LEDGER, {"assignee": "me"})
    assert ledger_rows(response) == [("逾期", "逾期问题")]
    assert "全部事项" in response.content.decode()


def test_a_bad_filter_is_explained_not_a_crash(board, leader, client):
    client.force_login(leader)
    response = client.get(LEDGER, {"timeliness": "late"})
    assert response.status_code == 200
    assert "ledger-errors" in response.content.decode()


def test_the_ledger_exports_through_the_api(board, leader, client):
    client.force_login(leader)
    response = client.get(LEDGER, {"area": "projects"})
    export = response.context["export_csv"]
    assert export.startswith("/api/v1/core/items/?") and "area=projects" in export
    file = client.get(export)
    assert file.status_code == 200 and file["Content-Type"].startswith("text/csv")


def test_every_admin_page_links_to_the_ledger(leader, client):
    client.force_login(leader)
    assert 'href="/admin/supervision/"' in client.get("/admin/").content.decode()


def test_strangers_are_sent_to_sign_in(client):
    response = client.get(LEDGER)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_ledger_chases_open_items_unless_asked_for_the_finished(board, leader, client):
    closed_loop.closed_loop_resolve(board["overdue"], by=board["worker"], note="已协调解决")
    client.force_login(leader)
    assert [title for _light, title in ledger_rows(client.get(LEDGER))] == ["临期诉求", "按时问题"]
    # Resolved after its deadline: still counted overdue among the finished.
    assert ledger_rows(client.get(LEDGER, {"is_open": "false"})) == [("逾期", "逾期问题")]
    assert len(ledger_rows(client.get(LEDGER, {"is_open": "all"}))) == 3

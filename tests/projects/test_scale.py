"""Speed at city scale, pinned where it can regress (issue 10 §2): the summary kept until
the next write (through the API, the admin and an import), lists paged by ids first and by
cursor, counts kept until the next write, history and transitions a page at a time, and
the admin's relation filters as autocomplete boxes with a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cuizhai.core.choices import WorkflowAction, WorkflowStatus
from cuizhai.core.models import WorkflowTransition
from projects import services
from projects.choices import ProjectStatus
from projects.models import MonthlyProgress, Project
from tests.factories import DepartmentFactory
from tests.import_files import XLSX, import_file, xlsx_upload
from tests.projects.factories import (
    EnterpriseFactory,
    FundingLineFactory,
    MonthlyProgressFactory,
    ProjectFactory,
    report_problem,
)
from tests.projects.test_admin import admin_url, client_for, errors_of, form_data
from tests.projects.test_import import project_rows

SUMMARY = reverse("projects-api:summary")
PROJECTS = reverse("projects-api:project-list")


def under_construction(client):
    response = client.get(SUMMARY, {"year": 2024})
    assert response.status_code == 200
    return response.json()["under_construction"]["count"]


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response, [q["sql"] for q in captured.captured_queries]


# --- the summary, cached until the next write --------------------------------------------------

@pytest.fixture
def api(projects_editor, api_client_for):
    return api_client_for(projects_editor)


def test_the_summary_is_served_from_the_cache_until_a_write(api):
    ProjectFactory(under_construction=True)
    _first, computing = queries_of(api, SUMMARY, {"year": 2024})
    second, cached = queries_of(api, SUMMARY, {"year": 2024})

    assert second.json()["under_construction"]["count"] == 1
    assert len(cached) < len(computing) - 5  # no aggregate ran


def test_a_write_through_the_api_shows_in_the_next_summary(api):
    project = ProjectFactory(status=ProjectStatus.PREPARATION)
    assert under_construction(api) == 0
    assert under_construction(api) == 0  # now from the cache

    changed = api.patch(reverse("projects-api:project-detail", args=[project.pk]),
                        {"status": "construction", "actual_start": "2024-03-01",
                         "version": project.version}, format="json")

    assert changed.status_code == 200, changed.json()
    assert under_construction(api) == 1


def test_a_write_in_the_admin_shows_in_the_next_summary(api, projects_editor):
    project = ProjectFactory(status=ProjectStatus.PREPARATION)
    assert under_construction(api) == 0
    admin = client_for(projects_editor)
    data = form_data(admin.get(admin_url(Project, "change", project.pk)))
    data.update({"status": "construction", "actual_start": "2024-03-01"})

    response = admin.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 302, errors_of(response)
    assert under_construction(api) == 1


def test_an_import_shows_in_the_next_summary(api, projects_editor):
    places = {"department": DepartmentFactory(name="项目服务中心"),
              "byd": EnterpriseFactory(name="比亚迪汽车工业有限公司济南分公司"),
              "anbo": EnterpriseFactory(name="济南安博置业有限公司")}
    assert under_construction(api) == 0

    response = import_file(client_for(projects_editor), Project,
                           xlsx_upload(project_rows(places)), XLSX)

    assert response.status_code == 302
    assert under_construction(api) == 2  # two of the file's four projects are building


def test_a_deleted_record_leaves_the_next_summary(api, admin_user_):
    project = ProjectFactory(under_construction=True)
    assert under_construction(api) == 1

    services.project_delete(project=project, by=admin_user_, confirm_cascade=True)

    assert under_construction(api) == 0


# --- lists: ids first, no DISTINCT where no row can repeat, counts kept --------------------

def test_a_deep_page_runs_the_queries_of_the_first_with_its_own_totals(api):
    projects = [ProjectFactory(code=f"P{n:03d}") for n in range(60)]
    FundingLineFactory(project=projects[55], amount=Decimal("120.00"))
    api.get(PROJECTS)  # the user's permissions, read once

    first, first_queries = queries_of(api, PROJECTS, {"limit": 5})
    deep, deep_queries = queries_of(api, PROJECTS, {"limit": 5, "offset": 55})

    assert len(first_queries) == len(deep_queries)
    assert [row["code"] for row in deep.json()["results"]] == [f"P{n:03d}" for n in range(55, 60)]
    assert deep.json()["results"][0]["funding_total"] == "120.00"
    assert deep.json()["count"] == 60
    # The page's ids are read without the totals; the totals only for the page's rows.
    ids_query = next(sql for sql in deep_queries if "OFFSET 55" in sql)
    assert "SUM(" not in ids_query.upper()


def test_a_multiple_choice_filter_on_a_column_is_not_distinct(api):
    ProjectFactory(status=ProjectStatus.PLANNING)
    ProjectFactory(under_construction=True)

    response, sqls = queries_of(api, PROJECTS, {"status": ["planning", "construction"]})

    assert response.json()["count"] == 2
    assert not any("DISTINCT" in sql for sql in sqls)


@pytest.mark.parametrize("params", [{}, {"ordering": "-plan_year"}])
def test_the_cursor_walks_every_row_once_with_a_fixed_number_of_queries(api, params):
    for n in range(7):
        ProjectFactory(code=f"C{n}", plan_year=2020 + n % 3)
    expected = list(Project.objects.order_by(*(
        ["-plan_year", "-pk"] if params else ["code"])).values_list("code", flat=True))

    api.get(PROJECTS)  # the user's permissions, read once
    seen, counts = [], set()
    url, query = PROJECTS, {**params, "limit": 3, "cursor": ""}
    while url:
        response, sqls = queries_of(api, url, query)
        body = response.json()
        seen += [row["code"] for row in body["results"]]
        counts.add(len(sqls))
        url, query = body["next"], None

    assert seen == expected
    assert len(counts) == 1
    assert body["count"] == 7 and body["previous"] is None


@pytest.mark.parametrize("params", [
    {"cursor": "not-a-cursor"},
    {"cursor": "", "ordering": "funding_total"},  # computed: not a keyset
])
def test_a_cursor_that_cannot_page_is_a_clear_400(api, params):
    ProjectFactory()

    response = api.get(PROJECTS, params, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    # The documented shape of a 400: each field's messages as a list.
    messages = response.json()["cursor"]
    assert isinstance(messages, list) and all(isinstance(m, str) for m in messages)


def test_a_large_count_is_kept_until_the_next_write(api, settings):
    settings.CUIZHAI_CACHED_COUNT_FROM = 3
    for _ in range(3):
        ProjectFactory()
    assert api.get(PROJECTS).json()["count"] == 3
    _response, sqls = queries_of(api, PROJECTS)
    assert not any(sql.startswith("SELECT COUNT(*)") for sql in sqls)  # kept

    created = api.post(PROJECTS, {
        "code": "NEW-1", "name": "新项目", "category": "industry", "stage": "planned",
        "status": "planning", "plan_year": 2024, "total_investment": "10.00",
        "owner_name": "办事处", "department": DepartmentFactory().pk,
    }, format="json")

    assert created.status_code == 201, created.json()
    assert api.get(PROJECTS).json()["count"] == 4


# --- history and transitions, a page at a time ---------------------------------------------

def test_history_is_answered_a_page_at_a_time_each_diffed_against_the_one_before(
        api, projects_editor):
    project = ProjectFactory(name="v0")
    for version in range(1, 6):
        project = services.project_update(project=project, data={"name": f"v{version}"},
                                          expected_version=project.version,
                                          by=projects_editor)
    url = reverse("projects-api:project-history", args=[project.pk])

    first = api.get(url, {"limit": 2})
    second = api.get(url, {"limit": 2, "offset": 2})

    assert first.headers["X-Total-Count"] == "6"  # the creation and five changes
    assert 'rel="next"' in first.headers["Link"]
    assert [e["changes"][0]["new"] for e in first.json()] == ["v5", "v4"]
    names = [[c for c in e["changes"] if c["field"] == "name"][0] for e in second.json()]
    assert [(c["old"], c["new"]) for c in names] == [("v2", "v3"), ("v1", "v2")]
    by_cursor = api.get(first.headers["Link"].split(">")[0].lstrip("<").replace(
        "offset=2", "cursor="))  # the cursor walk works on the log too
    assert by_cursor.status_code == 200 and len(by_cursor.json()) == 2


def test_transitions_are_answered_a_page_at_a_time(api, projects_editor):
    problem = report_problem(by=projects_editor)
    kind = ContentType.objects.get_for_model(problem)
    start = timezone.now()
    for n in range(1, 5):
        WorkflowTransition.objects.create(
            content_type=kind, object_id=problem.pk, action=WorkflowAction.ASSIGN,
            from_status=WorkflowStatus.REPORTED, to_status=WorkflowStatus.ASSIGNED,
            actor=projects_editor, at=start + datetime.timedelta(minutes=n), note=f"step {n}",
        )
    url = reverse("projects-api:projectproblem-transitions", args=[problem.pk])

    response = api.get(url, {"limit": 2, "offset": 2})

    assert response.headers["X-Total-Count"] == "5"
    assert [t["note"] for t in response.json()] == ["step 2", "step 3"]
    assert 'rel="next"' in response.headers["Link"] and 'rel="prev"' in response.headers["Link"]


# --- the admin ----------------------------------------------------------------------------

def test_a_relation_filter_is_a_search_box_not_a_link_per_record(projects_editor):
    departments = [DepartmentFactory(name=f"部门{n}") for n in range(30)]
    ProjectFactory(department=departments[7])
    client = client_for(projects_editor)

    page = client.get(admin_url(Project, "changelist")).content.decode()
    chosen = client.get(admin_url(Project, "changelist"),
                        {"department__id__exact": departments[7].pk}).content.decode()

    assert 'class="cuizhai-autocomplete-filter admin-autocomplete"' in page
    assert 'data-field-name="department"' in page
    assert "部门3" not in page  # not listed one by one
    assert f'<option value="{departments[7].pk}" selected>部门7</option>' in chosen
    # Its script needs the admin's jQuery and autocomplete loaded first.
    assert (page.index("admin/js/jquery.init.js") < page.index("admin/js/autocomplete.js")
            < page.index("core/autocomplete-filter.js"))


def _changelist_queries(client, model):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("model, make", [
    (Project, lambda n: ProjectFactory(enterprise_owned=True)),
    (MonthlyProgress, lambda n: MonthlyProgressFactory(year=2000 + n)),
])
def test_an_admin_changelist_runs_a_fixed_number_of_queries(projects_editor, model, make):
    client = client_for(projects_editor)
    counts = []
    for size in (2, 25):
        while model.objects.count() < size:
            make(model.objects.count())
        counts.append(_changelist_queries(client, model))
    # Fixed whatever the rows; 15 at most: the year and month filters read their values
    # from their own table (a query each, cheaper than the annotated list's DISTINCT),
    # and the user's roles are read once for every role check of the request.
    assert counts[0] == counts[1] <= 15


def test_the_project_change_form_runs_a_fixed_number_of_queries(projects_editor):
    client = client_for(projects_editor)
    counts = []
    for rows in (2, 30):
        project = ProjectFactory()
        for month in range(rows):
            MonthlyProgressFactory(project=project, year=2000 + month // 12,
                                   month=month % 12 + 1)
            FundingLineFactory(project=project, amount=Decimal("1.00"),
                               year=2000 + month % 20)
        report_problem(project=project, by=projects_editor)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(admin_url(Project, "change", project.pk))
        assert response.status_code == 200
        counts.append(len(captured))
    # 20: the page's own reads, plus the progress inline's count (its link to the full
    # list) and one read of the user's roles, shared by every role check of the request
    # (system administrator, dashboard). Fixed whatever the number of rows.
    assert counts[0] == counts[1] <= 20


def test_every_role_check_of_a_request_shares_one_read_of_the_roles(projects_editor):
    """The change form asks "system administrator?" (history, reopen) and "dashboard?"
    (personal data): the user's groups are read once, never by name one check at a time."""
    client = client_for(projects_editor)
    project = ProjectFactory()
    report_problem(project=project, by=projects_editor)
    for url in (admin_url(Project, "change", project.pk), admin_url(Project, "changelist"),
                admin_url(MonthlyProgress, "changelist")):
        _response, sql = queries_of(client, url)
        groups = [q for q in sql if q.startswith('SELECT "auth_group"')
                  or '"auth_group"."name" =' in q]
        assert len(groups) == 1, groups
        assert '"auth_group"."name" =' not in groups[0]

"""The problems CSV with its related names and "responded in time" computed by the database
(issue 10): byte for byte the file Python writes from loaded records, on a fixed data set
that has every case — users named and not, a name with spaces around it, empty relations,
answered on time, late, not yet and overdue."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuizhai.core.base.api.closed_loop import ClosedLoopItemSerializer
from cuizhai.core.base.export import columns
from cuizhai.core.choices import PersonKind, WorkflowStatus
from cuizhai.core.models import Person
from projects.models import ProjectProblem
from tests.factories import DepartmentFactory
from tests.projects.factories import EnterpriseFactory, ProjectFactory, report_problem
from tests.projects.test_export import body

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/project-problems/"
UTC = datetime.UTC


@pytest.fixture
def problems(projects_editor):
    User = get_user_model()
    named = User.objects.create(username="zhangwei", first_name="张伟", last_name="")
    spaced = User.objects.create(username="spaced", first_name="\u3000李 娜 ", last_name="\t")
    bare = User.objects.create(username="login-only", first_name="", last_name="")
    both = User.objects.create(username="wf", first_name="Wang", last_name="Fang")
    department = DepartmentFactory(name="项目服务中心")
    EnterpriseFactory(name="济南鼎点数控设备有限公司")
    from tests.factories import VillageFactory
    from tests.resettlement.factories import BuildingFactory, HouseholdFactory

    BuildingFactory()
    HouseholdFactory()
    VillageFactory()
    Person.objects.create(name="王芳", kind=PersonKind.values[0])
    project = ProjectFactory(code="XM-1", name="黄河大桥 东段")
    due = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    cases = [
        # (assignee, department, resolved_by, verified_by, response_due, responded_at)
        (named, department, spaced, both, due, due - datetime.timedelta(hours=1)),
        (spaced, None, None, None, due, due + datetime.timedelta(seconds=1)),
        (bare, department, both, named, due, due),
        (None, None, None, None, due, None),  # overdue, not answered
        (both, department, None, None, None, None),
        (None, None, None, None, datetime.datetime(2999, 1, 1, tzinfo=UTC), None),  # not yet
    ]
    for n, (assignee, dept, resolver, verifier, response_due, responded) in enumerate(cases):
        problem = report_problem(project=project, by=projects_editor, title=f"问题{n}")
        ProjectProblem.objects.filter(pk=problem.pk).update(
            assignee=assignee, handling_department=dept, resolved_by=resolver,
            verified_by=verifier, response_due=response_due, responded_at=responded,
            status=WorkflowStatus.ASSIGNED if assignee else WorkflowStatus.REPORTED,
        )
    return cases


def test_the_problems_csv_is_the_file_python_writes(problems, leader, api_client_for,
                                                    monkeypatch):
    api = api_client_for(leader)
    with CaptureQueriesContext(connection) as by_sql:
        from_sql = body(api.get(API, {"format": "csv"}))

    python_read = columns.Read(
        ("response_due", "responded_at"),
        lambda due, responded: columns.yes_no(
            ProjectProblem.response_in_time(due, responded)),
        columns.BOOLEAN,
    )
    monkeypatch.setitem(ClosedLoopItemSerializer.export_reads, "responded_in_time", python_read)
    monkeypatch.setattr(columns, "display_expression", lambda path, model: None)
    with CaptureQueriesContext(connection) as by_python:
        from_python = body(api.get(API, {"format": "csv"}))

    assert from_sql == from_python
    text = from_sql.decode("utf-8-sig")
    for name in ("张伟", "李 娜", "login-only", "Wang Fang", "项目服务中心", "XM-1 黄河大桥 东段"):
        assert name in text
    # The related names come with the rows, not from a query per column.
    def related_reads(captured):
        # (On PostgreSQL each is read through a server-side cursor: DECLARE … FOR SELECT.)
        sqls = [q["sql"].split(" FOR ", 1)[1] if q["sql"].startswith("DECLARE ") else q["sql"]
                for q in captured.captured_queries]
        return [sql for sql in sqls
                if sql.startswith(('SELECT "auth_user"', 'SELECT "core_department"',
                                   'SELECT "projects_project".'))]

    assert len(related_reads(by_python)) == 6
    assert related_reads(by_sql) == []


@pytest.fixture
def named_elsewise(problems, safety_editor):
    """Records whose names are declared as SQL (``display_sql``): units, and inspections of
    each kind of target — an enterprise, a project, a site in a village, in a community."""
    from tests.factories import CommunityFactory, VillageFactory
    from tests.resettlement.factories import HousingUnitFactory
    from tests.safety.factories import make_inspection

    HousingUnitFactory(entrance="2", room="1203")
    make_inspection(by=safety_editor)
    make_inspection(by=safety_editor, project=ProjectFactory(code="XM-9", name="安置区 二期"))
    make_inspection(by=safety_editor, site=" 黄河路 3 号工地 ", village=VillageFactory())
    make_inspection(by=safety_editor, site="广场", community=CommunityFactory())


def test_declared_display_columns_are_what_str_gives(named_elsewise):
    """Each model's ``display_columns`` or ``display_sql`` (and the user's name expression)
    is ``str()``."""
    from django.apps import apps

    declared = [m for m in apps.get_models()
                if m.__dict__.get("display_columns") or "display_sql" in m.__dict__]
    assert len(declared) >= 10  # Department, Community, Village, Enterprise, Person,
    # Project, Household, Building; HousingUnit and Inspection by display_sql
    for model in [*declared, get_user_model()]:
        expression = columns.display_expression("", model)
        records = model._default_manager.all()[:20]
        assert records, model
        for record in records:
            value = (model._default_manager.filter(pk=record.pk)
                     .values_list(expression, flat=True))
            assert list(value) == [str(record)], model


def test_a_related_name_read_through_a_nullable_relation_costs_no_query_per_row(
        leader, api_client_for, safety_editor):
    """A hazard's inspection is named by its date and place (its community: a nullable
    relation, which ``select_related()`` alone skips): read with the inspections, not one
    query per row (5,303 queries for the hazards CSV at the bench's scale)."""
    from tests.factories import CommunityFactory
    from tests.safety.factories import make_inspection, report_hazard

    api = api_client_for(leader)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            text = body(api.get("/api/v1/safety/hazards/", {"format": "csv"})).decode()
        return len(captured), text

    def hazard_at_a_site():
        inspection = make_inspection(by=safety_editor, site="农贸市场",
                                     community=CommunityFactory())
        report_hazard(by=safety_editor, inspection=inspection, site=inspection.site,
                      community=inspection.community)

    hazard_at_a_site()
    queries()  # the reader's permissions and roles, read once for the client's user
    few, _text = queries()
    for _ in range(4):
        hazard_at_a_site()
    many, text = queries()
    assert many == few
    assert text.count("农贸市场") >= 5


# Minutes from report to answer, and the hours every path shows: a half rounds away from
# zero, exactly (Python's round of the float gave 0.2 for 15 minutes and 0.3 for 21).
HALVES = {15: "0.3", 21: "0.4", 3: "0.1", 9: "0.2", 87: "1.5", 33: "0.6", 0: "0.0",
          14: "0.2", 1: "0.0"}


@pytest.fixture
def answered_at_halves(projects_editor):
    project = ProjectFactory(code="XM-9", name="半点")
    reported = datetime.datetime(2024, 3, 1, 1, 0, tzinfo=UTC)
    for minutes in HALVES:
        problem = report_problem(project=project, by=projects_editor, title=f"m{minutes}")
        ProjectProblem.objects.filter(pk=problem.pk).update(
            reported_at=reported,
            responded_at=reported + datetime.timedelta(minutes=minutes),
            resolved_at=reported + datetime.timedelta(minutes=minutes, microseconds=1),
            status=WorkflowStatus.RESOLVED)


def test_the_hours_taken_agree_at_the_halves_in_the_api_and_the_csv(
        answered_at_halves, leader, api_client_for, monkeypatch):
    import csv
    import io

    api = api_client_for(leader, "en")
    listed = api.get(API, {"limit": 50}).json()["results"]
    assert {row["title"]: row["response_hours_taken"] for row in listed} == {
        f"m{minutes}": float(text) for minutes, text in HALVES.items()}
    assert {row["title"]: row["resolution_hours_taken"] for row in listed} == {
        f"m{minutes}": float(text) for minutes, text in HALVES.items()}

    def csv_hours():
        rows = list(csv.DictReader(io.StringIO(
            body(api.get(API, {"format": "csv"})).decode("utf-8-sig"))))
        return {row["Title"]: (row["Hours to respond"], row["Hours to resolve"])
                for row in rows}

    expected = {f"m{minutes}": (text, text) for minutes, text in HALVES.items()}
    assert csv_hours() == expected  # by the database on PostgreSQL
    monkeypatch.setattr(columns, "hours_taken", lambda path, connection: None)
    assert csv_hours() == expected  # by Python

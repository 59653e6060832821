"""The projects API, through HTTP with a logged-in user of each role.

Every rule of the issue is checked by sending the bad request and then checking both the
answer (status and field of the error) and that nothing was saved.
"""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from cuizhai.core import roles
from cuizhai.core.base.services.closed_loop import closed_loop_assign
from projects.api.serializers import ProjectSerializer
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
)
from tests.factories import DepartmentFactory, OfficeStaffFactory, UserFactory
from tests.projects import factories as f
from tests.support.contracts import stored_row
from tests.support.exports import headers, read_csv, read_xlsx, table

pytestmark = pytest.mark.django_db



# The enterprise register is the core's; the projects office still writes it.
NAMESPACES = {"enterprise": "core-api"}


def list_url(basename):
    return reverse(f"{NAMESPACES.get(basename, 'projects-api')}:{basename}-list")


def detail_url(basename, pk):
    return reverse(f"{NAMESPACES.get(basename, 'projects-api')}:{basename}-detail", args=[pk])


def action_url(basename, pk, action):
    return reverse(f"{NAMESPACES.get(basename, 'projects-api')}:{basename}-{action}", args=[pk])


def fresh(instance):
    return type(instance).objects.get(pk=instance.pk)


row = stored_row


@pytest.fixture
def editor_client(projects_editor, api_client_for):
    return api_client_for(projects_editor, "en")


@pytest.fixture
def admin_client(admin_user_, api_client_for):
    return api_client_for(admin_user_, "en")


# --- one valid record and one valid payload per resource -----------------------------------
def _project_payload(**overrides):
    department = DepartmentFactory()
    payload = {
        "code": "XM-2024-101",
        "name": "崔寨养老服务提升项目",
        "category": "livelihood",
        "stage": "planned",
        "plan_year": 2024,
        "total_investment": "12000.00",
        "owner_name": "崔寨街道办事处",
        "department": department.pk,
        "planned_start": "2024-04-01",
        "planned_completion": "2025-10-31",
    }
    payload.update(overrides)
    return payload


@pytest.mark.parametrize(("basename", "factory"), [("projectproblem", f.report_problem),
                                                    ("enterpriseneed", f.report_need)])
def test_other_roles_cannot_move_a_closed_loop_item(basename, factory, leader, api_client_for):
    item = factory()
    response = api_client_for(leader).post(
        action_url(basename, item.pk, "assign"), {"assignee": leader.pk}, format="json"
    )
    assert response.status_code == 403
    assert fresh(item).status == "reported"


def test_a_stranger_gets_401_from_the_summary(api_client_for):
    # Every resource's 401 is in its contract (tests/projects/test_resources.py).
    f.ProjectFactory()
    assert api_client_for().get(reverse("projects-api:summary"), {"year": 2024}).status_code \
        == 401


# --- projects: the model's rules through the API --------------------------------------------
def test_a_project_is_created_with_brief_related_objects(editor_client):
    enterprise = f.EnterpriseFactory(name="济南温声玻璃有限公司")
    response = editor_client.post(
        list_url("project"),
        _project_payload(owner_name="", owner_enterprise=enterprise.pk, is_relocation=True),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner_enterprise"] == {
        "id": enterprise.pk, "display": "济南温声玻璃有限公司",
        "credit_code": enterprise.credit_code,
    }
    assert body["owner_display"] == "济南温声玻璃有限公司"
    assert body["category"] == {"value": "livelihood", "label": "Livelihood"}
    assert body["status"]["value"] == "planning"
    assert body["total_investment"] == "12000.00"
    assert "reason" not in body


def _both_owners():
    return {"owner_enterprise": f.EnterpriseFactory().pk, "owner_name": "崔寨街道办事处"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda: {"total_investment": "-1.00"}, "non_field_errors"),
        (lambda: {"progress_percent": 101}, "progress_percent"),
        (lambda: {"progress_percent": -1}, "progress_percent"),
        (lambda: {"planned_start": "2024-05-01", "planned_completion": "2024-04-30"},
         "non_field_errors"),
        (lambda: {"actual_start": "2024-05-01", "actual_completion": "2024-04-30"},
         "non_field_errors"),
        pytest.param(lambda: {"status": "completed", "progress_percent": 100},
                     "non_field_errors"),
        pytest.param(lambda: {"status": "completed", "actual_start": "2023-01-01",
                              "actual_completion": "2024-06-30", "progress_percent": 90},
                     "non_field_errors"),
        (_both_owners, "non_field_errors"),
        (lambda: {"owner_name": ""}, "non_field_errors"),  # no owner at all
        (lambda: {"plan_year": 1999}, "plan_year"),
        (lambda: {"stage": "someday"}, "stage"),
    ],
    ids=["negative-investment", "progress-over-100", "progress-negative",
         "planned-completion-before-start", "actual-completion-before-start",
         "completed-without-date", "completed-below-100", "two-owners", "no-owner",
         "plan-year", "unknown-stage"],
)
def test_an_invalid_new_project_is_refused(change, field, editor_client):
    response = editor_client.post(list_url("project"), _project_payload(**change()),
                                  format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Project.objects.exists()


def test_error_messages_are_translated(api_client_for, projects_editor):
    payload = _project_payload(planned_start="2024-05-01", planned_completion="2024-04-30")
    english = api_client_for(projects_editor, "en").post(list_url("project"), payload,
                                                         format="json")
    assert english.json()["non_field_errors"] == [
        "The planned completion cannot be before the planned start."
    ]
    progress = api_client_for(projects_editor, "en").post(
        list_url("project"), _project_payload(progress_percent=101), format="json"
    )
    assert progress.json()["progress_percent"] == [
        "Ensure this value is less than or equal to 100."
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda: {"total_investment": "-5.00"}, "non_field_errors"),
        (lambda: {"progress_percent": 150}, "progress_percent"),
        (lambda: {"actual_start": "2024-03-01", "actual_completion": "2024-02-01"},
         "non_field_errors"),
        (lambda: {"actual_start": "2024-03-01"}, "non_field_errors"),  # completed 2023
        (lambda: {"planned_start": "2024-03-01", "planned_completion": "2023-12-31"},
         "non_field_errors"),
        (lambda: {"owner_enterprise": f.EnterpriseFactory().pk}, "non_field_errors"),
    ],
    ids=["negative-investment", "progress-over-100", "actual-completion-before-start",
         "start-after-completion", "planned-completion-before-start", "two-owners"],
)
def test_an_invalid_change_to_a_project_is_refused(change, field, editor_client):
    project = f.ProjectFactory(status="construction", actual_completion=datetime.date(2023, 12, 1))
    before = row(project)
    response = editor_client.patch(detail_url("project", project.pk),
                                   {**change(), "version": project.version}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert row(project) == before


def _patch(client, project, **data):
    return client.patch(detail_url("project", project.pk),
                        {**data, "version": fresh(project).version}, format="json")


def test_a_project_moves_through_its_life_cycle(editor_client):
    project = f.ProjectFactory()
    for status in ("preparation", "construction"):
        response = _patch(editor_client, project, status=status)
        assert response.status_code == 200, response.json()
    response = _patch(editor_client, project, status="completed", actual_start="2024-03-01",
                      actual_completion="2024-11-20", progress_percent=100)
    assert response.status_code == 200, response.json()
    assert fresh(project).status == "completed"


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("planning", "completed"),
        ("planning", "construction"),
        ("preparation", "completed"),
        ("construction", "planning"),
        ("suspended", "completed"),
    ],
)
def test_an_illegal_status_change_is_a_conflict(start, target, editor_client):
    project = f.ProjectFactory(status=start, actual_start=datetime.date(2024, 1, 10),
                               actual_completion=datetime.date(2024, 11, 30),
                               progress_percent=100)
    before = row(project)
    response = _patch(editor_client, project, status=target)
    assert response.status_code == 409
    assert "detail" in response.json()
    assert row(project) == before


def test_the_projects_office_cannot_reopen_a_completed_project(editor_client):
    project = f.ProjectFactory(completed=True)
    before = row(project)
    response = _patch(editor_client, project, status="construction",
                      reason="复核发现尚有收尾工程")
    assert response.status_code == 409
    assert row(project) == before


def test_a_system_admin_reopens_a_completed_project_with_a_reason(admin_client):
    project = f.ProjectFactory(completed=True)

    response = _patch(admin_client, project, status="construction",
                      reason="竣工验收资料不全，退回在建")
    assert response.status_code == 200, response.json()
    assert fresh(project).status == "construction"

    history = admin_client.get(action_url("project", project.pk, "history")).json()
    assert history[0]["reason"] == "竣工验收资料不全，退回在建"
    status = next(c for c in history[0]["changes"] if c["field"] == "status")
    assert (status["old"]["value"], status["new"]["value"]) == ("completed", "construction")


def test_reopening_without_a_reason_is_refused(admin_client):
    project = f.ProjectFactory(completed=True)
    before = row(project)
    for reason in ({}, {"reason": "   "}):
        response = _patch(admin_client, project, status="construction", **reason)
        assert response.status_code == 400
        assert "reason" in response.json()
    assert row(project) == before


def test_a_reason_longer_than_the_history_keeps_is_refused(editor_client, admin_client):
    # The history's reason column holds REASON_MAX_LENGTH characters: a longer reason, on
    # any change, is a clear 400 (PostgreSQL would otherwise fail the save with a 500).
    from projects.services import REASON_MAX_LENGTH

    for client, project, change in (
        (editor_client, f.ProjectFactory(), {"name": "新名称"}),
        (admin_client, f.ProjectFactory(completed=True), {"status": "construction"}),
    ):
        before = row(project)
        response = _patch(client, project, reason="理" * (REASON_MAX_LENGTH + 1), **change)
        assert response.status_code == 400
        assert "reason" in response.json()
        assert row(project) == before


# --- funding ----------------------------------------------------------------------------------
def test_funding_lines_may_not_exceed_the_total_investment(editor_client):
    project = f.ProjectFactory(total_investment=Decimal("1000.00"))
    first = editor_client.post(list_url("fundingline"), {
        "project": project.pk, "source": "central_special_bond", "amount": "600.00",
        "year": 2024}, format="json")
    assert first.status_code == 201

    too_much = editor_client.post(list_url("fundingline"), {
        "project": project.pk, "source": "bank_loan", "amount": "400.01", "year": 2024},
        format="json")
    assert too_much.status_code == 400
    assert "amount" in too_much.json()
    assert FundingLine.objects.count() == 1

    exactly = editor_client.post(list_url("fundingline"), {
        "project": project.pk, "source": "bank_loan", "amount": "400.00", "year": 2024},
        format="json")
    assert exactly.status_code == 201
    body = editor_client.get(detail_url("project", project.pk)).json()
    assert body["funding_total"] == "1000.00"
    assert body["central_special_bonds"] == "600.00"


def test_raising_a_funding_line_above_the_total_is_refused(editor_client):
    project = f.ProjectFactory(total_investment=Decimal("1000.00"))
    line = f.FundingLineFactory(project=project, amount=Decimal("300.00"))
    f.FundingLineFactory(project=project, amount=Decimal("500.00"))
    before = row(line)

    response = editor_client.patch(detail_url("fundingline", line.pk),
                                   {"amount": "500.01", "version": line.version}, format="json")
    assert response.status_code == 400
    assert "amount" in response.json()
    assert row(line) == before

    response = editor_client.patch(detail_url("fundingline", line.pk),
                                   {"amount": "500.00", "version": line.version}, format="json")
    assert response.status_code == 200
    assert fresh(line).amount == Decimal("500.00")


def test_moving_a_funding_line_to_a_smaller_project_is_refused(editor_client):
    line = f.FundingLineFactory(amount=Decimal("800.00"))
    small = f.ProjectFactory(total_investment=Decimal("500.00"))
    before = row(line)
    response = editor_client.patch(detail_url("fundingline", line.pk),
                                   {"project": small.pk, "version": line.version}, format="json")
    assert response.status_code == 400
    assert row(line) == before


def test_a_negative_funding_amount_is_refused(editor_client):
    project = f.ProjectFactory()
    response = editor_client.post(list_url("fundingline"), {
        "project": project.pk, "source": "local_fiscal", "amount": "-1.00", "year": 2024},
        format="json")
    assert response.status_code == 400
    assert not FundingLine.objects.exists()


def test_lowering_the_total_investment_below_the_funding_is_refused(editor_client):
    project = f.ProjectFactory(total_investment=Decimal("1000.00"))
    f.FundingLineFactory(project=project, amount=Decimal("700.00"))
    before = row(project)

    response = _patch(editor_client, project, total_investment="699.99")
    assert response.status_code == 400
    assert "total_investment" in response.json()
    assert row(project) == before

    assert _patch(editor_client, project, total_investment="700.00").status_code == 200


# --- monthly progress ---------------------------------------------------------------------------
def test_progress_is_one_row_per_project_per_month(editor_client):
    progress = f.MonthlyProgressFactory(year=2024, month=5)
    response = editor_client.post(list_url("monthlyprogress"), {
        "project": progress.project.pk, "year": 2024, "month": 5,
        "investment_completed": "10.00"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert MonthlyProgress.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [({"month": 13}, "month"), ({"month": 0}, "month"),
     ({"investment_completed": "-3.00"}, "non_field_errors")],
)
def test_invalid_progress_is_refused(change, field, editor_client):
    project = f.ProjectFactory()
    data = {"project": project.pk, "year": 2024, "month": 6, "investment_completed": "10.00"}
    response = editor_client.post(list_url("monthlyprogress"), {**data, **change},
                                  format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not MonthlyProgress.objects.exists()


def test_cumulative_investment_and_share_are_derived(editor_client):
    project = f.ProjectFactory(total_investment=Decimal("2000.00"))
    f.MonthlyProgressFactory(project=project, year=2023, month=12,
                             investment_completed=Decimal("200.00"))
    f.MonthlyProgressFactory(project=project, year=2024, month=1,
                             investment_completed=Decimal("300.00"))
    other = f.MonthlyProgressFactory(year=2024, month=1, investment_completed=Decimal("999"))

    response = editor_client.post(list_url("monthlyprogress"), {
        "project": project.pk, "year": 2024, "month": 2, "investment_completed": "500.00",
        "cumulative_investment": "1.00", "cumulative_percent": "1.00"}, format="json")
    assert response.status_code == 201
    # Typed-in cumulative figures are ignored: 200 + 300 + 500 of 2,000.
    assert response.json()["cumulative_investment"] == "1000.00"
    assert response.json()["cumulative_percent"] == "50.00"

    # Filtering the list to 2024 still counts December 2023 in the running total.
    rows = editor_client.get(list_url("monthlyprogress"),
                             {"project_id": project.pk, "year": 2024}).json()["results"]
    assert [(r["month"], r["cumulative_investment"], r["cumulative_percent"]) for r in rows] \
        == [(2, "1000.00", "50.00"), (1, "500.00", "25.00")]
    assert editor_client.get(detail_url("monthlyprogress", other.pk)).json()[
        "cumulative_investment"] == "999.00"
    assert editor_client.get(detail_url("project", project.pk)).json()[
        "investment_completed_total"] == "1000.00"


# --- milestones -------------------------------------------------------------------------------
def test_a_milestone_is_overdue_when_its_date_passed_undone(editor_client):
    today = timezone.localdate()
    project = f.ProjectFactory()
    late = f.MilestoneFactory(project=project, kind="land", planned_date=today - timedelta(1))
    done = f.MilestoneFactory(project=project, kind="approval",
                              planned_date=today - timedelta(30),
                              done_date=today - timedelta(31))
    due_today = f.MilestoneFactory(project=project, kind="planning_permit", planned_date=today)

    flags = {m["id"]: m["is_overdue"]
             for m in editor_client.get(list_url("milestone")).json()["results"]}
    assert flags == {late.pk: True, done.pk: False, due_today.pk: False}
    overdue = editor_client.get(list_url("milestone"), {"overdue": "true"}).json()
    assert [m["id"] for m in overdue["results"]] == [late.pk]
    assert editor_client.get(detail_url("project", project.pk)).json()[
        "overdue_milestone_count"] == 1

    response = editor_client.patch(detail_url("milestone", late.pk),
                                   {"done_date": str(today), "version": late.version},
                                   format="json")
    assert response.json()["is_overdue"] is False


def test_a_project_has_one_milestone_of_each_kind(editor_client):
    milestone = f.MilestoneFactory(kind="land")
    response = editor_client.post(list_url("milestone"), {
        "project": milestone.project.pk, "kind": "land", "planned_date": "2024-09-01"},
        format="json")
    assert response.status_code == 400
    assert Milestone.objects.count() == 1


# --- problems: the closed loop and the 24-hour response -------------------------------------
def test_a_problem_goes_round_the_closed_loop(editor_client, projects_editor, make_user,
                                              api_client_for):
    project = f.ProjectFactory()
    worker = make_user("worker", roles.office_group("projects"))
    response = editor_client.post(list_url("projectproblem"),
                                  {"project": project.pk, "title": "施工用电增容"},
                                  format="json")
    assert response.status_code == 201, response.json()
    problem = ProjectProblem.objects.get(pk=response.json()["id"])
    assert problem.reported_by == projects_editor
    assert problem.response_due == problem.reported_at + timedelta(hours=24)
    assert response.json()["allowed_actions"] == ["assign"]

    assigned = editor_client.post(action_url("projectproblem", problem.pk, "assign"),
                                  {"assignee": worker.pk}, format="json")
    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["status"]["value"] == "assigned"
    assert assigned.json()["responded_in_time"] is True

    worker_client = api_client_for(worker)
    assert worker_client.post(action_url("projectproblem", problem.pk, "start"),
                              {}, format="json").status_code == 200
    assert worker_client.post(action_url("projectproblem", problem.pk, "resolve"),
                              {"note": "供电公司已增容"}, format="json").status_code == 200
    closed = editor_client.post(action_url("projectproblem", problem.pk, "verify"), {},
                                format="json")
    assert closed.status_code == 200
    assert closed.json()["status"]["value"] == "closed"

    log = editor_client.get(action_url("projectproblem", problem.pk, "transitions")).json()
    assert [t["action"]["value"] for t in log] == [
        "report", "assign", "start", "resolve", "verify"
    ]
    assert editor_client.get(detail_url("project", project.pk)).json()[
        "open_problem_count"] == 0


def test_a_workflow_action_out_of_turn_is_a_conflict(editor_client):
    problem = f.report_problem()
    response = editor_client.post(action_url("projectproblem", problem.pk, "verify"), {},
                                  format="json")
    assert response.status_code == 409
    assert fresh(problem).status == "reported"


def test_problems_answered_within_24_hours_count_as_on_time(editor_client, projects_editor):
    now = timezone.now()
    quick = f.report_problem(title="答复及时", reported_at=now - timedelta(hours=23))
    slow = f.report_problem(title="答复超时", reported_at=now - timedelta(hours=25))
    waiting = f.report_problem(title="待答复", reported_at=now - timedelta(hours=2))
    for problem in (quick, slow):
        response = editor_client.post(action_url("projectproblem", problem.pk, "assign"),
                                      {"assignee": projects_editor.pk}, format="json")
        assert response.status_code == 200

    flags = {p["id"]: p["responded_in_time"]
             for p in editor_client.get(list_url("projectproblem")).json()["results"]}
    assert flags == {quick.pk: True, slow.pk: False, waiting.pk: None}
    in_time = editor_client.get(list_url("projectproblem"), {"responded_in_time": "true"})
    assert [p["id"] for p in in_time.json()["results"]] == [quick.pk]


def test_a_need_must_come_from_a_visit_to_its_own_enterprise(editor_client):
    visit = f.VisitFactory()
    response = editor_client.post(list_url("enterpriseneed"), {
        "enterprise": f.EnterpriseFactory().pk, "visit": visit.pk, "kind": "financing",
        "title": "贷款"}, format="json")
    assert response.status_code == 400
    assert "visit" in response.json()
    assert not EnterpriseNeed.objects.exists()


def test_moving_a_need_to_another_enterprise_keeps_its_visit_consistent(editor_client):
    visit = f.VisitFactory()
    need = f.report_need(enterprise=visit.enterprise, visit=visit)
    before = row(need)
    response = editor_client.patch(detail_url("enterpriseneed", need.pk), {
        "enterprise": f.EnterpriseFactory().pk, "version": need.version}, format="json")
    assert response.status_code == 400
    assert "visit" in response.json()
    assert row(need) == before


def test_moving_a_visit_to_another_enterprise_keeps_its_needs_consistent(editor_client):
    visit = f.VisitFactory()
    f.report_need(enterprise=visit.enterprise, visit=visit)
    before = row(visit)
    response = editor_client.patch(detail_url("visit", visit.pk), {
        "enterprise": f.EnterpriseFactory().pk, "version": visit.version}, format="json")
    assert response.status_code == 400
    assert "enterprise" in response.json()
    assert row(visit) == before


def test_a_need_found_on_a_visit_is_counted_on_it(editor_client):
    visit = f.VisitFactory()
    response = editor_client.post(list_url("enterpriseneed"), {
        "enterprise": visit.enterprise.pk, "visit": visit.pk, "kind": "financing",
        "title": "流动资金贷款"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["visit"]["id"] == visit.pk
    assert editor_client.get(detail_url("visit", visit.pk)).json()["need_count"] == 1
    enterprise = editor_client.get(detail_url("enterprise", visit.enterprise.pk)).json()
    assert (enterprise["visit_count"], enterprise["open_need_count"]) == (1, 1)


def test_funds_obtained_need_an_amount(editor_client):
    enterprise = f.EnterpriseFactory()
    response = editor_client.post(list_url("supportoutcome"), {
        "enterprise": enterprise.pk, "kind": "funds", "title": "技改资金",
        "date": "2024-09-10"}, format="json")
    assert response.status_code == 400
    assert not SupportOutcome.objects.exists()


# --- a fixed number of queries per list --------------------------------------------------------
def _full_project(n):
    enterprise = f.EnterpriseFactory()
    project = f.ProjectFactory(owner_enterprise=enterprise, owner_name="")
    f.FundingLineFactory(project=project, source="central_special_bond")
    f.MilestoneFactory(project=project, planned_date=datetime.date(2020, 1, 1))
    f.MonthlyProgressFactory(project=project)
    return project


def _assigned_problem(n):
    problem = f.report_problem(by=UserFactory())
    return closed_loop_assign(problem, by=OfficeStaffFactory(), assignee=OfficeStaffFactory(),
                              department=DepartmentFactory())


def _assigned_need(n):
    visit = f.VisitFactory()
    need = f.report_need(by=UserFactory(), enterprise=visit.enterprise, visit=visit)
    return closed_loop_assign(need, by=OfficeStaffFactory(), assignee=OfficeStaffFactory(),
                              department=DepartmentFactory())


def test_the_summary_runs_a_fixed_number_of_queries(projects_editor, api_client_for,
                                                    django_assert_max_num_queries):
    counts = []
    for size in (1, 5):
        for _ in range(size):
            _full_project(0)
            _assigned_problem(0)
            _assigned_need(0)
            f.SupportOutcomeFactory()
        user = type(projects_editor).objects.get(pk=projects_editor.pk)
        # As for a list, plus one aggregate per table and the indicators and campaigns
        # with their outputs: 14 whatever the number of rows.
        with django_assert_max_num_queries(14), \
                CaptureQueriesContext(connection) as queries:
            response = api_client_for(user).get(reverse("projects-api:summary"),
                                                {"year": 2024})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- export (every resource's export is read back by its contract) ---------------------------
@pytest.fixture
def two_of_three_projects():
    keep = [f.ProjectFactory(code="XM-A", name="会展中心A-1", completed=True),
            f.ProjectFactory(code="XM-B", name="安博一期", completed=True)]
    f.ProjectFactory(code="XM-C", name="济南黄河体育中心", under_construction=True)
    return keep


def test_the_project_list_exports_to_csv_with_chinese_headers(
        two_of_three_projects, projects_editor, api_client_for):
    response = api_client_for(projects_editor).get(
        list_url("project"), {"format": "csv", "status": "completed"}
    )
    labels = headers(ProjectSerializer, "zh-hans")
    names, rows = table(read_csv(response), labels[0])
    assert names == labels
    # Labels, not field names: the money columns say their unit.
    assert any("万元" in header for header in names)
    assert not {"code", "total_investment", "reason"} & set(names)
    code = labels[list(ProjectSerializer().fields).index("code")]
    assert sorted(r[code] for r in rows) == ["XM-A", "XM-B"]


def test_the_project_list_exports_to_xlsx_with_chinese_headers(
        two_of_three_projects, projects_editor, api_client_for):
    response = api_client_for(projects_editor).get(
        list_url("project"), {"format": "xlsx", "status": "completed"}
    )
    labels = headers(ProjectSerializer, "zh-hans")
    # The report leaves out the technical columns and keeps one owner column.
    with translation.override("zh-hans"):
        left_out = {capfirst(str(ProjectSerializer().fields[name].label))
                    for name in ("id", "version", "created_at", "updated_at",
                                 "owner_enterprise", "owner_name")}
    names, rows = table(read_xlsx(response), "序号")
    assert names == ["序号", *(h for h in labels if h not in left_out)]
    rows = [r for r in rows if isinstance(r["序号"], int)]  # not the totals row
    code = labels[list(ProjectSerializer().fields).index("code")]
    by_code = {r[code]: r for r in rows}
    assert sorted(by_code) == ["XM-A", "XM-B"]
    investment = next(h for h in names if "万元" in h)
    assert by_code["XM-A"][investment] == 10000  # a number Excel can sum, not text

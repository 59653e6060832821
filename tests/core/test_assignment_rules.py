"""Who may act on an assigned item, and who may be given one (issue 9 §5).

The projects office owns project problems: it assigns, verifies and returns them. Once a
problem is handed to another office (a person of it, or a department whose staff hold its
role), starting and resolving it are that office's work — which it may do although its role
only views project problems. Items go only to active staff holding an office's role, and
to active departments. The API, the admin's step page and its bulk actions agree.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from projects.models import ProjectProblem
from tests.factories import DepartmentFactory
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


def action_url(problem, action):
    return reverse(f"projects-api:projectproblem-{action}", args=[problem.pk])


def state(problem):
    problem = ProjectProblem.objects.get(pk=problem.pk)
    return (problem.status, problem.version, problem.assignee_id,
            problem.handling_department_id, problem.transitions.count(),
            problem.history.count())


@pytest.fixture
def handed_to_safety(projects_editor, safety_editor):
    """A project problem the projects office handed to a member of the safety office."""
    problem = f.report_problem(by=projects_editor, title="Crane next to the school gate")
    return closed_loop.closed_loop_assign(problem, by=projects_editor, assignee=safety_editor)


# --- who acts ----------------------------------------------------------------------------------
def test_the_owner_office_cannot_resolve_an_item_handed_to_another_office(
        handed_to_safety, projects_editor, api_client_for):
    before = state(handed_to_safety)

    response = api_client_for(projects_editor, "en").post(
        action_url(handed_to_safety, "resolve"), {"note": "Done."}, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": "“Crane next to the school gate” is assigned to "
                                         "safety-editor: only the office handling it may "
                                         "“Resolve” it."}
    assert state(handed_to_safety) == before


def test_the_refusal_is_in_chinese_by_default(handed_to_safety, projects_editor,
                                              api_client_for):
    response = api_client_for(projects_editor).post(
        action_url(handed_to_safety, "start"), {}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "“Crane next to the school gate”已交办给safety-editor，只有承办科室可以对其“开始办理”。")


def test_the_handling_office_works_on_an_item_of_another_app(
        handed_to_safety, safety_editor, make_user, projects_editor, api_client_for):
    # A colleague of the assignee starts it; the assignee resolves it; the owner signs off.
    colleague = make_user("safety-colleague", roles.office_group("safety"))

    started = api_client_for(colleague).post(action_url(handed_to_safety, "start"), {},
                                             format="json")
    resolved = api_client_for(safety_editor).post(
        action_url(handed_to_safety, "resolve"), {"note": "Crane moved."}, format="json")
    verified = api_client_for(projects_editor).post(
        action_url(handed_to_safety, "verify"), {}, format="json")

    assert (started.status_code, resolved.status_code, verified.status_code) == (200, 200, 200)
    problem = ProjectProblem.objects.get(pk=handed_to_safety.pk)
    assert (problem.status, problem.resolved_by, problem.verified_by) == (
        "closed", safety_editor, projects_editor)


def test_the_handling_office_does_not_sign_off_or_reassign(
        handed_to_safety, safety_editor, api_client_for):
    client = api_client_for(safety_editor)
    client.post(action_url(handed_to_safety, "resolve"), {"note": "Done."}, format="json")
    before = state(handed_to_safety)

    assert client.post(action_url(handed_to_safety, "verify"), {},
                       format="json").status_code == 403
    assert client.post(action_url(handed_to_safety, "return"), {"note": "?"},
                       format="json").status_code == 403
    assert state(handed_to_safety) == before


@pytest.mark.parametrize("outsider", ["leader", "dashboard_user", "resettlement"])
def test_nobody_else_acts_on_the_item(outsider, handed_to_safety, make_user, request,
                                      api_client_for):
    user = (make_user("resettlement-clerk", roles.office_group("resettlement"))
            if outsider == "resettlement" else request.getfixturevalue(outsider))
    before = state(handed_to_safety)

    for action, payload in (("start", {}), ("resolve", {"note": "Done."})):
        response = api_client_for(user).post(action_url(handed_to_safety, action), payload,
                                             format="json")
        assert response.status_code == 403, (action, response.json())
    assert state(handed_to_safety) == before


def test_a_department_hands_the_item_to_the_staff_of_its_office(
        projects_editor, safety_editor, api_client_for):
    safety_department = DepartmentFactory(
        name="应急管理办公室", office=Group.objects.get(name=roles.office_group("safety")))
    problem = f.report_problem(by=projects_editor)
    problem = closed_loop.closed_loop_assign(problem, by=projects_editor,
                                             department=safety_department)

    refused = api_client_for(projects_editor).post(action_url(problem, "start"), {},
                                                   format="json")
    started = api_client_for(safety_editor).post(action_url(problem, "start"), {},
                                                 format="json")

    assert (refused.status_code, started.status_code) == (403, 200)


def test_within_the_owner_office_colleagues_cover_for_each_other(
        projects_editor, make_user, api_client_for):
    officer = make_user("projects-officer", roles.office_group("projects"))
    problem = f.report_problem(by=projects_editor)
    problem = closed_loop.closed_loop_assign(problem, by=projects_editor, assignee=officer)

    response = api_client_for(projects_editor).post(action_url(problem, "resolve"),
                                                    {"note": "Solved by phone."},
                                                    format="json")

    assert response.status_code == 200


def test_the_system_administrator_may_take_any_step(handed_to_safety, admin_user_,
                                                    api_client_for):
    response = api_client_for(admin_user_).post(action_url(handed_to_safety, "resolve"),
                                                {"note": "Closed at the weekly meeting."},
                                                format="json")
    assert response.status_code == 200


# --- who may be given an item ------------------------------------------------------------------
def assignee_candidates(make_user, dashboard_user, leader):
    inactive = make_user("left-the-office", roles.office_group("safety"))
    inactive.is_active = False
    inactive.save()
    return {
        "dashboard": dashboard_user,
        "no role": make_user("no-role"),
        "leader": leader,
        "inactive": inactive,
        "not staff": make_user("field-clerk", roles.office_group("safety"), is_staff=False),
    }


@pytest.mark.parametrize("who", ["dashboard", "no role", "leader", "inactive", "not staff"])
def test_only_active_office_staff_can_be_assigned(who, projects_editor, make_user,
                                                  dashboard_user, leader, api_client_for):
    assignee = assignee_candidates(make_user, dashboard_user, leader)[who]
    problem = f.report_problem(by=projects_editor)
    before = state(problem)

    response = api_client_for(projects_editor, "en").post(
        action_url(problem, "assign"), {"assignee": assignee.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {"assignee": [
        "An item can only be assigned to active staff who hold an office's role."]}
    assert state(problem) == before


def test_an_inactive_department_is_refused(projects_editor, api_client_for):
    closed = DepartmentFactory(name="原拆迁指挥部", is_active=False)
    problem = f.report_problem(by=projects_editor)
    before = state(problem)

    response = api_client_for(projects_editor, "en").post(
        action_url(problem, "assign"), {"department": closed.pk}, format="json")

    assert response.status_code == 400
    assert response.json() == {"department": [
        "“原拆迁指挥部” is no longer active: choose an active department."]}
    assert state(problem) == before


def test_the_admin_offers_exactly_the_people_the_api_accepts(
        projects_editor, safety_editor, make_user, dashboard_user, leader):
    refused = assignee_candidates(make_user, dashboard_user, leader)
    problem = f.report_problem(by=projects_editor)
    client = Client()
    client.force_login(projects_editor)

    response = client.get(reverse("admin:projects_projectproblem_transition",
                                  args=[problem.pk]))

    offered = set(response.context["form"].fields["assignee"].queryset)
    assert offered == {projects_editor, safety_editor}
    assert not offered & set(refused.values())


# --- the admin ---------------------------------------------------------------------------------
def test_the_admin_step_page_refuses_the_owner_office_on_another_office_s_item(
        handed_to_safety, projects_editor):
    client = Client()
    client.force_login(projects_editor)
    client.cookies["django_language"] = "en"
    before = state(handed_to_safety)

    response = client.post(
        reverse("admin:projects_projectproblem_transition", args=[handed_to_safety.pk]),
        {"action": "resolve", "note": "Done.", "loaded_version": handed_to_safety.version})

    # "resolve" is not among the steps this user may take here.
    assert response.status_code == 200
    assert "action" in response.context["form"].errors
    assert state(handed_to_safety) == before


def test_the_admin_step_page_serves_the_handling_office(handed_to_safety, safety_editor):
    client = Client()
    client.force_login(safety_editor)
    url = reverse("admin:projects_projectproblem_transition", args=[handed_to_safety.pk])

    response = client.post(url, {"action": "start", "note": "",
                                 "loaded_version": handed_to_safety.version})

    assert response.status_code == 302
    assert ProjectProblem.objects.get(pk=handed_to_safety.pk).status == "in_progress"


def test_the_bulk_start_names_the_items_of_another_office(handed_to_safety, projects_editor):
    client = Client()
    client.force_login(projects_editor)
    client.cookies["django_language"] = "en"
    before = state(handed_to_safety)

    response = client.post(reverse("admin:projects_projectproblem_changelist"), {
        "action": "start_selected", "_selected_action": [handed_to_safety.pk],
    }, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["“Crane next to the school gate” is assigned to safety-editor: only "
                        "the office handling it may “Start work” it."]
    assert state(handed_to_safety) == before

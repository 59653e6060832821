"""The projects admin writes through projects.services: funding lines on the project page
under the project's lock, and the history page's revert as an edit that the services check
(legal status moves, the funding rule, the closed-loop workflow)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import WorkflowStatus
from cuizhai.core.models import WorkflowTransition
from projects import services
from projects.choices import ProjectStatus
from projects.models import Project, ProjectProblem
from tests.factories import admin_form_data
from tests.projects.factories import FundingLineFactory, ProjectFactory, report_problem
from tests.projects.test_admin import admin_url, client_for, in_english

pytestmark = pytest.mark.django_db


def add_funding_row(data, amount, source="bank_loan"):
    index = int(data["funding-TOTAL_FORMS"])
    data.update({f"funding-{index}-source": source, f"funding-{index}-amount": amount,
                 f"funding-{index}-year": "2024", f"funding-{index}-note": "",
                 "funding-TOTAL_FORMS": str(index + 1)})
    return f"funding-{index}"


def funding_row_errors(response, index):
    formset = next(i.formset for i in response.context["inline_admin_formsets"]
                   if i.formset.prefix == "funding")
    return [str(m) for errors in formset.forms[index].errors.values() for m in errors]


# --- funding lines on the project page ----------------------------------------------------

def test_a_stale_project_page_cannot_add_funding_beyond_the_total(projects_editor,
                                                                 api_client_for):
    """Total 100 with a line of 60; the API adds 40 meanwhile; the page, loaded before,
    adds another 40: the service counts the API's line under the project's lock."""
    project = ProjectFactory(total_investment=Decimal("100"))
    FundingLineFactory(project=project, amount=Decimal("60"))
    office = in_english(client_for(projects_editor))
    url = admin_url(Project, "change", project.pk)
    stale = admin_form_data(office.get(url))
    meanwhile = api_client_for(projects_editor).post(
        reverse("projects-api:fundingline-list"),
        {"project": project.pk, "source": "self_raised", "amount": "40", "year": 2024},
        format="json")
    assert meanwhile.status_code == 201, meanwhile.content
    add_funding_row(stale, "40")
    stale["lead_official"] = "王强"

    response = office.post(url, stale)

    assert response.status_code == 200
    assert any("more than the project's total investment" in m
               for m in funding_row_errors(response, 1)), funding_row_errors(response, 1)
    assert sorted(project.funding.values_list("amount", flat=True)) == [40, 60]
    project.refresh_from_db()
    assert (project.lead_official, project.version) == ("", 1)


def test_a_line_can_be_replaced_on_one_page_deletions_counting_first(admin_user_):
    """Deleting rows needs the system administrator (offices add and change only)."""
    project = ProjectFactory(total_investment=Decimal("100"))
    FundingLineFactory(project=project, source="self_raised", amount=Decimal("60"))
    removed = FundingLineFactory(project=project, amount=Decimal("40"))
    office = client_for(admin_user_)
    url = admin_url(Project, "change", project.pk)
    page = office.get(url)
    data = admin_form_data(page)
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(removed.pk))
    delete = row.replace("-id", "-DELETE")
    assert f'name="{delete}"' in page.content.decode()
    data[delete] = "on"
    add_funding_row(data, "40", source="central_special_bond")

    response = office.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(project.funding.values_list("source", "amount")) == [
        ("central_special_bond", 40), ("self_raised", 60)]


def test_a_stale_funding_row_is_refused(projects_editor, api_client_for):
    project = ProjectFactory(total_investment=Decimal("100"))
    line = FundingLineFactory(project=project, amount=Decimal("60"))
    office = in_english(client_for(projects_editor))
    url = admin_url(Project, "change", project.pk)
    stale = admin_form_data(office.get(url))
    api_client_for(projects_editor).patch(
        reverse("projects-api:fundingline-detail", args=[line.pk]),
        {"amount": "50", "version": 1}, format="json")
    row = next(k for k, v in stale.items() if k.endswith("-id") and v == str(line.pk))
    stale[row.replace("-id", "-note")] = "调整"

    response = office.post(url, stale)

    assert response.status_code == 200
    assert any("changed by someone else" in m for m in funding_row_errors(response, 0))
    line.refresh_from_db()
    assert (line.amount, line.note, line.version) == (Decimal("50"), "", 2)


# --- the history page: view permission does not write -------------------------------------

def history_url(record, entry):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history",
                   args=[record.pk, entry.history_id])


@pytest.mark.parametrize("who", ["leader", "safety_editor"])
def test_history_form_of_a_project_cannot_be_posted_with_view_permission(request, who):
    project = ProjectFactory(name="会展中心A-1")
    client = client_for(request.getfixturevalue(who))
    url = history_url(project, project.history.get())
    old = admin_form_data(client.get(url))

    response = client.post(url, {**old, "name": "改名", "loaded_version": "1"})

    assert response.status_code == 403
    project.refresh_from_db()
    assert (project.name, project.version) == ("会展中心A-1", 1)


def test_history_form_of_a_problem_cannot_be_posted_with_view_permission(leader,
                                                                         projects_editor):
    problem = report_problem(by=projects_editor, title="临时用电接入慢")
    client = client_for(leader)
    url = history_url(problem, problem.history.get())
    old = admin_form_data(client.get(url))

    response = client.post(url, {**old, "title": "改名", "loaded_version": "1"})

    assert response.status_code == 403
    problem.refresh_from_db()
    assert (problem.title, problem.version) == ("临时用电接入慢", 1)


# --- the history page: a revert is checked by the services --------------------------------

def completed_project_with_an_earlier_version():
    project = ProjectFactory(status=ProjectStatus.CONSTRUCTION, under_construction=True)
    project = services.project_update(
        project=project, expected_version=project.version, data={
            "status": ProjectStatus.COMPLETED, "progress_percent": 100,
            "actual_completion": datetime.date(2024, 11, 30)})
    return project, project.history.get(version=1)


def test_reverting_a_completed_project_to_construction_needs_a_system_admin(
    projects_editor,
):
    project, earlier = completed_project_with_an_earlier_version()
    client = client_for(projects_editor)
    url = history_url(project, earlier)

    response = client.post(url, admin_form_data(client.get(url)))

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("status", "illegal_status_change")
    project.refresh_from_db()
    assert (project.status, project.version) == (ProjectStatus.COMPLETED, 2)


def test_a_system_admin_reverts_a_completed_project_only_with_a_reason(admin_user_):
    project, earlier = completed_project_with_an_earlier_version()
    client = client_for(admin_user_)
    url = history_url(project, earlier)
    data = admin_form_data(client.get(url))

    without_reason = client.post(url, data)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    with_reason = client.post(url, {**data, "reason": "竣工验收资料不全，退回补充"})

    assert without_reason.status_code == 200
    assert without_reason.context["adminform"].form.has_error("reason")
    assert with_reason.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.version) == (ProjectStatus.CONSTRUCTION, 3)
    assert project.history.first().history_change_reason == "竣工验收资料不全，退回补充"


def test_a_revert_cannot_lower_the_total_below_the_funding_lines(projects_editor):
    project = ProjectFactory(total_investment=Decimal("100"))
    earlier = project.history.get()
    project = services.project_update(project=project, expected_version=1,
                                      data={"total_investment": Decimal("200")})
    services.funding_line_create(data={"project": project, "source": "self_raised",
                                       "amount": Decimal("150"), "year": 2024})
    client = in_english(client_for(projects_editor))
    url = history_url(project, earlier)

    response = client.post(url, admin_form_data(client.get(url)))

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error(
        "total_investment", "funding_exceeds_investment")
    project.refresh_from_db()
    assert (project.total_investment, project.version) == (Decimal("200"), 2)


def test_reverting_a_closed_problem_restores_no_workflow_field(admin_user_, projects_editor,
                                                               make_user):
    problem = report_problem(by=projects_editor, title="临时用电接入慢")
    earlier = problem.history.get()  # reported, no one assigned
    verifier = make_user("verifier", roles.office_group("projects"))  # a colleague
    problem = closed_loop.closed_loop_update(problem, data={"title": "施工临时用电接入慢"},
                                             expected_version=1)
    problem = closed_loop.closed_loop_assign(problem, by=projects_editor,
                                             assignee=projects_editor)
    problem = closed_loop.closed_loop_resolve(problem, by=projects_editor, note="已接入")
    problem = closed_loop.closed_loop_verify(problem, by=verifier)
    transitions = WorkflowTransition.objects.count()
    client = client_for(admin_user_)
    url = history_url(problem, earlier)
    data = admin_form_data(client.get(url))

    # A closed item is locked: even the system administrator says why.
    without_reason = client.post(url, data)
    assert without_reason.status_code == 200
    assert without_reason.context["adminform"].form.has_error("reason")
    assert ProjectProblem.objects.get(pk=problem.pk).title == "施工临时用电接入慢"
    response = client.post(url, {**data, "reason": "标题恢复为上报时的原文"})

    assert response.status_code == 302, response.context and response.context["errors"]
    problem = ProjectProblem.objects.get(pk=problem.pk)
    assert problem.title == "临时用电接入慢"  # the edit the revert carries
    assert (problem.status, problem.verified_by, problem.assignee, problem.resolved_by) == (
        WorkflowStatus.CLOSED, verifier, projects_editor, projects_editor)
    assert problem.closed_at is not None
    assert WorkflowTransition.objects.count() == transitions
    assert problem.history.first().history_change_reason == "标题恢复为上报时的原文"


def test_the_total_and_a_line_can_be_lowered_together(projects_editor):
    project = ProjectFactory(total_investment=Decimal("100"))
    FundingLineFactory(project=project, amount=Decimal("60"))
    lowered = FundingLineFactory(project=project, amount=Decimal("40"))
    office = client_for(projects_editor)
    url = admin_url(Project, "change", project.pk)
    data = admin_form_data(office.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(lowered.pk))
    data.update({"total_investment": "80", row.replace("-id", "-amount"): "20"})

    response = office.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    project.refresh_from_db()
    lowered.refresh_from_db()
    assert (project.total_investment, project.version) == (Decimal("80"), 2)
    assert (lowered.amount, lowered.version) == (Decimal("20"), 2)

"""What stays (issue 9 §5): a closed-loop item is never deleted — its workflow log and
evidence are the record; a project's delete that would take its funding lines,
milestones and progress with it is refused unless the system administrator confirms it;
an evidence file goes off the disk with its row."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence, WorkflowTransition
from projects.models import FundingLine, Milestone, MonthlyProgress, Project, ProjectProblem
from tests.factories import OfficeStaffFactory, evidence_photo
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def stored_files(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def closed_problem(projects_editor, media_root):
    officer = OfficeStaffFactory(username="projects-officer")
    problem = f.report_problem(by=projects_editor, title="Duplicate report")
    problem = closed_loop.closed_loop_assign(problem, by=projects_editor, assignee=officer)
    problem = closed_loop.closed_loop_resolve(problem, by=officer, note="Fixed.",
                                              evidence=[evidence_photo("整改后.jpg")])
    return closed_loop.closed_loop_verify(problem, by=projects_editor)


def kept(problem, media_root):
    return (ProjectProblem.objects.filter(pk=problem.pk).exists(),
            problem.transitions.count(), TransitionEvidence.objects.count(),
            len(stored_files(media_root)))


# --- closed-loop items -------------------------------------------------------------------------
@pytest.mark.parametrize("body", [{}, {"reason": "重复上报"}])
def test_not_even_the_system_administrator_deletes_a_closed_loop_item(
        body, closed_problem, admin_user_, api_client_for, media_root):
    before = kept(closed_problem, media_root)
    assert before == (True, 4, 1, 1)

    response = api_client_for(admin_user_, "en").delete(
        reverse("projects-api:projectproblem-detail", args=[closed_problem.pk]), body,
        format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": (
        "“Duplicate report” cannot be deleted: a closed-loop item keeps its log and "
        "evidence. If it was reported by mistake, resolve it with a note saying so.")}
    assert kept(closed_problem, media_root) == before


def test_an_open_item_is_kept_too(projects_editor, admin_user_, api_client_for):
    problem = f.report_problem(by=projects_editor)

    response = api_client_for(admin_user_).delete(
        reverse("projects-api:projectproblem-detail", args=[problem.pk]))

    assert response.status_code == 409
    assert response.json()["detail"].startswith(f"“{problem.title}”不能删除")
    assert ProjectProblem.objects.filter(pk=problem.pk).exists()


def test_the_admin_offers_no_delete_of_a_closed_loop_item(closed_problem, admin_user_,
                                                          media_root):
    client = Client()
    client.force_login(admin_user_)
    before = kept(closed_problem, media_root)

    page = client.get(reverse("admin:projects_projectproblem_delete",
                              args=[closed_problem.pk]))
    posted = client.post(reverse("admin:projects_projectproblem_delete",
                                 args=[closed_problem.pk]), {"post": "yes"})
    bulk = client.post(reverse("admin:projects_projectproblem_changelist"),
                       {"action": "delete_selected", "_selected_action": [closed_problem.pk],
                        "post": "yes"})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)
    assert kept(closed_problem, media_root) == before


# --- projects ----------------------------------------------------------------------------------
@pytest.fixture
def project_with_plans(db):
    project = f.ProjectFactory(name="黄河体育中心")
    f.FundingLineFactory(project=project)
    f.MilestoneFactory(project=project)
    f.MilestoneFactory(project=project, kind="land")
    f.MonthlyProgressFactory(project=project)
    return project


def counts(project):
    return (Project.objects.filter(pk=project.pk).count(),
            FundingLine.objects.filter(project_id=project.pk).count(),
            Milestone.objects.filter(project_id=project.pk).count(),
            MonthlyProgress.objects.filter(project_id=project.pk).count())


def project_url(project, **params):
    url = reverse("projects-api:project-detail", args=[project.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_a_project_delete_that_would_cascade_is_refused_naming_what_blocks(
        project_with_plans, admin_user_, api_client_for):
    response = api_client_for(admin_user_, "en").delete(project_url(project_with_plans))

    assert response.status_code == 409
    assert response.json() == {"detail": (
        f"“{project_with_plans}” still has funding lines: 1, milestones: 2, monthly progress: 1, "
        "which would be deleted with it. Delete those first, or (system administrator) "
        "confirm deleting them all.")}
    assert counts(project_with_plans) == (1, 1, 2, 1)


def test_the_system_administrator_confirms_the_cascade(project_with_plans, admin_user_,
                                                       api_client_for):
    response = api_client_for(admin_user_).delete(
        project_url(project_with_plans, confirm="cascade"))

    assert response.status_code == 204
    assert counts(project_with_plans) == (0, 0, 0, 0)
    entry = Project.history.filter(id=project_with_plans.pk).latest("history_id")
    assert (entry.history_type, entry.history_user) == ("-", admin_user_)


def test_only_the_system_administrator_may_confirm(project_with_plans, make_user,
                                                   api_client_for):
    from django.contrib.auth.models import Permission

    from cuizhai.core import roles

    # Given the right to delete projects, but not the system administrator.
    deleter = make_user("deleter", roles.office_group("projects"))
    deleter.user_permissions.add(Permission.objects.get(codename="delete_project"))

    response = api_client_for(deleter).delete(project_url(project_with_plans,
                                                          confirm="cascade"))

    assert response.status_code == 409
    assert counts(project_with_plans) == (1, 1, 2, 1)


def test_a_project_with_nothing_attached_is_deleted_without_confirmation(admin_user_,
                                                                         api_client_for):
    project = f.ProjectFactory()

    response = api_client_for(admin_user_).delete(project_url(project))

    assert response.status_code == 204
    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_project_with_problems_is_kept_even_when_confirmed(projects_editor, admin_user_,
                                                             api_client_for):
    problem = f.report_problem(by=projects_editor)

    response = api_client_for(admin_user_).delete(project_url(problem.project,
                                                              confirm="cascade"))

    assert response.status_code == 409
    assert Project.objects.filter(pk=problem.project_id).exists()


def test_the_admin_deletes_after_its_confirmation_page(project_with_plans, admin_user_):
    client = Client()
    client.force_login(admin_user_)
    url = reverse("admin:projects_project_delete", args=[project_with_plans.pk])

    page = client.get(url)
    assert page.status_code == 200  # lists the funding line, milestones and progress
    response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert counts(project_with_plans) == (0, 0, 0, 0)


# --- evidence files ----------------------------------------------------------------------------
def test_an_evidence_file_leaves_the_disk_with_its_row(closed_problem, media_root,
                                                       django_capture_on_commit_callbacks):
    assert stored_files(media_root) != []
    step = WorkflowTransition.objects.get(evidence__isnull=False)

    with django_capture_on_commit_callbacks(execute=True):
        step.delete()  # its evidence rows go with it

    assert TransitionEvidence.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_rolled_back_delete_keeps_the_file(closed_problem, media_root,
                                             django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            TransitionEvidence.objects.all().delete()
            raise RuntimeError("the rest of the change failed")

    assert callbacks == []
    assert len(stored_files(media_root)) == 1

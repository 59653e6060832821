"""A verified and closed item (已复核销号) is final: its own fields are locked, except for the
system administrator, who gives a reason that goes into the history. And a report time
has a plausible lower bound (not before 2000, office time)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.exceptions import DeleteRefused, RecordLocked
from cuizhai.core.base.services import closed_loop
from projects.models import ProjectProblem
from tests.projects import factories as f

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOCKED = ("“Water connection delayed” was verified and closed: only the system administrator "
          "may change it, giving a reason.")


@pytest.fixture
def reporter(make_user):
    return make_user("reporter", roles.office_group("projects"))


@pytest.fixture
def worker(make_user):
    return make_user("worker", roles.office_group("projects"))


def problem_in(status, reporter, worker):
    problem = f.report_problem(by=reporter, title="Water connection delayed")
    problem = closed_loop.closed_loop_assign(problem, by=reporter, assignee=worker)
    problem = closed_loop.closed_loop_resolve(problem, by=worker, note="Connected on Friday.")
    if status == "resolved":
        return problem
    return closed_loop.closed_loop_verify(problem, by=reporter)


def detail(problem):
    return reverse("projects-api:projectproblem-detail", args=[problem.pk])


def state(problem):
    problem = ProjectProblem.objects.get(pk=problem.pk)
    return (problem.title, problem.description, problem.project_id, problem.version,
            problem.history.count())


@pytest.mark.parametrize("change", [
    {"title": "Something else"},
    {"description": "Rewritten afterwards"},
    "another project",
])
def test_the_office_cannot_edit_a_closed_item(change, reporter, worker, projects_editor,
                                              api_client_for):
    problem = problem_in("closed", reporter, worker)
    if change == "another project":
        change = {"project": f.ProjectFactory().pk}
    before = state(problem)

    response = api_client_for(projects_editor, language="en").patch(
        detail(problem), {**change, "version": problem.version}, format="json")

    assert response.status_code == 409, response.content
    assert response.json() == {"detail": LOCKED}
    assert state(problem) == before


def test_the_refusal_is_translated(reporter, worker, projects_editor, api_client_for):
    problem = problem_in("closed", reporter, worker)

    response = api_client_for(projects_editor).patch(
        detail(problem), {"title": "改", "version": problem.version}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "“Water connection delayed”已复核销号：只有系统管理员可以修改，且须填写原因。")


def test_a_resolved_item_is_still_editable(reporter, worker, projects_editor, api_client_for):
    problem = problem_in("resolved", reporter, worker)

    response = api_client_for(projects_editor).patch(
        detail(problem), {"description": "Meter fitted too", "version": problem.version},
        format="json")

    assert response.status_code == 200, response.content
    assert ProjectProblem.objects.get(pk=problem.pk).description == "Meter fitted too"


def test_saving_a_closed_item_unchanged_is_not_refused(reporter, worker, projects_editor,
                                                       api_client_for):
    problem = problem_in("closed", reporter, worker)

    response = api_client_for(projects_editor).patch(
        detail(problem), {"title": problem.title, "version": problem.version}, format="json")

    assert response.status_code == 200, response.content


@pytest.mark.parametrize("is_superuser", [True, False], ids=["superuser", "admin-group"])
def test_the_system_administrator_edits_a_closed_item_with_a_reason(
    is_superuser, reporter, worker, make_user, api_client_for
):
    admin = make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=is_superuser)
    problem = problem_in("closed", reporter, worker)

    response = api_client_for(admin).patch(
        detail(problem), {"title": "Water connection delayed (site 3)", "reason": "标题有误",
                          "version": problem.version}, format="json")

    assert response.status_code == 200, response.content
    problem.refresh_from_db()
    assert (problem.title, problem.status) == ("Water connection delayed (site 3)", "closed")
    entry = problem.history.latest("history_id")
    assert (entry.history_user, entry.history_change_reason) == (admin, "标题有误")


@pytest.mark.parametrize("reason", [None, "  ", "理" * 101])
def test_the_system_administrator_needs_a_reason_that_fits(reason, reporter, worker,
                                                          admin_user_, api_client_for):
    problem = problem_in("closed", reporter, worker)
    before = state(problem)
    body = {"title": "Changed", "version": problem.version}
    if reason is not None:
        body["reason"] = reason

    response = api_client_for(admin_user_, language="en").patch(detail(problem), body,
                                                                format="json")

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["reason"]
    assert state(problem) == before


def test_the_reason_is_required_in_chinese_too(reporter, worker, admin_user_, api_client_for):
    problem = problem_in("closed", reporter, worker)

    response = api_client_for(admin_user_).patch(
        detail(problem), {"title": "改", "version": problem.version}, format="json")

    assert response.json() == {"reason": ["修改已销号事项须填写原因，原因将记入历史记录。"]}


def test_without_a_user_a_closed_item_is_locked_too(reporter, worker):
    # A command or an import that names nobody cannot be the system administrator.
    problem = problem_in("closed", reporter, worker)

    with pytest.raises(RecordLocked) as refused:
        closed_loop.closed_loop_update(problem, data={"title": "Changed"},
                                       expected_version=problem.version, reason="x")

    assert refused.value.code == "item_closed"
    # Deleting is refused to everyone (tests/core/test_deletes.py).
    with pytest.raises(DeleteRefused):
        closed_loop.closed_loop_delete(problem, reason="x")


# --- the report time's lower bound ---------------------------------------------------------
def test_a_report_before_2000_is_refused(projects_editor, api_client_for):
    project = f.ProjectFactory()

    response = api_client_for(projects_editor, language="en").post(
        reverse("projects-api:projectproblem-list"),
        {"project": project.pk, "title": "Typo in the year",
         "reported_at": "0024-05-06T09:30:00+08:00"}, format="json")

    assert response.status_code == 400, response.content
    assert response.json() == {"reported_at": ["The report time cannot be before the year 2000."]}
    assert not ProjectProblem.objects.exists()


def test_moving_a_report_before_2000_is_refused(reporter, projects_editor, api_client_for):
    problem = f.report_problem(by=reporter)
    before = state(problem)

    response = api_client_for(projects_editor).patch(
        detail(problem), {"reported_at": "1999-12-31T23:59:59+08:00", "version": 1},
        format="json")

    assert response.status_code == 400
    assert response.json() == {"reported_at": ["上报时间不能早于 2000 年。"]}
    assert state(problem) == before


def test_the_bound_is_the_first_of_january_2000_office_time(reporter):
    first_moment = datetime(2000, 1, 1, tzinfo=SHANGHAI)

    problem = closed_loop.closed_loop_report(
        model=ProjectProblem, by=reporter, project=f.ProjectFactory(), title="Old ledger",
        reported_at=first_moment)
    assert problem.reported_at == first_moment

    with pytest.raises(ValidationError) as refused:
        closed_loop.closed_loop_report(
            model=ProjectProblem, by=reporter, project=f.ProjectFactory(), title="Older",
            reported_at=first_moment - timedelta(seconds=1))
    assert refused.value.error_dict["reported_at"][0].code == "reported_too_early"

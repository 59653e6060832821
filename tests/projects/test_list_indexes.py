"""The default orderings of the longest lists, and the summary's year filters, are read
from an index instead of sorting or scanning the whole table (issue 10: at city scale the
problems page fell from 2.7 s to 2 ms with its index). The planner is told to avoid sorts
and sequential scans where it can, so that on a small test table the plan shows whether
an index *can* serve the query; a renamed ordering or a dropped index fails here."""

import pytest
from django.db import connection

from cuizhai.core import roles
from projects.api import views
from projects.models import EnterpriseNeed, MonthlyProgress, ProjectProblem, SupportOutcome
from tests.projects.factories import report_problem
from tests.support.closed_loop import CLOSED, walk
from tests.support.plans import analyse, plan

pytestmark = pytest.mark.django_db




def first_page(viewset):
    return viewset.selector().order_by(*viewset.ordering)[:50]


@pytest.mark.parametrize(("viewset", "index"), [
    (views.ProjectProblemViewSet, "projects_problem_reported_idx"),
    (views.EnterpriseNeedViewSet, "projects_need_reported_idx"),
    (views.MonthlyProgressViewSet, "projects_progress_month_idx"),
    (views.SupportOutcomeViewSet, "projects_outcome_date_idx"),
])
def test_a_lists_first_page_is_read_from_its_index(viewset, index):
    assert index in plan(first_page(viewset), avoid_sorts=True)


def test_visits_in_their_list_order_are_read_from_the_date_index():
    # The list's per-visit count of needs is a GROUP BY the index does not remove
    # (issue 10: only a change of query fixes that page); its order is the index's.
    queryset = views.VisitViewSet.selector().model.objects.order_by(
        *views.VisitViewSet.ordering
    )[:50]
    assert "projects_visit_date_idx" in plan(queryset, avoid_sorts=True)


@pytest.mark.parametrize(("queryset", "index"), [
    (lambda: MonthlyProgress.objects.filter(year=2024), "projects_progress_month_idx"),
    (lambda: SupportOutcome.objects.filter(date__year=2024), "projects_outcome_date_idx"),
    (lambda: EnterpriseNeed.objects.filter(reported_at__year=2024),
     "projects_need_reported_idx"),
])
def test_the_summarys_year_filters_use_an_index(queryset, index):
    assert index in plan(queryset(), avoid_sorts=True)


def test_the_open_problems_are_read_from_their_own_index(make_user):
    # ?is_open=true, the summary's open figures: the page's ids and the count.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner prefers the full index; the partial one is for PostgreSQL")
    # A table shaped like the office's (most problems closed, a few open), analysed in this
    # transaction: the planner's choice must not depend on the statistics that earlier tests
    # left behind (an empty table's made it walk the full index and filter).
    office = make_user("projects-office", roles.office_group("projects"))
    worker = make_user("worker", roles.office_group("projects"))
    closed = walk(report_problem(by=office), CLOSED, owner=office, worker=worker)
    copies = []
    for _ in range(500):
        copy = ProjectProblem.objects.get(pk=closed.pk)
        copy.pk = None
        copies.append(copy)
    ProjectProblem.objects.bulk_create(copies)
    report_problem(by=office)
    open_problems = views.ProjectProblemViewSet.selector().open()
    analyse(ProjectProblem)
    page = open_problems.order_by(*views.ProjectProblemViewSet.ordering).values("pk")[:50]
    assert "projects_problem_open_idx" in plan(page, avoid_sorts=True)
    assert "projects_problem_open_idx" in plan(open_problems.values("pk"), avoid_sorts=True)

"""Reads of the projects app that the API, the exports and the summary share."""

from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from projects.choices import FundingSource
from projects.models import (
    Enterprise,
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=16, decimal_places=2))


def _sum_subquery(model, field, **filters):
    """Sum of ``field`` over ``model`` rows of the outer project, as a correlated subquery.

    Subqueries, not joins: several sums over different child tables joined at once would
    multiply each other's rows.
    """
    rows = (
        model.objects.filter(project=OuterRef("pk"), **filters)
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=DecimalField(max_digits=16, decimal_places=2)),
                    ZERO)


def project_list():
    today = timezone.localdate()
    overdue_milestones = (
        Milestone.objects.filter(project=OuterRef("pk"), done_date__isnull=True,
                                 planned_date__lt=today)
        .order_by().values("project").annotate(n=Count("pk")).values("n")
    )
    open_problems = (
        ProjectProblem.objects.open().filter(project=OuterRef("pk"))
        .order_by().values("project").annotate(n=Count("pk")).values("n")
    )
    return (
        Project.objects.select_related("owner_enterprise", "department")
        .annotate(
            funding_total=_sum_subquery(FundingLine, "amount"),
            central_special_bonds=_sum_subquery(
                FundingLine, "amount", source=FundingSource.CENTRAL_SPECIAL_BOND
            ),
            investment_completed_total=_sum_subquery(MonthlyProgress, "investment_completed"),
            overdue_milestone_count=Coalesce(Subquery(overdue_milestones), 0),
            open_problem_count=Coalesce(Subquery(open_problems), 0),
        )
    )


def funding_line_list():
    return FundingLine.objects.select_related("project")


def milestone_list():
    today = timezone.localdate()
    return Milestone.objects.select_related("project").annotate(
        is_overdue=Case(
            When(done_date__isnull=True, planned_date__lt=today, then=Value(True)),
            default=Value(False),
        )
    )


def project_problem_list():
    return ProjectProblem.objects.select_related(
        "project", "assignee", "handling_department", "reported_by", "resolved_by", "verified_by"
    )


def monthly_progress_list():
    """Monthly rows with the project's cumulative investment to that month and its share of
    the total investment, computed with a window function in the database."""
    cumulative = Window(
        Sum("investment_completed"),
        partition_by=[F("project_id")],
        order_by=[F("year").asc(), F("month").asc()],
    )
    return (
        MonthlyProgress.objects.select_related("project")
        .annotate(cumulative_investment=cumulative)
        .annotate(
            cumulative_percent=Case(
                When(project__total_investment__gt=0,
                     then=ExpressionWrapper(
                         F("cumulative_investment") * 100 / F("project__total_investment"),
                         output_field=DecimalField(max_digits=10, decimal_places=2))),
                default=None,
                output_field=DecimalField(max_digits=10, decimal_places=2),
            )
        )
    )


def enterprise_list():
    return Enterprise.objects.annotate(
        visit_count=Count("visits", distinct=True),
        open_need_count=Count(
            "needs", filter=~Q(needs__status__in=("resolved", "closed")), distinct=True
        ),
    )


def visit_list():
    return Visit.objects.select_related("enterprise", "department").annotate(
        need_count=Count("needs")
    )


def enterprise_need_list():
    return EnterpriseNeed.objects.select_related(
        "enterprise", "visit", "assignee", "handling_department", "reported_by", "resolved_by",
        "verified_by",
    )


def support_outcome_list():
    return SupportOutcome.objects.select_related("enterprise")

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
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cuizhai.core import selectors as core_selectors
from cuizhai.core.base.models import FINISHED_STATUSES, RESPONDED_IN_TIME
from cuizhai.core.choices import Timeliness
from cuizhai.core.models import IndicatorValue
from projects.choices import Area, BatchStage, FundingSource, ProjectStatus, SupportKind
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
    return with_cumulative_investment(MonthlyProgress.objects.select_related("project"))


def with_cumulative_investment(queryset):
    """Monthly progress rows with the project's cumulative investment up to and including
    that month, and its share of the project's total investment (the API and the admin's
    inlines both read these).

    A correlated subquery, not a window function: a window sums only the rows left after
    the list's filters (``?year=2024`` would forget 2023's investment, a row read back alone
    after a save would be its own total), while the subquery always reads every earlier
    month of the project.
    """
    up_to_this_month = (
        MonthlyProgress.objects.filter(project=OuterRef("project"))
        .filter(Q(year__lt=OuterRef("year"))
                | Q(year=OuterRef("year"), month__lte=OuterRef("month")))
        .order_by()
        .values("project")
        .annotate(total=Sum("investment_completed"))
        .values("total")
    )
    return (
        queryset
        .annotate(cumulative_investment=Coalesce(
            Subquery(up_to_this_month,
                     output_field=DecimalField(max_digits=16, decimal_places=2)),
            ZERO,
        ))
        .annotate(
            cumulative_percent=Case(
                When(project__total_investment__gt=0,
                     then=ExpressionWrapper(
                         F("cumulative_investment") * 100
                         / core_selectors.DecimalDivisor(F("project__total_investment")),
                         output_field=DecimalField(max_digits=10, decimal_places=2))),
                default=None,
                output_field=DecimalField(max_digits=10, decimal_places=2),
            )
        )
    )


def _count_subquery(queryset):
    """The number of ``queryset`` rows of the outer enterprise, as a correlated subquery
    (two counts over joins would multiply each other's rows)."""
    counted = queryset.filter(enterprise=OuterRef("pk")).order_by().values("enterprise")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def enterprise_list():
    return Enterprise.objects.annotate(
        visit_count=_count_subquery(Visit.objects.all()),
        open_need_count=_count_subquery(EnterpriseNeed.objects.open()),
    )


def visit_list():
    return Visit.objects.select_related("enterprise", "department").annotate(
        need_count=Count("needs")
    )


def enterprise_need_list():
    # visit__enterprise: a visit is displayed with its enterprise's name.
    return EnterpriseNeed.objects.select_related(
        "enterprise", "visit__enterprise", "assignee", "handling_department", "reported_by",
        "resolved_by", "verified_by",
    )


def support_outcome_list():
    return SupportOutcome.objects.select_related("enterprise")


def projects_summary(year, *, now=None):
    """The figures of ``GET /api/v1/projects/summary/?year=``, each counted by the database.

    One aggregate query per table, so the cost does not grow with the data. Each figure's
    definition matches a filter of the list behind it (see ``projects.filtersets``): the
    API turns each into a link whose ``count`` equals the figure.
    """
    newly_planned = Q(stage=BatchStage.PLANNED, plan_year=year)
    projects = Project.objects.aggregate(
        **{f"stage_{value}": Count("pk", filter=Q(stage=value)) for value in BatchStage.values},
        **{f"status_{value}": Count("pk", filter=Q(status=value))
           for value in ProjectStatus.values},
        newly_planned=Count("pk", filter=newly_planned),
        newly_planned_investment=Coalesce(Sum("total_investment", filter=newly_planned), ZERO),
        under_construction=Count("pk", filter=Q(status=ProjectStatus.CONSTRUCTION)),
        completed=Count(
            "pk", filter=Q(status=ProjectStatus.COMPLETED, actual_completion__year=year)
        ),
        relocation=Count("pk", filter=Q(is_relocation=True)),
    )
    central_special_bonds = FundingLine.objects.filter(
        source=FundingSource.CENTRAL_SPECIAL_BOND,
        project__stage=BatchStage.PLANNED, project__plan_year=year,
    ).aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    investment_completed = MonthlyProgress.objects.filter(year=year).aggregate(
        total=Coalesce(Sum("investment_completed"), ZERO)
    )["total"]
    problems = (
        ProjectProblem.objects.filter(reported_at__year=year).with_timeliness(now)
        .aggregate(
            raised=Count("pk"),
            responded_within_24h=Count("pk", filter=RESPONDED_IN_TIME),
            overdue=Count("pk", filter=Q(timeliness=Timeliness.OVERDUE)),
        )
    )
    visits = Visit.objects.filter(date__year=year).aggregate(
        visits=Count("pk"), visited=Count("enterprise", distinct=True)
    )
    finished = Q(status__in=FINISHED_STATUSES)
    needs = EnterpriseNeed.objects.filter(reported_at__year=year).aggregate(
        open=Count("pk", filter=~finished), closed=Count("pk", filter=finished)
    )
    outcomes = SupportOutcome.objects.filter(date__year=year).aggregate(
        honours=Count("pk", filter=Q(kind=SupportKind.HONOUR)),
        funds=Count("pk", filter=Q(kind=SupportKind.FUNDS)),
        funds_amount=Coalesce(Sum("amount", filter=Q(kind=SupportKind.FUNDS)), ZERO),
    )
    return {
        "year": year,
        "projects_by_stage": {v: projects[f"stage_{v}"] for v in BatchStage.values},
        "projects_by_status": {v: projects[f"status_{v}"] for v in ProjectStatus.values},
        "newly_planned": {
            "count": projects["newly_planned"],
            "total_investment": projects["newly_planned_investment"],
            "central_special_bonds": central_special_bonds,
        },
        "under_construction": projects["under_construction"],
        "completed": projects["completed"],
        "relocation_projects": projects["relocation"],
        "investment_completed": investment_completed,
        "problems": problems,
        "enterprises": {
            "visited": visits["visited"],
            "visits": visits["visits"],
            "needs_open": needs["open"],
            "needs_closed": needs["closed"],
            "honours": outcomes["honours"],
            "funds": outcomes["funds"],
            "funds_amount": outcomes["funds_amount"],
        },
        "indicators": list(summary_indicator_values(year)),
        "campaigns": list(
            core_selectors.campaign_list().filter(area=Area.PROJECTS, year=year)
            .order_by("name")
        ),
    }


SUMMARY_INDICATOR_AREAS = (Area.PROJECTS, Area.ECONOMY)


def summary_indicator_values(year):
    """Each projects/economy indicator's latest value in ``year`` (its highest month), with
    the year-on-year growth the core computes."""
    latest_month = (
        IndicatorValue.objects.filter(indicator=OuterRef("indicator"), year=year)
        .order_by("-month").values("month")[:1]
    )
    return (
        core_selectors.indicator_value_list()
        .filter(indicator__area__in=SUMMARY_INDICATOR_AREAS, year=year,
                month=Subquery(latest_month))
        .order_by("indicator__area", "indicator__code")
    )

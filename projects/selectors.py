"""Reads of the projects app that the API, the exports and the summary share."""

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core import filtersets as core_filtersets
from cuizhai.core import selectors as core_selectors
from cuizhai.core.base.registers import extended_filterset
from cuizhai.core.base.selectors import DecimalDivisor, subquery_count, subquery_sum
from cuizhai.core.base.summary import (
    YEAR,
    Breakdown,
    During,
    Figure,
    Listing,
    Monthly,
    Percent,
    Rows,
    Summary,
    Total,
    as_period,
    period_figures,
    satisfaction_figure,
)
from cuizhai.core.choices import Timeliness, WorkflowStatus
from cuizhai.core.models import IndicatorValue
from projects import filtersets
from projects.choices import Area, BatchStage, FundingSource, ProjectStatus, SupportKind
from projects.models import (
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


def project_list():
    """Projects with their funding and investment totals and their overdue and open counts.

    Each figure is a correlated subquery (``cuizhai.core.base.selectors``): joins to the
    funding lines, the monthly progress and the milestones at once would multiply each
    other's rows, and the totals must not depend on the list's filters.
    """
    overdue = Q(done_date__isnull=True, planned_date__lt=timezone.localdate())
    return (
        Project.objects.select_related("owner_enterprise", "department", "lead")
        .annotate(
            funding_total=subquery_sum(FundingLine, "amount", fk="project"),
            central_special_bonds=subquery_sum(
                FundingLine, "amount", fk="project",
                filter=Q(source=FundingSource.CENTRAL_SPECIAL_BOND),
            ),
            investment_completed_total=subquery_sum(
                MonthlyProgress, "investment_completed", fk="project"
            ),
            overdue_milestone_count=subquery_count(Milestone, fk="project", filter=overdue),
            open_problem_count=subquery_count(ProjectProblem.objects.open(), fk="project"),
        )
    )


def major_project_sites():
    """The projects that are major project sites (重点项目一线), where a cadre can be placed
    for practice: those of the started batch (开工一批), whose works have begun — under
    construction, completed, or suspended since. A project still planned or held in
    reserve has no site yet. Every project of this app is a key project of the
    subdistrict; the batch says which of them are sites."""
    return Project.objects.filter(stage=BatchStage.STARTED)


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
    up_to_this_month = Q(year__lt=OuterRef("year")) | Q(year=OuterRef("year"),
                                                          month__lte=OuterRef("month"))
    return (
        queryset
        .annotate(cumulative_investment=subquery_sum(
            MonthlyProgress, "investment_completed", fk="project", outer="project",
            filter=up_to_this_month,
        ))
        .annotate(
            cumulative_percent=Case(
                When(project__total_investment__gt=0,
                     then=ExpressionWrapper(
                         F("cumulative_investment") * 100
                         / DecimalDivisor(F("project__total_investment")),
                         output_field=DecimalField(max_digits=10, decimal_places=2))),
                default=None,
                output_field=DecimalField(max_digits=10, decimal_places=2),
            )
        )
    )


def visit_list():
    # A subquery, not Count("needs"): a join grouped by visit would group every visit
    # before a page of them is taken.
    return Visit.objects.select_related("enterprise", "department").annotate(
        need_count=subquery_count(EnterpriseNeed, fk="visit")
    )


def enterprise_need_list():
    # visit__enterprise: a visit is displayed with its enterprise's name.
    return EnterpriseNeed.objects.select_related(
        "enterprise", "visit__enterprise", "assignee", "handling_department", "reported_by",
        "resolved_by", "verified_by",
    )


def support_outcome_list():
    return SupportOutcome.objects.select_related("enterprise")


# --- the summary ------------------------------------------------------------------------------
# Each figure is declared once, as the list it is taken from and that list's query
# parameters: its value and its drill-down link both come from the declaration
# (cuizhai.core.base.summary), so the link always lists the records the figure counts.
PROJECTS = Listing("projects-api:project-list", project_list, filtersets.ProjectFilterSet)
MONTHLY_PROGRESS = Listing("projects-api:monthlyprogress-list", monthly_progress_list,
                           filtersets.MonthlyProgressFilterSet)
PROBLEMS = Listing("projects-api:projectproblem-list",
                   lambda: project_problem_list().with_timeliness(),
                   filtersets.ProjectProblemFilterSet)
# The core's enterprise register, with this app's visits (projects.registers) among its filters.
ENTERPRISES = Listing("core-api:enterprise-list", core_selectors.enterprise_list,
                      extended_filterset(core_filtersets.EnterpriseFilterSet))
VISITS = Listing("projects-api:visit-list", visit_list, filtersets.VisitFilterSet)
NEEDS = Listing("projects-api:enterpriseneed-list",
                lambda: enterprise_need_list().with_timeliness(),
                filtersets.EnterpriseNeedFilterSet)
SUPPORT_OUTCOMES = Listing("projects-api:supportoutcome-list", support_outcome_list,
                           filtersets.SupportOutcomeFilterSet)

# The period reaches each list through its date filters (``During``): the year filter for a
# calendar year, the date range for a shorter period. ``YEAR`` (the plan year) is the year
# the period ends in; figures with neither are states, whatever the period.
REPORTED = {"reported_year": During("reported")}
PROBLEMS_RAISED = Figure(PROBLEMS, REPORTED, caption=_("Problems raised"))
NEEDS_RAISED = REPORTED
INVESTMENT_IN_PERIOD = {"year": During("month", by_month=True)}

PROJECTS_SUMMARY = Summary("ProjectsSummary", {
    "projects_by_stage": Breakdown(PROJECTS, "stage", BatchStage),
    "projects_by_status": Breakdown(PROJECTS, "status", ProjectStatus),
    # The bonds are all the central special-bond lines of these projects, whatever year
    # each line is for: the sum of the list's own central_special_bonds column.
    "newly_planned": Figure(
        PROJECTS, {"stage": BatchStage.PLANNED, "plan_year": YEAR},
        caption=_("Newly planned projects"), count=Rows(),
        total_investment=Total("total_investment"),
        central_special_bonds=Total("central_special_bonds"),
    ),
    "under_construction": Figure(PROJECTS, {"status": ProjectStatus.CONSTRUCTION},
                                 caption=_("Projects under construction")),
    "completed": Figure(PROJECTS, {"status": ProjectStatus.COMPLETED,
                                      "completed_year": During("completed")},
                        caption=_("Projects completed in the period")),
    "relocation_projects": Figure(PROJECTS, {"is_relocation": True},
                                  caption=_("Enterprise relocation projects")),
    "investment_completed": Figure(MONTHLY_PROGRESS, INVESTMENT_IN_PERIOD,
                                   caption=_("Investment completed in the period"),
                                   amount=Total("investment_completed")),
    "problems": {
        "raised": PROBLEMS_RAISED,
        "responded_within_24h": Figure(
            PROBLEMS, {**REPORTED, "responded_in_time": True},
            caption=_("Problems answered within 24 hours"),
            count=Rows(), rate=Percent(of=PROBLEMS_RAISED),
        ),
        "overdue": Figure(PROBLEMS, {**REPORTED, "timeliness": Timeliness.OVERDUE},
                          caption=_("Problems overdue")),
    },
    "enterprises": {
        "visited": Figure(ENTERPRISES, {"visited_year": During("visited")},
                          caption=_("Enterprises visited")),
        "visits": Figure(VISITS, {"year": During("date")}, caption=_("Enterprise visits")),
        "needs_open": Figure(NEEDS, {**NEEDS_RAISED, "is_open": True},
                             caption=_("Enterprise needs still open")),
        # Resolved = resolved or closed; closed = verified and closed (核验销号) only.
        "needs_resolved": Figure(NEEDS, {**NEEDS_RAISED, "is_open": False},
                                 caption=_("Enterprise needs resolved")),
        "needs_closed": Figure(NEEDS, {**NEEDS_RAISED, "status": WorkflowStatus.CLOSED},
                               caption=_("Enterprise needs verified and closed")),
        # 回访: of the needs raised in the year whose enterprise was asked back on
        # verification, how many answered satisfied or basically satisfied.
        "needs_satisfaction": satisfaction_figure(
            NEEDS, NEEDS_RAISED, caption=_("Enterprise needs asked back on verification")),
        "honours": Figure(SUPPORT_OUTCOMES, {"kind": SupportKind.HONOUR, "year": During("date")},
                          caption=_("Honours won by enterprises")),
        "funds": Figure(SUPPORT_OUTCOMES, {"kind": SupportKind.FUNDS, "year": During("date")},
                        caption=_("Funds obtained for enterprises"), count=Rows(),
                        amount=Total("amount")),
    },
})


# The monthly series of the dashboard's trends and the reports' charts: one figure per month
# of the period, each with its link (the same declarations as the summary's figures).
PROJECTS_SERIES = Summary("ProjectsSeries", {
    "investment_completed": Monthly(MONTHLY_PROGRESS, INVESTMENT_IN_PERIOD,
                                    caption=_("Investment completed in the month"),
                                    count=Rows(), amount=Total("investment_completed")),
    "completed": Monthly(PROJECTS, {"status": ProjectStatus.COMPLETED,
                                    "completed_year": During("completed")},
                         caption=_("Projects completed in the month")),
    "problems_raised": Monthly(PROBLEMS, REPORTED, caption=_("Problems raised in the month")),
})


def projects_summary(period):
    """The figures of ``GET /api/v1/projects/summary/?year=`` (or ``?period=``) for
    ``period`` (a ``Period``, or a year): the declared figures (one aggregate query per
    list), the indicators of the year the period ends in, as of its last month, and that
    year's projects campaigns."""
    period = as_period(period)
    year = period.end.year
    return {
        **period_figures(period, PROJECTS_SUMMARY.evaluate(period=period)),
        "indicators": list(summary_indicator_values(year, up_to_month=period.end.month)),
        "campaigns": list(
            core_selectors.campaign_list().filter(area=Area.PROJECTS, year=year)
            .order_by("name")
        ),
    }


SUMMARY_INDICATOR_AREAS = (Area.PROJECTS, Area.ECONOMY)


def summary_indicator_values(year, up_to_month=12):
    """Each projects/economy indicator's latest value in ``year`` (its highest month, up to
    ``up_to_month``), with the year-on-year growth the core computes."""
    latest_month = (
        IndicatorValue.objects.filter(indicator=OuterRef("indicator"), year=year,
                                      month__lte=up_to_month)
        .order_by("-month").values("month")[:1]
    )
    return (
        core_selectors.indicator_value_list()
        .filter(indicator__area__in=SUMMARY_INDICATOR_AREAS, year=year,
                month=Subquery(latest_month))
        .order_by("indicator__area", "indicator__code")
    )

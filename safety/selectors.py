"""Reads of the safety app that the API, the ledger export, the admin and the summary
share."""

from datetime import timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cuizhai.core import selectors as core_selectors
from cuizhai.core.base.selectors import subquery_count, subquery_sum, with_assessment_scores
from cuizhai.core.base.summary import (
    Breakdown,
    During,
    Figure,
    Listing,
    MedianDays,
    Monthly,
    Percent,
    Rows,
    Summary,
    Total,
    as_period,
    period_figures,
)
from cuizhai.core.choices import PersonKind, Severity, Timeliness, WorkflowStatus
from safety import filtersets
from safety.choices import HazardCategory, InspectionDepth, InspectionKind
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)

# "Found again within a year": an earlier hazard of the same category at the same target
# reported at most this long before.
REPEAT_WINDOW = timedelta(days=365)


def _earlier_at_the_same_target(target, *same):
    """An earlier hazard of the outer one's category at its target ``target`` (a column
    that is set for that kind of target), within ``REPEAT_WINDOW``: an earlier report, or
    the same moment and a smaller id. ``same``: further columns that must be equal."""
    # reported_at__lte first: the window is then a range of the index on its own, the
    # tie at the same moment a filter on the few rows in it.
    earlier = Q(reported_at__lt=OuterRef("reported_at")) | Q(pk__lt=OuterRef("pk"))
    return Exists(Hazard.objects.filter(
        earlier,
        *same,
        **{target: OuterRef(target)},
        category=OuterRef("category"),
        reported_at__gte=OuterRef("reported_at") - REPEAT_WINDOW,
        reported_at__lte=OuterRef("reported_at"),
    ))


def repeat_condition():
    """Whether the outer hazard was already found at its target in its category within
    ``REPEAT_WINDOW`` before it.

    A target is exactly one of the three (Hazard's constraint: an enterprise, a project, or
    a named site in exactly one village or community), so each kind of target is looked up
    on its own, by equality on its column: an index probe per hazard (the foreign keys'
    indexes; ``safety_hazard_site_repeat_idx`` for sites). One lookup with the three joined
    by OR could use no index: every hazard was compared with every hazard of its category
    (the summary's repeat figure took seconds, the hazards CSV minutes at one tenth of the
    city)."""
    same_place = Q(village=OuterRef("village")) | Q(community=OuterRef("community"))
    return ExpressionWrapper(
        (Q(enterprise__isnull=False) & Q(_earlier_at_the_same_target("enterprise")))
        | (Q(project__isnull=False) & Q(_earlier_at_the_same_target("project")))
        | (~Q(site="") & Q(_earlier_at_the_same_target("site", ~Q(site=""), same_place))),
        output_field=BooleanField(),
    )


def hazard_list():
    """Hazards with their target, responsible unit and people loaded, and ``is_repeat``."""
    return (
        Hazard.objects.select_related(
            "enterprise", "project", "village", "community",
            # The inspection reads as its date and target.
            "inspection__enterprise", "inspection__project", "inspection__village",
            "inspection__community",
            "responsible_enterprise", "responsible_department", "reported_by",
            "resolved_by", "verified_by",
        )
        .annotate(is_repeat=repeat_condition())
    )


def hazard_rows():
    """The list as the closed-loop viewset serves it: with timeliness (``Listing``)."""
    return hazard_list().with_timeliness()


EXPERT_ON_IT = Exists(Inspection.inspectors.through.objects.filter(
    inspection=OuterRef("pk"), person__kind=PersonKind.SAFETY_EXPERT))


def inspection_list():
    """Inspections with their checklist totals (the core's), ``is_expert`` (an outside
    safety expert among the inspectors) and ``hazard_count`` (hazards found on it)."""
    return with_assessment_scores(
        Inspection.objects.select_related("template", "completed_by", "enterprise", "project",
                                          "village", "community")
        .prefetch_related("inspectors", "results__criterion", "results__photos")
        .annotate(is_expert=EXPERT_ON_IT,
                  hazard_count=subquery_count(Hazard, fk="inspection"))
    )


def enforcement_case_list():
    return EnforcementCase.objects.select_related("enterprise", "project", "village",
                                                  "community")


def traffic_event_list():
    return TrafficPublicityEvent.objects.select_related("village", "community").annotate(
        persuasion_count=subquery_sum(TrafficPersuasion, "count", fk="event"))


def traffic_persuasion_list():
    return TrafficPersuasion.objects.select_related("village", "community", "event")


def traffic_facility_work_list():
    return TrafficFacilityWork.objects.select_related("village", "community")


# --- the summary ------------------------------------------------------------------------------
HAZARDS = Listing("safety-api:hazard-list", hazard_rows, filtersets.HazardFilterSet)
INSPECTIONS = Listing("safety-api:inspection-list", inspection_list,
                      filtersets.InspectionFilterSet)
CASES = Listing("safety-api:enforcementcase-list", enforcement_case_list,
                filtersets.EnforcementCaseFilterSet)
EVENTS = Listing("safety-api:trafficpublicityevent-list", traffic_event_list,
                 filtersets.TrafficPublicityEventFilterSet)
PERSUASIONS = Listing("safety-api:trafficpersuasion-list", traffic_persuasion_list,
                      filtersets.TrafficPersuasionFilterSet)
FACILITIES = Listing("safety-api:trafficfacilitywork-list", traffic_facility_work_list,
                     filtersets.TrafficFacilityWorkFilterSet)

YUAN = _("yuan")
PEOPLE = pgettext_lazy("unit", "people")
SETS = pgettext_lazy("unit", "sets")
# The period reaches each list through its date filters (``During``): the year filter for a
# calendar year, the date range for a shorter period.
FOUND_IN_YEAR = {"reported_year": During("reported")}
ON_DATE = {"year": During("date")}
HAZARDS_FOUND = Figure(HAZARDS, FOUND_IN_YEAR, caption=_("Hazards found"))
MAJOR_FOUND = Figure(HAZARDS, {**FOUND_IN_YEAR, "severity": Severity.MAJOR},
                     caption=_("Major hazards found"))
INSPECTIONS_MADE = Figure(INSPECTIONS, ON_DATE, caption=_("Inspections"))


class _Months:
    """The months of the year as a Breakdown's choices."""

    choices = [(month, format_lazy(_("Month {month}"), month=month)) for month in range(1, 13)]


SAFETY_SUMMARY = Summary("SafetySummary", {
    "inspections": {
        "all": INSPECTIONS_MADE,
        "expert": Figure(INSPECTIONS, {**ON_DATE, "is_expert": True},
                         caption=_("Inspections with an outside safety expert"),
                         count=Rows(), rate=Percent(of=INSPECTIONS_MADE)),
        "dissecting": Figure(INSPECTIONS, {**ON_DATE, "depth": InspectionDepth.DISSECTING},
                             caption=_("In-depth (dissecting) inspections")),
        "by_kind": Breakdown(INSPECTIONS, "kind", InspectionKind, ON_DATE),
    },
    "hazards": {
        "found": HAZARDS_FOUND,
        "rectified": Figure(HAZARDS, {**FOUND_IN_YEAR, "is_open": False},
                            caption=_("Hazards rectified (resolved or verified)"),
                            count=Rows(), rate=Percent(of=HAZARDS_FOUND)),
        # With the median days from report to verification and closing (calendar days,
        # as resettlement's repair requests).
        "verified": Figure(HAZARDS, {**FOUND_IN_YEAR, "status": WorkflowStatus.CLOSED},
                           caption=_("Hazards verified and closed"),
                           count=Rows(), rate=Percent(of=HAZARDS_FOUND),
                           median_days_to_close=MedianDays("reported_at", "closed_at")),
        "open": Figure(HAZARDS, {**FOUND_IN_YEAR, "is_open": True},
                       caption=_("Hazards still open")),
        "overdue": Figure(HAZARDS, {**FOUND_IN_YEAR, "timeliness": Timeliness.OVERDUE},
                          caption=_("Hazards overdue")),
        "repeats": Figure(HAZARDS, {**FOUND_IN_YEAR, "is_repeat": True},
                          caption=_("Hazards found again within a year")),
        "major": {
            "found": MAJOR_FOUND,
            "verified": Figure(HAZARDS, {**FOUND_IN_YEAR, "severity": Severity.MAJOR,
                                         "status": WorkflowStatus.CLOSED},
                               caption=_("Major hazards verified and closed"),
                               count=Rows(), rate=Percent(of=MAJOR_FOUND)),
            "overdue": Figure(HAZARDS, {**FOUND_IN_YEAR, "severity": Severity.MAJOR,
                                        "timeliness": Timeliness.OVERDUE},
                              caption=_("Major hazards overdue")),
        },
        "by_level": Breakdown(HAZARDS, "severity", Severity, FOUND_IN_YEAR),
        "by_category": Breakdown(HAZARDS, "category", HazardCategory, FOUND_IN_YEAR),
        "by_month": Breakdown(HAZARDS, "reported_month", _Months, FOUND_IN_YEAR),
    },
    "enforcement": Figure(CASES, ON_DATE, caption=_("Enforcement cases"),
                          count=Rows(), fines=Total("fine_yuan", unit=YUAN)),
    "traffic": {
        "events": Figure(EVENTS, ON_DATE, caption=_("Traffic-safety publicity events"),
                         count=Rows(), audience=Total("audience_count", unit=PEOPLE,
                                                      places=0)),
        # A traffic-safety inspection is the check made with the traffic police (联合交警
        # 排查): the traffic hazards found on one, not those other inspections or reports found.
        "hazards": Figure(HAZARDS, {**FOUND_IN_YEAR, "category": HazardCategory.TRAFFIC,
                                    "inspection_kind": InspectionKind.TRAFFIC},
                          caption=_("Traffic hazards found with the traffic police")),
        "persuasions": Figure(PERSUASIONS, ON_DATE,
                              caption=_("On-the-spot persuasions against violations"),
                              count=Rows(), persuasions=Total("count", unit=_("times"),
                                                              places=0)),
        "facilities": Figure(FACILITIES, ON_DATE,
                             caption=_("Traffic-safety facilities repaired or installed"),
                             count=Rows(), sets=Total("quantity", unit=SETS, places=0),
                             cost=Total("cost_yuan", unit=YUAN)),
    },
})

# The monthly series of the dashboard's trends and the reports' charts: one figure per month
# of the period, each with its link (the same declarations as the summary's figures).
# "Rectified" is as in the summary: of the hazards found in the month, those rectified since.
SAFETY_SERIES = Summary("SafetySeries", {
    "hazards_found": Monthly(HAZARDS, FOUND_IN_YEAR, caption=_("Hazards found in the month")),
    "hazards_rectified": Monthly(HAZARDS, {**FOUND_IN_YEAR, "is_open": False},
                                 caption=_("Hazards found in the month and rectified")),
    "inspections": Monthly(INSPECTIONS, ON_DATE, caption=_("Inspections in the month")),
})

ROAD_DEATHS = "road-deaths"


def road_deaths(period):
    """The road traffic deaths of the year ``period`` ends in (the core indicator
    ``road-deaths``, its latest month up to the period's last) with the same period last
    year and the computed 同比; None if not entered."""
    period = as_period(period)
    return (core_selectors.indicator_value_list()
            .filter(indicator__code=ROAD_DEATHS, year=period.end.year,
                    month__lte=period.end.month)
            .order_by("-month").first())


def safety_summary(period):
    """The figures of ``GET /api/v1/safety/summary/?year=`` (or ``?period=``) for
    ``period`` (a ``Period`` or a year): the declared figures (one aggregate query per
    list) and the road deaths."""
    period = as_period(period)
    return {**period_figures(period, SAFETY_SUMMARY.evaluate(period=period)),
            "road_deaths": road_deaths(period)}

"""Reads of the safety app that the API, the ledger export, the admin and the summary
share."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q

from cuizhai.core.base.selectors import subquery_count, subquery_sum, with_assessment_scores
from cuizhai.core.choices import PersonKind
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


def _same_target():
    # A target is exactly one of the three (Hazard's constraint), and a site is in exactly
    # one village or community, so equal non-null columns mean the same target.
    return (
        Q(enterprise=OuterRef("enterprise"))
        | Q(project=OuterRef("project"))
        | (Q(site=OuterRef("site")) & ~Q(site="")
           & (Q(village=OuterRef("village")) | Q(community=OuterRef("community"))))
    )


def repeat_condition():
    """Whether the outer hazard was already found at its target in its category within
    ``REPEAT_WINDOW`` before it (an earlier report, or the same moment and a smaller id)."""
    earlier = (
        Q(reported_at__lt=OuterRef("reported_at"))
        | Q(reported_at=OuterRef("reported_at"), pk__lt=OuterRef("pk"))
    )
    return Exists(Hazard.objects.filter(
        _same_target(), earlier,
        category=OuterRef("category"),
        reported_at__gte=OuterRef("reported_at") - REPEAT_WINDOW,
    ))


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

"""Filters of the safety lists. Derived state (a repeat hazard, an expert inspection) has a
method over the selector's annotation, so that the summary's figures and the lists behind
their links count the same rows."""

import django_filters
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import (
    ClosedLoopFilterSet,
    SearchFilterSet,
    YearFilter,
    date_range_filters,
    related_filters,
)
from cuizhai.core.filtersets import EnterpriseFilters
from cuizhai.core.models import Community, Department, Enterprise, Person, Village
from safety.choices import (
    EnforcementKind,
    EnforcementMeasure,
    FacilityKind,
    HazardCategory,
    InspectionDepth,
    InspectionKind,
    PersuasionSetting,
)
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)

VillageFilters = related_filters("village", Village, by="name")
CommunityFilters = related_filters("community", Community, by="name")


def _annotation_flag(annotation):
    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{annotation: value})
    return filter_flag


class PlaceFilterSet(VillageFilters, CommunityFilters, SearchFilterSet):
    """Where: village and community, a named site by ``q``."""


class TargetFilterSet(EnterpriseFilters, PlaceFilterSet):
    """What was inspected: an enterprise, a project (``project_id``) or a site."""

    project_id = django_filters.NumberFilter(field_name="project", label=_("project (id)"))


class InspectionFilterSet(date_range_filters("date", "assessed_on", label=_("date")),
                          TargetFilterSet):
    search_fields = ("enterprise__name", "project__name", "site", "assessors")
    kind = django_filters.MultipleChoiceFilter(choices=InspectionKind.choices, label=_("kind"))
    depth = django_filters.MultipleChoiceFilter(choices=InspectionDepth.choices,
                                                label=_("depth"))
    year = YearFilter(field_name="assessed_on", lookup_expr="year", label=_("year"))
    inspector_id = django_filters.ModelMultipleChoiceFilter(
        queryset=Person.objects.all(), field_name="inspectors", label=_("inspector (id)"))
    inspector = django_filters.CharFilter(field_name="inspectors__name", distinct=True,
                                          label=_("inspector (name)"))
    is_expert = django_filters.BooleanFilter(method="filter_is_expert",
                                             label=_("expert inspection"))
    has_hazards = django_filters.BooleanFilter(method="filter_has_hazards",
                                               label=_("hazards found"))

    class Meta:
        model = Inspection
        fields = ["id", "status", "template"]

    filter_is_expert = _annotation_flag("is_expert")

    def filter_has_hazards(self, queryset, name, value):
        return queryset.filter(hazard_count__gt=0) if value else queryset.filter(hazard_count=0)


class HazardFilterSet(
    related_filters("responsible_department", Department, by="name",
                    label=_("responsible department")),
    related_filters("responsible_enterprise", Enterprise, by="name",
                    label=_("responsible enterprise")),
    EnterpriseFilters, VillageFilters, CommunityFilters, ClosedLoopFilterSet,
):
    search_fields = ("title", "description", "measures", "enterprise__name", "project__name",
                     "site", "responsible_person")
    category = django_filters.MultipleChoiceFilter(choices=HazardCategory.choices,
                                                   label=_("category"))
    project_id = django_filters.NumberFilter(field_name="project", label=_("project (id)"))
    inspection_id = django_filters.NumberFilter(field_name="inspection",
                                                label=_("inspection (id)"))
    inspection_kind = django_filters.MultipleChoiceFilter(
        field_name="inspection__kind", choices=InspectionKind.choices,
        label=_("kind of inspection"))
    from_inspection = django_filters.BooleanFilter(
        field_name="inspection", lookup_expr="isnull", exclude=True,
        label=_("found on an inspection"))
    reported_month = django_filters.NumberFilter(
        field_name="reported_at", lookup_expr="month", min_value=1, max_value=12,
        label=_("month reported"))
    closed_year = YearFilter(field_name="closed_at", lookup_expr="year",
                             label=_("year closed"))
    is_repeat = django_filters.BooleanFilter(method="filter_is_repeat", label=_("repeat"))

    class Meta:
        model = Hazard
        fields = ["id"]

    filter_is_repeat = _annotation_flag("is_repeat")


ON_DATE = date_range_filters("date", "date", label=_("date"))


class EnforcementCaseFilterSet(ON_DATE, TargetFilterSet):
    search_fields = ("violation", "enterprise__name", "project__name", "site")
    kind = django_filters.MultipleChoiceFilter(choices=EnforcementKind.choices, label=_("kind"))
    measure = django_filters.MultipleChoiceFilter(choices=EnforcementMeasure.choices,
                                                  label=_("measure"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = EnforcementCase
        fields = ["id", "is_closed"]


class TrafficPublicityEventFilterSet(ON_DATE, PlaceFilterSet):
    search_fields = ("title", "site")
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = TrafficPublicityEvent
        fields = ["id"]


class TrafficPersuasionFilterSet(ON_DATE, PlaceFilterSet):
    search_fields = ("site", "note")
    setting = django_filters.MultipleChoiceFilter(choices=PersuasionSetting.choices,
                                                  label=_("setting"))
    event_id = django_filters.NumberFilter(field_name="event", label=_("event (id)"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = TrafficPersuasion
        fields = ["id"]


class TrafficFacilityWorkFilterSet(ON_DATE, PlaceFilterSet):
    search_fields = ("site", "note")
    kind = django_filters.MultipleChoiceFilter(choices=FacilityKind.choices, label=_("kind"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = TrafficFacilityWork
        fields = ["id"]

"""Filters of the party-building lists. An id filter is paired with a readable one
(``organisation_id`` and ``organisation``); derived state (young, below quota, rating) has
a filter on the selector's annotation, so that the summary's figures and the lists behind
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
from cuizhai.core.choices import AssessmentStatus, PersonKind
from cuizhai.core.models import Community, Person, Village
from partybuilding.choices import (
    AttendanceStatus,
    CollectiveAssetProblemKind,
    ElectionResult,
    EvaluationPeriod,
    EvaluationRating,
    OrganisationKind,
    TrainingKind,
)
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)
from projects.models import Project

OrganisationFilters = related_filters("organisation", PartyOrganisation, by="name",
                                      label=_("party organisation"))
VillageFilters = related_filters("village", Village, by="name")
PersonFilters = related_filters("person", Person, by="name")
# held_after / held_before: an election's and a training session's day (``During("held")``).
HeldOnFilters = date_range_filters("held", "held_on", label=_("date held"))


class PartyOrganisationFilterSet(
    VillageFilters,
    related_filters("community", Community, by="name"),
    related_filters("parent", PartyOrganisation, by="name", label=_("parent organisation")),
    SearchFilterSet,
):
    search_fields = ("name",)
    kind = django_filters.MultipleChoiceFilter(choices=OrganisationKind.choices,
                                               label=_("kind"))

    class Meta:
        model = PartyOrganisation
        fields = ["id"]


class ElectionFilterSet(OrganisationFilters, HeldOnFilters, SearchFilterSet):
    search_fields = ("organisation__name", "note")
    year = YearFilter(field_name="held_on", lookup_expr="year", label=_("year"))
    result = django_filters.MultipleChoiceFilter(choices=ElectionResult.choices,
                                                 label=_("result"))

    class Meta:
        model = Election
        fields = ["id"]


class CadreProfileFilterSet(PersonFilters, OrganisationFilters, SearchFilterSet):
    search_fields = ("person__name", "party_post", "person__post")
    person_kind = django_filters.MultipleChoiceFilter(
        field_name="person__kind", choices=PersonKind.choices, label=_("kind of person"))
    is_reserve = django_filters.BooleanFilter(label=_("reserve cadre"))
    reserve_since_year = YearFilter(field_name="reserve_since", lookup_expr="year",
                                    label=_("reserve cadre since (year)"))
    is_young = django_filters.BooleanFilter(label=_("young cadre"))
    mentor_id = django_filters.ModelMultipleChoiceFilter(
        field_name="mentor", queryset=Person.objects.all(), label=_("growth mentor (id)"))
    mentor = django_filters.CharFilter(field_name="mentor__name",
                                       label=_("growth mentor (name)"))
    young_placed_year = YearFilter(method="filter_young_placed_year",
                                   label=_("young cadres placed in the year"))

    class Meta:
        model = CadreProfile
        fields = ["id"]

    def filter_young_placed_year(self, queryset, name, value):
        from partybuilding.selectors import placed_young_cadres

        return queryset.filter(pk__in=placed_young_cadres(value).values("cadre"))


class PlacementFilterSet(related_filters("project", Project, by="code"), SearchFilterSet):
    search_fields = ("cadre__person__name", "region", "project__name", "note")
    cadre_id = django_filters.ModelMultipleChoiceFilter(
        field_name="cadre", queryset=CadreProfile.objects.all(), label=_("cadre (id)"))
    cadre = django_filters.CharFilter(field_name="cadre__person__name",
                                      label=_("cadre (name)"))
    year = YearFilter(field_name="start_date", lookup_expr="year", label=_("year started"))
    at_project = django_filters.BooleanFilter(field_name="project", lookup_expr="isnull",
                                              exclude=True, label=_("at a project"))
    young_placed_year = YearFilter(method="filter_young_placed_year",
                                   label=_("young cadres placed in the year"))

    class Meta:
        model = Placement
        fields = ["id"]

    def filter_young_placed_year(self, queryset, name, value):
        from partybuilding.selectors import placed_young_cadres

        return queryset.filter(pk__in=placed_young_cadres(value).values("pk"))


class TrainingSessionFilterSet(OrganisationFilters, HeldOnFilters, SearchFilterSet):
    search_fields = ("title", "lecturer", "place")
    kind = django_filters.MultipleChoiceFilter(choices=TrainingKind.choices, label=_("kind"))
    year = YearFilter(field_name="held_on", lookup_expr="year", label=_("year"))

    class Meta:
        model = TrainingSession
        fields = ["id"]


class AttendanceFilterSet(PersonFilters, SearchFilterSet):
    search_fields = ("person__name", "session__title")
    session_id = django_filters.ModelMultipleChoiceFilter(
        field_name="session", queryset=TrainingSession.objects.all(),
        label=_("training session (id)"))
    session = django_filters.CharFilter(field_name="session__title",
                                        label=_("training session (title)"))
    status = django_filters.MultipleChoiceFilter(choices=AttendanceStatus.choices,
                                                 label=_("status"))
    session_kind = django_filters.MultipleChoiceFilter(
        field_name="session__kind", choices=TrainingKind.choices, label=_("kind of training"))
    year = YearFilter(field_name="session__held_on", lookup_expr="year", label=_("year"))
    person_kind = django_filters.MultipleChoiceFilter(
        field_name="person__kind", choices=PersonKind.choices, label=_("kind of person"))

    class Meta:
        model = Attendance
        fields = ["id"]


class TrainingQuotaFilterSet(SearchFilterSet):
    year = YearFilter(label=_("year"))
    person_kind = django_filters.MultipleChoiceFilter(choices=PersonKind.choices,
                                                      label=_("kind of person"))

    class Meta:
        model = TrainingQuota
        fields = ["id"]


class TrainingHoursFilterSet(SearchFilterSet):
    """Over ``selectors.training_hours``: ``year`` counts the hours of that year (this
    year's without it), before ``below_quota`` compares them with the quota."""

    search_fields = ("name", "post")
    kind = django_filters.MultipleChoiceFilter(choices=PersonKind.choices, label=_("kind"))
    year = YearFilter(method="filter_year", label=_("year"))
    below_quota = django_filters.BooleanFilter(method="filter_below_quota",
                                               label=_("below quota"))
    village_id = django_filters.ModelMultipleChoiceFilter(
        field_name="village", queryset=Village.objects.all(), label=_("village (id)"))
    village = django_filters.CharFilter(field_name="village__name", label=_("village (name)"))

    class Meta:
        model = Person
        fields = ["id", "is_active"]

    def filter_year(self, queryset, name, value):
        from partybuilding.selectors import with_training_hours

        return with_training_hours(queryset, value)

    def filter_below_quota(self, queryset, name, value):
        below = {"hours_lacking__gt": 0}
        return queryset.filter(**below) if value else queryset.exclude(**below)


class VillageEvaluationFilterSet(VillageFilters, SearchFilterSet):
    search_fields = ("village__name", "assessors")
    year = YearFilter(label=_("year"))
    period = django_filters.MultipleChoiceFilter(choices=EvaluationPeriod.choices,
                                                 label=_("period"))
    status = django_filters.MultipleChoiceFilter(choices=AssessmentStatus.choices,
                                                 label=_("status"))
    rating = django_filters.MultipleChoiceFilter(choices=EvaluationRating.choices,
                                                 label=_("rating"))
    has_open_problems = django_filters.BooleanFilter(method="filter_has_open_problems",
                                                     label=_("has open problems"))

    class Meta:
        model = VillageEvaluation
        fields = ["id", "template"]

    def filter_has_open_problems(self, queryset, name, value):
        return (queryset.filter(open_problem_count__gt=0) if value
                else queryset.filter(open_problem_count=0))


class EvaluationProblemFilterSet(ClosedLoopFilterSet):
    evaluation_id = django_filters.ModelMultipleChoiceFilter(
        field_name="evaluation", queryset=VillageEvaluation.objects.all(),
        label=_("evaluation (id)"))
    evaluation = django_filters.CharFilter(field_name="evaluation__village__name",
                                           label=_("evaluation (village name)"))
    village_id = django_filters.ModelMultipleChoiceFilter(
        field_name="evaluation__village", queryset=Village.objects.all(),
        label=_("village (id)"))
    village = django_filters.CharFilter(field_name="evaluation__village__name",
                                        label=_("village (name)"))
    evaluation_year = YearFilter(field_name="evaluation__year", label=_("year evaluated"))
    from_criterion = django_filters.BooleanFilter(
        field_name="source_result", lookup_expr="isnull", exclude=True,
        label=_("raised from a criterion"))

    class Meta:
        model = EvaluationProblem
        fields = ["id"]


class CollectiveAssetProblemFilterSet(VillageFilters, ClosedLoopFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=CollectiveAssetProblemKind.choices,
                                               label=_("kind"))

    class Meta:
        model = CollectiveAssetProblem
        fields = ["id"]

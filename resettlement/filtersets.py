"""Filters of the resettlement lists: every column a dashboard or a clerk slices on.

Each relation a list is sliced by has an id filter and a readable one (``village_id`` and
``village``), reaching the community through the building or the village where the record
has none of its own; derived state ("selected", "overdue", a year) has a filter, so that the
summary's figures and the lists behind their links count the same rows.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import (
    ClosedLoopFilterSet,
    HashedExactFilter,
    SearchFilterSet,
    YearFilter,
    date_range_filters,
    related_filters,
)
from cuizhai.core.models import Community, Person, Village
from resettlement.choices import (
    ELIGIBLE_FOR_SELECTION,
    HelpScenario,
    HouseholdStatus,
    PropertySplit,
    Relation,
    RepairCategory,
    RolloutState,
    Scenario,
    UnitLayout,
    UnitStatus,
)
from resettlement.models import (
    Building,
    CommunityScenario,
    Handover,
    HelpLineTicket,
    Household,
    HouseholdMember,
    HousingUnit,
    LandAcquisition,
    MerchantDemolition,
    RepairRequest,
    Selection,
    ServiceCentre,
)
from resettlement.models.housing import has_selected


def community_filters(path="community"):
    return related_filters("community", Community, by="name", path=path)


def village_filters(path="village"):
    return related_filters("village", Village, by="name", path=path)


BuildingFilters = related_filters("building", Building, by="number")
HouseholdFilters = related_filters("household", Household, by="code")


class BuildingFilterSet(community_filters(), SearchFilterSet):
    search_fields = ("number", "community__name")

    class Meta:
        model = Building
        fields = ["id", "number"]


class ServiceCentreFilterSet(community_filters(), SearchFilterSet):
    search_fields = ("name", "community__name")
    completed = django_filters.BooleanFilter(field_name="completed_on", lookup_expr="isnull",
                                             exclude=True, label=_("completed"))

    class Meta:
        model = ServiceCentre
        fields = ["id"]


class CommunityScenarioFilterSet(community_filters(), SearchFilterSet):
    search_fields = ("community__name", "note")
    scenario = django_filters.MultipleChoiceFilter(choices=Scenario.choices,
                                                   label=_("scenario"))
    state = django_filters.MultipleChoiceFilter(choices=RolloutState.choices,
                                                label=_("roll-out state"))

    class Meta:
        model = CommunityScenario
        fields = ["id"]


class SourceVillageFilterSet(community_filters("resettled_in"), SearchFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Village
        fields = ["id", "code"]


class HouseholdFilterSet(
    village_filters(), community_filters("village__resettled_in"),
    related_filters("cadre", Person, by="name", label=_("responsible cadre")),
    SearchFilterSet,
):
    # An ID number is found whole, by its hash (``q`` does too); never by a substring.
    search_fields = ("code", "head_name", "note")
    head_id_number = HashedExactFilter(label=_("head's ID number"))
    status = django_filters.MultipleChoiceFilter(choices=HouseholdStatus.choices,
                                                 label=_("status"))
    split_status = django_filters.MultipleChoiceFilter(choices=PropertySplit.choices,
                                                       label=_("property split"))
    eligible = django_filters.BooleanFilter(method="filter_eligible",
                                            label=_("eligible to select (contract signed)"))
    has_selected = django_filters.BooleanFilter(method="filter_has_selected",
                                                label=_("has selected a unit"))
    contract_year = YearFilter(field_name="contract_date", lookup_expr="year",
                               label=_("year signed"))

    class Meta:
        model = Household
        fields = ["id", "code"]

    def filter_eligible(self, queryset, name, value):
        eligible = {"status__in": ELIGIBLE_FOR_SELECTION}
        return queryset.filter(**eligible) if value else queryset.exclude(**eligible)

    def filter_has_selected(self, queryset, name, value):
        return queryset.filter(has_selected()) if value else queryset.exclude(has_selected())


class HouseholdMemberFilterSet(HouseholdFilters, village_filters("household__village"),
                               SearchFilterSet):
    search_fields = ("name",)
    id_number = HashedExactFilter(label=_("ID number"))
    relation = django_filters.MultipleChoiceFilter(choices=Relation.choices,
                                                   label=_("relation to the head"))

    class Meta:
        model = HouseholdMember
        fields = ["id"]


class HousingUnitFilterSet(BuildingFilters, community_filters("building__community"),
                           SearchFilterSet):
    search_fields = ("room", "building__number", "building__community__name")
    status = django_filters.MultipleChoiceFilter(choices=UnitStatus.choices, label=_("status"))
    layout = django_filters.MultipleChoiceFilter(choices=UnitLayout.choices, label=_("layout"))

    class Meta:
        model = HousingUnit
        fields = ["id", "entrance", "floor"]


class SelectionFilterSet(HouseholdFilters, village_filters("household__village"),
                         community_filters("unit__building__community"), SearchFilterSet):
    search_fields = ("household__code", "unit__room", "unit__building__number")
    year = YearFilter(field_name="selected_on", lookup_expr="year", label=_("year selected"))

    class Meta:
        model = Selection
        fields = ["id", "unit"]


class HandoverFilterSet(community_filters("unit__building__community"),
                        related_filters("building", Building, by="number",
                                        path="unit__building"),
                        date_range_filters("handed_over", "handed_over_on",
                                           label=_("date handed over")),
                        SearchFilterSet):
    search_fields = ("unit__room", "unit__building__number", "note")
    year = YearFilter(field_name="handed_over_on", lookup_expr="year",
                      label=_("year handed over"))

    class Meta:
        model = Handover
        fields = ["id", "unit"]


class RepairRequestFilterSet(community_filters("unit__building__community"),
                             related_filters("building", Building, by="number",
                                             path="unit__building"),
                             ClosedLoopFilterSet):
    category = django_filters.MultipleChoiceFilter(choices=RepairCategory.choices,
                                                   label=_("repair category"))
    is_repeat = django_filters.BooleanFilter(label=_("repeat request"))
    closed_year = YearFilter(field_name="closed_at", lookup_expr="year",
                             label=_("year closed"))

    class Meta:
        model = RepairRequest
        fields = ["id", "unit"]


class HelpLineTicketFilterSet(community_filters(),
                              related_filters("helper", Person, by="name", label=_("helper")),
                              ClosedLoopFilterSet):
    scenario = django_filters.MultipleChoiceFilter(choices=HelpScenario.choices,
                                                   label=_("service scenario"))

    class Meta:
        model = HelpLineTicket
        fields = ["id"]


class LandAcquisitionFilterSet(village_filters(),
                               date_range_filters("acquired", "acquired_on",
                                                  label=_("date acquired")),
                               SearchFilterSet):
    search_fields = ("parcel_code", "purpose", "village__name")
    year = YearFilter(field_name="acquired_on", lookup_expr="year", label=_("year acquired"))
    project_id = django_filters.NumberFilter(field_name="project", label=_("project (id)"))

    class Meta:
        model = LandAcquisition
        fields = ["id", "parcel_code"]


class MerchantDemolitionFilterSet(date_range_filters("demolished", "demolished_on",
                                                     label=_("date demolished")),
                                  SearchFilterSet):
    search_fields = ("merchant_name", "street", "note")
    year = YearFilter(field_name="demolished_on", lookup_expr="year",
                      label=_("year demolished"))
    street = django_filters.CharFilter(label=_("street"))
    has_agreement = django_filters.BooleanFilter(
        field_name="agreement_signed_on", lookup_expr="isnull", exclude=True,
        label=_("compensation agreement signed"))

    class Meta:
        model = MerchantDemolition
        fields = ["id"]

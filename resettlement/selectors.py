"""Reads of the resettlement app that the API, the admin, the exports and the summary share.

Counts over child rows (a village's households and residents, a household's members) are
correlated subqueries (``cuizhai.core.base.selectors``): a join to households and members
at once would multiply each other's rows, and a count must not depend on the list's
filters.
"""

from django.db.models import Exists, OuterRef, Q

from cuizhai.core.base.selectors import subquery_count
from cuizhai.core.models import Community, Village
from resettlement.choices import ELIGIBLE_FOR_SELECTION, UnitStatus
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

ELIGIBLE = Q(status__in=ELIGIBLE_FOR_SELECTION)
# A household that has selected at least one unit (选房), the selection rate's numerator.
HAS_SELECTED = Exists(Selection.objects.filter(household=OuterRef("pk")))


def household_list():
    """Households with ``member_count`` (residents), ``has_selected`` and ``selected_units``."""
    return Household.objects.select_related("village", "cadre").annotate(
        member_count=subquery_count(HouseholdMember, fk="household"),
        selected_units=subquery_count(Selection, fk="household"),
        has_selected=HAS_SELECTED,
    )


def household_member_list():
    return HouseholdMember.objects.select_related("household")


def source_village_list():
    """The relocated villages with the figures counted from their households: households,
    residents (members), households eligible to select (contract signed) and those that
    selected a unit."""
    eligible = Household.objects.filter(ELIGIBLE)
    return Village.objects.filter(is_relocated=True).select_related("resettled_in").annotate(
        household_count=subquery_count(Household, fk="village"),
        resident_count=subquery_count(HouseholdMember, fk="household__village"),
        eligible_household_count=subquery_count(eligible, fk="village"),
        selected_household_count=subquery_count(eligible.filter(HAS_SELECTED), fk="village"),
    )


def resettlement_community_list():
    """Ideal communities with their source villages, households, residents, buildings and
    units counted from the records."""
    return Community.objects.annotate(
        village_count=subquery_count(Village, fk="resettled_in"),
        household_count=subquery_count(Household, fk="village__resettled_in"),
        resident_count=subquery_count(HouseholdMember, fk="household__village__resettled_in"),
        building_count=subquery_count(Building, fk="community"),
        unit_count=subquery_count(HousingUnit, fk="building__community"),
        handed_over_count=subquery_count(
            HousingUnit.objects.filter(status=UnitStatus.HANDED_OVER), fk="building__community"
        ),
    )


def building_list():
    return Building.objects.select_related("community").annotate(
        unit_count=subquery_count(HousingUnit, fk="building"),
        selected_count=subquery_count(
            HousingUnit.objects.filter(status=UnitStatus.SELECTED), fk="building"),
        handed_over_count=subquery_count(
            HousingUnit.objects.filter(status=UnitStatus.HANDED_OVER), fk="building"),
    )


def service_centre_list():
    return ServiceCentre.objects.select_related("community")


def community_scenario_list():
    return CommunityScenario.objects.select_related("community")


def housing_unit_list():
    return HousingUnit.objects.select_related(
        "building__community", "selection__household", "handover",
    )


def selection_list():
    return Selection.objects.select_related(
        "household__village", "unit__building__community",
    )


def handover_list():
    return Handover.objects.select_related("unit__building__community")


def repair_request_list():
    return RepairRequest.objects.select_related(
        "unit__building__community", "assignee", "handling_department", "reported_by",
        "resolved_by", "verified_by",
    )


def help_line_ticket_list():
    return HelpLineTicket.objects.select_related(
        "helper", "community", "assignee", "handling_department", "reported_by",
        "resolved_by", "verified_by",
    )


def land_acquisition_list():
    return LandAcquisition.objects.select_related("village", "project")


def merchant_demolition_list():
    return MerchantDemolition.objects.all()

"""Reads of the resettlement app that the API, the admin, the exports and the summary share.

Counts over child rows (a village's households and residents, a household's members) are
correlated subqueries (``cuizhai.core.base.selectors``): a join to households and members
at once would multiply each other's rows, and a count must not depend on the list's
filters.
"""


from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cuizhai.core import filtersets as core_filtersets
from cuizhai.core import selectors as core_selectors
from cuizhai.core.base.selectors import subquery_count
from cuizhai.core.base.summary import (
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
    satisfaction_figure,
)
from cuizhai.core.models import Community, Village
from resettlement import filtersets
from resettlement.choices import ELIGIBLE_FOR_SELECTION, HelpScenario, UnitStatus
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

ELIGIBLE = Q(status__in=ELIGIBLE_FOR_SELECTION)


def household_list():
    """Households with ``member_count`` (residents), ``has_selected`` and ``selected_units``."""
    return Household.objects.select_related("village", "cadre").annotate(
        member_count=subquery_count(HouseholdMember, fk="household"),
        selected_units=subquery_count(Selection, fk="household"),
        has_selected=has_selected(),
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
        selected_household_count=subquery_count(eligible.filter(has_selected()), fk="village"),
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


# --- the summary ------------------------------------------------------------------------------
# Each figure is declared once with the list it is taken from and that list's parameters
# (``cuizhai.core.base.summary``): its value is counted over the rows its link lists.

COMMUNITIES = Listing("core-api:community-list", core_selectors.community_list,
                      core_filtersets.CommunityFilterSet)
PEOPLE = Listing("core-api:person-list", core_selectors.person_list,
                 core_filtersets.PersonFilterSet)
SOURCE_VILLAGES = Listing("resettlement-api:sourcevillage-list", source_village_list,
                          filtersets.SourceVillageFilterSet)
HOUSEHOLDS = Listing("resettlement-api:household-list", household_list,
                     filtersets.HouseholdFilterSet)
HANDOVERS = Listing("resettlement-api:handover-list", handover_list,
                    filtersets.HandoverFilterSet)
REPAIRS = Listing("resettlement-api:repairrequest-list",
                  lambda: repair_request_list().with_timeliness(),
                  filtersets.RepairRequestFilterSet)
TICKETS = Listing("resettlement-api:helplineticket-list",
                  lambda: help_line_ticket_list().with_timeliness(),
                  filtersets.HelpLineTicketFilterSet)
LAND = Listing("resettlement-api:landacquisition-list", land_acquisition_list,
               filtersets.LandAcquisitionFilterSet)
MERCHANTS = Listing("resettlement-api:merchantdemolition-list", merchant_demolition_list,
                    filtersets.MerchantDemolitionFilterSet)

ELIGIBLE_HOUSEHOLDS = Figure(HOUSEHOLDS, {"eligible": True},
                             caption=_("Households eligible to select (contract signed)"))
# The period reaches each list through its date filters (``During``): the year filter for a
# calendar year, the date range for a shorter period. Figures without it are states.
REPORTED = {"reported_year": During("reported")}
HANDED_OVER = {"year": During("handed_over")}
# With the median days from report to verification and closing (核验销号), in calendar
# days (36 hours is 1.5 days), over the requests counted.
REPAIRS_CLOSED = Figure(REPAIRS, {**REPORTED, "status": "closed"},
                        caption=_("Repair requests of the period verified and closed"),
                        count=Rows(),
                        median_days_to_close=MedianDays("reported_at", "closed_at"))


def _ticket_figures(params):
    """A help-line slice: received, resolved, resolved on time (rate of the resolved) and
    the satisfaction of those asked back."""
    resolved = Figure(TICKETS, {**params, "is_open": False},
                      caption=_("Tickets resolved"))
    return {
        "received": Figure(TICKETS, params, caption=_("Tickets received")),
        "resolved": resolved,
        "on_time": Figure(TICKETS, {**params, "is_open": False, "timeliness": "on_time"},
                          caption=_("Tickets resolved on time"), count=Rows(),
                          rate=Percent(of=resolved)),
        "satisfaction": satisfaction_figure(
            TICKETS, params, caption=_("Residents asked back on their tickets")),
    }


RESETTLEMENT_SUMMARY = Summary("ResettlementSummary", {
    "communities": Figure(COMMUNITIES, {"kind": "ideal"},
                          caption=_("Ideal (resettlement) communities")),
    "source_villages": Figure(SOURCE_VILLAGES, caption=_("Relocated source villages")),
    "rehoused": Figure(HOUSEHOLDS, {"status": "rehoused"},
                       caption=_("Households rehoused, and their residents"),
                       count=Rows(), residents=Total("member_count", places=0,
                                                     unit=pgettext_lazy("unit", "people"))),
    "selection": {
        "eligible": ELIGIBLE_HOUSEHOLDS,
        "selected": Figure(HOUSEHOLDS, {"eligible": True, "has_selected": True},
                           caption=_("Households that selected a unit (selection rate)"),
                           count=Rows(), rate=Percent(of=ELIGIBLE_HOUSEHOLDS)),
    },
    "handovers": {
        "in_year": Figure(HANDOVERS, HANDED_OVER,
                          caption=_("Units handed over in the period")),
        "cumulative": Figure(HANDOVERS, caption=_("Units handed over to date")),
    },
    "repairs": {
        "open": Figure(REPAIRS, {**REPORTED, "is_open": True},
                       caption=_("Repair requests of the period still open")),
        "closed": REPAIRS_CLOSED,
        "overdue": Figure(REPAIRS, {**REPORTED, "timeliness": "overdue"},
                          caption=_("Repair requests of the period overdue")),
        "repeat": Figure(REPAIRS, {**REPORTED, "is_repeat": True},
                         caption=_("Repeat repair requests of the period")),
    },
    "land": Figure(LAND, {"year": During("acquired")}, caption=_("Land acquired in the period"),
                   count=Rows(), area_mu=Total("area_mu", unit="亩")),
    "merchants": Figure(MERCHANTS, {"year": During("demolished")},
                        caption=_("Merchants demolished in the period")),
    "help_line": {
        **_ticket_figures(REPORTED),
        "helpers": Figure(PEOPLE, {"kind": "helper", "is_active": True},
                          caption=_("Help-line helpers (帮办员)")),
    },
    "help_line_by_scenario": {
        value: _ticket_figures({**REPORTED, "scenario": value})
        for value in HelpScenario.values
    },
})

# The monthly series of the dashboard's trends and the reports' charts: one figure per month
# of the period, each with its link (the same declarations as the summary's figures).
RESETTLEMENT_SERIES = Summary("ResettlementSeries", {
    "handovers": Monthly(HANDOVERS, HANDED_OVER, caption=_("Units handed over in the month")),
    "repairs_reported": Monthly(REPAIRS, REPORTED,
                                caption=_("Repair requests reported in the month")),
    "tickets_received": Monthly(TICKETS, REPORTED,
                                caption=_("Help-line tickets received in the month")),
})

# The city's monthly count of 12345 community-management tickets (a core indicator): its
# 环比 is computed by the core from the month before.
HOTLINE_12345_INDICATOR = "hotline-12345-community-management"


def village_selection(period):
    """Per source village: eligible households, those that selected a unit and the rate,
    each count with the household list it is counted from."""
    return Summary("VillageSelection", {
        str(village.pk): {
            "eligible": (eligible := Figure(HOUSEHOLDS, {"village_id": village.pk,
                                                        "eligible": True},
                                            caption=village.name)),
            "selected": Figure(HOUSEHOLDS, {"village_id": village.pk, "eligible": True,
                                            "has_selected": True},
                               caption=village.name, count=Rows(),
                               rate=Percent(of=eligible)),
        }
        for village in Village.objects.filter(is_relocated=True).order_by("name")
    }).evaluate(period=as_period(period))


def community_handovers(period):
    """Per ideal community: units handed over in ``period`` and to date."""
    return Summary("CommunityHandovers", {
        str(community.pk): {
            "in_year": Figure(HANDOVERS, {"community_id": community.pk, **HANDED_OVER},
                              caption=community.name),
            "cumulative": Figure(HANDOVERS, {"community_id": community.pk},
                                 caption=community.name),
        }
        for community in Community.objects.filter(kind="ideal").order_by("name")
    }).evaluate(period=as_period(period))


def hotline_12345(period):
    """The 12345 indicator's latest month of the year ``period`` ends in, up to its last
    month, with its 环比, or None."""
    period = as_period(period)
    return (core_selectors.indicator_value_list()
            .filter(indicator__code=HOTLINE_12345_INDICATOR, year=period.end.year,
                    month__lte=period.end.month)
            .order_by("-month").first())

"""Models of the resettlement app, one module per aggregate."""

from .community import Building, CommunityScenario, ServiceCentre
from .household import Household, HouseholdMember
from .housing import Handover, HousingUnit, Selection
from .land import LandAcquisition, MerchantDemolition
from .requests import HelpLineTicket, RepairRequest

__all__ = [
    "Building",
    "CommunityScenario",
    "Handover",
    "HelpLineTicket",
    "Household",
    "HouseholdMember",
    "HousingUnit",
    "LandAcquisition",
    "MerchantDemolition",
    "RepairRequest",
    "Selection",
    "ServiceCentre",
]

from .enforcement import EnforcementCase
from .hazard import Hazard
from .inspection import Inspection
from .traffic import TrafficFacilityWork, TrafficPersuasion, TrafficPublicityEvent

__all__ = [
    "EnforcementCase",
    "Hazard",
    "Inspection",
    "TrafficFacilityWork",
    "TrafficPersuasion",
    "TrafficPublicityEvent",
]

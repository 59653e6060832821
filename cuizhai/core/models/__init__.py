from .calendar import CalendarDay, CalendarYear
from .campaigns import Campaign, CampaignOutput
from .indicators import Indicator, IndicatorValue
from .people import Person
from .places import Community, Department, Village
from .transitions import TransitionEvidence, WorkflowTransition

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Campaign",
    "CampaignOutput",
    "Community",
    "Department",
    "Indicator",
    "IndicatorValue",
    "Person",
    "TransitionEvidence",
    "Village",
    "WorkflowTransition",
]

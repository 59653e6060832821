from .base import TrackedModel
from .calendar import CalendarDay, CalendarYear
from .campaigns import Campaign, CampaignOutput
from .indicators import Indicator, IndicatorValue
from .places import Community, Department, Village
from .workflow import ClosedLoopItem, ClosedLoopQuerySet, TransitionEvidence, WorkflowTransition

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Campaign",
    "CampaignOutput",
    "ClosedLoopItem",
    "ClosedLoopQuerySet",
    "Community",
    "Department",
    "Indicator",
    "IndicatorValue",
    "TrackedModel",
    "TransitionEvidence",
    "Village",
    "WorkflowTransition",
]

from .calendar import CalendarDay, CalendarYear
from .campaigns import Campaign, CampaignOutput
from .checklists import ChecklistCriterion, ChecklistTemplate, CriterionPhoto, CriterionResult
from .enterprises import Enterprise
from .indicators import Indicator, IndicatorValue
from .places import Community, Department, Village
from .transitions import TransitionEvidence, WorkflowTransition

__all__ = [
    "CalendarDay",
    "CalendarYear",
    "Campaign",
    "CampaignOutput",
    "ChecklistCriterion",
    "ChecklistTemplate",
    "CriterionPhoto",
    "CriterionResult",
    "Community",
    "Department",
    "Enterprise",
    "Indicator",
    "IndicatorValue",
    "TransitionEvidence",
    "Village",
    "WorkflowTransition",
]

from .calendar import CalendarDay, CalendarYear
from .campaigns import Campaign, CampaignOutput
from .checklists import ChecklistCriterion, ChecklistTemplate, CriterionPhoto, CriterionResult
from .enterprises import Enterprise
from .indicators import Indicator, IndicatorValue
from .people import Person
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
    "Person",
    "TransitionEvidence",
    "Village",
    "WorkflowTransition",
]

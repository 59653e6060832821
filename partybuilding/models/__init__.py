from .cadres import YOUNG_CADRE_AGE_LIMIT, CadreProfile, Placement, is_young
from .collective_assets import CollectiveAssetProblem
from .evaluations import EvaluationProblem, VillageEvaluation
from .organisations import Election, PartyOrganisation
from .training import Attendance, TrainingQuota, TrainingSession

__all__ = [
    "YOUNG_CADRE_AGE_LIMIT",
    "Attendance",
    "CadreProfile",
    "CollectiveAssetProblem",
    "Election",
    "EvaluationProblem",
    "PartyOrganisation",
    "Placement",
    "TrainingQuota",
    "TrainingSession",
    "VillageEvaluation",
    "is_young",
]

from .enterprise_service import EnterpriseNeed, SupportOutcome, Visit
from .project import FundingLine, Milestone, MonthlyProgress, Project, ProjectProblem

__all__ = [
    "EnterpriseNeed",
    "FundingLine",
    "Milestone",
    "MonthlyProgress",
    "Project",
    "ProjectProblem",
    "SupportOutcome",
    "Visit",
]

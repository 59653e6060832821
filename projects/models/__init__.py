from .enterprise import Enterprise, EnterpriseNeed, SupportOutcome, Visit
from .project import FundingLine, Milestone, MonthlyProgress, Project, ProjectProblem

__all__ = [
    "Enterprise",
    "EnterpriseNeed",
    "FundingLine",
    "Milestone",
    "MonthlyProgress",
    "Project",
    "ProjectProblem",
    "SupportOutcome",
    "Visit",
]

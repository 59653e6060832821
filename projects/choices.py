from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectCategory(models.TextChoices):
    LIVELIHOOD = "livelihood", _("Livelihood")
    INDUSTRY = "industry", _("Industrial development")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    ECOLOGY = "ecology", _("Ecology and environment")
    PUBLIC_SERVICE = "public_service", _("Public service")
    URBAN_DEVELOPMENT = "urban_development", _("Urban development")


class BatchStage(models.TextChoices):
    """Plan a batch, start a batch, hold a batch in reserve (策划一批、开工一批、储备一批)."""

    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    RESERVE = "reserve", _("Reserve")


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    PREPARATION = "preparation", _("Preparation and permits")
    CONSTRUCTION = "construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class FundingSource(models.TextChoices):
    CENTRAL_SPECIAL_BOND = "central_special_bond", _("Central special-purpose bond")
    LOCAL_SPECIAL_BOND = "local_special_bond", _("Local special bond")
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    LOCAL_FISCAL = "local_fiscal", _("Local fiscal funds")
    SELF_RAISED = "self_raised", _("Enterprise self-raised")
    BANK_LOAN = "bank_loan", _("Bank loan")


class MilestoneKind(models.TextChoices):
    APPROVAL = "approval", _("Project approval")
    LAND = "land", _("Land use")
    PLANNING_PERMIT = "planning_permit", _("Planning permit")
    ENVIRONMENTAL = "environmental", _("Environmental assessment")
    CONSTRUCTION_PERMIT = "construction_permit", _("Construction permit")
    START_OF_WORKS = "start_of_works", _("Start of works")
    COMPLETION_ACCEPTANCE = "completion_acceptance", _("Completion acceptance")


class NeedKind(models.TextChoices):
    FINANCING = "financing", _("Financing")
    LAND = "land", _("Land")
    TALENT = "talent", _("Talent and employment")
    POLICY = "policy", _("Policy")
    PERMITS = "permits", _("Permits and approvals")
    INFRASTRUCTURE = "infrastructure", _("Supporting infrastructure")
    OTHER = "other", _("Other")


class SupportKind(models.TextChoices):
    HONOUR = "honour", _("Honour recognised")
    FUNDS = "funds", _("Funds obtained")


class Area(models.TextChoices):
    """The lines of work whose indicators and campaigns this app reports (core ``area``)."""

    PROJECTS = "projects", _("Projects")
    ECONOMY = "economy", _("Economy")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Area(models.TextChoices):
    """The line of work whose indicators and campaigns this app reports (core ``area``)."""

    RESETTLEMENT = "resettlement", _("Demolition and resettlement")


class Scenario(models.TextChoices):
    """The six community "scenarios" (六大场景) an ideal community rolls out."""

    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    SERVICE = "service", pgettext_lazy("community scenario", "Service")
    GOVERNANCE = "governance", _("Governance")


class RolloutState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("roll-out", "Planned")
    ROLLING_OUT = "rolling_out", _("Rolling out")
    IN_PLACE = "in_place", _("In place")


class HouseholdStatus(models.TextChoices):
    """A household's life cycle: registered → signed → vacated → demolished → rehoused."""

    REGISTERED = "registered", _("Registered")
    SIGNED = "signed", _("Contract signed")
    VACATED = "vacated", _("House vacated")
    DEMOLISHED = "demolished", _("House demolished")
    REHOUSED = "rehoused", _("Rehoused")


# A household that has signed its contract may choose a unit: the selection rate's base.
ELIGIBLE_FOR_SELECTION = (
    HouseholdStatus.SIGNED, HouseholdStatus.VACATED, HouseholdStatus.DEMOLISHED,
    HouseholdStatus.REHOUSED,
)


class PropertySplit(models.TextChoices):
    """Splitting the property rights inside a family (房屋产权析产)."""

    NONE = "none", _("No split needed")
    PENDING = "pending", _("Split pending")
    AGREED = "agreed", _("Split agreed")
    DISPUTED = "disputed", _("Split disputed")


class Relation(models.TextChoices):
    """A member's relation to the head of the household."""

    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative")


class UnitLayout(models.TextChoices):
    ONE_ROOM = "1b1l", _("1 bedroom, 1 living room")
    TWO_ROOMS = "2b1l", _("2 bedrooms, 1 living room")
    TWO_ROOMS_TWO_LIVING = "2b2l", _("2 bedrooms, 2 living rooms")
    THREE_ROOMS = "3b1l", _("3 bedrooms, 1 living room")
    THREE_ROOMS_TWO_LIVING = "3b2l", _("3 bedrooms, 2 living rooms")
    FOUR_ROOMS = "4b2l", _("4 bedrooms, 2 living rooms")


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    SELECTED = "selected", _("Selected")
    HANDED_OVER = "handed_over", _("Handed over")


class RepairCategory(models.TextChoices):
    LEAK = "leak", _("Leak")
    CRACK = "crack", _("Crack")
    DOORS_WINDOWS = "doors_windows", _("Doors and windows")
    PLUMBING = "plumbing", _("Plumbing")
    ELECTRICAL = "electrical", _("Electrical")
    OTHER = "other", _("Other repair")


class HelpScenario(models.TextChoices):
    """The eight service scenarios of the 小崔帮办 help line."""

    RESETTLEMENT = "resettlement", _("Resettlement")
    COMMUNITY_MANAGEMENT = "community_management", _("Community management")
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs and livelihood")
    EMPLOYMENT = "employment", _("Employment and social security")
    HEALTH = "health", _("Health and medical care")
    EDUCATION = "education", _("Education")
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    DISPUTES = "disputes", _("Dispute mediation")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Area(models.TextChoices):
    """The line of work whose indicators and campaigns this app reports (core ``area``)."""

    SAFETY = "safety", _("Safety")


class InspectionKind(models.TextChoices):
    PRODUCTION = "production", _("Production safety")
    FIRE = "fire", _("Fire safety")
    DUST = "dust", _("Dust and environment")
    TRAFFIC = "traffic", _("Traffic safety")
    START_OF_WORKS = "start_of_works", _("Start-of-works conditions")


class InspectionDepth(models.TextChoices):
    DISSECTING = "dissecting", _("In-depth (dissecting)")
    ROUTINE = "routine", _("Routine")


class HazardCategory(models.TextChoices):
    FIRE = "fire", _("Fire")
    # "Electrical" alone is a repair category elsewhere (电路): here it is the use of power.
    ELECTRICAL = "electrical", pgettext_lazy("hazard", "Electrical")
    HAZARDOUS_CHEMICALS = "hazardous_chemicals", _("Hazardous chemicals")
    WORK_AT_HEIGHT = "work_at_height", _("Work at height")
    MACHINERY = "machinery", _("Machinery")
    SITE_MANAGEMENT = "site_management", _("Site management")
    TRAFFIC = "traffic", _("Traffic")
    DUST = "dust", _("Dust")
    OTHER = "other", _("Other")


# The category a hazard raised from a failed criterion starts with, by the inspection's kind
# (the office corrects it on the hazard when the criterion was about something else).
CATEGORY_OF_INSPECTION = {
    InspectionKind.PRODUCTION: HazardCategory.OTHER,
    InspectionKind.FIRE: HazardCategory.FIRE,
    InspectionKind.DUST: HazardCategory.DUST,
    InspectionKind.TRAFFIC: HazardCategory.TRAFFIC,
    InspectionKind.START_OF_WORKS: HazardCategory.SITE_MANAGEMENT,
}


class EnforcementKind(models.TextChoices):
    DUST = "dust", _("Dust pollution")
    ENVIRONMENT = "environment", _("Other environmental violation")


class EnforcementMeasure(models.TextChoices):
    ORDER_TO_RECTIFY = "order_to_rectify", _("Order to rectify")
    SUSPENSION = "suspension", _("Suspension of works")
    FINE = "fine", _("Fine")


class PersuasionSetting(models.TextChoices):
    EVENT = "event", _("At a publicity event")
    PATROL = "patrol", _("On patrol")


class FacilityKind(models.TextChoices):
    SIGNS = "signs", _("Signs")
    SPEED_BUMPS = "speed_bumps", _("Speed bumps")
    MIRRORS = "mirrors", _("Convex mirrors")
    GUARD_RAILS = "guard_rails", _("Guard rails")
    LIGHTS = "lights", _("Warning lights")
    MARKINGS = "markings", _("Road markings")
    OTHER = "other", _("Other")

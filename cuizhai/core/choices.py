from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import business_apps


def area_choices():
    """The lines of work of the office, as the installed apps declare them (``areas`` of
    their ``BusinessAppConfig``); indicators and campaigns belong to one.

    A callable, so that model fields, forms, serializers and filters read the registry when
    they are used, and migrations refer to this function rather than to today's list.
    """
    return [area for config in business_apps() for area in config.areas]


class CommunityKind(models.TextChoices):
    IDEAL = "ideal", _("Ideal community (resettlement)")
    URBAN = "urban", _("Urban community")


class PersonKind(models.TextChoices):
    CADRE = "cadre", _("Cadre")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    GRID_WORKER = "grid_worker", _("Grid worker")
    HELPER = "helper", _("Help-line helper")
    SAFETY_EXPERT = "safety_expert", _("Safety expert")
    MENTOR = "mentor", _("Growth mentor")


class WorkflowStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Verified and closed")


class WorkflowAction(models.TextChoices):
    REPORT = "report", _("Report")
    ASSIGN = "assign", _("Assign")
    START = "start", _("Start work")
    RESOLVE = "resolve", _("Resolve")
    VERIFY = "verify", _("Verify and close")
    RETURN = "return", _("Return for rework")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday (day off)")
    MAKEUP_WORKDAY = "makeup_workday", _("Make-up working day")


class IndicatorPeriodKind(models.TextChoices):
    CUMULATIVE = "cumulative", _("Cumulative since January")
    MONTHLY = "monthly", _("For the month")

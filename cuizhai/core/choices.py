from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    VILLAGE_CADRE = "village_cadre", _("Village cadre")
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


class CriterionKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass or fail")
    SCORE = "score", _("Score")


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", pgettext_lazy("assessment", "In progress")
    COMPLETED = "completed", pgettext_lazy("assessment", "Completed")


class Severity(models.TextChoices):
    """How grave an item is (一般 / 重大): a major one may be due sooner (an item class's
    ``deadline_rules``) and some steps on it may be reserved (``action_permissions``)."""

    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


# The badge colours of the admin's lists (and of dashboards that want the same ones).
SEVERITY_COLOURS = {
    Severity.GENERAL: "#1565c0",
    Severity.MAJOR: "#c62828",
}


class ReportChannel(models.TextChoices):
    """How an item reached the office."""

    HELP_LINE = "help_line", _("Help line (小崔帮办)")
    HOTLINE_12345 = "hotline_12345", _("City hotline 12345")
    WALK_IN = "walk_in", _("Walk-in")
    INSPECTION = "inspection", _("Inspection")
    VISIT = "visit", _("Visit")


class Satisfaction(models.TextChoices):
    """The reporter's answer when asked back after the item was verified (回访)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


# Answers counted as satisfied in a satisfaction rate (满意率 = 满意 + 基本满意).
SATISFIED_ANSWERS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


class EvidenceStage(models.TextChoices):
    """What an evidence file shows: the situation before rectification or after it."""

    BEFORE = "before", _("Before rectification")
    AFTER = "after", _("After rectification")

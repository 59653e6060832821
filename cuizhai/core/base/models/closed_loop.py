"""The closed loop (闭环) every "item to be fixed" goes through: the abstract item.

Project problems, enterprise needs, hazards, repair requests, help-line tickets and
village evaluation problems all inherit ``ClosedLoopItem``; their state changes go
through ``cuizhai.core.base.services.closed_loop`` and are logged as ``core.WorkflowTransition``
rows.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import checks
from django.db import models
from django.db.models import Case, DurationField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.choices import (
    ReportChannel,
    Satisfaction,
    Severity,
    Timeliness,
    WorkflowAction,
    WorkflowStatus,
)

from .constraints import choices_constraint
from .personal import PersonalTextField, PhoneField
from .tracked import TrackedModel

FINISHED_STATUSES = (WorkflowStatus.RESOLVED, WorkflowStatus.CLOSED)
# Answered by the response deadline (e.g. within 24 hours). Lists, filters and summaries
# all count with this one condition.
RESPONDED_IN_TIME = Q(responded_at__isnull=False, responded_at__lte=F("response_due"))


@dataclass(frozen=True)
class Deadlines:
    """The clocks of an item: hours to respond from the report, and statutory working days
    to resolve. ``None`` in a rule leaves that clock as the class sets it."""

    response_hours: int | None = None
    resolution_working_days: int | None = None


class ClosedLoopQuerySet(models.QuerySet):
    def with_timeliness(self, now=None):
        """Annotate ``timeliness`` (on time / due soon / overdue) and the times taken.

        An open item is overdue once a deadline has passed (the response clock while it
        is still only reported, the resolution deadline always); a finished item is
        overdue if it was resolved after its deadline. Computed in the database so
        that lists, filters and summaries agree.
        """
        now = now or timezone.now()
        soon = now + timedelta(hours=settings.CUIZHAI_DUE_SOON_HOURS)
        is_open = ~Q(status__in=FINISHED_STATUSES)
        awaiting_response = Q(status=WorkflowStatus.REPORTED, response_due__isnull=False)
        return self.annotate(
            timeliness=Case(
                When(is_open & Q(resolution_due__lt=now), then=Value(Timeliness.OVERDUE)),
                When(is_open & awaiting_response & Q(response_due__lt=now),
                     then=Value(Timeliness.OVERDUE)),
                When(~is_open & Q(resolved_at__gt=F("resolution_due")),
                     then=Value(Timeliness.OVERDUE)),
                When(is_open & Q(resolution_due__lt=soon), then=Value(Timeliness.DUE_SOON)),
                When(is_open & awaiting_response & Q(response_due__lt=soon),
                     then=Value(Timeliness.DUE_SOON)),
                default=Value(Timeliness.ON_TIME),
                output_field=models.CharField(),
            ),
            response_time=ExpressionWrapper(
                F("responded_at") - F("reported_at"), output_field=DurationField()
            ),
            resolution_time=ExpressionWrapper(
                F("resolved_at") - F("reported_at"), output_field=DurationField()
            ),
        )

    def open(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def responded_in_time(self):
        return self.filter(RESPONDED_IN_TIME)


class ClosedLoopItem(TrackedModel):
    """Abstract closed-loop item: reported → assigned → in progress → resolved → closed.

    A subclass declares, as class attributes:

    ``response_hours``, ``resolution_working_days``
        Its clocks: hours from the report to the first answer (e.g. the 24-hour response
        to a project's problem) and statutory working days to resolve.
    ``deadline_rules``
        Clocks that depend on the item: ``{field: {value: Deadlines(...)}}``, e.g.
        ``{"severity": {Severity.MAJOR: Deadlines(response_hours=2,
        resolution_working_days=3)}, "kind": {...}}``. A rule that matches the item
        replaces the class's clock it sets; where several match, the shortest applies.
        ``deadline_terms()`` evaluates them; the workflow service computes every deadline
        from it (when reported, and again when the report time or a rule's field changes).
    ``action_permissions``
        Steps reserved to the holders of a custom permission (declared in
        ``Meta.permissions``, granted by the role table to the office's leader group):
        ``{WorkflowAction.VERIFY: "codename"}`` for every item, or
        ``{WorkflowAction.VERIFY: {Severity.MAJOR: "codename"}}`` per severity.
        ``closed_loop_access`` checks them with the office rules.
    """

    response_hours: int | None = None
    resolution_working_days: int | None = None
    deadline_rules: dict[str, dict[str, Deadlines]] = {}
    action_permissions: dict[WorkflowAction, str | dict[str, str]] = {}

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL,
    )
    # A reporter who is not a user: a resident who called the help line or walked in.
    channel = models.CharField(
        _("channel"), max_length=20, choices=ReportChannel.choices, blank=True,
        help_text=_("How the item reached the office."),
    )
    # Personal data (个人信息): masked for whoever lacks the model's personal-data permission.
    reporter_name = PersonalTextField(
        _("reporter's name"), max_length=50, blank=True,
        help_text=_("A resident or other outside reporter (not a user of the system)."),
    )
    reporter_phone = PhoneField(_("reporter's phone"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WorkflowStatus.choices,
        default=WorkflowStatus.REPORTED,
        editable=False,
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignee"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    handling_department = models.ForeignKey(
        "core.Department", verbose_name=_("handling department"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    response_due = models.DateTimeField(_("response due"), null=True, blank=True, editable=False)
    resolution_due = models.DateTimeField(
        _("resolution due"), null=True, blank=True, editable=False
    )
    resolution_due_provisional = models.BooleanField(
        _("deadline provisional"), default=False, editable=False,
        help_text=_("The deadline falls in a year whose holiday schedule is not entered yet."),
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )
    resolution = models.TextField(_("resolution"), blank=True, editable=False)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True,
        editable=False, help_text=_("The reporter's answer when asked back (回访)."),
    )

    transitions = GenericRelation("core.WorkflowTransition")

    objects = ClosedLoopQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-reported_at"]
        constraints = [
            choices_constraint("status", WorkflowStatus, message=_("Unknown workflow status.")),
            choices_constraint("severity", Severity, message=_("Unknown severity.")),
            choices_constraint("channel", ["", *ReportChannel.values],
                               message=_("Unknown report channel.")),
            choices_constraint("satisfaction", ["", *Satisfaction.values],
                               message=_("Unknown satisfaction answer.")),
            models.CheckConstraint(
                condition=Q(satisfaction="") | Q(status=WorkflowStatus.CLOSED),
                name="%(app_label)s_%(class)s_satisfaction_when_closed",
                violation_error_message=_("Satisfaction is recorded when the item is "
                                          "verified."),
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("reported_at")),
                name="%(app_label)s_%(class)s_resolved_after_reported",
                violation_error_message=_("An item cannot be resolved before it was reported."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=FINISHED_STATUSES) | Q(resolved_at__isnull=False),
                name="%(app_label)s_%(class)s_finished_has_resolved_at",
                violation_error_message=_("A resolved item needs its resolution time."),
            ),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def check(cls, **kwargs):
        """System check: the rules name fields of the model and declared permissions."""
        errors = super().check(**kwargs)
        field_names = {f.name for f in cls._meta.get_fields()}
        for field in cls.deadline_rules:
            if field not in field_names:
                errors.append(checks.Error(
                    f"deadline_rules names {field!r}, which is not a field of the model.",
                    obj=cls, id="core.E011",
                ))
        declared = {codename for codename, _name in cls._meta.permissions}
        for action, rule in cls.action_permissions.items():
            codenames = rule.values() if isinstance(rule, dict) else [rule]
            for codename in codenames:
                if codename not in declared:
                    errors.append(checks.Error(
                        f"action_permissions[{action!r}] names {codename!r}, which is not in "
                        "Meta.permissions.", obj=cls, id="core.E012",
                    ))
        return errors

    @classmethod
    def deadline_fields(cls):
        """The fields whose value may change the item's clocks."""
        return tuple(cls.deadline_rules)

    def deadline_terms(self):
        """The clocks that apply to this item: the class's, replaced by those of the
        matching ``deadline_rules`` (the shortest where several match)."""
        matching = [
            rules[value]
            for field, rules in self.deadline_rules.items()
            if (value := getattr(self, field)) in rules
        ]
        return Deadlines(**{
            clock: min(
                (getattr(rule, clock) for rule in matching if getattr(rule, clock) is not None),
                default=getattr(self, clock),
            )
            for clock in ("response_hours", "resolution_working_days")
        })

    def reserved_permission(self, action):
        """The codename of the custom permission ``action`` on this item needs, or None."""
        rule = self.action_permissions.get(action)
        if isinstance(rule, dict):
            return rule.get(self.severity)
        return rule

    @property
    def is_open(self):
        return self.status not in FINISHED_STATUSES

    @property
    def responded_in_time(self):
        """True or False once it is known; None while unanswered and not yet late."""
        return self.response_in_time(self.response_due, self.responded_at)

    @staticmethod
    def response_in_time(response_due, responded_at, now=None):
        """``responded_in_time`` from the two columns (an export reads them, not records)."""
        if response_due is None:
            return None
        if responded_at is not None:
            return responded_at <= response_due
        return False if (now or timezone.now()) > response_due else None

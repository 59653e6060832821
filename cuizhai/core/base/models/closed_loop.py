"""The closed loop (闭环) every "item to be fixed" goes through: the abstract item.

Project problems, enterprise needs, hazards, repair requests, help-line tickets and
village evaluation problems all inherit ``ClosedLoopItem``; their state changes go
through ``cuizhai.core.base.services.closed_loop`` and are logged as ``core.WorkflowTransition``
rows.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Case, DurationField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.choices import Timeliness, WorkflowStatus

from .constraints import choices_constraint
from .tracked import TrackedModel

FINISHED_STATUSES = (WorkflowStatus.RESOLVED, WorkflowStatus.CLOSED)
# Answered by the response deadline (e.g. within 24 hours). Lists, filters and summaries
# all count with this one condition.
RESPONDED_IN_TIME = Q(responded_at__isnull=False, responded_at__lte=F("response_due"))


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

    Subclasses set ``response_hours`` (a clock in hours from the report, e.g. the
    24-hour response to a project's problem) and ``resolution_working_days`` (a deadline
    in statutory working days).
    """

    response_hours: int | None = None
    resolution_working_days: int | None = None

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
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

    transitions = GenericRelation("core.WorkflowTransition")

    objects = ClosedLoopQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-reported_at"]
        constraints = [
            choices_constraint("status", WorkflowStatus, message=_("Unknown workflow status.")),
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

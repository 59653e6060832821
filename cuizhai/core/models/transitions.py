"""The log of closed-loop items: one row per state change, with its evidence files."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import UploadedFile
from cuizhai.core.choices import EvidenceStage, WorkflowAction, WorkflowStatus


class WorkflowTransition(models.Model):
    """One state change of a closed-loop item: who did what, when, and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20, choices=WorkflowAction.choices)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=WorkflowStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=WorkflowStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")

    def __str__(self):
        return f"{self.get_action_display()} → {self.get_to_status_display()}"


class TransitionEvidence(UploadedFile):
    """A photo or document attached to a transition (rectification photos, replies...)."""

    upload_folder = "evidence"

    transition = models.ForeignKey(
        WorkflowTransition, verbose_name=_("transition"), on_delete=models.CASCADE,
        related_name="evidence",
    )
    # Set by the step from the uploader's choice or the step's phase (a report shows the
    # situation before rectification, a resolution the one after).
    stage = models.CharField(_("shows"), max_length=10, choices=EvidenceStage.choices)

    class Meta(UploadedFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=EvidenceStage.values),
                name="%(app_label)s_%(class)s_stage_valid",
                violation_error_message=_("An evidence file shows the situation before or "
                                          "after rectification."),
            ),
        ]

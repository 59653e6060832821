"""The abstract assessment an app's checklist work builds on (a safety inspection of an
enterprise, the evaluation of a village committee…), and the link from a closed-loop
item back to the failed criterion that raised it.

Results are ``core.CriterionResult`` rows; writes go through
``cuizhai.core.base.services.assessments``.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.choices import AssessmentStatus

from .constraints import choices_constraint
from .tracked import TrackedModel


class Assessment(TrackedModel):
    """One checklist filled in: the template version used, when, by whom, its results.

    A subclass adds what is assessed (an enterprise, a village…) and names the closed-loop
    model a failed criterion raises: ``raises = "<app label>.<Model>"``; that model also
    inherits ``RaisedFromCheck``. ``raised_item_fields(result)`` gives the item's other
    fields (e.g. the enterprise).
    """

    raises: str | None = None

    template = models.ForeignKey(
        "core.ChecklistTemplate", verbose_name=_("checklist template"),
        on_delete=models.PROTECT, related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"))
    assessors = models.CharField(
        _("assessors"), max_length=200, blank=True,
        help_text=_("Names of the inspectors or experts, as they sign the sheet."),
    )
    status = models.CharField(_("status"), max_length=20, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.IN_PROGRESS, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True,
                                        editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("completed by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )

    results = GenericRelation("core.CriterionResult")

    class Meta:
        abstract = True
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            choices_constraint("status", AssessmentStatus,
                               message=_("Unknown assessment status.")),
            models.CheckConstraint(
                condition=Q(status=AssessmentStatus.IN_PROGRESS)
                | Q(completed_at__isnull=False),
                name="%(app_label)s_%(class)s_completed_has_time",
                violation_error_message=_("A completed assessment needs its completion time."),
            ),
        ]

    @classmethod
    def raised_model(cls):
        """The closed-loop model a failed criterion raises, or None."""
        return apps.get_model(cls.raises) if cls.raises else None

    @property
    def is_completed(self):
        return self.status == AssessmentStatus.COMPLETED

    def raised_item_fields(self, result):
        """Fields of the closed-loop item a failed ``result`` raises, besides the title,
        description and the link back (an app adds e.g. ``enterprise``)."""
        return {}


class RaisedFromCheck(models.Model):
    """For a closed-loop model whose items a failed criterion can raise: the link back.

    One item per failed criterion: raising it twice is refused.
    """

    source_result = models.OneToOneField(
        "core.CriterionResult", verbose_name=_("raised from criterion"),
        on_delete=models.PROTECT, related_name="+", null=True, blank=True, editable=False,
    )

    class Meta:
        abstract = True

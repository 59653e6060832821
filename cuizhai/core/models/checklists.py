"""Checklists (检查表 / 考评细则): versioned templates of criteria, and the result of each
criterion in an assessment (a safety inspection, a village committee evaluation…).

The assessments themselves belong to the apps (``cuizhai.core.base.models.Assessment``);
their results live here, one table for every app, linked generically like the workflow log.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    TrackedModel,
    UploadedFile,
    choices_constraint,
    non_negative,
    unique,
)
from cuizhai.core.choices import CriterionKind, area_choices


class ChecklistTemplate(TrackedModel):
    """One version of a checklist. A version in use by a completed assessment is frozen:
    changing the checklist means a new version (``checklist_template_new_version``)."""

    code = models.CharField(
        _("code"), max_length=40,
        help_text=_("The same for every version of one checklist, e.g. AQ-WHP."),
    )
    version_number = models.PositiveSmallIntegerField(_("version number"), default=1)
    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area"), max_length=20, choices=area_choices)
    description = models.TextField(_("description"), blank=True)
    is_current = models.BooleanField(
        _("current version"), default=True,
        help_text=_("New assessments use the current version."),
    )

    class Meta:
        ordering = ["area", "code", "-version_number"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [
            unique("code", "version_number", rule="one_per_version",
                   message=_("This checklist already has a version with that number.")),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version_number})"


class ChecklistCriterion(TrackedModel):
    """One line of a checklist: pass/fail, or a score out of ``max_score``."""

    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist template"), on_delete=models.CASCADE,
        related_name="criteria",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("criterion"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices,
                            default=CriterionKind.PASS_FAIL)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2,
                                    null=True, blank=True)
    pass_score = models.DecimalField(
        _("pass mark"), max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("A score below it fails the criterion; empty: only a zero fails."),
    )

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("checklist criterion")
        verbose_name_plural = _("checklist criteria")
        constraints = [
            unique("template", "position", rule="one_per_position",
                   message=_("This checklist already has a criterion at that position.")),
            choices_constraint("kind", CriterionKind, message=_("Unknown kind of criterion.")),
            models.CheckConstraint(
                condition=Q(kind=CriterionKind.PASS_FAIL, max_score__isnull=True,
                            pass_score__isnull=True)
                | Q(kind=CriterionKind.SCORE, max_score__isnull=False, max_score__gt=0),
                name="%(app_label)s_%(class)s_score_fields",
                violation_error_message=_(
                    "A scored criterion needs a maximum score above zero; a pass/fail "
                    "criterion has no scores."),
            ),
            models.CheckConstraint(
                condition=Q(pass_score__isnull=True) | Q(pass_score__lte=models.F("max_score")),
                name="%(app_label)s_%(class)s_pass_within_max",
                violation_error_message=_("The pass mark cannot exceed the maximum score."),
            ),
            non_negative("pass_score", message=_("The pass mark cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class CriterionResult(TrackedModel):
    """How an assessment found one criterion: passed or not, or its score; a note; photos."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    assessment = GenericForeignKey("content_type", "object_id")
    criterion = models.ForeignKey(
        ChecklistCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
        related_name="results",
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True,
                                blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True, editable=False,
    )

    class Meta:
        ordering = ["criterion__position"]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            unique("content_type", "object_id", "criterion", rule="one_per_criterion",
                   message=_("This criterion already has a result in this assessment.")),
            non_negative("score", message=_("A score cannot be negative.")),
        ]

    def __str__(self):
        return str(self.criterion)

    @property
    def failed(self):
        """Not passed, or scored below the pass mark (zero when the criterion has none)."""
        if self.passed is False:
            return True
        if self.score is None:
            return False
        pass_score = self.criterion.pass_score
        return self.score < pass_score if pass_score is not None else self.score == 0


# The same rule in the database, for lists and counts.
FAILED_RESULT = (
    Q(passed=False)
    | Q(score__isnull=False, criterion__pass_score__isnull=False,
        score__lt=models.F("criterion__pass_score"))
    | Q(score=0, criterion__pass_score__isnull=True)
)


class CriterionPhoto(UploadedFile):
    """A photo (or document) of what the assessor found on one criterion."""

    upload_folder = "checklists"

    result = models.ForeignKey(CriterionResult, verbose_name=_("criterion result"),
                               on_delete=models.CASCADE, related_name="photos")

    class Meta(UploadedFile.Meta):
        verbose_name = _("criterion photo")
        verbose_name_plural = _("criterion photos")

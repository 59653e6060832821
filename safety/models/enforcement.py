from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, choices_constraint, non_negative, not_before
from safety.choices import EnforcementKind, EnforcementMeasure

from .places import SafetyTarget


class EnforcementCase(SafetyTarget, TrackedModel):
    """A dust-pollution or environmental law-enforcement case (执法案件) of the squad."""

    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=EnforcementKind.choices,
                            default=EnforcementKind.DUST)
    violation = models.TextField(_("violation"))
    measure = models.CharField(_("measure"), max_length=20, choices=EnforcementMeasure.choices)
    fine_yuan = models.DecimalField(_("fine (元)"), max_digits=12, decimal_places=2,
                                    null=True, blank=True)
    is_closed = models.BooleanField(_("case closed"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        indexes = [models.Index(fields=["date", "id"], name="safety_case_date_idx")]
        constraints = [
            *SafetyTarget.Meta.constraints,
            choices_constraint("kind", EnforcementKind, message=_("Unknown kind of case.")),
            choices_constraint("measure", EnforcementMeasure,
                               message=_("Unknown enforcement measure.")),
            non_negative("fine_yuan", message=_("A fine cannot be negative.")),
            models.CheckConstraint(
                condition=Q(measure=EnforcementMeasure.FINE, fine_yuan__gt=0)
                | (~Q(measure=EnforcementMeasure.FINE) & Q(fine_yuan__isnull=True)),
                name="%(app_label)s_%(class)s_fine_with_amount",
                violation_error_message=_(
                    "A fine needs its amount; the other measures have none."),
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True, closed_on__isnull=False)
                | Q(is_closed=False, closed_on__isnull=True),
                name="%(app_label)s_%(class)s_closed_has_date",
                violation_error_message=_("A closed case has its closing date, an open one none."),
            ),
            not_before("closed_on", "date", rule="closed_after_opened",
                       message=_("A case cannot be closed before its date.")),
        ]

    def __str__(self):
        return f"{self.date} {self.target_display}"

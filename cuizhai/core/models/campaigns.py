from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    TrackedModel,
    YearField,
    non_negative,
    not_before,
    unique,
    year_range,
)
from cuizhai.core.choices import area_choices

from .places import Department


class Campaign(TrackedModel):
    """A special action (专项行动) with measured outputs that no record type counts."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Checked against the installed apps by full_clean, which every write runs. No database
    # check: it would freeze today's apps into a core migration.
    area = models.CharField(_("area"), max_length=20, choices=area_choices)
    year = YearField(_("year"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT,
        related_name="campaigns", null=True, blank=True,
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            not_before(
                "end_date", "start_date", rule="end_after_start",
                message=_("The end date cannot be before the start date."),
            ),
            year_range(),
        ]

    def __str__(self):
        return self.name


class CampaignOutput(TrackedModel):
    """One measured output of a campaign, e.g. 3,600 new parking spaces."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="outputs"
    )
    metric = models.CharField(_("metric"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["campaign", "pk"]
        verbose_name = _("campaign output")
        verbose_name_plural = _("campaign outputs")
        constraints = [
            unique("campaign", "metric", rule="metric_unique",
                   message=_("This campaign already records that metric.")),
            non_negative("value", message=_("An output cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.metric}: {self.value} {self.unit}"

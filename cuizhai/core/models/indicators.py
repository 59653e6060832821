from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    MonthField,
    TrackedModel,
    YearField,
    choices_constraint,
    month_range,
    unique,
    year_range,
)
from cuizhai.core.choices import IndicatorPeriodKind, area_choices


class Indicator(TrackedModel):
    """A statistic reported from outside (budget revenue, industrial output, road deaths...).

    Growth rates are never stored: they are computed from the stored values.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("e.g. 万元, 人, 件"))
    # Checked against the installed apps by full_clean, which every write runs. No database
    # check: it would freeze today's apps into a core migration.
    area = models.CharField(_("area"), max_length=20, choices=area_choices)
    period_kind = models.CharField(
        _("period kind"), max_length=20, choices=IndicatorPeriodKind.choices,
        default=IndicatorPeriodKind.CUMULATIVE,
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["area", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            choices_constraint(
                "period_kind", IndicatorPeriodKind, message=_("Unknown period kind.")
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class IndicatorValue(TrackedModel):
    """The value of an indicator for one month (cumulative since January, or the month's)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    year = YearField(_("year"))
    month = MonthField(_("month"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["indicator", "-year", "-month"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            unique("indicator", "year", "month", rule="one_per_period",
                   message=_("This indicator already has a value for that month.")),
            year_range(),
            month_range(),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.year}-{self.month:02d}"

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import YearField, choices_constraint, year_range
from cuizhai.core.choices import CalendarDayKind


class CalendarYear(models.Model):
    """A year whose statutory holiday schedule (国务院办公厅放假安排) has been entered.

    Deadlines that fall in a year without a row here count weekends only and are
    flagged provisional: staff add the year when the State Council publishes it.
    """

    year = YearField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday schedule year")
        verbose_name_plural = _("holiday schedule years")
        constraints = [year_range()]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the plain weekday/weekend rule."""

    schedule = models.ForeignKey(
        CalendarYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception day")
        verbose_name_plural = _("calendar exception days")
        constraints = [
            choices_constraint("kind", CalendarDayKind, message=_("Unknown calendar day kind.")),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    def clean(self):
        # Entered inline with a new year, the year has no id yet but is already attached.
        has_schedule = self.schedule_id is not None or CalendarDay.schedule.is_cached(self)
        if self.date and has_schedule and self.date.year != self.schedule.year:
            raise ValidationError(
                {"date": _("The date must fall in the schedule's year %(year)s.")
                 % {"year": self.schedule.year}}
            )

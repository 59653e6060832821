"""The period a report covers: a month, a quarter, January to month N (1—N月) or a year.

The months are the core summaries' ``Period`` (``summary``): its bounds, its year before
(同比) and its previous run of months (环比) are the core's. What is the report's own is the
kind and the naming (11月, 第四季度, 1—11月) and the share of the year it covers (what a
target should be completed to by then). A comparison whose earlier period falls before
``MIN_YEAR`` is left out (``None``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.summary import MAX_YEAR, MIN_YEAR
from cuizhai.core.base.summary import Period as SummaryPeriod
from cuizhai.reports.choices import PeriodKind

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int | None = None  # the month (month, cumulative) or the quarter

    def __post_init__(self):
        errors = {}
        if not MIN_YEAR <= int(self.year) <= MAX_YEAR:
            errors["year"] = ValidationError(_("Give a year between %(min)s and %(max)s."),
                                             code="invalid",
                                             params={"min": MIN_YEAR, "max": MAX_YEAR})
        if self.kind not in PeriodKind.values:
            errors["kind"] = _("Choose a month, a quarter, January to month N or a year.")
        elif self.kind == PeriodKind.YEAR:
            if self.number is not None:
                errors["number"] = _("A yearly report has no month or quarter.")
        elif self.kind == PeriodKind.QUARTER:
            if self.number not in (1, 2, 3, 4):
                errors["number"] = _("Give the quarter, 1 to 4.")
        elif self.number not in range(1, 13):
            errors["number"] = _("Give the month, 1 to 12.")
        if errors:
            raise ValidationError(errors)

    # --- the months it spans (the core's period) -----------------------------------------
    @property
    def summary(self):
        """The core summaries' ``Period`` of these months."""
        if self.kind == PeriodKind.MONTH:
            return SummaryPeriod.month(self.year, self.number)
        if self.kind == PeriodKind.QUARTER:
            return SummaryPeriod.quarter(self.year, self.number)
        if self.kind == PeriodKind.CUMULATIVE:
            return SummaryPeriod.months(self.year, self.number)
        return SummaryPeriod.year(self.year)

    @property
    def first_month(self):
        return self.summary.start.month

    @property
    def last_month(self):
        return self.summary.end.month

    @property
    def months(self):
        return range(self.first_month, self.last_month + 1)

    @property
    def share_of_year(self):
        """The part of the year elapsed at the period's end: a year's target is expected
        to be this far along (a month or a quarter alone is not compared with a target)."""
        if self.kind in (PeriodKind.CUMULATIVE, PeriodKind.YEAR):
            return self.last_month / 12
        return None

    # --- the periods it is compared with --------------------------------------------------------
    def _of_kind(self, summary):
        """The report period of this kind over the core period's months; ``None`` outside
        ``MIN_YEAR``–``MAX_YEAR`` (there is nothing to compare with)."""
        if summary.start.year < MIN_YEAR or summary.end.year > MAX_YEAR:
            return None
        number = {PeriodKind.MONTH: summary.start.month,
                  PeriodKind.QUARTER: (summary.start.month + 2) // 3,
                  PeriodKind.CUMULATIVE: summary.end.month}.get(self.kind)
        return Period(self.kind, summary.start.year, number)

    def same_period_last_year(self):
        """The same months a year earlier (同比), or ``None`` before ``MIN_YEAR``."""
        return self._of_kind(self.summary.year_before())

    def previous(self):
        """The previous month or quarter (环比), or ``None`` before ``MIN_YEAR``; ``None``
        also where 环比 does not apply (a year, or a cumulative period, which always grows
        on the one before)."""
        if self.kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
            return None
        return self._of_kind(self.summary.previous())

    # --- names ----------------------------------------------------------------------------
    @property
    def label(self):
        """2024年, 2024年11月, 2024年第四季度, 2024年1—11月."""
        return f"{self.year}年{self.short_label}" if self.kind != PeriodKind.YEAR \
            else f"{self.year}年"

    @property
    def short_label(self):
        """How a sentence opens: 2024年, 11月, 第四季度, 1—11月."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.number}月"
        if self.kind == PeriodKind.QUARTER:
            return f"第{QUARTER_NAMES[self.number]}季度"
        if self.kind == PeriodKind.CUMULATIVE:
            return f"1—{self.number}月"
        return f"{self.year}年"

    @property
    def slug(self):
        """For file names: 2024, 2024-11, 2024-Q4, 2024-01-11."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == PeriodKind.CUMULATIVE:
            return f"{self.year}-01-{self.number:02d}"
        return str(self.year)

    def as_dict(self):
        return {"kind": self.kind, "year": self.year, "number": self.number,
                "label": self.label}

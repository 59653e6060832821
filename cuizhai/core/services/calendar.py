"""Working-day arithmetic on the Chinese statutory calendar (holidays and make-up days)."""

from dataclasses import dataclass
from datetime import date, timedelta

from cuizhai.core.choices import CalendarDayKind
from cuizhai.core.models import CalendarDay, CalendarYear


@dataclass(frozen=True)
class WorkingDayResult:
    date: date
    provisional: bool  # True when a year on the way had no holiday schedule entered


def is_working_day(day: date) -> bool:
    exception = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
    if exception is not None:
        return exception == CalendarDayKind.MAKEUP_WORKDAY
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> WorkingDayResult:
    """The date ``days`` working days after ``start`` (``start`` itself not counted).

    Reads the schedule for the whole span in two queries. Years nobody has entered
    yet count weekends only, and the result is then marked provisional.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    # A working-day span never needs more than twice its calendar length plus the
    # longest holiday run (Spring Festival, National Day: 8-9 days).
    horizon = start + timedelta(days=days * 2 + 30)
    known_years = set(
        CalendarYear.objects.filter(year__range=(start.year, horizon.year)).values_list(
            "year", flat=True
        )
    )
    exceptions = dict(
        CalendarDay.objects.filter(date__range=(start, horizon)).values_list("date", "kind")
    )
    provisional = False
    current, remaining = start, days
    while remaining:
        current += timedelta(days=1)
        if current.year not in known_years:
            provisional = True
        kind = exceptions.get(current)
        working = (kind == CalendarDayKind.MAKEUP_WORKDAY) if kind else current.weekday() < 5
        if working:
            remaining -= 1
    return WorkingDayResult(date=current, provisional=provisional)

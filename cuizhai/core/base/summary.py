"""Summaries declared once: the dashboard figures of an app and their drill-down links.

A figure names the API list it is taken from (a ``Listing``: URL name, rows, FilterSet) and
that list's query parameters. Both its value and its link come from that one declaration:
the value is aggregated over the list's rows as the list's own FilterSet filters them with
those parameters, and the link is the list's URL with the same parameters. Following a
figure's link therefore always lists the records that make up the figure.

    PROJECTS = Listing("projects-api:project-list", project_list, ProjectFilterSet)
    SUMMARY = Summary("ProjectsSummary", {
        "completed": Figure(PROJECTS, {"status": "completed", "completed_year": YEAR},
                            caption=_("Projects completed in the period")),
    })
    SUMMARY.evaluate(year=2024)
    # {"completed": {"count": 11, "link": "/api/v1/projects/projects/?status=completed&...",
    #                "caption": ..., "units": {}}}

The figures over one list are computed by a single aggregate query, so a summary costs one
query per list it draws on, whatever the amount of data.

Periods. A summary is evaluated for a ``Period`` of whole months: a year, a quarter, a month,
January to month N (1—N月) or any run of months. ``evaluate(year=2024)`` is
``evaluate(period=Period.year(2024))``. A figure that counts what happened in the period
names its list's date filters with ``During``: ``{"reported_year": During("reported")}``
filters ``reported_year=2024`` for a calendar year (the links of a year stay as they were)
and ``reported_after=2024-11-01&reported_before=2024-11-30`` for a shorter period, so the
link of a month lists that month's records. ``YEAR`` is the year the period ends in: for
what is counted per year (a plan year, an annual quota). A figure with neither is a state
(projects under construction now) and is the same for every period.

    SUMMARY.evaluate(period=Period.parse("2024-Q4"))
    Period.month(2024, 11).year_before()    # 2023-11 (同比)
    Period.months(2024, 11).previous()      # 2023-02..2023-12 (环比: as many months before)

Series. ``Monthly(listing, params, caption=..., **measures)`` is one figure per month of the
period (``[{"month": "2024-01", "count": ..., "link": ...}, ...]``), each with its own
link; its months are computed in the same one aggregate query per list.

Median. ``MedianDays(start, end)`` is the median number of days between two moments of
each row (e.g. reported and closed), computed from one more query per figure that has it.
"""

import calendar
import datetime
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet

from cuizhai.core.base.filtersets import RelatedIdsFilter, records_read
from cuizhai.core.choices import SATISFIED_ANSWERS, Satisfaction

MONEY_UNIT = _("10,000 yuan")  # 万元: the unit of every amount in the system
PERCENT_UNIT = "%"


@dataclass(frozen=True)
class Argument:
    """A parameter value supplied when the summary is evaluated (e.g. the year)."""

    name: str


YEAR = Argument("year")

_PERIOD_FORMATS = (
    (re.compile(r"(\d{4})", re.ASCII), lambda y: Period.year(y)),
    (re.compile(r"(\d{4})-[Qq]([1-4])", re.ASCII), lambda y, q: Period.quarter(y, q)),
    (re.compile(r"(\d{4})-(\d{2})", re.ASCII), lambda y, m: Period.month(y, m)),
    (re.compile(r"(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})", re.ASCII),
     lambda y1, m1, y2, m2: Period.between(y1, m1, y2, m2)),
)
MIN_YEAR, MAX_YEAR = 2000, 2100


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _month_index(day):
    return day.year * 12 + day.month - 1


def _from_index(index):
    return divmod(index, 12)[0], divmod(index, 12)[1] + 1


@dataclass(frozen=True)
class Period:
    """A run of whole months, from ``start`` (the 1st of a month) to ``end`` (the last day
    of a month), both included. Written (``str``, ``Period.parse``) as ``2024`` (a year),
    ``2024-Q4`` (a quarter), ``2024-11`` (a month) or ``2024-01..2024-11`` (months from
    one to another, e.g. 1—N月)."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start.day != 1 or self.end != _last_day(self.end.year, self.end.month):
            raise ValueError("A period runs from the 1st of a month to the last day of one.")
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    # --- constructors ----------------------------------------------------------------
    @classmethod
    def between(cls, first_year, first_month, last_year, last_month):
        """From month ``first_month`` of ``first_year`` to ``last_month`` of ``last_year``."""
        return cls(datetime.date(int(first_year), int(first_month), 1),
                   _last_day(int(last_year), int(last_month)))

    @classmethod
    def year(cls, year):
        return cls.between(year, 1, year, 12)

    @classmethod
    def quarter(cls, year, quarter):
        quarter = int(quarter)
        if not 1 <= quarter <= 4:
            raise ValueError(f"No quarter {quarter}.")
        return cls.between(year, 3 * quarter - 2, year, 3 * quarter)

    @classmethod
    def month(cls, year, month):
        return cls.between(year, month, year, month)

    @classmethod
    def months(cls, year, last_month):
        """January to ``last_month`` of ``year`` (1—N月, cumulative)."""
        return cls.between(year, 1, year, last_month)

    @classmethod
    def parse(cls, text):
        """The period ``text`` names (see the class); a ``ValidationError`` with a
        translated message for anything else, or a year outside 2000–2100."""
        text = (text or "").strip()
        for pattern, make in _PERIOD_FORMATS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    period = make(*(int(part) for part in match.groups()))
                except ValueError:
                    break
                if period.start.year < MIN_YEAR or period.end.year > MAX_YEAR:
                    raise ValidationError(
                        _("A period must lie between the years %(min)s and %(max)s."),
                        code="invalid", params={"min": MIN_YEAR, "max": MAX_YEAR})
                return period
        raise ValidationError(
            _("Enter a period as 2024 (a year), 2024-Q4 (a quarter), 2024-11 (a month) or "
              "2024-01..2024-11 (a run of months, the first not after the last)."),
            code="invalid")

    # --- reading ---------------------------------------------------------------------
    @property
    def is_year(self):
        """Whether the period is one calendar year."""
        return (self.start.month, self.end.month) == (1, 12) and (
            self.start.year == self.end.year)

    @property
    def month_count(self):
        return _month_index(self.end) - _month_index(self.start) + 1

    def months_in(self):
        """Each month of the period, as a period, in order."""
        first = _month_index(self.start)
        return [Period.month(*_from_index(index))
                for index in range(first, first + self.month_count)]

    def shifted(self, months):
        """The period moved by ``months`` (negative: back)."""
        first = _month_index(self.start) + months
        last = _month_index(self.end) + months
        return Period.between(*_from_index(first), *_from_index(last))

    def year_before(self):
        """The same months a year earlier (同比)."""
        return self.shifted(-12)

    def previous(self):
        """As many months immediately before (环比: the month, quarter or year before)."""
        return self.shifted(-self.month_count)

    def __str__(self):
        if self.is_year:
            return str(self.start.year)
        if self.month_count == 1:
            return f"{self.start:%Y-%m}"
        if (self.month_count == 3 and self.start.month % 3 == 1
                and self.start.year == self.end.year):
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"


def as_period(value):
    """``value`` as a ``Period``: a period stays one, a year (a number) is that year."""
    return value if isinstance(value, Period) else Period.year(int(value))


def period_figures(period, figures):
    """A summary's answer (what its serializer reads): ``year`` (the year the period ends
    in) and ``period`` first, then ``figures``."""
    return {"year": period.end.year, "period": period, **figures}


class During:
    """The summary's period through a list's date filters. Declared under the name of the
    list's year filter: ``{"reported_year": During("reported")}`` is ``reported_year=2024``
    for a calendar year, else ``reported_after=<first day>&reported_before=<last day>``
    (``<prefix>_after`` / ``<prefix>_before``, both days included). ``by_month``: the
    range filters take months (``2024-01``), for a list of monthly rows."""

    def __init__(self, prefix, *, by_month=False):
        self.prefix, self.by_month = prefix, by_month

    def filter_names(self, name):
        return [name, f"{self.prefix}_after", f"{self.prefix}_before"]

    def pairs(self, name, period):
        if period.is_year:
            return [(name, period.start.year)]
        if self.by_month:
            return [(f"{self.prefix}_after", f"{period.start:%Y-%m}"),
                    (f"{self.prefix}_before", f"{period.end:%Y-%m}")]
        return [(f"{self.prefix}_after", period.start.isoformat()),
                (f"{self.prefix}_before", period.end.isoformat())]


@dataclass(frozen=True, eq=False)
class Listing:
    """An API list a figure is taken from: its URL name, its rows (the selector behind the
    list, with the annotations its filters need) and its FilterSet."""

    url_name: str
    rows: Callable[[], QuerySet]
    filterset: type[FilterSet]


class Measure:
    """One value of a figure, computed over the rows the figure's filters select."""

    unit = None
    derived = False  # computed from other measures' values, after the query

    def aggregate(self, condition):
        """The aggregate expression over the rows matching ``condition`` (None: all rows);
        None for a measure derived after the query."""
        raise NotImplementedError

    def finish(self, value, own, values):
        """The value as the summary reports it, given the query's ``value``, this figure's
        other values (``own``) and every figure's (``values[figure]``)."""
        return value


class Rows(Measure):
    """The number of rows."""

    def aggregate(self, condition):
        return Count("pk", filter=condition)


class Total(Measure):
    """The sum of a field (or of an annotation of the list's rows), 0 when there is none;
    by default an amount of money, to two places."""

    def __init__(self, field, *, unit=MONEY_UNIT, places=2):
        self.field, self.unit, self.places = field, unit, places

    def aggregate(self, condition):
        return Sum(self.field, filter=condition)

    def finish(self, value, own, values):
        return Decimal(value or 0).quantize(Decimal(1).scaleb(-self.places),
                                            rounding=ROUND_HALF_UP)


class Percent(Measure):
    """This figure's ``part`` (a measure) as a percentage of another figure's ``count``,
    to two places; None when that figure is zero."""

    unit = PERCENT_UNIT
    derived = True

    def __init__(self, *, of, part="count"):
        self.of, self.part = of, part

    def aggregate(self, condition):
        return None

    def finish(self, value, own, values):
        whole = values[self.of]["count"]
        if not whole:
            return None
        share = Decimal(own[self.part]) * 100 / Decimal(whole)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class RowsWhere(Rows):
    """The number of rows that also meet ``condition`` (a ``Q``)."""

    def __init__(self, condition):
        self.where = condition

    def aggregate(self, condition):
        return Count("pk", filter=self.where if condition is None else condition & self.where)


class Share(Measure):
    """The sum of this figure's ``parts`` (measures) as a percentage of its own ``whole``,
    to two places; None when the whole is zero."""

    unit = PERCENT_UNIT
    derived = True

    def __init__(self, *parts, whole="count"):
        self.parts, self.whole = parts, whole

    def aggregate(self, condition):
        return None

    def finish(self, value, own, values):
        whole = own[self.whole]
        if not whole:
            return None
        share = Decimal(sum(own[part] for part in self.parts)) * 100 / Decimal(whole)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class MedianDays(Measure):
    """The median number of calendar days from ``start`` to ``end`` (two date-time fields of
    the list's rows, e.g. reported and closed) over the figure's rows that have both, to one
    place (fractions of a day count: 36 hours is 1.5); None without such rows.

    A median is no SQL aggregate on both SQLite and PostgreSQL: the figure's durations are
    read by one more query (``values``, per figure that has the measure) and the median
    taken here. Derived: it is filled in after the aggregate query."""

    unit = _("days")
    derived = True
    reads_rows = True

    def __init__(self, start, end):
        self.start, self.end = start, end

    def aggregate(self, condition):
        return None

    def read(self, rows):
        """The measure's value over ``rows`` (the figure's)."""
        pairs = rows.filter(**{f"{self.start}__isnull": False, f"{self.end}__isnull": False}
                            ).values_list(self.start, self.end)
        days = [(end - start).total_seconds() / 86400 for start, end in pairs]
        if not days:
            return None
        return Decimal(str(statistics.median(days))).quantize(Decimal("0.1"),
                                                              rounding=ROUND_HALF_UP)

    def finish(self, value, own, values):
        return value


def satisfaction_figure(listing, params=None, *, caption):
    """The answers of the reporters asked back when the items of a closed-loop ``listing``
    were verified (回访): ``count`` (asked), one count per answer and ``rate`` (满意率,
    satisfied and basically satisfied, %). Its link lists the items asked."""
    answers = {answer: RowsWhere(Q(satisfaction=answer)) for answer in Satisfaction.values}
    return Figure(
        listing, {**(params or {}), "satisfaction": list(Satisfaction.values)},
        caption=caption, count=Rows(), **answers,
        rate=Share(*(str(answer) for answer in SATISFIED_ANSWERS)),
    )


def _as_parameter(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _filter_names(params):
    names = []
    for name, value in params.items():
        names += value.filter_names(name) if isinstance(value, During) else [name]
    return names


def _with_only(filterset, names):
    """``filterset`` reduced to the filters ``names``: the same filters, validating and
    filtering as the list does, without building a form field for every other filter of
    the list (a FilterSet per figure would otherwise cost more than the query)."""
    unknown = set(names) - set(filterset.base_filters)
    if unknown:
        raise ImproperlyConfigured(
            f"{filterset.__name__} has no filter {', '.join(sorted(unknown))}"
        )
    reduced = type(filterset.__name__, (filterset,), {})
    reduced.base_filters = {name: filterset.base_filters[name] for name in names}
    return reduced


class Figure:
    """Measures over the rows of ``listing`` that its FilterSet selects with ``params``
    (the list's query parameters; ``YEAR`` for the summary's year, a list for a repeated
    parameter). Without measures, a figure counts its rows: ``count=Rows()``."""

    def __init__(self, listing, params=None, *, caption, **measures):
        self.listing = listing
        self.params = dict(params or {})
        self.caption = caption
        self.measures = measures or {"count": Rows()}
        self.filterset = _with_only(listing.filterset, _filter_names(self.params))

    @property
    def units(self):
        return {name: m.unit for name, m in self.measures.items() if m.unit is not None}

    def query_string(self, arguments):
        pairs = []
        for name, value in self.params.items():
            if isinstance(value, During):
                pairs += [(key, _as_parameter(item))
                          for key, item in value.pairs(name, arguments["period"])]
                continue
            for item in value if isinstance(value, list | tuple) else [value]:
                item = arguments[item.name] if isinstance(item, Argument) else item
                pairs.append((name, _as_parameter(item)))
        return urlencode(pairs)

    def selected(self, query_string, rows):
        """The rows the list's FilterSet selects from the very query string of the link."""
        if not query_string:
            return rows
        filterset = self.filterset(data=QueryDict(query_string), queryset=rows)
        if not filterset.is_valid():
            # django-filter would silently drop an invalid parameter and count every row.
            raise ImproperlyConfigured(
                f"{self.listing.url_name}?{query_string}: {filterset.errors.as_json()}"
            )
        return filterset.qs

    def condition(self, query_string, rows):
        """This figure's ``rows`` (the list's) as the list's FilterSet selects them from
        the very query string of the link; None when the figure has no filters."""
        if not query_string:
            return None
        return Q(pk__in=_primary_keys(self.selected(query_string, rows)))

    def link(self, query_string):
        url = reverse(self.listing.url_name)
        return f"{url}?{query_string}" if query_string else url


class Breakdown:
    """One figure per choice of ``field`` (e.g. projects by stage), in the choices' order;
    each carries its choice under ``field`` and the choice's label as its caption."""

    def __init__(self, listing, field, choices, params=None):
        self.field = field
        self.items = [
            (value, Figure(listing, {**(params or {}), field: value}, caption=label))
            for value, label in choices.choices
        ]


class Monthly:
    """A series: the figure ``Figure(listing, params, caption=..., **measures)`` for each
    month of the period the summary is evaluated for (twelve for a year), each with its own
    link. ``params`` take the period with ``During`` (each month is then a period of its
    own). All the months are computed in the list's one aggregate query."""

    def __init__(self, listing, params=None, *, caption, **measures):
        if not any(isinstance(value, During) for value in (params or {}).values()):
            raise ImproperlyConfigured("A Monthly series needs the period: a During param.")
        if any(isinstance(m, Percent) for m in measures.values()):
            raise ImproperlyConfigured("A Monthly series cannot be a Percent of a figure.")
        self.figure = Figure(listing, params, caption=caption, **measures)


class Summary:
    """A named tree of figures: nested dicts whose leaves are ``Figure``, ``Breakdown`` and
    ``Monthly``."""

    def __init__(self, name, figures):
        self.name = name
        self.figures = figures

    @property
    def has_series(self):
        """Whether the tree has a ``Monthly`` series (one figure per month of the period)."""
        def walk(node):
            if isinstance(node, Monthly):
                return True
            if isinstance(node, dict):
                return any(walk(child) for child in node.values())
            return False
        return walk(self.figures)

    def evaluate(self, *, year=None, period=None, **arguments):
        """The tree with every figure's values, link (path and query string), caption and
        units, for ``period`` (a ``Period``) or the calendar ``year``."""
        if period is None:
            if year is None:
                raise TypeError("evaluate() needs a period or a year.")
            period = Period.year(year)
        arguments = {**arguments, "period": period, "year": period.end.year}
        entries = {}  # key -> (figure, the arguments it is evaluated with)
        for key, figure, month in _figures_in(self.figures, period):
            entries[key] = (figure, arguments if month is None
                            else {**arguments, "period": month})
        query_strings = {key: figure.query_string(args)
                         for key, (figure, args) in entries.items()}
        values = _aggregate(entries, query_strings)
        for derived in (False, True):
            for key, (figure, _args) in entries.items():
                for name, measure in figure.measures.items():
                    if measure.derived == derived:
                        values[key][name] = measure.finish(
                            values[key].get(name), values[key], values)
        return _render(self.figures, period, entries, values, query_strings)


def _figures_in(node, period):
    """(key, figure, month or None) of every figure of the tree; a Monthly's figure once
    per month of ``period``, keyed (figure, month)."""
    if isinstance(node, Figure):
        yield node, node, None
    elif isinstance(node, Breakdown):
        yield from ((figure, figure, None) for _value, figure in node.items)
    elif isinstance(node, Monthly):
        for month in period.months_in():
            yield (node.figure, str(month)), node.figure, month
    else:
        for child in node.values():
            yield from _figures_in(child, period)


def _related_ids(entries, query_strings):
    """{id filter: the ids the figures give it}: the records every figure's filterset
    validates, to be read once for all of them (``records_read``)."""
    ids = {}
    for key, (figure, _args) in entries.items():
        data = QueryDict(query_strings[key])
        for name, id_filter in figure.filterset.base_filters.items():
            if isinstance(id_filter, RelatedIdsFilter) and name in data:
                ids.setdefault(id_filter, set()).update(data.getlist(name))
    return ids


def _aggregate(entries, query_strings):
    """The measures' raw values: one aggregate query per listing for all its figures (and
    one more query per measure that reads the rows, e.g. a median). The records the
    figures' id filters name (a figure per village) are read once, not per figure."""
    with records_read(_related_ids(entries, query_strings)):
        return _aggregate_figures(entries, query_strings)


def _aggregate_figures(entries, query_strings):
    values = {key: {} for key in entries}
    by_listing = {}
    for key, (figure, _args) in entries.items():
        by_listing.setdefault(figure.listing, []).append((key, figure))
    for listing, figures in by_listing.items():
        rows = listing.rows()
        expressions, owners = {}, {}
        for index, (key, figure) in enumerate(figures):
            condition = figure.condition(query_strings[key], rows)
            for name, measure in figure.measures.items():
                if getattr(measure, "reads_rows", False):
                    values[key][name] = measure.read(
                        figure.selected(query_strings[key], rows))
                    continue
                expression = measure.aggregate(condition)
                if expression is not None:
                    alias = f"figure{index}_{name}"
                    expressions[alias] = expression
                    owners[alias] = (key, name)
        if expressions:
            for alias, value in rows.aggregate(**expressions).items():
                key, name = owners[alias]
                values[key][name] = value
    return values


def _primary_keys(queryset):
    """The keys of ``queryset``'s rows, as a subquery without the row annotations it no
    longer needs: a filter on an annotation has already inlined it into WHERE, and each
    one left would be resolved again inside every figure's subquery (the project list has
    five correlated subqueries; 23 figures made the summary five times slower). Aggregate
    annotations stay: they decide the grouping (and a HAVING filter refers to them)."""
    keys = queryset.values("pk")
    keys.query.annotations = {alias: annotation
                              for alias, annotation in keys.query.annotations.items()
                              if annotation.contains_aggregate}
    return keys


def _render(node, period, entries, values, query_strings):
    if isinstance(node, Figure):
        return _render_figure(node, node, values, query_strings)
    if isinstance(node, Breakdown):
        return [{node.field: value, **_render_figure(figure, figure, values, query_strings)}
                for value, figure in node.items]
    if isinstance(node, Monthly):
        return [{"month": str(month),
                 **_render_figure(node.figure, (node.figure, str(month)), values,
                                  query_strings)}
                for month in period.months_in()]
    return {key: _render(child, period, entries, values, query_strings)
            for key, child in node.items()}


def _render_figure(figure, key, values, query_strings):
    return {
        **values[key],
        "link": figure.link(query_strings[key]),
        "caption": figure.caption,
        "units": figure.units,
    }

"""Summaries declared once: the dashboard figures of an app and their drill-down links.

A figure names the API list it is taken from (a ``Listing``: URL name, rows, FilterSet) and
that list's query parameters. Both its value and its link come from that one declaration:
the value is aggregated over the list's rows as the list's own FilterSet filters them with
those parameters, and the link is the list's URL with the same parameters. Following a
figure's link therefore always lists the records that make up the figure.

    PROJECTS = Listing("projects-api:project-list", project_list, ProjectFilterSet)
    SUMMARY = Summary("ProjectsSummary", {
        "completed": Figure(PROJECTS, {"status": "completed", "completed_year": YEAR},
                            caption=_("Projects completed in the year")),
    })
    SUMMARY.evaluate(year=2024)
    # {"completed": {"count": 11, "link": "/api/v1/projects/projects/?status=completed&...",
    #                "caption": ..., "units": {}}}

The figures over one list are computed by a single aggregate query, so a summary costs one
query per list it draws on, whatever the amount of data.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Q, QuerySet, Sum
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet

from cuizhai.core.choices import SATISFIED_ANSWERS, Satisfaction

MONEY_UNIT = _("10,000 yuan")  # 万元: the unit of every amount in the system
PERCENT_UNIT = "%"


@dataclass(frozen=True)
class Argument:
    """A parameter value supplied when the summary is evaluated (e.g. the year)."""

    name: str


YEAR = Argument("year")


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
        self.filterset = _with_only(listing.filterset, self.params)

    @property
    def units(self):
        return {name: m.unit for name, m in self.measures.items() if m.unit is not None}

    def query_string(self, arguments):
        pairs = []
        for name, value in self.params.items():
            for item in value if isinstance(value, list | tuple) else [value]:
                item = arguments[item.name] if isinstance(item, Argument) else item
                pairs.append((name, _as_parameter(item)))
        return urlencode(pairs)

    def condition(self, query_string, rows):
        """This figure's ``rows`` (the list's) as the list's FilterSet selects them from
        the very query string of the link; None when the figure has no filters."""
        if not query_string:
            return None
        filterset = self.filterset(data=QueryDict(query_string), queryset=rows)
        if not filterset.is_valid():
            # django-filter would silently drop an invalid parameter and count every row.
            raise ImproperlyConfigured(
                f"{self.listing.url_name}?{query_string}: {filterset.errors.as_json()}"
            )
        return Q(pk__in=_primary_keys(filterset.qs))

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


class Summary:
    """A named tree of figures: nested dicts whose leaves are ``Figure`` and ``Breakdown``."""

    def __init__(self, name, figures):
        self.name = name
        self.figures = figures

    def evaluate(self, **arguments):
        """The tree with every figure's values, link (path and query string), caption and
        units."""
        flat = list(_figures_in(self.figures))
        query_strings = {figure: figure.query_string(arguments) for figure in flat}
        values = _aggregate(flat, query_strings)
        for derived in (False, True):
            for figure in flat:
                for name, measure in figure.measures.items():
                    if measure.derived == derived:
                        values[figure][name] = measure.finish(
                            values[figure].get(name), values[figure], values)
        return _render(self.figures, values, query_strings)


def _figures_in(node):
    if isinstance(node, Figure):
        yield node
    elif isinstance(node, Breakdown):
        yield from (figure for _value, figure in node.items)
    else:
        for child in node.values():
            yield from _figures_in(child)


def _aggregate(flat, query_strings):
    """The measures' raw values: one aggregate query per listing for all its figures."""
    values = {figure: {} for figure in flat}
    by_listing = {}
    for figure in flat:
        by_listing.setdefault(figure.listing, []).append(figure)
    for listing, figures in by_listing.items():
        rows = listing.rows()
        expressions, owners = {}, {}
        for index, figure in enumerate(figures):
            condition = figure.condition(query_strings[figure], rows)
            for name, measure in figure.measures.items():
                expression = measure.aggregate(condition)
                if expression is not None:
                    alias = f"figure{index}_{name}"
                    expressions[alias] = expression
                    owners[alias] = (figure, name)
        if expressions:
            for alias, value in rows.aggregate(**expressions).items():
                figure, name = owners[alias]
                values[figure][name] = value
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


def _render(node, values, query_strings):
    if isinstance(node, Figure):
        return _render_figure(node, values, query_strings)
    if isinstance(node, Breakdown):
        return [{node.field: value, **_render_figure(figure, values, query_strings)}
                for value, figure in node.items]
    return {key: _render(child, values, query_strings) for key, child in node.items()}


def _render_figure(figure, values, query_strings):
    return {
        **values[figure],
        "link": figure.link(query_strings[figure]),
        "caption": figure.caption,
        "units": figure.units,
    }

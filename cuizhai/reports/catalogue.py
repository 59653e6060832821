"""What a progress report shows of each line of work, read from that line's summary.

A report never counts records itself. Each line names its summary (the very declaration
behind ``/api/v1/<app>/summary/``), and each headline figure names a value of it by key:
``newly_planned.total_investment`` is the measure ``total_investment`` of the figure
``newly_planned``; ``training.by_kind.micro_class.count`` is the count of the ``micro_class``
row of the breakdown ``training.by_kind``. The value's drill-down link is the figure's own.
Indicators (budget revenue, road deaths...) are read from the core's indicator values, with
the growth the core computes (``indicators.<code>``).

Targets (``Target.key``) and the office's sentence templates (``HeadlineTemplate.key``)
name these same keys, and the dashboard shows the headlines marked ``dashboard`` (the brief's
table), read from the same summary endpoints: one declaration of what a figure is, how it is
written and whether it compares, for the report and the dashboard.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cuizhai.core import selectors as core_selectors
from cuizhai.core.base.summary import Breakdown
from cuizhai.core.choices import IndicatorPeriodKind
from partybuilding import selectors as partybuilding_selectors
from projects import selectors as projects_selectors
from resettlement import selectors as resettlement_selectors
from safety import selectors as safety_selectors

# How a value is written: the source unit it is kept in and the unit it is shown in.
COUNT, YI_FROM_WAN, WAN_FROM_YUAN, WAN, PERCENT, MU, PEOPLE = (
    "count", "yi_from_wan", "wan_from_yuan", "wan", "percent", "mu", "people")
DIVISORS = {YI_FROM_WAN: Decimal(10000), WAN_FROM_YUAN: Decimal(10000)}

# The units, translated: the report (always in Chinese) writes 亿元 and the measure word of
# a count (个, 套, 处…); the dashboard in English writes "100 million yuan", "projects".
YI = _("100 million yuan")  # 亿元
TEN_THOUSAND_YUAN = _("10,000 yuan")  # 万元
YUAN = _("yuan")  # 元
MU_UNIT = pgettext_lazy("unit", "mu")  # 亩
PROJECTS = pgettext_lazy("unit", "projects")  # 个
COMMUNITIES = pgettext_lazy("unit", "communities")  # 个
VILLAGES = pgettext_lazy("unit", "villages")  # 个
COMMITTEES = pgettext_lazy("unit", "committees")  # 个
PROBLEMS = pgettext_lazy("unit", "problems")  # 个
ENTERPRISES = pgettext_lazy("unit", "enterprises")  # 家
HOUSEHOLDS = pgettext_lazy("unit", "households")  # 户
RESIDENTS = pgettext_lazy("unit", "people")  # 人
PERSONS = pgettext_lazy("unit", "persons")  # 名
HOUSING_UNITS = pgettext_lazy("unit", "units")  # 套
SETS = pgettext_lazy("unit", "sets")  # 套
ITEMS = pgettext_lazy("unit", "items")  # 件
HAZARDS = pgettext_lazy("unit", "hazards")  # 处
TIMES = pgettext_lazy("unit", "times")  # 次
EVENTS = pgettext_lazy("unit", "events")  # 场
SESSIONS = pgettext_lazy("unit", "sessions")  # 期
PERSON_TIMES = pgettext_lazy("unit", "person-times")  # 人次

SHOWN_UNITS = {YI_FROM_WAN: YI, WAN_FROM_YUAN: TEN_THOUSAND_YUAN, WAN: TEN_THOUSAND_YUAN,
               PERCENT: "%", MU: MU_UNIT}
# The unit a target is entered in: the unit the summary keeps the value in.
SOURCE_UNITS = {YI_FROM_WAN: TEN_THOUSAND_YUAN, WAN_FROM_YUAN: YUAN, WAN: TEN_THOUSAND_YUAN,
                PERCENT: "%", MU: MU_UNIT}


@dataclass(frozen=True)
class Headline:
    """A figure a report shows: ``key`` into its line's summary (or ``indicators.<code>``),
    its name, how it is written, and whether it compares with other periods.

    ``compare`` is False for a stock counted to date (projects under construction, reserve
    cadres): last year's evaluation would give today's number again, not last year's.
    ``per_year``: see the field.
    ``sentence``: the default wording of its headline sentence (the office may replace it
    with a ``HeadlineTemplate``); None: the figure is in the tables only.
    ``dashboard``: one of the brief's headline figures, shown on the dashboard too."""

    key: str
    label: str
    style: str = COUNT
    unit: str = ""  # the shown unit of a count (PROJECTS: 个, HOUSING_UNITS: 套...)
    compare: bool = True
    # A figure counted per year (a plan year, the year's evaluations): the summaries take
    # it for the year the period ends in, so a shorter period shows the year's and it is
    # compared with last year's only, never with the previous month or quarter.
    per_year: bool = False
    places: int = 2  # decimals a percentage or a growth rate is written with
    sentence: str | None = "{period}，{label}{value}{unit}{yoy}{mom}{completion}"
    dashboard: bool = False

    @property
    def is_indicator(self):
        return self.key.startswith("indicators.")

    @property
    def indicator_code(self):
        return self.key.split(".", 1)[1]

    @property
    def shown_unit(self):
        """The unit the value is written in, in the active language."""
        return str(SHOWN_UNITS.get(self.style, self.unit))

    @property
    def source_unit(self):
        return str(SOURCE_UNITS.get(self.style, self.unit))

    @property
    def divisor(self):
        """From the unit the summary keeps the value in to the one it is shown in."""
        return DIVISORS.get(self.style, 1)

    @property
    def decimals(self):
        """The most decimals the value is written with (trailing zeros dropped), as
        ``shown()`` writes it."""
        if self.style == PERCENT:
            return self.places
        return 0 if self.style == COUNT else 2


@dataclass(frozen=True)
class Table:
    """A table of a line: rows from a list in the summary (a breakdown) or from a selector."""

    title: str
    columns: tuple
    rows: callable  # (evaluated summary, period) -> [{"cells": [...], "link": str}]


@dataclass(frozen=True)
class Series:
    """A monthly series of a line (a ``Monthly`` figure of the app's series summary), drawn
    as a chart: ``key`` names the figure, ``measure`` the value, ``style`` its unit."""

    title: str
    key: str
    measure: str = "count"
    style: str = COUNT
    unit: str = ""


@dataclass(frozen=True)
class Line:
    key: str  # the app's label
    label: str
    summary: object  # the app's Summary declaration
    headlines: tuple
    tables: tuple = ()
    series_summary: object = None  # the app's monthly series (``<APP>_SERIES``)
    series: tuple = field(default=())

    def answer_path(self, headline):
        """``(path, measure)`` of a (non-indicator) headline in the answer of the line's
        summary endpoint: ``training.by_kind.micro_class.count`` is the item whose ``kind``
        is ``micro_class`` of the list ``training.by_kind``, written
        ``("training.by_kind[kind=micro_class]", "count")``. A key the declaration does
        not have raises KeyError."""
        *steps, measure = headline.key.split(".")
        node, path = self.summary.figures, []
        steps = iter(steps)
        for step in steps:
            node = node[step]
            if isinstance(node, Breakdown):
                choice = next(steps)
                if choice not in {value for value, _figure in node.items}:
                    raise KeyError(headline.key)
                step = f"{step}[{node.field}={choice}]"
            path.append(step)
        return ".".join(path), measure

    def headlines_on_dashboard(self):
        return [headline for headline in self.headlines if headline.dashboard]


# --- evaluating a summary for a period -------------------------------------------------------
def summary_period(period):
    """The core summaries' ``Period`` for a report's period."""
    return period.summary


def evaluate(line, period):
    """The line's summary for ``period``, as its summary endpoint computes it."""
    return line.summary.evaluate(period=summary_period(period))


def evaluate_series(line, period):
    """The line's monthly series for ``period``, as its series endpoint computes it."""
    if line.series_summary is None:
        return {}
    return line.series_summary.evaluate(period=summary_period(period))


# --- reading values ----------------------------------------------------------------------
FIGURE_KEYS = {"link", "caption", "units"}


def flatten(tree, prefix=""):
    """``{key: {"value", "link"}}`` for every measure of an evaluated summary tree."""
    if isinstance(tree, dict) and "link" in tree and "caption" in tree:
        return {f"{prefix}{name}": {"value": value, "link": tree["link"]}
                for name, value in tree.items() if name not in FIGURE_KEYS}
    flat = {}
    if isinstance(tree, list):  # a breakdown: its rows carry their choice first
        for row in tree:
            field_name = next(iter(row))
            flat.update(flatten({k: v for k, v in row.items() if k != field_name},
                                f"{prefix}{row[field_name]}."))
        return flat
    for name, child in tree.items():
        flat.update(flatten(child, f"{prefix}{name}."))
    return flat


def indicator_link(code, year):
    """The indicator's values in ``year``: the records behind an indicator's figure."""
    return f"{reverse('core-api:indicatorvalue-list')}?" + urlencode(
        {"indicator": code, "year": year})


def indicator_value(code, period):
    """The indicator's value at the end of ``period`` (its latest month up to then), with the
    core's 同比 and 环比, or None when none is entered."""
    value = (core_selectors.indicator_value_list()
             .filter(indicator__code=code, year=period.year, month__lte=period.last_month)
             .order_by("-month").first())
    if value is None:
        return None
    link = indicator_link(code, period.year)
    cumulative = value.indicator.period_kind == IndicatorPeriodKind.CUMULATIVE
    return {
        "value": value.value, "link": link, "month": value.month, "cumulative": cumulative,
        "same_period_last_year": value.same_period_last_year, "yoy": value.yoy_growth,
        "previous": value.previous_period_value, "mom": value.mom_growth,
    }


# --- writing values ----------------------------------------------------------------------
def plain(number):
    """A Decimal without trailing zeros or exponent: 87, 2.72, 390.2."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def shown(headline, value):
    """``value`` (as the summary keeps it) written in the headline's unit."""
    if value is None:
        return "—"
    value = Decimal(value)
    if headline.style in DIVISORS:
        value = (value / DIVISORS[headline.style]).quantize(Decimal("0.01"), ROUND_HALF_UP)
    elif headline.style == PERCENT:
        value = value.quantize(Decimal(1).scaleb(-headline.places), ROUND_HALF_UP)
    return plain(value)


def growth(current, previous):
    """Percentage change, two places; None when there is nothing to compare (as the core
    computes the indicators' growth)."""
    if current is None or previous in (None, 0):
        return None
    change = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return change.quantize(Decimal("0.01"), ROUND_HALF_UP)


def growth_phrase(prefix, rate, places=2):
    """同比增长115.41% / 同比下降57.1% / 同比持平."""
    if rate is None:
        return ""
    rate = Decimal(rate).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if rate > 0:
        return f"{prefix}增长{plain(rate)}%"
    if rate < 0:
        return f"{prefix}下降{plain(-rate)}%"
    return f"{prefix}持平"


# The indicators' sentence: "1—11月，完成一般公共预算收入9.58亿元，同比增长115.41%".
ACHIEVED = "{period}，完成{label}{value}{unit}{yoy}{mom}{completion}"


# --- the lines --------------------------------------------------------------------------------
def _breakdown_table(path):
    def rows(tree, period):
        node = tree
        for part in path.split("."):
            node = node[part]
        return [{"cells": [str(row["caption"]), row["count"]], "link": row["link"]}
                for row in node]
    return rows


def _community_handovers(tree, period):
    rows = resettlement_selectors.community_handovers(summary_period(period))
    return [{"cells": [str(row["cumulative"]["caption"]), row["in_year"]["count"],
                       row["cumulative"]["count"]],
             "link": row["cumulative"]["link"]} for row in rows.values()]


LINES = (
    Line("projects", _("Project construction and enterprise service"),
         projects_selectors.PROJECTS_SUMMARY, (
             Headline("newly_planned.count", _("newly planned projects"), unit=PROJECTS,
                      per_year=True, dashboard=True),
             Headline("newly_planned.total_investment", _("total investment of the newly "
                                                          "planned projects"), YI_FROM_WAN,
                      per_year=True, dashboard=True),
             Headline("newly_planned.central_special_bonds",
                      _("central special-purpose bonds among it"), YI_FROM_WAN,
                      per_year=True, dashboard=True),
             Headline("under_construction.count", _("projects under construction"),
                      unit=PROJECTS, compare=False, dashboard=True),
             Headline("completed.count", _("projects completed"), unit=PROJECTS, dashboard=True),
             Headline("investment_completed.amount", _("investment completed"), YI_FROM_WAN),
             Headline("relocation_projects.count", _("enterprise relocation projects"),
                      unit=PROJECTS, compare=False, sentence=None),
             Headline("problems.responded_within_24h.rate",
                      _("project problems answered within 24 hours"), PERCENT, sentence=None),
             Headline("enterprises.visited.count", _("enterprises visited"), unit=ENTERPRISES),
             Headline("indicators.general-budget-revenue",
                      _("general public budget revenue"), YI_FROM_WAN,
                      sentence=ACHIEVED, dashboard=True),
             Headline("indicators.industrial-output-value", _("total industrial output value"),
                      YI_FROM_WAN, sentence=ACHIEVED, dashboard=True),
         ),
         tables=(
             Table(_("Projects by batch stage"), (_("Stage"), _("Number of projects")),
                   _breakdown_table("projects_by_stage")),
             Table(_("Projects by status"), (_("Status"), _("Number of projects")),
                   _breakdown_table("projects_by_status")),
         ),
         series_summary=projects_selectors.PROJECTS_SERIES,
         series=(Series(_("Investment completed by month"), "investment_completed", "amount",
                        YI_FROM_WAN),
                 Series(_("Projects completed by month"), "completed", unit=PROJECTS))),
    Line("resettlement", _("Demolition and resettlement"),
         resettlement_selectors.RESETTLEMENT_SUMMARY, (
             Headline("communities.count", _("ideal communities"), unit=COMMUNITIES,
                      compare=False, dashboard=True),
             Headline("source_villages.count", _("relocated source villages"), unit=VILLAGES,
                      compare=False, dashboard=True),
             Headline("rehoused.residents", _("residents rehoused"), unit=RESIDENTS,
                      compare=False, dashboard=True),
             Headline("selection.selected.rate", _("house-selection rate"), PERCENT,
                      compare=False, dashboard=True),
             Headline("handovers.in_year.count", _("housing units handed over"),
                      unit=HOUSING_UNITS, dashboard=True),
             # (in the report's period: 11月，交付安置房…套; not 年内 in a month's sentence)
             Headline("handovers.cumulative.count", _("housing units handed over to date"),
                      unit=HOUSING_UNITS, compare=False),
             Headline("land.area_mu", _("land acquired"), MU, dashboard=True),
             Headline("merchants.count", _("merchants demolished"), unit=HOUSEHOLDS),
             Headline("help_line.resolved.count", _("help-line requests resolved"), unit=ITEMS,
                      dashboard=True),
             Headline("help_line.helpers.count", _("help-line helpers"), unit=PERSONS,
                      compare=False, dashboard=True),
             Headline("indicators.hotline-12345-community-management",
                      _("12345 community-management tickets"), unit=ITEMS, sentence=None),
         ),
         tables=(
             Table(_("Housing units handed over by community"),
                   (_("Community"), _("In the period"), _("To date")), _community_handovers),
         ),
         series_summary=resettlement_selectors.RESETTLEMENT_SERIES,
         series=(Series(_("Housing units handed over by month"), "handovers",
                        unit=HOUSING_UNITS),)),
    Line("safety", _("Safety of the subdistrict"), safety_selectors.SAFETY_SUMMARY, (
        Headline("inspections.expert.count", _("inspections with outside safety experts"),
                 unit=TIMES, dashboard=True),
        Headline("hazards.found.count", _("hazards found in inspections"), unit=HAZARDS,
                 dashboard=True),
        Headline("hazards.rectified.count", _("hazards rectified"), unit=HAZARDS),
        Headline("hazards.rectified.rate", _("hazard rectification rate"), PERCENT,
                 sentence=None),
        Headline("hazards.overdue.count", _("hazards overdue"), unit=HAZARDS, sentence=None),
        Headline("traffic.events.count", _("traffic-safety publicity events"), unit=EVENTS,
                 dashboard=True),
        Headline("traffic.hazards.count", _("traffic hazards found with the traffic police"),
                 unit=HAZARDS),
        Headline("traffic.persuasions.persuasions", _("on-the-spot persuasions"), unit=TIMES),
        Headline("traffic.facilities.sets", _("traffic-safety facilities repaired or "
                                              "installed"), unit=SETS, dashboard=True),
        Headline("traffic.facilities.cost", _("spent on traffic-safety facilities"),
                 WAN_FROM_YUAN, dashboard=True),
        Headline("indicators.road-deaths", _("road traffic deaths"), unit=RESIDENTS, places=1,
                 dashboard=True),
    ),
         tables=(
             Table(_("Hazards by level"), (_("Level"), _("Hazards")),
                   _breakdown_table("hazards.by_level")),
             Table(_("Hazards by category"), (_("Category"), _("Hazards")),
                   _breakdown_table("hazards.by_category")),
         ),
         series_summary=safety_selectors.SAFETY_SERIES,
         series=(Series(_("Hazards found by month"), "hazards_found", unit=HAZARDS),
                 Series(_("Hazards found in the month and rectified"), "hazards_rectified",
                        unit=HAZARDS))),
    Line("partybuilding", _("Party building"), partybuilding_selectors.PARTYBUILDING_SUMMARY, (
        Headline("elections.count", _("community party committee elections"), unit=COMMUNITIES),
        Headline("committees_evaluated.count", _("village committees evaluated"), unit=COMMITTEES,
                 per_year=True, dashboard=True),
        Headline("evaluation_problems.found.count", _("problems found by the evaluations"),
                 unit=PROBLEMS, per_year=True, dashboard=True),
        Headline("evaluation_problems.closed.count", _("problems rectified and closed"),
                 unit=PROBLEMS, per_year=True),
        Headline("asset_problems.found.count", _("collective asset problems found"),
                 unit=PROBLEMS),
        Headline("training.by_kind.micro_class.count", _("business micro-classes"), unit=SESSIONS,
                 dashboard=True),
        Headline("training.by_kind.lecture.count", _("cadre lectures"), unit=SESSIONS,
                 dashboard=True),
        Headline("training.village_cadre_training.person_times",
                 _("village cadre training"), unit=PERSON_TIMES, dashboard=True),
        Headline("training.youth_talks.count", _("Cuizhai Youth Talk sessions"), unit=EVENTS),
        Headline("cadres.reserve.count", _("reserve village cadres"), unit=PERSONS,
                 compare=False, dashboard=True),
        Headline("cadres.young_placed.count", _("young cadres placed for practice"),
                 unit=PERSONS, per_year=True, dashboard=True),
    ),
         tables=(
             Table(_("Training sessions by kind"), (_("Kind"), _("Sessions")),
                   _breakdown_table("training.by_kind")),
         ),
         series_summary=partybuilding_selectors.PARTYBUILDING_SERIES,
         series=(Series(_("Training person-times by month"), "training", "person_times",
                        unit=PERSON_TIMES),)),
)
LINES_BY_KEY = {line.key: line for line in LINES}


def line_choices():
    return [(line.key, line.label) for line in LINES]


def headline(key):
    """The headline named ``<line>:<key>``, or None."""
    line_key, _sep, figure_key = key.partition(":")
    line = LINES_BY_KEY.get(line_key)
    if line is None:
        return None
    return next((h for h in line.headlines if h.key == figure_key), None)


def headline_choices():
    """``("<line>:<key>", "line — figure (unit)")`` for every headline: what a target or a
    sentence template may name."""
    return [(f"{line.key}:{h.key}", f"{line.label} — {h.label}（{h.source_unit}）")
            for line in LINES for h in line.headlines]

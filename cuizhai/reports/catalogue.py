"""What a progress report shows of each line of work, read from that line's summary.

A report never counts records itself. Each line names its summary (the very declaration
behind ``/api/v1/<app>/summary/``), and each headline figure names a value of it by key:
``newly_planned.total_investment`` is the measure ``total_investment`` of the figure
``newly_planned``; ``training.by_kind.micro_class.count`` is the count of the ``micro_class``
row of the breakdown ``training.by_kind``. The value's drill-down link is the figure's own.
Indicators (budget revenue, road deaths...) are read from the core's indicator values, with
the growth the core computes (``indicators.<code>``).

Targets (``Target.key``) and the office's sentence templates (``HeadlineTemplate.key``)
name these same keys.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cuizhai.core import selectors as core_selectors
from cuizhai.core.choices import IndicatorPeriodKind
from partybuilding import selectors as partybuilding_selectors
from projects import selectors as projects_selectors
from resettlement import selectors as resettlement_selectors
from safety import selectors as safety_selectors

# How a value is written: the source unit it is kept in and the unit it is shown in.
COUNT, YI_FROM_WAN, WAN_FROM_YUAN, WAN, PERCENT, MU, PEOPLE = (
    "count", "yi_from_wan", "wan_from_yuan", "wan", "percent", "mu", "people")
DIVISORS = {YI_FROM_WAN: Decimal(10000), WAN_FROM_YUAN: Decimal(10000)}
SHOWN_UNITS = {YI_FROM_WAN: "亿元", WAN_FROM_YUAN: "万元", WAN: "万元", PERCENT: "%", MU: "亩"}
# The unit a target is entered in: the unit the summary keeps the value in.
SOURCE_UNITS = {YI_FROM_WAN: "万元", WAN_FROM_YUAN: "元", WAN: "万元", PERCENT: "%", MU: "亩"}


@dataclass(frozen=True)
class Headline:
    """A figure a report shows: ``key`` into its line's summary (or ``indicators.<code>``),
    its name, how it is written, and whether it compares with other periods.

    ``compare`` is False for a stock counted to date (projects under construction, reserve
    cadres): last year's evaluation would give today's number again, not last year's.
    ``per_year``: see the field.
    ``sentence``: the default wording of its headline sentence (the office may replace it
    with a ``HeadlineTemplate``); None: the figure is in the tables only."""

    key: str
    label: str
    style: str = COUNT
    unit: str = ""  # the shown unit of a count (个, 套, 人次)
    compare: bool = True
    # A figure counted per year (a plan year, the year's evaluations): the summaries take
    # it for the year the period ends in, so a shorter period shows the year's and it is
    # compared with last year's only, never with the previous month or quarter.
    per_year: bool = False
    places: int = 2  # decimals a percentage or a growth rate is written with
    sentence: str | None = "{period}，{label}{value}{unit}{yoy}{mom}{completion}"

    @property
    def is_indicator(self):
        return self.key.startswith("indicators.")

    @property
    def indicator_code(self):
        return self.key.split(".", 1)[1]

    @property
    def shown_unit(self):
        return SHOWN_UNITS.get(self.style, self.unit)

    @property
    def source_unit(self):
        return SOURCE_UNITS.get(self.style, self.unit)


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


def indicator_value(code, period):
    """The indicator's value at the end of ``period`` (its latest month up to then), with the
    core's 同比 and 环比, or None when none is entered."""
    value = (core_selectors.indicator_value_list()
             .filter(indicator__code=code, year=period.year, month__lte=period.last_month)
             .order_by("-month").first())
    if value is None:
        return None
    link = f"{reverse('core-api:indicatorvalue-list')}?" + urlencode(
        {"indicator": code, "year": period.year})
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
             Headline("newly_planned.count", _("newly planned projects"), unit="个",
                      per_year=True),
             Headline("newly_planned.total_investment", _("total investment of the newly "
                                                          "planned projects"), YI_FROM_WAN,
                      per_year=True),
             Headline("newly_planned.central_special_bonds",
                      _("central special-purpose bonds among it"), YI_FROM_WAN,
                      per_year=True),
             Headline("under_construction.count", _("projects under construction"),
                      unit="个", compare=False),
             Headline("completed.count", _("projects completed"), unit="个"),
             Headline("investment_completed.amount", _("investment completed"), YI_FROM_WAN),
             Headline("relocation_projects.count", _("enterprise relocation projects"),
                      unit="个", compare=False, sentence=None),
             Headline("problems.responded_within_24h.rate",
                      _("project problems answered within 24 hours"), PERCENT, sentence=None),
             Headline("enterprises.visited.count", _("enterprises visited"), unit="家"),
             Headline("indicators.general-budget-revenue",
                      _("general public budget revenue"), YI_FROM_WAN,
                      sentence=ACHIEVED),
             Headline("indicators.industrial-output-value", _("total industrial output value"),
                      YI_FROM_WAN, sentence=ACHIEVED),
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
                 Series(_("Projects completed by month"), "completed", unit="个"))),
    Line("resettlement", _("Demolition and resettlement"),
         resettlement_selectors.RESETTLEMENT_SUMMARY, (
             Headline("communities.count", _("ideal communities"), unit="个", compare=False),
             Headline("source_villages.count", _("relocated source villages"), unit="个",
                      compare=False),
             Headline("rehoused.residents", _("residents rehoused"), unit="人", compare=False),
             Headline("selection.selected.rate", _("house-selection rate"), PERCENT,
                      compare=False),
             Headline("handovers.in_year.count", _("housing units handed over"), unit="套"),
             # (in the report's period: 11月，交付安置房…套; not 年内 in a month's sentence)
             Headline("handovers.cumulative.count", _("housing units handed over to date"),
                      unit="套", compare=False),
             Headline("land.area_mu", _("land acquired"), MU),
             Headline("merchants.count", _("merchants demolished"), unit="户"),
             Headline("help_line.resolved.count", _("help-line requests resolved"), unit="件"),
             Headline("help_line.helpers.count", _("help-line helpers"), unit="名",
                      compare=False),
             Headline("indicators.hotline-12345-community-management",
                      _("12345 community-management tickets"), unit="件", sentence=None),
         ),
         tables=(
             Table(_("Housing units handed over by community"),
                   (_("Community"), _("In the period"), _("To date")), _community_handovers),
         ),
         series_summary=resettlement_selectors.RESETTLEMENT_SERIES,
         series=(Series(_("Housing units handed over by month"), "handovers", unit="套"),)),
    Line("safety", _("Safety of the subdistrict"), safety_selectors.SAFETY_SUMMARY, (
        Headline("inspections.expert.count", _("inspections with outside safety experts"),
                 unit="次"),
        Headline("hazards.found.count", _("hazards found in inspections"), unit="处"),
        Headline("hazards.rectified.count", _("hazards rectified"), unit="处"),
        Headline("hazards.rectified.rate", _("hazard rectification rate"), PERCENT,
                 sentence=None),
        Headline("hazards.overdue.count", _("hazards overdue"), unit="处", sentence=None),
        Headline("traffic.events.count", _("traffic-safety publicity events"), unit="场"),
        Headline("traffic.hazards.count", _("traffic hazards found with the traffic police"),
                 unit="处"),
        Headline("traffic.persuasions.persuasions", _("on-the-spot persuasions"), unit="次"),
        Headline("traffic.facilities.sets", _("traffic-safety facilities repaired or "
                                              "installed"), unit="套"),
        Headline("traffic.facilities.cost", _("spent on traffic-safety facilities"),
                 WAN_FROM_YUAN),
        Headline("indicators.road-deaths", _("road traffic deaths"), unit="人", places=1),
    ),
         tables=(
             Table(_("Hazards by level"), (_("Level"), _("Hazards")),
                   _breakdown_table("hazards.by_level")),
             Table(_("Hazards by category"), (_("Category"), _("Hazards")),
                   _breakdown_table("hazards.by_category")),
         ),
         series_summary=safety_selectors.SAFETY_SERIES,
         series=(Series(_("Hazards found by month"), "hazards_found", unit="处"),
                 Series(_("Hazards found in the month and rectified"), "hazards_rectified",
                        unit="处"))),
    Line("partybuilding", _("Party building"), partybuilding_selectors.PARTYBUILDING_SUMMARY, (
        Headline("elections.count", _("community party committee elections"), unit="个"),
        Headline("committees_evaluated.count", _("village committees evaluated"), unit="个",
                 per_year=True),
        Headline("evaluation_problems.found.count", _("problems found by the evaluations"),
                 unit="个", per_year=True),
        Headline("evaluation_problems.closed.count", _("problems rectified and closed"),
                 unit="个", per_year=True),
        Headline("asset_problems.found.count", _("collective asset problems found"),
                 unit="个"),
        Headline("training.by_kind.micro_class.count", _("business micro-classes"), unit="期"),
        Headline("training.by_kind.lecture.count", _("cadre lectures"), unit="期"),
        Headline("training.village_cadre_training.person_times",
                 _("village cadre training"), unit="人次"),
        Headline("training.youth_talks.count", _("Cuizhai Youth Talk sessions"), unit="场"),
        Headline("cadres.reserve.count", _("reserve village cadres"), unit="名",
                 compare=False),
        Headline("cadres.young_placed.count", _("young cadres placed for practice"),
                 unit="名", per_year=True),
    ),
         tables=(
             Table(_("Training sessions by kind"), (_("Kind"), _("Sessions")),
                   _breakdown_table("training.by_kind")),
         ),
         series_summary=partybuilding_selectors.PARTYBUILDING_SERIES,
         series=(Series(_("Training person-times by month"), "training", "person_times",
                        unit="人次"),)),
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

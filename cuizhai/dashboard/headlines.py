"""The headline figures of the dashboard: the brief's table of the year's figures.

Each names where the page finds it in a summary endpoint's answer (``source``: the line's
summary, ``path``: keys, and ``[field=value]`` to pick an item of a list, ``measure``: the
value), the unit it is shown in and, for money, the factor from the API's unit to the one
shown (万元 → 亿元). The page fetches the same summary for the previous year for 同比,
except where the answer carries its own (an indicator's ``yoy_growth``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YUAN_PER_WAN = 10_000  # 元 per 万元
WAN_PER_YI = 10_000  # 万元 per 亿元


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    source: str
    path: str
    measure: str = "count"
    unit: str = ""
    divide_by: int = 1
    places: int = 0
    own_growth: bool = False  # the answer carries its 同比 (yoy_growth)


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    headlines: tuple


YI = _("100 million yuan")  # 亿元
WAN = _("10,000 yuan")  # 万元
PROJECTS_UNIT = pgettext_lazy("unit", "projects")
PEOPLE = pgettext_lazy("unit", "people")
UNITS = pgettext_lazy("unit", "units")
MU = pgettext_lazy("unit", "mu")
SETS = pgettext_lazy("unit", "sets")
ITEMS = pgettext_lazy("unit", "items")
TIMES = pgettext_lazy("unit", "times")
SESSIONS = pgettext_lazy("unit", "sessions")
PERSON_TIMES = pgettext_lazy("unit", "person-times")

LINES = (
    Line("projects", _("Projects"), (
        Headline("newly_planned", _("Newly planned projects"), "projects", "newly_planned",
                 unit=PROJECTS_UNIT),
        Headline("planned_investment", _("Their total investment"), "projects",
                 "newly_planned", "total_investment", YI, WAN_PER_YI, 2),
        Headline("central_bonds", _("Central special-purpose bonds"), "projects",
                 "newly_planned", "central_special_bonds", YI, WAN_PER_YI, 2),
        Headline("under_construction", _("Under construction"), "projects",
                 "under_construction", unit=PROJECTS_UNIT),
        Headline("completed", _("Completed in the year"), "projects", "completed",
                 unit=PROJECTS_UNIT),
    )),
    Line("economy", _("Economy"), (
        Headline("budget_revenue", _("General public budget revenue"), "projects",
                 "indicators[code=general-budget-revenue]", "value", YI, WAN_PER_YI, 2,
                 own_growth=True),
        Headline("industrial_output", _("Total industrial output value"), "projects",
                 "indicators[code=industrial-output-value]", "value", YI, WAN_PER_YI, 1,
                 own_growth=True),
    )),
    Line("resettlement", _("Demolition and resettlement"), (
        Headline("communities", _("Resettlement communities"), "resettlement", "communities",
                 unit=pgettext_lazy("unit", "communities")),
        Headline("source_villages", _("Villages rehoused"), "resettlement", "source_villages",
                 unit=pgettext_lazy("unit", "villages")),
        Headline("residents", _("Residents rehoused"), "resettlement", "rehoused",
                 "residents", PEOPLE),
        Headline("selection_rate", _("House-selection rate"), "resettlement",
                 "selection.selected", "rate", "%", 1, 2),
        Headline("handed_over", _("Units handed over"), "resettlement", "handovers.in_year",
                 unit=UNITS),
        Headline("land", _("Land acquired"), "resettlement", "land", "area_mu", MU, 1, 0),
        Headline("help_line_resolved", _("Help-line requests resolved"), "resettlement",
                 "help_line.resolved", unit=ITEMS),
        Headline("helpers", _("Helpers"), "resettlement", "help_line.helpers", unit=PEOPLE),
    )),
    Line("safety", _("Safety"), (
        Headline("expert_inspections", _("Expert inspections"), "safety",
                 "inspections.expert", unit=TIMES),
        Headline("hazards_found", _("Hazards found"), "safety", "hazards.found", unit=ITEMS),
        Headline("traffic_events", _("Traffic-safety events"), "safety", "traffic.events",
                 unit=TIMES),
        Headline("traffic_facilities", _("Traffic-safety facilities"), "safety",
                 "traffic.facilities", "sets", SETS),
        Headline("traffic_cost", _("Spent on them"), "safety", "traffic.facilities", "cost",
                 WAN, YUAN_PER_WAN, 1),
        Headline("road_deaths", _("Road traffic deaths"), "safety", "road_deaths", "value",
                 PEOPLE, own_growth=True),
    )),
    Line("partybuilding", _("Party building"), (
        Headline("committees_evaluated", _("Village committees evaluated"), "partybuilding",
                 "committees_evaluated", unit=pgettext_lazy("unit", "committees")),
        Headline("evaluation_problems", _("Problems found by the evaluations"), "partybuilding",
                 "evaluation_problems.found", unit=ITEMS),
        Headline("micro_classes", _("Business micro-classes"), "partybuilding",
                 "training.by_kind[kind=micro_class]", unit=SESSIONS),
        Headline("lectures", _("Cadre lectures"), "partybuilding",
                 "training.by_kind[kind=lecture]", unit=SESSIONS),
        Headline("village_cadre_trainees", _("Village cadre training"), "partybuilding",
                 "training.village_cadre_training", "person_times", PERSON_TIMES),
        Headline("reserve_cadres", _("Reserve village cadres"), "partybuilding",
                 "cadres.reserve", unit=PEOPLE),
        Headline("young_cadres_placed", _("Young cadres placed"), "partybuilding",
                 "cadres.young_placed", unit=PEOPLE),
    )),
)

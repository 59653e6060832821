"""The dashboard's headline tiles: the report catalogue's headlines marked ``dashboard`` (the
brief's table), grouped by line of work. Nothing is declared here: what a figure is, its
unit, how it is written and whether it has a 同比 come from the catalogue, so the dashboard
and the progress report cannot disagree on them.

Each tile says where the page finds its figure: a summary endpoint's answer (``source``,
``path`` with ``[field=value]`` to pick an item of a list, ``measure``), or, for an indicator,
the core's indicator values (``indicator``), as the report reads it.
"""

from dataclasses import dataclass

from django.utils.text import capfirst

from cuizhai.reports.catalogue import LINES, indicator_link


@dataclass(frozen=True)
class Tile:
    key: str  # "<line>:<catalogue key>", unique on the page
    label: str
    unit: str
    source: str = ""
    path: str = ""
    measure: str = ""
    indicator: str = ""
    indicator_link: str = ""
    divide_by: int = 1
    decimals: int = 0
    compare: bool = True

    @property
    def element_id(self):
        """``figure-projects-newly_planned-count``: the key, with what a CSS selector would
        have to escape replaced."""
        return "figure-" + self.key.replace(":", "-").replace(".", "-")


@dataclass(frozen=True)
class TileLine:
    key: str
    label: str
    tiles: list


def _tile(line, headline, year):
    common = {
        "key": f"{line.key}:{headline.key}", "label": capfirst(headline.label),
        "unit": headline.shown_unit, "divide_by": headline.divisor,
        "decimals": headline.decimals, "compare": headline.compare,
    }
    if headline.is_indicator:
        return Tile(indicator=headline.indicator_code,
                    indicator_link=indicator_link(headline.indicator_code, year), **common)
    path, measure = line.answer_path(headline)
    return Tile(source=line.key, path=path, measure=measure, **common)


def tile_lines(year):
    """The lines of tiles for ``year``, in the page's language."""
    return [TileLine(line.key, line.label,
                     [_tile(line, headline, year) for headline in line.headlines_on_dashboard()])
            for line in LINES if line.headlines_on_dashboard()]

"""What the preview and the three files share: the report's rows written for people.

Every renderer reads a report's stored ``content`` through these functions, so the HTML, the
DOCX, the XLSX and the PDF show the same words and numbers.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from cuizhai.reports import catalogue


def figure_headers(period_kind_has_previous):
    headers = [_("Figure"), _("Value"), _("Unit"), _("Same period last year"),
               _("Year on year")]
    if period_kind_has_previous:
        headers += [_("Previous period"), _("Period on period")]
    return headers + [_("Year's target"), _("Completion"), _("Progress")]


def has_previous(content):
    return content["period"]["kind"] in ("month", "quarter")


def _headline(line_key, key):
    return catalogue.headline(f"{line_key}:{key}")


def _shown(line_key, figure, field):
    value = figure[field]
    if value is None:
        return "—"
    headline = _headline(line_key, figure["key"])
    return catalogue.shown(headline, value) if headline else value


def _rate(value):
    if value is None:
        return "—"
    value = Decimal(value)
    sign = "+" if value > 0 else ""
    return f"{sign}{catalogue.plain(value)}%"


def progress_text(figure):
    if figure["completion"] is None:
        return ""
    return _("Lagging") if figure["lagging"] else _("On track")


def figure_row(line_key, figure, with_previous):
    """The cells of a figure's row, as text."""
    cells = [figure["label"], figure["display"], figure["unit"],
             _shown(line_key, figure, "last_year"), _rate(figure["yoy"])]
    if with_previous:
        cells += [_shown(line_key, figure, "previous"), _rate(figure["mom"])]
    cells += [_shown(line_key, figure, "target"),
              "—" if figure["completion"] is None
              else f"{catalogue.plain(Decimal(figure['completion']))}%",
              progress_text(figure)]
    return cells


def overdue_headers():
    return [_("Handling office"), _("Kind"), _("Overdue items")]


def sheet_value(line_key, figure, field):
    """A figure's value in its shown unit as a number (for a spreadsheet cell), or None; a
    percentage as a fraction, for the cell's % format."""
    value = figure[field]
    if value is None:
        return None
    headline = _headline(line_key, figure["key"])
    number = Decimal(catalogue.shown(headline, value)) if headline else Decimal(value)
    return number / 100 if headline and headline.style == catalogue.PERCENT else number

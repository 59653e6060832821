"""Reading for progress reports: a report's content from the summaries, and its drift.

The content is plain JSON (numbers as decimal strings): it is what a submitted report keeps,
and the preview and the three files are all drawn from it.
"""

from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cuizhai.core.base.apps import closed_loop_kinds
from cuizhai.core.choices import Timeliness
from cuizhai.core.selectors import supervision_item_list
from cuizhai.reports import catalogue
from cuizhai.reports.catalogue import LINES, LINES_BY_KEY, growth, growth_phrase, shown
from cuizhai.reports.choices import REPORT_LANGUAGE
from cuizhai.reports.models import HeadlineTemplate, ProgressReport, Target

ORGANISATION = "崔寨街道"


def report_list():
    return ProgressReport.objects.select_related("generated_by", "submitted_by")


def target_list():
    return Target.objects.all()


def headline_template_list():
    return HeadlineTemplate.objects.all()


def report_title(period):
    return f"{ORGANISATION}{period.label}工作进展"


def _text(value):
    return None if value is None else str(value)


def _rate(value, places=2):
    """A rate rounded once, to the places its figure is written with: the sentence, the
    tables and the XLSX all show this one number (57.1%, not 57.1% and -57.14%)."""
    return None if value is None else str(Decimal(value).quantize(Decimal(1).scaleb(-places),
                                                                  ROUND_HALF_UP))


def _decimal(value):
    return None if value in (None, "") else Decimal(value)


# --- figures -----------------------------------------------------------------------------------
def line_values(line, period):
    """``{key: {"value", "link", ...}}`` of every headline of ``line`` for ``period``, as
    the summary (or the core's indicator values) give them; the evaluated summary too."""
    tree = catalogue.evaluate(line, period)
    flat = catalogue.flatten(tree)
    values = {}
    for headline in line.headlines:
        if headline.is_indicator:
            values[headline.key] = catalogue.indicator_value(headline.indicator_code, period)
        else:
            values[headline.key] = flat.get(headline.key)
    return values, tree


def _completion(value, target):
    if value is None or target is None:
        return None
    return (Decimal(value) * 100 / target).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _sentence(headline, figure, template, period):
    clause_yoy = growth_phrase("，同比", figure["yoy"], headline.places)
    clause_mom = growth_phrase("，环比", figure["mom"], headline.places)
    clause_completion = (f"，完成年度目标的{catalogue.plain(Decimal(figure['completion']))}%"
                         if figure["completion"] is not None else "")
    target = (shown(headline, figure["target"]) + headline.shown_unit
              if figure["target"] is not None else "")
    return template.format(
        period=figure["period_label"], label=figure["label"], value=figure["display"],
        unit=headline.shown_unit, yoy=clause_yoy, mom=clause_mom,
        completion=clause_completion, target=target)


def _figure(line, headline, current, last_year, previous, target, period):
    value = current and current["value"]
    figure = {
        "key": headline.key,
        "label": str(headline.label),
        "unit": headline.shown_unit,
        "value": _text(value),
        "display": shown(headline, value),
        "link": current and current["link"],
        "period_label": period.short_label,
        "last_year": None, "yoy": None, "previous": None, "mom": None,
        "target": _text(target), "completion": None, "expected": None, "lagging": False,
    }
    if headline.is_indicator and current:
        # The core's values and growth; a cumulative indicator runs from January to its
        # latest month (1—11月), a monthly one is that month's.
        month = current["month"]
        if not current["cumulative"]:
            figure["period_label"] = f"{month}月"
        elif month < 12:
            figure["period_label"] = f"1—{month}月"
        figure["last_year"] = _text(current["same_period_last_year"])
        figure["yoy"] = _rate(current["yoy"], headline.places)
        if period.previous() is not None:
            figure["previous"] = _text(current["previous"])
            figure["mom"] = _rate(current["mom"], headline.places)
    elif headline.compare and current:
        if headline.per_year:
            figure["period_label"] = f"{period.year}年"
        if last_year is not None:
            figure["last_year"] = _text(last_year["value"])
            figure["yoy"] = _text(growth(value, last_year["value"]))
        if previous is not None and not headline.per_year:
            figure["previous"] = _text(previous["value"])
            figure["mom"] = _text(growth(value, previous["value"]))
    share = period.share_of_year
    if target is not None and share is not None:
        completion = _completion(value, target)
        figure["completion"] = _text(completion)
        expected = (Decimal(share) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        figure["expected"] = _text(expected)
        figure["lagging"] = completion is not None and completion < expected
    return figure


def _series(line, period):
    """The line's monthly series for the period: ``{title, unit, categories (1月…),
    values (in the shown unit), links}``."""
    if not line.series:
        return []
    evaluated = catalogue.evaluate_series(line, period)
    result = []
    for series in line.series:
        months = evaluated[series.key]
        headline = catalogue.Headline(series.key, series.title, series.style, series.unit)
        result.append({
            "title": str(series.title),
            "unit": headline.shown_unit,
            "categories": [f"{int(row['month'][5:])}月" for row in months],
            # A count is a whole number (1, not 1.0, in the charts and tables).
            "values": [(int if series.style == catalogue.COUNT else float)(
                Decimal(shown(headline, row[series.measure]))) for row in months],
            "links": [row["link"] for row in months],
        })
    return result


def line_content(line, period, *, targets, templates):
    values, tree = line_values(line, period)
    last_year_period = period.same_period_last_year()
    last_year = line_values(line, last_year_period)[0] if last_year_period else {}
    previous_period = period.previous()
    previous = line_values(line, previous_period)[0] if previous_period else {}
    figures = []
    sentences = []
    last_opening = None
    for headline in line.headlines:
        full_key = f"{line.key}:{headline.key}"
        figure = _figure(line, headline, values[headline.key], last_year.get(headline.key),
                         previous.get(headline.key), targets.get(full_key), period)
        figures.append(figure)
        template = templates.get(full_key, headline.sentence)
        # A nought says nothing in a narrative (a month without elections): the table has it.
        if template and figure["value"] is not None and Decimal(figure["value"]) != 0:
            sentence = _sentence(headline, figure, template, period)
            # "2024年，…；2024年，…" reads as "2024年，…；…": a period said once is enough.
            opening = f"{figure['period_label']}，"
            if sentence.startswith(opening) and opening == last_opening:
                sentence = sentence[len(opening):]
            elif sentence.startswith(opening):
                last_opening = opening
            sentences.append(sentence)
    return {
        "key": line.key,
        "label": str(line.label),
        "figures": figures,
        "sentences": sentences,
        "tables": [{"title": str(table.title), "columns": [str(c) for c in table.columns],
                    "rows": table.rows(tree, period)} for table in line.tables],
        "series": _series(line, period),
    }


# --- overdue closed-loop items ----------------------------------------------------------------
def overdue_items(line_keys, as_of):
    """Overdue open items of the whole 督办 board (every office's, whoever generates the
    report: it is frozen and shown to every role) by handling office and kind, as at
    ``as_of``, the generation time: rows ``{"office", "kind", "count", "link"}``, most first.
    Each row's link lists, on the board, the very items its count counted (as at ``as_of``)."""
    kinds = [kind for kind in closed_loop_kinds() if kind.app_label in line_keys]
    labels = {kind.key: str(kind.label) for kind in kinds}
    rows = supervision_item_list(user=None, kinds={kind.key for kind in kinds}, is_open=True,
                                 timeliness=Timeliness.OVERDUE, now=as_of)
    if rows is None:
        return []
    counts = Counter((row["handling_department_id"], row["handling_department__name"],
                      row["item_kind"]) for row in rows)
    url = reverse("core-api:supervision-item-list")
    result = []
    for (department, office, kind), count in sorted(counts.items(),
                                                    key=lambda item: (-item[1], item[0][2])):
        params = {"kind": kind, "timeliness": Timeliness.OVERDUE, "is_open": "true"}
        if department is not None:
            params["department"] = department
        result.append({"office": office or str(_("No office assigned")),
                       "kind": labels.get(kind, kind), "count": count,
                       "link": f"{url}?{urlencode(params)}"})
    return result


# --- the report -------------------------------------------------------------------------------
def report_content(period, line_key, *, now=None):
    """Everything the report for ``period`` and ``line_key`` ("" for all) shows: the same
    whoever generates it (the overdue table is the whole board's)."""
    now = now or timezone.now()
    lines = [LINES_BY_KEY[line_key]] if line_key else list(LINES)
    targets = {target.key: target.value for target in Target.objects.filter(year=period.year)}
    templates = dict(HeadlineTemplate.objects.values_list("key", "text"))
    with translation.override(REPORT_LANGUAGE):
        return {
            "title": report_title(period),
            "organisation": ORGANISATION,
            "period": period.as_dict(),
            "line": line_key,
            "generated_at": timezone.localtime(now).isoformat(),  # as the office reads it
            # Overdue as at generation, as the board (and each row's link) lists them then.
            "overdue_as_of": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
            "lines": [line_content(line, period, targets=targets, templates=templates)
                      for line in lines],
            "overdue": overdue_items({line.key for line in lines}, now),
        }


def report_drift(report):
    """The figures of ``report`` whose value differs now: ``[{line, key, label, unit,
    reported, current, difference, link}]``. Comparisons and targets are left out: only
    what the records count can drift."""
    current = report_content(report.period, report.line)
    now = {(line["key"], figure["key"]): figure
           for line in current["lines"] for figure in line["figures"]}
    drifted = []
    for line in report.content.get("lines", []):
        for figure in line["figures"]:
            fresh = now.get((line["key"], figure["key"]))
            reported, value = _decimal(figure["value"]), _decimal(fresh and fresh["value"])
            if reported == value:
                continue
            difference = value - reported if None not in (value, reported) else None
            headline = catalogue.headline(f"{line['key']}:{figure['key']}")
            drifted.append({
                "line": line["label"], "key": figure["key"], "label": figure["label"],
                "unit": figure["unit"], "reported": figure["display"],
                "current": fresh["display"] if fresh else "—",
                "reported_value": _text(reported), "current_value": _text(value),
                "difference": _text(difference),
                "difference_display": "—" if difference is None else (
                    ("+" if difference > 0 else "-" if difference < 0 else "")
                    + shown(headline, abs(difference))),
                "link": fresh["link"] if fresh else figure["link"],
            })
    return drifted

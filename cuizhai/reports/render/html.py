"""The report as one HTML page: the preview, and the source of the PDF."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cuizhai.reports.choices import REPORT_LANGUAGE
from cuizhai.reports.render.common import (
    figure_headers,
    figure_row,
    has_previous,
    overdue_headers,
)

CHINESE_NUMBERS = "一二三四五六七八九十"


def narrative(sentences):
    """The line's headline sentences as one paragraph: 1—11月，…；…。"""
    return "；".join(sentences) + "。" if sentences else ""


def meta_line(report_content, submitted=None):
    generated = report_content["generated_at"][:16].replace("T", " ")
    parts = [_("Generated %(when)s from the summaries of the records") % {"when": generated}]
    if submitted:
        parts.append(submitted)
    return "　".join(parts)


def _bars(series):
    values = series["values"]
    top = max(values + [1])
    count = max(len(values), 1)
    slot = 580 / count
    bars = []
    for index, (category, value) in enumerate(zip(series["categories"], values, strict=True)):
        height = round(140 * value / top, 1)
        x = 10 + index * slot
        bars.append({"x": round(x + slot * 0.15, 1), "width": round(slot * 0.7, 1),
                     "y": round(155 - height, 1), "height": height, "value": value,
                     "value_y": round(152 - height, 1), "label_x": round(x + slot / 2, 1),
                     "category": category})
    return bars


def context(report_content, *, base_url="", submitted_note=""):
    with_previous = has_previous(report_content)
    lines = []
    for number, line in enumerate(report_content["lines"]):
        lines.append({
            **line,
            "number": CHINESE_NUMBERS[number],
            "narrative": narrative(line["sentences"]),
            "figures_title": _("Headline figures"),
            "rows": [{"cells": figure_row(line["key"], figure, with_previous),
                      "link": figure["link"], "lagging": figure["lagging"]}
                     for figure in line["figures"]],
            "series": [{**series, "bars": _bars(series)} for series in line["series"]],
        })
    return {
        "content": report_content,
        "meta": meta_line(report_content),
        "submitted": submitted_note,
        "lines": lines,
        "figure_headers": figure_headers(with_previous),
        "overdue_number": CHINESE_NUMBERS[len(lines)],
        "overdue_title": _("Overdue closed-loop items"),
        "overdue_note": _("Open items past their deadline on the whole supervision board (every "
                          "office's), as at %(when)s when the report was generated, by "
                          "handling office and kind; each figure is the number of items its "
                          "link lists.")
        % {"when": report_content["overdue_as_of"]},
        "overdue_headers": overdue_headers(),
        "no_overdue": _("No item is overdue."),
        "base_url": base_url,
    }


def render_html(report_content, *, base_url="", submitted_note=""):
    with translation.override(REPORT_LANGUAGE):
        return render_to_string("reports/report.html", context(
            report_content, base_url=base_url, submitted_note=submitted_note))

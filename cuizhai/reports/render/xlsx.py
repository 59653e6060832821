"""The report as a workbook: a cover sheet with the headline figures, one sheet per line with
its tables, native Excel charts for the monthly series.

Written as the core's list exports are (``cuizhai.core.base.export.files``): a title and a
line saying the period, the unit and the date above a bold, frozen header; widths fitted
to the text (a Chinese character is two wide); numbers as typed cells with their formats
(亿元, 万元, 亩, %); text never run as a formula; A4 landscape, fitted to the page width,
the header repeated on every printed page.
"""

from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _

from cuizhai.core.base.export.columns import INTEGER, PERCENT
from cuizhai.core.base.export.files import MAX_WIDTH, NUMBER_FORMATS, text_width
from cuizhai.core.base.export.text import neutralised
from cuizhai.reports import catalogue
from cuizhai.reports.choices import REPORT_LANGUAGE
from cuizhai.reports.render.common import (
    figure_headers,
    has_previous,
    overdue_headers,
    progress_text,
    sheet_value,
)
from cuizhai.reports.render.html import meta_line, narrative

# Number formats by the unit a value is shown in.
# The number alone: the unit is in its own column (or the header), never twice.
UNIT_FORMATS = {
    "亿元": "#,##0.00",
    "万元": "#,##0.00",
    "亩": "#,##0.00",
    "%": NUMBER_FORMATS[PERCENT],
}
COUNT_FORMAT = "#,##0"
A4 = 9
SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class _Sheet:
    """A sheet written top to bottom, keeping its column widths."""

    def __init__(self, book, name, formats):
        self.sheet = book.add_worksheet(name.translate(SHEET_TITLE_FORBIDDEN)[:31])
        self.formats = formats
        self.row = 0
        self.widths = {}
        self.sheet.set_paper(A4)
        self.sheet.set_landscape()
        self.sheet.fit_to_pages(1, 0)
        self.sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        self.sheet.set_footer("&C&P / &N")

    def fit(self, column, text):
        self.widths[column] = min(max(self.widths.get(column, 6), text_width(str(text)) + 2),
                                  MAX_WIDTH)

    def title(self, text, subtitle, span):
        self.sheet.set_row(0, 26)
        self.sheet.merge_range(0, 0, 0, span - 1, text, self.formats["title"])
        self.sheet.merge_range(1, 0, 1, span - 1, subtitle, self.formats["subtitle"])
        self.sheet.set_header(f"&C{text}")
        self.row = 3

    def text(self, text, style="plain", span=None):
        if span:
            self.sheet.merge_range(self.row, 0, self.row, span - 1, neutralised(str(text)),
                                   self.formats[style])
        else:
            self.sheet.write_string(self.row, 0, neutralised(str(text)), self.formats[style])
        self.row += 1

    def header(self, headers):
        self.sheet.set_row(self.row, 30)
        for column, header in enumerate(headers):
            self.sheet.write_string(self.row, column, str(header), self.formats["header"])
            self.fit(column, header)
        self.row += 1
        return self.row - 1

    def cell(self, column, value, number_format=None):
        if value is None or value == "":
            self.sheet.write_blank(self.row, column, None, self.formats["cell"])
            return
        if isinstance(value, int | float | Decimal):
            self.sheet.write_number(self.row, column, float(value),
                                    self.formats.get(number_format or COUNT_FORMAT))
            self.fit(column, catalogue.plain(Decimal(value)) + "00000")
        else:
            self.sheet.write_string(self.row, column, neutralised(str(value)),
                                    self.formats["cell"])
            self.fit(column, value)

    def link(self, column, url):
        """The drill-down link of the row: the records its figure counts."""
        if not url:
            return
        base_url = self.formats["base_url"]
        if base_url:
            self.sheet.write_url(self.row, column, base_url + url, self.formats["link"],
                                 string=_("Records"))
            self.fit(column, _("Records"))
        else:
            self.cell(column, url)

    def finish(self, freeze_row=None, header_row=None):
        for column, width in self.widths.items():
            self.sheet.set_column(column, column, width)
        if freeze_row is not None:
            self.sheet.freeze_panes(freeze_row, 1)
        if header_row is not None:
            self.sheet.repeat_rows(header_row)


def _formats(book):
    formats = {
        "title": book.add_format({"bold": True, "font_size": 16, "font_name": "宋体",
                                  "align": "center", "valign": "vcenter"}),
        "subtitle": book.add_format({"font_color": "#404040", "align": "center"}),
        "heading": book.add_format({"bold": True, "font_size": 12, "font_name": "黑体"}),
        "plain": book.add_format({"text_wrap": True, "valign": "top"}),
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1,
                                   "text_wrap": True, "align": "center",
                                   "valign": "vcenter"}),
        "cell": book.add_format({"border": 1}),
        "link": book.add_format({"border": 1, "font_color": "#0B4A8B", "underline": 1}),
        "lagging": book.add_format({"border": 1, "bold": True, "font_color": "#B00020"}),
        COUNT_FORMAT: book.add_format({"border": 1, "num_format": COUNT_FORMAT}),
        NUMBER_FORMATS[INTEGER]: book.add_format({"border": 1,
                                                  "num_format": NUMBER_FORMATS[INTEGER]}),
    }
    for pattern in UNIT_FORMATS.values():
        formats[pattern] = book.add_format({"border": 1, "num_format": pattern})
    formats["base_url"] = None
    return formats


def _figure_cells(line_key, figure, with_previous):
    """(value, number format) per column of a figure's row."""
    unit_format = UNIT_FORMATS.get(figure["unit"], COUNT_FORMAT)
    percent = UNIT_FORMATS["%"]

    def rate(field):
        return None if figure[field] is None else Decimal(figure[field]) / 100

    # A percentage's "%" is in its cells' format; other units are in their own column.
    unit = "" if figure["unit"] == "%" else figure["unit"]
    cells = [(figure["label"], None), (sheet_value(line_key, figure, "value"), unit_format),
             (unit, None), (sheet_value(line_key, figure, "last_year"), unit_format),
             (rate("yoy"), percent)]
    if with_previous:
        cells += [(sheet_value(line_key, figure, "previous"), unit_format),
                  (rate("mom"), percent)]
    cells += [(sheet_value(line_key, figure, "target"), unit_format),
              (rate("completion"), percent), (progress_text(figure), None)]
    return cells


def _figures_table(sheet, line, with_previous, headers, *, with_line=False):
    for figure in line["figures"]:
        cells = _figure_cells(line["key"], figure, with_previous)
        if with_line:
            cells = [(line["label"], None), *cells]
        for column, (value, number_format) in enumerate(cells):
            sheet.cell(column, value, number_format)
        sheet.link(len(cells), figure["link"])
        if figure["lagging"]:
            sheet.sheet.write_string(sheet.row, len(cells) - 1, progress_text(figure),
                                     sheet.formats["lagging"])
        sheet.row += 1


def render_xlsx(report_content, *, base_url="", submitted_note=""):
    with translation.override(REPORT_LANGUAGE):
        return _render(report_content, base_url, submitted_note)


def _render(content, base_url, submitted_note):
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False,
                                        "strings_to_urls": False})
    book.set_properties({"title": content["title"], "author": content["organisation"]})
    formats = _formats(book)
    formats["base_url"] = base_url or None
    with_previous = has_previous(content)
    headers = [*figure_headers(with_previous), _("Records")]
    subtitle = meta_line(content, submitted_note)

    cover = _Sheet(book, _("Cover"), formats)
    cover_headers = [_("Line of work"), *headers]
    cover.title(content["title"], subtitle, len(cover_headers))
    header_row = cover.header(cover_headers)
    for line in content["lines"]:
        _figures_table(cover, line, with_previous, headers, with_line=True)
    cover.finish(freeze_row=header_row + 1, header_row=header_row)

    for line in content["lines"]:
        sheet = _Sheet(book, line["label"], formats)
        sheet.title(f"{content['title']}——{line['label']}", subtitle, len(headers))
        if line["sentences"]:
            sheet.sheet.set_row(sheet.row, 15 * (1 + len(narrative(line["sentences"])) // 60))
            sheet.text(narrative(line["sentences"]), span=len(headers))
            sheet.row += 1
        sheet.text(_("Headline figures"), "heading")
        header_row = sheet.header(headers)
        _figures_table(sheet, line, with_previous, headers)
        for table in line["tables"]:
            sheet.row += 1
            sheet.text(table["title"], "heading")
            sheet.header([*table["columns"], _("Records")])
            for row in table["rows"]:
                for column, value in enumerate(row["cells"]):
                    sheet.cell(column, value)
                sheet.link(len(row["cells"]), row["link"])
                sheet.row += 1
        for series in line["series"]:
            sheet.row += 1
            sheet.text(series["title"], "heading")
            sheet.header([_("Month"), f"{series['title']}（{series['unit']}）"])
            first = sheet.row
            for category, value in zip(series["categories"], series["values"], strict=True):
                sheet.cell(0, category)
                sheet.cell(1, value, UNIT_FORMATS.get(series["unit"], COUNT_FORMAT))
                sheet.row += 1
            chart = book.add_chart({"type": "column"})
            chart.add_series({
                "name": series["title"],
                "categories": [sheet.sheet.name, first, 0, sheet.row - 1, 0],
                "values": [sheet.sheet.name, first, 1, sheet.row - 1, 1],
                "data_labels": {"value": True},
                "fill": {"color": "#4A7AB5"},
            })
            chart.set_title({"name": series["title"]})
            chart.set_legend({"none": True})
            chart.set_size({"width": 640, "height": 300})
            sheet.sheet.insert_chart(first - 1, 3, chart)
            sheet.row = max(sheet.row, first + 15)
        sheet.finish(freeze_row=header_row + 1, header_row=header_row)

    sheet = _Sheet(book, _("Overdue items"), formats)
    sheet.title(f"{content['title']}——{_('Overdue closed-loop items')}", subtitle, 4)
    header_row = sheet.header([*overdue_headers(), _("Records")])
    for row in content["overdue"]:
        sheet.cell(0, row["office"])
        sheet.cell(1, row["kind"])
        sheet.cell(2, row["count"])
        sheet.link(3, row["link"])
        sheet.row += 1
    sheet.finish(freeze_row=header_row + 1, header_row=header_row)
    book.close()
    return buffer.getvalue()

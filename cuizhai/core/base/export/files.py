"""Writing an export's rows: a CSV for machines, an XLSX report for people.

CSV: raw data (UTF-8 with a BOM so that Excel reads the Chinese), every column, numbers as
plain numbers, streamed as the rows arrive. XLSX: written by xlsxwriter in constant-memory
mode (each row is flushed to disk as it is written) to a temporary file, then streamed:
a title and a line saying the filters, the unit and the date, a 序号 column, a bold frozen
header with an autofilter, widths fitted to the text (a Chinese character is two wide),
typed and formatted cells, a totals row for the money columns, and a print setup.

Neither file ever holds a formula: a text cell that Excel would run (it begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return; OWASP "CSV injection") is prefixed with
``'``, and XLSX text is written as strings. Numbers, negative ones too, stay numbers.
"""

import csv
import time
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from cuizhai.core.base.export.columns import (
    DATE,
    DATETIME,
    DECIMAL,
    HOURS,
    INTEGER,
    MONEY,
    PERCENT,
)
from cuizhai.core.base.export.text import FORMULA_TRIGGERS, neutralised

XLSX_MAX_ROWS = 1_048_576
MIN_WIDTH, MAX_WIDTH = 6, 50
HEADER_ROW = 2  # title, then the filters line, then the header
CSV_BATCH_ROWS = 500  # rows sent in one piece (and how often the time limit is checked)
XLSX_CHECK_ROWS = 1000  # how often the XLSX checks the time limit


class ExportTooSlow(Exception):
    """The export passed its time limit (``CUIZHAI_EXPORT_TIME_LIMIT_SECONDS``)."""


class Deadline:
    def __init__(self, seconds):
        self.ends = time.monotonic() + seconds
        self.seconds = seconds

    def passed(self):
        return time.monotonic() > self.ends


# -- CSV -----------------------------------------------------------------------------------
class _Echo:
    def write(self, value):
        return value


def _csv_formatter(column):
    """The function writing ``column``'s values as CSV text (chosen once, not per cell)."""
    places = column.places
    if column.numeric:
        if places is not None:
            pattern = f".{places}f"
            return lambda value: "" if value is None else format(value, pattern)
        return lambda value: "" if value is None else format(value, "f") \
            if isinstance(value, Decimal) else str(value)
    if column.kind in (DATE, DATETIME):
        # A date-time may come as text already (written by the database: export.sql).
        return lambda value: "" if value is None else value if value.__class__ is str \
            else value.isoformat()
    triggers = FORMULA_TRIGGERS

    def text(value):
        if value is None:
            return ""
        if value.__class__ is not str:
            value = str(value)
        return "'" + value if value.startswith(triggers) else value

    return text


def csv_lines(columnset, columns, *, chunk_size, deadline):
    """The CSV's text: the header at once, then the rows as they are read, ``batch`` rows
    to a piece.

    Past the deadline the file ends with a line saying it is incomplete and the stream is
    broken off (``ExportTooSlow``): the server closes the connection without ending the
    body, so the download fails instead of passing for a complete file."""
    writer = csv.writer(_Echo())
    formatters = [_csv_formatter(column) for column in columns]
    yield "\ufeff" + _lf(writer.writerow([column.label for column in columns]))
    if getattr(columnset, "written_by_database", None) and columnset.written_by_database(
            columns):
        yield from _copied_lines(columnset, columns, deadline, writer)
        return
    lines = []
    batch = CSV_BATCH_ROWS
    rows = columnset.rows(columns, chunk_size=chunk_size)
    try:
        for number, row in enumerate(rows, start=1):
            lines.append(_lf(writer.writerow([f(value) for f, value
                                              in zip(formatters, row, strict=True)])))
            if number % batch == 0:
                yield "".join(lines)
                lines = []
                if deadline.passed():
                    yield _lf(writer.writerow([incomplete_message(deadline.seconds, number)]))
                    raise ExportTooSlow(number)
    finally:
        rows.close()  # stopped early or abandoned: the database cursor is closed now
    if lines:
        yield "".join(lines)


def _lf(line):
    """A CSV line ending in a line feed, as PostgreSQL's COPY ends them. (The writer ends
    lines with ``\r\n`` so that it quotes a text holding a carriage return, as COPY does.)"""
    return line[:-2] + "\n"


def _copied_lines(columnset, columns, deadline, writer):
    """The rows as PostgreSQL writes them (``ColumnSet.csv_blocks``: one block a row, as
    COPY sends them), ``CSV_BATCH_ROWS`` to a piece, with the same time limit: past it, the
    line saying the file is incomplete and the stream broken off."""
    blocks = columnset.csv_blocks(columns)
    batch = CSV_BATCH_ROWS
    piece = []
    try:
        for number, block in enumerate(blocks, start=1):
            piece.append(block)
            if number % batch == 0:
                yield b"".join(piece)
                piece = []
                if deadline.passed():
                    yield _lf(writer.writerow([incomplete_message(deadline.seconds,
                                                                  number)])).encode()
                    raise ExportTooSlow(number)
    finally:
        blocks.close()  # stopped early: the COPY is cancelled and its transaction ended
    if piece:
        yield b"".join(piece)


def incomplete_message(seconds, rows):
    return _("EXPORT INCOMPLETE: stopped after %(rows)d rows at the %(seconds)d-second limit. "
             "Narrow the filters (a year, a status, a department) and export again.") % {
        "rows": rows, "seconds": seconds}


# -- XLSX ----------------------------------------------------------------------------------
NUMBER_FORMATS = {
    MONEY: "#,##0.00",
    DECIMAL: "#,##0.00##",
    PERCENT: "0.00%",
    INTEGER: "0",
    HOURS: "0.0",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}
FIXED_WIDTHS = {DATE: 11, DATETIME: 17}


def text_width(text):
    """Display width of ``text``: CJK characters (3 bytes in UTF-8) count two."""
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def _number_width(value, kind):
    if kind == MONEY:
        return len(f"{value:,.2f}")
    if kind == PERCENT:
        return len(f"{value:.2f}") + 1
    return len(str(value))


def _cell_writer(sheet, col, kind, cell_format, widths, extremes, totals):
    """The function writing one cell of column ``col`` (chosen once, not per cell); it
    keeps the column's width, its smallest and largest number and its total up to date."""
    write_number, write_string = sheet.write_number, sheet.write_string
    index = col - 1

    def text(row, value):
        if not isinstance(value, str):
            value = str(value)
        write_string(row, col, neutralised(value))
        # A text is at most twice as wide as it is long: most cells need no measuring.
        if len(value) * 2 > widths[col] and widths[col] < MAX_WIDTH:
            widths[col] = max(widths[col], text_width(value))

    def date_cell(row, value):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day),
                             cell_format)

    def datetime_cell(row, value):
        sheet.write_datetime(row, col, value.replace(tzinfo=None), cell_format)

    def extreme(value):
        if value < extremes[0]:
            extremes[0] = value
        elif value > extremes[1]:
            extremes[1] = value

    def number(row, value):
        extreme(value)
        write_number(row, col, float(value), cell_format)

    def percent(row, value):
        extreme(value)
        write_number(row, col, float(value) / 100, cell_format)

    def amount(row, value):
        extreme(value)
        write_number(row, col, float(value), cell_format)
        totals[index] += value

    if kind == DATE:
        return date_cell
    if kind == DATETIME:
        return datetime_cell
    if kind == PERCENT:
        return percent
    if kind == MONEY:
        return amount
    if kind in (DECIMAL, INTEGER, HOURS):
        return number
    return text


def _write_rows(rows, writers, sheet, deadline, book):
    """The data rows under the header; the number written."""
    write_number = sheet.write_number
    check_every = XLSX_CHECK_ROWS
    number = 0
    for number, row in enumerate(rows, start=1):
        row_index = HEADER_ROW + number
        if row_index >= XLSX_MAX_ROWS - 1:
            raise ExportTooSlow(number)  # cannot happen below the row cap; never truncate
        write_number(row_index, 0, number)
        for write, value in zip(writers, row, strict=True):
            if value is not None and value != "":
                write(row_index, value)
        if number % check_every == 0 and deadline.passed():
            book.close()
            raise ExportTooSlow(number)
    return number


def write_xlsx(target, columnset, columns, *, title, subtitle, sheet_name, chunk_size,
               deadline):
    """Write the report to ``target`` (a file). Raises ``ExportTooSlow`` past the deadline.
    Returns the number of data rows."""
    book = xlsxwriter.Workbook(target, {
        "constant_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
    })
    sheet = book.add_worksheet(sheet_name)
    title_format = book.add_format({"bold": True, "font_size": 14, "valign": "vcenter"})
    subtitle_format = book.add_format({"font_color": "#404040", "valign": "vcenter"})
    header_format = book.add_format({
        "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
        "align": "center", "valign": "vcenter",
    })
    total_label_format = book.add_format({"bold": True, "top": 1})
    formats = {kind: book.add_format({"num_format": pattern})
               for kind, pattern in NUMBER_FORMATS.items()}
    total_format = book.add_format({"bold": True, "top": 1, "num_format": NUMBER_FORMATS[MONEY]})
    last_col = len(columns)  # column 0 is 序号

    # Rows must be written in order in constant-memory mode: title, filters, header, data.
    sheet.set_row(0, 24)
    sheet.merge_range(0, 0, 0, max(last_col, 1), title, title_format)
    sheet.merge_range(1, 0, 1, max(last_col, 1), subtitle, subtitle_format)
    serial = _("No.")
    widths = [text_width(serial)] + [min(text_width(c.label), 16) for c in columns]
    sheet.set_row(HEADER_ROW, 32)
    sheet.write_string(HEADER_ROW, 0, serial, header_format)
    for col, column in enumerate(columns, start=1):
        sheet.write_string(HEADER_ROW, col, column.label, header_format)

    kinds = [column.kind for column in columns]
    money = [kind == MONEY for kind in kinds]
    totals = [Decimal(0)] * len(columns)
    extremes = [[0, 0] for _column in columns]  # smallest and largest number per column
    writers = [_cell_writer(sheet, col, kind, formats.get(kind), widths, extremes[col - 1],
                            totals if kind == MONEY else None)
               for col, kind in enumerate(kinds, start=1)]
    rows = columnset.rows(columns, chunk_size=chunk_size)
    try:
        number = _write_rows(rows, writers, sheet, deadline, book)
    finally:
        rows.close()  # stopped early: the database cursor is closed now, not at collection
    row_index = HEADER_ROW + number
    for col, kind in enumerate(kinds, start=1):
        if kind in (MONEY, DECIMAL, PERCENT, INTEGER, HOURS):
            low, high = extremes[col - 1]
            widths[col] = max(widths[col], _number_width(low, kind), _number_width(high, kind))
    widths[0] = max(widths[0], len(str(number)), text_width(_("Total")))

    if any(money) and number:
        row_index += 1
        sheet.write_string(row_index, 0, _("Total"), total_label_format)
        for col, is_money in enumerate(money, start=1):
            if is_money:
                sheet.write_number(row_index, col, float(totals[col - 1]), total_format)
                widths[col] = max(widths[col], _number_width(totals[col - 1], MONEY))

    for col, kind in enumerate([INTEGER, *kinds]):
        width = FIXED_WIDTHS.get(kind) or widths[col]
        sheet.set_column(col, col, min(max(width, MIN_WIDTH), MAX_WIDTH) + 1)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + number, last_col)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # the width of one page, as many pages down as it takes
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C" + _("Page &P of &N").replace("&amp;", "&"))
    sheet.hide_gridlines(0)  # gridlines on screen and on paper
    book.close()
    return number

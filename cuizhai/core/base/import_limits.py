"""The limits of a spreadsheet imported through the browser, checked before it is read.

A file small on the wire can be huge once read: an xlsx is a zip (a few KB can unpack to
gigabytes), one cell can hold megabytes, and every row costs the preview time. So the file's
size, an xlsx's unpacked size, its cells, rows and columns are checked first — the zip's
declared sizes before anything is unpacked, the cells by streaming through the sheets'
XML without keeping it — and a file past a limit is refused with a message that names it.
"""

import csv
import io
import zipfile
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import XLSX

from cuizhai.core.base.uploads import refusal_of

# Excel's own limit: a cell holds at most this many characters.
MAX_CELL_CHARS = 32_767
# What the preview page shows: the first rows with errors (every error of each), then the
# first valid rows; the rest are counted, not rendered.
PREVIEW_ERROR_ROWS = 100
PREVIEW_ROWS = 100


def read_upload(upload):
    """The bytes of an uploaded import file, unless it is too large."""
    refusal = refusal_of(upload)
    limit = settings.CUIZHAI_IMPORT_MAX_BYTES
    if refusal is not None or upload.size > limit:
        raise ValidationError(
            _("The file is too large: an import takes at most %(limit)s."),
            code="file_size", params={"limit": filesizeformat(limit)},
        )
    upload.seek(0)
    return upload.read()


def read_dataset(data, input_format):
    """The rows of the file, once its size, cells, rows and columns are within limits."""
    if isinstance(input_format, XLSX):
        _check_workbook(data)
    elif hasattr(input_format, "decode"):
        _check_text_table(input_format.decode(data))
    dataset = input_format.create_dataset(data)
    # Blank lines (Excel keeps formatted rows below the data) are no rows of the import.
    rows = sum(1 for row in dataset if any(_has_value(value) for value in row))
    _check_shape(rows, dataset.width)
    for row in dataset:
        if any(isinstance(value, str) and len(value) > MAX_CELL_CHARS for value in row):
            raise _cell_too_long()
    return dataset


def _has_value(value):
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell_too_long():
    return ValidationError(
        _("A cell holds more than %(limit)s characters, the most a cell may hold (Excel's "
          "own limit)."),
        code="cell_length", params={"limit": f"{MAX_CELL_CHARS:,}"},
    )


def _check_shape(rows, columns):
    """``rows`` counts the data rows, without the header."""
    if rows > settings.CUIZHAI_IMPORT_MAX_ROWS:
        raise ValidationError(
            _("The file has %(rows)s rows: too big for the browser, which takes at most "
              "%(limit)s. Split the file, or have the administrator import it with the "
              "import_rows command, which takes any number of rows."),
            code="too_many_rows",
            params={"rows": f"{rows:,}", "limit": f"{settings.CUIZHAI_IMPORT_MAX_ROWS:,}"},
        )
    if columns > settings.CUIZHAI_IMPORT_MAX_COLUMNS:
        raise ValidationError(
            _("The file has %(columns)s columns; an import takes at most %(limit)s."),
            code="too_many_columns",
            params={"columns": columns, "limit": settings.CUIZHAI_IMPORT_MAX_COLUMNS},
        )


def _check_text_table(text):
    """CSV: every cell, the rows and the columns, read as a stream."""
    rows = columns = 0
    try:
        for cells in csv.reader(io.StringIO(text)):
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise _cell_too_long()
            if any(cell.strip() for cell in cells):
                rows += 1
                columns = max(columns, len(cells))
            _check_shape(rows - 1, columns)
    except csv.Error:
        # The csv module's own cap on a field (131,072 characters) is far above Excel's.
        raise _cell_too_long() from None


def _check_workbook(data):
    """xlsx: the zip's declared sizes first, then the sheets' cells and rows as a stream."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        members = book.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(_("The file is not an Excel workbook (xlsx)."),
                              code="not_xlsx") from None
    unpacked = sum(member.file_size for member in members)
    limit = settings.CUIZHAI_IMPORT_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise ValidationError(
            _("Unpacked, the workbook takes %(size)s; an import takes at most %(limit)s. "
              "Copy the rows you import into a new workbook."),
            code="unpacked_size",
            params={"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
        )
    for member in members:
        name = member.filename
        if name == "xl/sharedStrings.xml" or (
            name.startswith("xl/worksheets/") and name.endswith(".xml")
        ):
            try:
                with book.open(member) as stream:
                    _SheetScan(is_sheet=name.startswith("xl/worksheets/")).feed(stream)
            except (zipfile.BadZipFile, expat.ExpatError, EOFError):
                raise ValidationError(_("The file is not an Excel workbook (xlsx)."),
                                      code="not_xlsx") from None


class _SheetScan:
    """Streams one part of a workbook: refuses a text longer than a cell may hold and, in
    a worksheet, more rows with values (the header included) or columns than allowed.
    Only counters are kept, whatever the size of the text."""

    CHUNK = 64 * 1024

    def __init__(self, *, is_sheet):
        self.is_sheet = is_sheet
        self.text_length = 0
        self.rows = 0
        self.cells_in_row = 0
        self.row_has_value = False
        self.cell_has_value = False
        parser = expat.ParserCreate()
        parser.buffer_text = False  # text arrives in pieces, never as one string
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def feed(self, stream):
        while chunk := stream.read(self.CHUNK):
            self.parser.Parse(chunk, False)
        self.parser.Parse(b"", True)

    def _start(self, name, attributes):
        self.text_length = 0
        if not self.is_sheet:
            return
        if name == "row":
            self.cells_in_row = 0
            self.row_has_value = False
        elif name == "c":
            self.cell_has_value = False
        elif name in ("v", "t"):
            self.cell_has_value = self.row_has_value = True

    def _end(self, name):
        self.text_length = 0
        if not self.is_sheet:
            return
        if name == "c" and self.cell_has_value:
            self.cells_in_row += 1
        elif name == "row" and self.row_has_value:
            self.rows += 1
            _check_shape(self.rows - 1, self.cells_in_row)

    def _text(self, text):
        self.text_length += len(text)
        if self.text_length > MAX_CELL_CHARS:
            raise _cell_too_long()

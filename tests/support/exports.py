"""``?format=csv`` and ``?format=xlsx`` answers read back as a spreadsheet user sees them."""

import csv
import io

from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook


def read_csv(response):
    """The rows of a streamed CSV download (UTF-8 with the BOM Excel needs)."""
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())  # BOM, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response):
    """The rows of a streamed XLSX download's first sheet, cells typed: the report's title
    lines, its header row (序号 first), the data rows and the totals row."""
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert ".xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def headers(serializer_class, language):
    """The serializer's field labels in ``language``, capitalised as DRF capitalises the
    labels it takes from the models' verbose names: the export's column headers (the
    fields the serializer never exports, ``export_reads`` None, left out)."""
    never = {name for name, read in getattr(serializer_class, "export_reads", {}).items()
             if read is None}
    with translation.override(language):
        return [capfirst(str(field.label)) for name, field in serializer_class().fields.items()
                if not field.write_only and name not in never]


def table(rows, first_header):
    """The header row and the data rows as dicts keyed by header. The header row is found
    by its first column's header, not by its position, so that a title row above it
    changes nothing."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    names = rows[start]
    return names, [dict(zip(names, row, strict=True)) for row in rows[start + 1:]]


def report_headers(serializer_class, language):
    """The XLSX report's headers: 序号, then the serializer's labels but the technical
    columns (id, version, created, updated), the ones the serializer leaves out of the
    report (``export_report_omits``) and those never exported (``export_reads`` None)."""
    from cuizhai.core.base.export.columns import TECHNICAL

    omitted = set(TECHNICAL) | set(getattr(serializer_class, "export_report_omits", ()))
    omitted |= {name for name, read in getattr(serializer_class, "export_reads", {}).items()
                if read is None}
    with translation.override(language):
        labels = [capfirst(str(field.label)) for name, field in
                  serializer_class().fields.items()
                  if not field.write_only and name not in omitted]
        return [translation.gettext("No."), *labels]


def report_rows(response):
    """The XLSX report's header row and data rows, without the title lines above them and
    the totals row below."""
    rows = read_xlsx(response)[2:]
    return [rows[0], *[row for row in rows[1:] if isinstance(row[0], int)]]

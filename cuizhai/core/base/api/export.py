"""CSV and XLSX exports of any list endpoint's current filtered rows.

``?format=csv`` streams row by row; ``?format=xlsx`` is written by openpyxl's
write-only workbook (constant memory) to a temporary file that is then streamed.
Column headers are the serializer fields' labels, in the request's language.
"""

import csv
import tempfile
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from cuizhai.core.base.personal import masker_for

CHUNK_SIZE = 500


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached for errors and non-list endpoints: a list export is streamed by the
        # viewset. Render the error (or object) as a one-column CSV so it stays readable.
        rows = [data] if isinstance(data, dict) else data or []
        lines = []
        for row in rows:
            lines.append(",".join(f"{k}: {v}" for k, v in row.items()) if isinstance(row, dict)
                         else str(row))
        return "\n".join(lines).encode("utf-8")


class XLSXRenderer(CSVRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None


EXPORT_FORMATS = {CSVRenderer.format, XLSXRenderer.format}


def flatten(value):
    """A serializer value as one spreadsheet cell."""
    if isinstance(value, dict):
        for key in ("label", "display"):
            if key in value:
                return value[key]
        return "; ".join(f"{k}: {flatten(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(str(flatten(v)) for v in value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return value


def export_columns(serializer):
    """(field name, header, field) for every readable field, in the serializer's order.

    Headers are capitalised as DRF does for the labels it derives from a model field, so
    that declared fields (``label=_("responsible department")``) look the same.
    """
    return [
        (name, capfirst(str(field.label or name)), field)
        for name, field in serializer.fields.items()
        if not field.write_only
    ]


def column_maskers(user, model, columns):
    """Per column, ``masker_for`` its model field (None: shown as it is). The personal
    serializer fields mask already; masks are idempotent, and an export built from
    database columns instead of serializers calls exactly this."""
    return [masker_for(user, model, field.source.replace(".", "__"))
            if field.source and field.source != "*" else None
            for _name, _header, field in columns]


def _rows(queryset, serializer_factory, columns, language, maskers):
    # iterator(chunk_size) keeps memory flat; prefetches still run once per chunk.
    # A streamed body is produced after the view has returned, maybe in another thread:
    # labels are rendered in the request's language, whatever is active by then.
    with translation.override(language):
        for instance in queryset.iterator(chunk_size=CHUNK_SIZE):
            data = serializer_factory(instance).data
            yield [
                (flatten(data.get(name) if mask is None else mask(data.get(name))), field)
                for (name, _header, field), mask in zip(columns, maskers, strict=True)
            ]


def _filename(basename, extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{basename}-{stamp}.{extension}"


class _Echo:
    def write(self, value):
        return value


def stream_csv(*, queryset, serializer_factory, columns, basename, maskers):
    writer = csv.writer(_Echo())
    language = translation.get_language()

    def lines():
        yield "\ufeff"  # BOM, so that Excel opens UTF-8 Chinese text correctly
        yield writer.writerow([header for _name, header, _field in columns])
        for row in _rows(queryset, serializer_factory, columns, language, maskers):
            yield writer.writerow([value for value, _field in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(basename, "csv")}"'
    return response


def _cell(value, field):
    """Typed cells, so that Excel can sum amounts and sort dates."""
    if value in (None, ""):
        return value
    if isinstance(field, serializers.DecimalField):
        return Decimal(value)
    if isinstance(field, serializers.DateTimeField):
        parsed = datetime.fromisoformat(value)
        return timezone.localtime(parsed).replace(tzinfo=None) if timezone.is_aware(parsed) \
            else parsed
    if isinstance(field, serializers.DateField):
        return date.fromisoformat(value)
    return value


def stream_xlsx(*, queryset, serializer_factory, columns, basename, title, maskers):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([header for _name, header, _field in columns])
    for row in _rows(queryset, serializer_factory, columns, translation.get_language(),
                     maskers):
        sheet.append([_cell(value, field) for value, field in row])
    spool = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_filename(basename, "xlsx"),
        content_type=XLSXRenderer.media_type,
    )

"""One export path for every list: the API's ``?format=csv|xlsx`` and the admin's export
buttons both call ``export_response`` with the list's rows (filtered, ordered), its API
serializer (the columns and their labels) and a description of the filters.

Limits, so that an export never ends as a truncated file with status 200:

- more rows than ``CUIZHAI_EXPORT_MAX_ROWS`` are refused before anything is sent
  (``ExportRefused``, 400, asking to narrow the filters): one COUNT query;
- an export still running after ``CUIZHAI_EXPORT_TIME_LIMIT_SECONDS`` (below gunicorn's
  timeout) stops: an XLSX, written before anything is sent, is refused (503); a CSV, already
  streaming, ends with a line saying it is incomplete and the connection is broken off
  without ending the body, so the browser reports a failed download.
"""

import tempfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cuizhai.core.base.export.columns import MONEY, ColumnSet, Read  # noqa: F401
from cuizhai.core.base.export.files import (
    XLSX_MAX_ROWS,
    Deadline,
    ExportTooSlow,
    csv_lines,
    write_xlsx,
)

CSV, XLSX = "csv", "xlsx"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ExportLayout:
    """Another file of the same list, in a layout an office keeps (a safety ledger): its
    columns are ``serializer_class``'s fields (read as any export's are), ``title`` names
    the file and heads the sheet, ``ordering`` is the rows' order unless the request gives
    one. The API serves it from an action (``export_list(view, XLSX, layout=…)``), the admin
    as a button beside the export (``ExportMixin.export_layouts``), with the filters in use."""

    name: str
    serializer_class: type
    title: str
    ordering: tuple[str, ...] = ()


class ExportRefused(Exception):
    """An export that will not be made, with the reason to show (and an HTTP status)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def max_rows(export_format):
    cap = settings.CUIZHAI_EXPORT_MAX_ROWS
    return min(cap, XLSX_MAX_ROWS - 10) if export_format == XLSX else cap


def describe(filters):
    """``[(label, value), …]`` as one line: 状态：在建；搜索：黄河."""
    if not filters:
        return _("all records")
    return _("; ").join(_("%(label)s: %(value)s") % {"label": label, "value": value}
                        for label, value in filters)


def export_response(*, queryset, serializer, export_format, title, filters, basename,
                    context=None, columnset=None):
    """The file of ``queryset`` (already filtered and ordered) in ``export_format``.

    ``serializer``: the list's API serializer (an instance, with the request in its
    context); ``title``: what the list is (its verbose name, plural); ``filters``: the
    filters applied, ``[(label, value as shown)]``; ``basename``: the file name's start.
    ``columnset``: the columns, when they are not read from a model's queryset through
    ``serializer`` (a list over several models, such as the 督办 board, brings its own
    object with ``columns``, ``for_report()`` and ``rows(columns, chunk_size=)``).
    Raises ``ExportRefused``.
    """
    limit = max_rows(export_format)
    count = queryset.count()
    if count > limit:
        raise ExportRefused(
            _("This export would have %(count)s rows; at most %(limit)s are exported at "
              "once. Narrow the filters (a year, a status, a department) and export again, "
              "in several parts if need be.") % {"count": f"{count:,}", "limit": f"{limit:,}"}
        )
    if columnset is None:
        columnset = ColumnSet(serializer, queryset, context={
            "format": export_format, **(context or {})})
    stamp = timezone.localtime()
    filename = f"{title}-{stamp:%Y%m%d-%H%M}.{export_format}"
    fallback = f"{basename}-{stamp:%Y%m%d-%H%M}.{export_format}"
    deadline = Deadline(settings.CUIZHAI_EXPORT_TIME_LIMIT_SECONDS)
    language = translation.get_language()

    if export_format == CSV:
        def body():
            # The body is produced after the view has returned (maybe in another thread):
            # labels in the request's language, whatever is active by then.
            with translation.override(language):
                yield from csv_lines(columnset, columnset.columns, chunk_size=CHUNK_SIZE,
                                     deadline=deadline)

        response = StreamingHttpResponse(body(), content_type="text/csv; charset=utf-8")
    else:
        columns = columnset.for_report()
        units = [_("amounts in 万元")] if any(c.kind == MONEY for c in columns) else []
        subtitle = "    ".join([
            _("Filters: %(filters)s") % {"filters": describe(filters)},
            *units,
            _("As of %(when)s") % {"when": date_format(stamp, "Y-m-d H:i")},
        ])
        spool = tempfile.TemporaryFile(suffix=".xlsx")
        try:
            write_xlsx(spool, columnset, columns, title=title, subtitle=subtitle,
                       sheet_name=str(title).translate(_SHEET_NAME_FORBIDDEN)[:31] or "Sheet1",
                       chunk_size=CHUNK_SIZE, deadline=deadline)
        except ExportTooSlow as stopped:
            spool.close()
            raise ExportRefused(
                _("The export was stopped after %(rows)s rows: it could not be finished "
                  "within %(seconds)d seconds. Narrow the filters (a year, a status, a "
                  "department) and export again.")
                % {"rows": f"{stopped.args[0]:,}", "seconds": deadline.seconds},
                status=503,
            ) from None
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


def content_disposition(filename, fallback):
    """RFC 6266: the Chinese name as ``filename*``, an ASCII one for old clients."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"

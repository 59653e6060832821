"""``?format=csv|xlsx`` on any list endpoint: every row matching the filters, as a file.

The file is made by ``cuizhai.core.base.export`` — the same path as the admin's export
buttons, which find the list's viewset here (``list_viewset_for``) to export with the same
columns. The renderers only make DRF accept the formats; a list export never goes through
them (it is streamed by the viewset), only errors and non-list answers do, and those are
turned into JSON by the viewset and the content negotiation.
"""

from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import BaseRenderer

from cuizhai.core.base.export import CSV, XLSX, XLSX_MEDIA_TYPE, ExportRefused, export_response


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = CSV
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
    media_type = XLSX_MEDIA_TYPE
    format = XLSX
    charset = None


EXPORT_FORMATS = {CSVRenderer.format, XLSXRenderer.format}


class ExportNotMade(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "export_refused"

    def __init__(self, refusal):
        super().__init__(detail=refusal.message)
        self.status_code = refusal.status


def shown(value, form_field):
    """A filter's value as the filter form shows it: choice labels, 是/否, names."""
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        return "、".join(shown(item, form_field) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = getattr(form_field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        labels = {str(key): label for key, label in choices if not isinstance(label, list)}
        return str(labels.get(str(value), value))
    return str(value)


def applied_filters(filterset):
    """``[(label, value)]`` of the filters that narrowed the list."""
    if filterset is None or not filterset.is_bound or not filterset.is_valid():
        return []
    applied = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value):
            continue
        label = filterset.filters[name].label or name
        applied.append((str(label), shown(value, filterset.form.fields[name])))
    return applied


def export_list(view, export_format, *, layout=None):
    """The file of ``view``'s filtered list: what ``?format=csv|xlsx`` answers; with an
    ``ExportLayout``, the same rows in that layout (an office's ledger of the list)."""
    request = view.request
    queryset = view.filter_queryset(view.get_queryset())
    filterset = DjangoFilterBackend().get_filterset(request, view.get_queryset(), view)
    model_meta = queryset.model._meta
    serializer = (view.get_serializer() if layout is None
                  else layout.serializer_class(context=view.get_serializer_context()))
    if layout is not None and layout.ordering and not request.query_params.get("ordering"):
        queryset = queryset.order_by(*layout.ordering)
    try:
        return export_response(
            queryset=queryset,
            serializer=serializer,
            export_format=export_format,
            title=str(model_meta.verbose_name_plural if layout is None else layout.title),
            filters=applied_filters(filterset),
            basename=f"{model_meta.app_label}-{model_meta.model_name}",
            context={"request": request, "user": request.user},
        )
    except ExportRefused as refusal:
        raise ExportNotMade(refusal) from None


@cache
def list_viewset_for(model):
    """The API viewset listing ``model`` (found in the URL configuration), or None."""
    from cuizhai.core.base.api.viewsets import TrackedModelViewSet

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                yield pattern.callback

    for callback in walk(get_resolver().url_patterns):
        viewset = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if (viewset is not None and issubclass(viewset, TrackedModelViewSet)
                and actions.get("get") == "list" and viewset.queryset.model is model):
            return viewset
    return None

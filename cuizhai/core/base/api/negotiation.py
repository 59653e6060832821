"""Content negotiation: CSV and XLSX are files of a list, nothing else."""

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer

from cuizhai.core.base.api.export import EXPORT_FORMATS


def exports_list(view):
    """Whether ``view`` is answering a list that it can export as a file."""
    return getattr(view, "action", None) == "list" and callable(getattr(view, "export", None))


class ExportNegotiation(DefaultContentNegotiation):
    """``?format=csv|xlsx`` (or an Accept header asking for them) on anything but an
    exportable list — a record, a summary, an action — gets JSON, never a corrupt "file"."""

    def select_renderer(self, request, renderers, format_suffix=None):
        view = request.parser_context.get("view") if request.parser_context else None
        if not exports_list(view):
            asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
            if asked in EXPORT_FORMATS:
                return self._json(renderers)
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if renderer.format in EXPORT_FORMATS and not exports_list(view):
            return self._json(renderers)  # asked for by an Accept header
        return renderer, media_type

    @staticmethod
    def _json(renderers):
        json = next((r for r in renderers if isinstance(r, JSONRenderer)), JSONRenderer())
        return json, json.media_type

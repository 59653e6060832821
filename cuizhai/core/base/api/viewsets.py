"""The one API base every app's viewsets inherit.

It adds to DRF's ModelViewSet: writes through services, the no-lost-update check
(``version`` / ``If-Match``), ``ETag`` headers, ``…/{id}/history/`` and streamed
CSV/XLSX export of the filtered list.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cuizhai.core.base.api.exceptions import PreconditionFailed, PreconditionRequired
from cuizhai.core.base.api.export import EXPORT_FORMATS, export_list
from cuizhai.core.base.api.history import (
    HistoryEntrySerializer,
    history_entries,
    history_records,
)
from cuizhai.core.base.api.pagination import LinkHeaderPagination
from cuizhai.core.base.api.transactions import outside_request_transaction, request_transaction
from cuizhai.core.base.exceptions import StaleVersion
from cuizhai.core.base.services.writes import writes_for

EXPORT_PARAMETER = OpenApiParameter(
    "format", str, enum=["json", "csv", "xlsx"],
    description=_("csv or xlsx: download every row that matches the filters."),
)


def etag_for(instance):
    return f'"{instance.version}"'


class ExportableListMixin:
    """A list that also answers ``?format=csv|xlsx`` with every row the filters keep,
    streamed; any other answer to an export request (a refusal, a bad filter) is JSON."""

    @extend_schema(parameters=[EXPORT_PARAMETER])
    def list(self, request, *args, **kwargs):
        export_format = getattr(request.accepted_renderer, "format", None)
        if export_format in EXPORT_FORMATS:
            if self.paginator is not None:
                # An export has every row, whatever the page; a malformed page parameter
                # is still refused (400), as on the JSON list.
                self.paginator.get_limit(request)
                self.paginator.get_offset(request)
            return self.export(export_format)
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        # An export is streamed as a file by ``export``; anything else answered to an
        # export request (a refusal, a bad filter) is an ordinary JSON answer.
        if isinstance(response, Response) and getattr(
            getattr(request, "accepted_renderer", None), "format", None
        ) in EXPORT_FORMATS:
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def export(self, export_format):
        return export_list(self, export_format)


class VersionedRecordMixin:
    """A view whose writes to one record say which version of it they were made on
    (``If-Match`` or the body's ``version``): of two users acting on what they read, the
    second is told the record changed. The schema documents 412 and 428 for them."""

    def expected_version(self, request, instance, *, required=True):
        """The version the client edited: from ``If-Match`` (412 if stale) or the body (409)."""
        if_match = request.headers.get("If-Match")
        if if_match:
            if if_match.strip() == "*":
                # "Any version" would skip the very check If-Match is for.
                raise PreconditionRequired()
            if if_match.removeprefix("W/").strip() != etag_for(instance):
                raise PreconditionFailed(
                    detail={
                        "detail": _("The record changed since you read it (ETag %(etag)s). "
                                    "Reload it and make your change again.")
                        % {"etag": etag_for(instance)},
                        "version": instance.version,
                    }
                )
            return instance.version
        version = request.data.get("version") if hasattr(request.data, "get") else None
        if version in (None, ""):
            if required:
                raise PreconditionRequired()
            return instance.version
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise PreconditionRequired() from None
        if version != instance.version:
            raise StaleVersion(current_version=instance.version)
        return version


class TrackedModelViewSet(VersionedRecordMixin, ExportableListMixin, viewsets.ModelViewSet):
    action_permissions = {"history": "view"}
    # Ids are numbers: ``/1%0A/`` (int() strips the newline) is no address of record 1.
    lookup_value_regex = r"[0-9]+"
    ordering = ("-pk",)
    # Actions that only read: served without the request transaction (see
    # ``transactions``); every other action runs in one, as ATOMIC_REQUESTS would run it.
    reading_actions = frozenset({"list", "retrieve", "history"})

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        return outside_request_transaction(super().as_view(actions, **initkwargs))

    def dispatch(self, request, *args, **kwargs):
        action = (getattr(self, "action_map", None) or {}).get(request.method.lower())
        with request_transaction(reading=action in self.reading_actions):
            return super().dispatch(request, *args, **kwargs)

    # --- writes: through the services the model declares (``services.writes``) ---------
    # The request's user is passed on as ``by``: the services name it in the history.
    @property
    def writes(self):
        return writes_for(self.get_queryset().model)

    def create_record(self, data, **given):
        return self.writes.create(data=data, by=self.request.user,
                                  reason=data.pop("reason", ""), **given)

    def update_record(self, instance, data, *, expected_version):
        return self.writes.update(instance, data=data, expected_version=expected_version,
                                  by=self.request.user, reason=data.pop("reason", ""))

    def delete_record(self, instance):
        self.writes.delete(instance, by=self.request.user, **self.delete_options())

    def delete_options(self):
        """What a delete takes from the request besides the record (none by default)."""
        return {}

    # --- single records -------------------------------------------------------------------
    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_for(instance)})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.create_record(dict(serializer.validated_data))
        data = self.get_serializer(self._reload(instance)).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": etag_for(instance)})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        expected_version = self.expected_version(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.update_record(
            instance, dict(serializer.validated_data), expected_version=expected_version
        )
        instance = self._reload(instance)
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_for(instance)})

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.expected_version(request, instance, required=False)
        self.delete_record(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _reload(self, instance):
        """Re-read through the list queryset so annotations and related objects are there."""
        return self.get_queryset().get(pk=instance.pk)

    # --- audit ----------------------------------------------------------------------------
    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=LinkHeaderPagination,
            filter_backends=[])
    def history(self, request, *args, **kwargs):
        """Its versions, newest first, a page at a time (``?limit=&offset=``; ``Link``)."""
        instance = self.get_object()
        page = self.paginate_queryset(history_records(instance))
        paginator = self.paginator
        older = paginator.by_cursor or paginator.offset + len(page) < paginator.count
        data = HistoryEntrySerializer(history_entries(instance, page, older=older,
                                                      user=request.user),
                                      many=True).data
        return self.get_paginated_response(data)


class _SelectorQueryset:
    """``queryset`` read on the class: what the router names the routes after and what schema
    and permission checks inspect. Requests call ``get_queryset()``."""

    def __get__(self, instance, owner):
        return owner.selector()


class SelectorViewSet(TrackedModelViewSet):
    """A viewset whose rows come from a selector (``selector = staticmethod(selectors.x_list)``),
    called on every request: annotations such as "overdue" are relative to today, so the
    queryset is never built once at import, and the API lists what the exports and the
    summaries read."""

    selector = None
    queryset = _SelectorQueryset()

    def get_queryset(self):
        # Built once per request and cloned: the permission check reads its model and the
        # action its rows, and building a selector's annotations (subqueries, resolved
        # expressions) costs more than a clone.
        rows = self.__dict__.get("_selector_rows")
        if rows is None:
            rows = self._selector_rows = type(self).selector()
        return rows.all()

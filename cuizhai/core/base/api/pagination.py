"""Pagination of every API list: ``?limit=&offset=``, or ``?cursor=`` to walk every page.

A page is read in two steps: the ids of the page (the list's filters and order, on the
table's own columns and indexes), then the rows of those ids with their annotations. The
list's annotations (totals and counts over child rows, as correlated subqueries) are then
computed for the 50 rows shown, not for every row ``OFFSET`` skips or a sort reads, so a
deep page costs about what the first does.

``?cursor=`` (empty for the first page) pages by the last row's sort key instead of an
offset (keyset pagination): each page is found through the ordering's index however deep
it is, and ``next`` carries the cursor of the page after. It needs an order on stored
columns (the list's default order, or ``?ordering=`` on a column). Always two queries for
the rows, plus the count.

``count`` is exact. From ``CUIZHAI_CACHED_COUNT_FROM`` rows on (10,000 by default) it is
kept in the records cache until the next write (``cuizhai.core.base.cache``), so paging
through a large list counts it once; smaller lists are counted each time (cheap).
"""

import base64
import json
import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from cuizhai.core.base.cache import cached_count
from cuizhai.core.base.models.display import field_through_required_relations

# PostgreSQL's largest OFFSET (a bigint); a larger one could not be asked of the database.
MAX_OFFSET = 2**63 - 1


def page_of(queryset, start, stop):
    """Rows ``start`` to ``stop`` of ``queryset``: the ids first, then those rows only."""
    if (not isinstance(queryset, QuerySet) or queryset.query.combinator
            or queryset.query.values_select  # rows as dicts, not records
            or not (queryset.query.annotations or queryset.query.distinct)):
        return list(queryset[start:stop])  # nothing computed per row: one query
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[start:stop])
    return rows_of(queryset, ids)


def rows_of(queryset, ids):
    """The rows of ``queryset`` with these ids, in the order of ``ids``."""
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


def count_of(queryset):
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    return cached_count(queryset, minimum=settings.CUIZHAI_CACHED_COUNT_FROM)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=&offset=``. A value that is not a whole number in range is a 400 naming the
    parameter (DRF would silently use the default page instead); a limit above
    ``max_limit`` is cut to it."""

    default_limit = 50
    max_limit = 1000
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.next_cursor = None
        self.by_cursor = self.cursor_query_param in request.query_params
        if self.by_cursor:
            return self.paginate_by_cursor(queryset, request)
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        return page_of(queryset, self.offset, self.offset + self.limit)

    def get_count(self, queryset):
        return count_of(queryset)

    def get_limit(self, request):
        value = self._number(request, self.limit_query_param, minimum=1, maximum=None)
        if value is None:
            return self.default_limit
        return min(value, self.max_limit)

    def get_offset(self, request):
        value = self._number(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET)
        return 0 if value is None else value

    @staticmethod
    def _number(request, name, *, minimum, maximum):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        # Plain ASCII digits only: int() would also take " 5", "1_000" and other scripts' digits.
        value = int(raw) if re.fullmatch(r"-?[0-9]+", raw) else None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            raise ValidationError({name: [
                _("Enter a whole number from %(minimum)s.") % {"minimum": minimum}
            ]})
        return value

    # --- keyset pagination ------------------------------------------------------------------
    def paginate_by_cursor(self, queryset, request):
        self.limit = self.get_limit(request) or self.default_limit
        self.count = self.get_count(queryset)
        keys = keyset_ordering(queryset)
        position = decode_cursor(request.query_params[self.cursor_query_param], keys)
        if position is not None:
            queryset = queryset.filter(after(keys, position))
        names = [name for name, _field in keys]
        attnames = [name.lstrip("-") for name in names]
        found = list(queryset.prefetch_related(None).order_by(*names)
                     .values_list("pk", *attnames)[: self.limit + 1])
        if len(found) > self.limit:
            found = found[: self.limit]
            self.next_cursor = encode_cursor(names, found[-1][1:])
        return rows_of(queryset, [row[0] for row in found])

    def get_next_link(self):
        if not self.by_cursor:
            return super().get_next_link()
        if self.next_cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_previous_link(self):
        return None if self.by_cursor else super().get_previous_link()

    def get_paginated_response(self, data):
        return Response({"count": self.count, "next": self.get_next_link(),
                         "previous": self.get_previous_link(), "results": data})

    def get_html_context(self):
        if self.by_cursor:
            return {"previous_url": None, "next_url": self.get_next_link(),
                    "page_links": []}
        return super().get_html_context()

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.limit_query_param: {"minimum": 1},
                  self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return [*parameters, {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": str(_(
                "Page by cursor instead of offset: empty for the first page, then the "
                "cursor in the answer's next link. Needs an ordering on stored columns."
            )),
            "schema": {"type": "string"},
        }]


INVALID_CURSOR = _("This cursor is not valid for this list: start again with an empty cursor.")


def keyset_ordering(queryset):
    """The list's order as ``[(path with its sign, field)]``, ended by the primary key.

    A column of a related record counts as stored (an attendance ordered by its session's
    date, then its person's name) when every relation on the way cannot be empty; ordering
    by a relation itself is by that model's own order, as the database sorts it."""
    model = queryset.model
    ordering = list(queryset.query.order_by or model._meta.ordering or ())
    keys = []
    for name in ordering:
        if not isinstance(name, str):
            raise ValidationError(
                {"cursor": [_("This list's order cannot be paged by cursor.")]})
        for path, field in _stored_keys(model, name):
            keys.append((path, field))
            if field.primary_key and "__" not in path:  # the row's own id: the key is whole
                return keys
    return [*keys, ("-pk" if ordering and ordering[-1].startswith("-") else "pk",
                    model._meta.pk)]


def _stored_keys(model, name, depth=0):
    """``name`` (with its sign) as the stored columns the database sorts by."""
    sign, path = ("-" if name.startswith("-") else ""), name.lstrip("-")
    if path == "pk":
        return [(f"{sign}pk", model._meta.pk)]
    field = _field_at(model, path)
    if field is None or field.null:
        raise ValidationError({"cursor": [_(
            "“%(field)s” is computed or may be empty: page this order by offset, or order "
            "by a stored column to page by cursor."
        ) % {"field": path}]})
    if not field.is_relation:
        return [(name, field)]
    related = field.related_model
    if depth > 2 or not related._meta.ordering:
        return [(f"{sign}{path}__pk", related._meta.pk)]
    keys = []
    for inner in related._meta.ordering:  # a descending relation reverses each of them
        flipped = "-" if (sign == "-") != inner.startswith("-") else ""
        for inner_name, inner_field in _stored_keys(related, flipped + inner.lstrip("-"),
                                                    depth + 1):
            inner_sign = "-" if inner_name.startswith("-") else ""
            keys.append((f"{inner_sign}{path}__{inner_name.lstrip('-')}", inner_field))
    return keys


def _field_at(model, path):
    """The concrete field at ``path`` (``person__name``), through foreign keys that cannot be
    empty; None where there is none."""
    field = field_through_required_relations(model, path)
    if field is None or not field.concrete:
        return None
    return field if not field.is_relation or field.many_to_one else None


def encode_cursor(names, values):
    raw = json.dumps({"o": names, "v": list(values)}, cls=DjangoJSONEncoder)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor, keys):
    """The sort key of the last row of the previous page; None for the first page."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        if data["o"] != [name for name, _field in keys] or len(data["v"]) != len(keys):
            raise ValueError
        return [field.to_python(value) for (_name, field), value in zip(keys, data["v"],
                                                                           strict=True)]
    except (ValueError, TypeError, KeyError, DjangoValidationError):
        raise ValidationError({"cursor": [INVALID_CURSOR]}) from None


def after(keys, position):
    """Rows after ``position`` in the order ``keys``: (a > x) or (a = x and b > y) or ..."""
    condition = Q(pk__in=[])
    equal = Q()
    for (name, _field), value in zip(keys, position, strict=True):
        column = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        condition |= equal & Q(**{f"{column}__{lookup}": value})
        equal &= Q(**{column: value})
    return condition


class LinkHeaderPagination(LimitOffsetPagination):
    """Pages of a record's own log (its history, its workflow steps): the body stays the
    JSON list of the page, 100 entries by default; ``X-Total-Count`` gives the number of
    entries and ``Link`` the next and previous pages (``rel="next"``, as GitHub's API)."""

    default_limit = 100

    def get_paginated_response(self, data):
        links = [f'<{url}>; rel="{rel}"' for rel, url in
                 (("next", self.get_next_link()), ("prev", self.get_previous_link())) if url]
        headers = {"X-Total-Count": str(self.count)}
        if links:
            headers["Link"] = ", ".join(links)
        return Response(data, headers=headers)

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        return pagination.LimitOffsetPagination.get_schema_operation_parameters(self, view)

"""督办台账: the 督办 board as an admin page, for staff who work in the admin.

It reads the same selector and serializer as ``/api/v1/core/items/`` and exports through
that endpoint, so the page, the API and the files always agree.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cuizhai.core.api.board import ME, SupervisionItemQuerySerializer, SupervisionItemSerializer
from cuizhai.core.base.apps import closed_loop_kinds
from cuizhai.core.choices import Timeliness
from cuizhai.core.selectors import (
    supervised_kinds,
    supervision_area_counts,
    supervision_item_list,
)

PAGE_SIZE = 50


def _heading_counts(areas):
    """Rows of (area label, [count per timeliness], total) and the column totals."""
    rows = [{"label": area["label"],
             "cells": [area["by_timeliness"][value] for value in Timeliness.values],
             "total": area["total"]} for area in areas]
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(Timeliness.values))]
    return rows, totals


def supervision_ledger(request):
    kinds = supervised_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    # A filter left at "all" arrives empty: it filters nothing.
    params = request.GET.copy()
    for key in list(params):
        values = [value for value in params.getlist(key) if value]
        if values:
            params.setlist(key, values)
        else:
            del params[key]
    # The ledger is for chasing: open items unless the user asks for the finished too.
    if "is_open" not in params:
        params["is_open"] = "true"
    elif params["is_open"] == "all":
        del params["is_open"]
    query = SupervisionItemQuerySerializer(data=params)
    valid = query.is_valid()
    filters = (query.selector_filters(request.user) if valid
               else {"ordering": "next_due", "is_open": True})
    ordering = filters.pop("ordering")
    rows = supervision_item_list(user=request.user, ordering=ordering, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    context = {"request": request, "kinds": {kind.key: kind for kind in closed_loop_kinds()}}
    items = SupervisionItemSerializer(page.object_list, many=True, context=context).data
    for item in items:  # "2024-05-01T09:00:00+08:00" → "2024-05-01 09:00", in local time
        item["next_due_text"] = (item["next_due"] or "")[:16].replace("T", " ")
    area_rows, totals = _heading_counts(
        supervision_area_counts(user=request.user, **filters))

    params.pop("p", None)
    mine = params.get("assignee") == ME
    mine_params = params.copy()
    if mine:
        mine_params.pop("assignee")
    else:
        mine_params["assignee"] = ME
    api_url = reverse("core-api:supervision-item-list")
    context = {
        **admin.site.each_context(request),
        "title": _("Supervision ledger"),
        "items": items,
        "page": page,
        "query": params.urlencode(),
        "errors": query.errors if not valid else {},
        "mine": mine,
        "mine_url": f"?{mine_params.urlencode()}",
        "timeliness_choices": Timeliness.choices,
        "area_rows": area_rows,
        "totals": totals,
        "grand_total": sum(totals),
        "kinds": kinds,
        "areas": list({kind.area: kind.area_label for kind in kinds}.items()),
        "selected": {"kind": params.getlist("kind"), "area": params.getlist("area"),
                     "timeliness": params.get("timeliness", ""),
                     "is_open": params.get("is_open", "all")},
        "export_csv": f"{api_url}?{urlencode({**params.dict(), 'format': 'csv'})}",
        "export_xlsx": f"{api_url}?{urlencode({**params.dict(), 'format': 'xlsx'})}",
    }
    return TemplateResponse(request, "admin/core/supervision_ledger.html", context)

"""The admin's export buttons: the changelist's rows, as the current filters, search and
order select them, in the same file as the API's ``?format=xlsx|csv`` of that list — the
same columns, labels and formats (``cuizhai.core.base.export``), found through the list's
API viewset. A model without an API list has no export buttons.
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldError, PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from rest_framework.request import Request

from cuizhai.core.base.api.export import list_viewset_for
from cuizhai.core.base.export import CSV, XLSX, ExportRefused, export_response


def changelist_filters(changelist):
    """``[(title, chosen)]`` of the changelist's filters in use, and its search."""
    applied = []
    for spec in changelist.filter_specs:
        if not getattr(spec, "used_parameters", None):
            continue
        chosen = [str(choice["display"]) for choice in spec.choices(changelist)
                  if choice.get("selected")]
        if chosen:
            applied.append((str(spec.title), "、".join(chosen)))
    if changelist.query:
        applied.append((_("Search"), changelist.query))
    return applied


class ExportMixin:
    """Export buttons (Excel, CSV) on a changelist, with its current filters."""

    change_list_template = "admin/core/change_list.html"
    # Other files of the same list (``cuizhai.core.base.export.ExportLayout``): one button
    # each, beside the export buttons, with the changelist's filters.
    export_layouts = ()

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.export_view)
        return [
            path("export/", view, {"export_format": XLSX}, name="{}_{}_export".format(*info)),
            path("export/csv/", view, {"export_format": CSV},
                 name="{}_{}_export_csv".format(*info)),
            *[path(f"export/{layout.name}/", view, {"export_format": XLSX, "layout": layout},
                   name="{}_{}_export_{}".format(*info, layout.name))
              for layout in self.export_layouts],
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        exportable = (list_viewset_for(self.model) is not None
                      and self.has_export_permission(request))
        layouts = [
            {"id": f"export-{layout.name}", "title": layout.title,
             "url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_export_"
                            f"{layout.name}", current_app=self.admin_site.name)}
            for layout in self.export_layouts
        ] if exportable else []
        return super().changelist_view(
            request, {**(extra_context or {}), "can_export": exportable,
                      "export_layouts": layouts})

    def export_view(self, request, export_format, layout=None):
        if not self.has_export_permission(request):
            raise PermissionDenied
        viewset = list_viewset_for(self.model)
        if viewset is None:
            raise Http404
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
                                 current_app=self.admin_site.name)
        back = HttpResponseRedirect(f"{changelist_url}?{request.GET.urlencode()}")
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, _("These filters cannot be applied; nothing was exported."))
            return HttpResponseRedirect(changelist_url)
        shown = changelist.get_queryset(request)
        # The API's list (its rows carry the annotations its columns read), narrowed to the
        # changelist's rows and in its order.
        api = viewset(action="list", kwargs={}, format_kwarg=None)
        api.request = Request(request)
        # The admin's signed-in user, not DRF's authentication of the wrapped request
        # (which has none): the columns are masked or shown as for that user.
        api.request.user = request.user
        rows = api.get_queryset().filter(pk__in=shown.order_by().values("pk"))
        try:
            rows = rows.order_by(*changelist.get_ordering(request, shown))
        except FieldError:  # an order on something only the admin's rows have
            rows = rows.order_by(*viewset.ordering)
        serializer = api.get_serializer()
        if layout is not None:
            serializer = layout.serializer_class(context=serializer.context)
            if layout.ordering and "o" not in request.GET:
                rows = rows.order_by(*layout.ordering)
        try:
            return export_response(
                queryset=rows,
                serializer=serializer,
                export_format=export_format,
                title=str(self.opts.verbose_name_plural if layout is None else layout.title),
                filters=changelist_filters(changelist),
                basename=f"{self.opts.app_label}-{self.opts.model_name}",
                context={"request": request, "user": request.user},
            )
        except ExportRefused as refusal:
            messages.error(request, refusal.message)
            return back

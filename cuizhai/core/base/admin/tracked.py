"""The admin of every app's tracked records: history, and every write through the
services with the version the editor loaded (see ``writes``)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.export import ExportMixin
from cuizhai.core.base.admin.filters import autocomplete_filter_for, own_table_values_filter_for
from cuizhai.core.base.admin.forms import LOADED_VERSION, VersionedAdminForm
from cuizhai.core.base.admin.history import HistoryOfEveryFieldMixin, RevertThroughServicesMixin
from cuizhai.core.base.admin.inlines import TrackedInlineMixin
from cuizhai.core.base.admin.personal import PersonalDataAdminMixin
from cuizhai.core.base.admin.refusals import (
    WriteRefused,
    refusal_of,
    showing_refusal_on_form,
    showing_refusal_on_formset,
    write_or_show_refusal,
)
from cuizhai.core.base.admin.writes import RecordWrites, write_page, write_rows
from cuizhai.core.base.api.pagination import count_of, page_of
from cuizhai.core.base.models import TrackedModel
from cuizhai.core.base.models.fields import MoneyField
from cuizhai.core.base.models.personal import KeyedHashField, ResidentIdField, field_at

# Set on a change page's request: its record is written with its rows (the history
# page's revert, which has no rows, writes it in save_model).
PAGE_WITH_ROWS = "cuizhai_page_with_rows"


def money_column(field):
    """A list column showing a money field as ``98,000.00`` (``display.money``), sortable,
    under the field's own name (so its cells keep the class ``field-<name>``)."""

    def column(obj):
        return display.money(getattr(obj, field.name))

    column.__name__ = field.name
    column.short_description = field.verbose_name
    column.admin_order_field = field.name
    return column


def ordered(model_admin, request, queryset):
    """A selector's queryset in the admin's order, else the model's: an aggregate drops the
    model's default ordering, and pages (the autocomplete's too) need a stable one."""
    ordering = model_admin.get_ordering(request) or model_admin.model._meta.ordering
    return queryset.order_by(*ordering)


class IdsFirstPaginator(Paginator):
    """The changelist's pages as the API's (``cuizhai.core.base.api.pagination``): the ids
    of the page first, then those rows with their annotations; a large count is cached
    until the next write."""

    @cached_property
    def count(self):
        return count_of(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_of(self.object_list, bottom, top), number, self)


class TrackedModelAdmin(PersonalDataAdminMixin, ExportMixin, RecordWrites,
                        HistoryOfEveryFieldMixin, RevertThroughServicesMixin,
                        SimpleHistoryAdmin):
    """Write hooks (``RecordWrites``): an app overrides them to call its own services.
    Export buttons (``ExportMixin``): the API's file of the list, with the filters in use.
    Personal data is masked for users without its permission (``PersonalDataAdminMixin``).

    At city scale: pages read their ids first (``IdsFirstPaginator``), the unfiltered total
    is not counted ("show all" count off), and a filter on a relation is a search box
    (``AutocompleteFilter``), not a link per related record."""

    form = VersionedAdminForm
    readonly_fields = ("version", "created_at", "updated_at")
    # A page a clerk scrolls through, not a wall of 100 rows.
    list_per_page = 50
    # A function of the app's selectors giving the list's rows (annotated), called per
    # request; None: the model's manager.
    selector = None
    paginator = IdsFirstPaginator
    show_full_result_count = False

    # --- reading --------------------------------------------------------------------------
    def get_queryset(self, request):
        if self.selector is None:
            return super().get_queryset(request)
        return ordered(self, request, type(self).selector())

    def get_list_filter(self, request):
        return [own_table_values_filter_for(
                    self.model, autocomplete_filter_for(self.model, spec, self.admin_site))
                for spec in super().get_list_filter(request)]

    @property
    def media(self):
        media = super().media
        if any(autocomplete_filter_for(self.model, spec, self.admin_site) != spec
               for spec in self.list_filter):
            media += AutocompleteSelect(None, self.admin_site).media
            # After the admin's jQuery and autocomplete (one list keeps the order).
            media += forms.Media(js=["admin/js/jquery.init.js", "admin/js/autocomplete.js",
                                     "core/autocomplete-filter.js"])
        return media

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != LOADED_VERSION]
        return [*fields, LOADED_VERSION]

    def get_list_display(self, request):
        """Money fields named in ``list_display`` show as amounts (``98,000.00``)."""
        money = {f.name: f for f in self.model._meta.concrete_fields
                 if isinstance(f, MoneyField)}
        return [money_column(money[name]) if isinstance(name, str) and name in money
                else name for name in super().get_list_display(request)]

    # --- writing the page -----------------------------------------------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        setattr(request, PAGE_WITH_ROWS, True)
        view = super().changeform_view
        return write_or_show_refusal(
            request, lambda: view(request, object_id, form_url, extra_context)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = refusal_of(request)
        return form if refusal is None else showing_refusal_on_form(form, refusal)

    def get_formsets_with_inlines(self, request, obj=None):
        refusal = refusal_of(request)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if refusal is not None:
                formset = showing_refusal_on_formset(formset, refusal)
            yield formset, inline

    def save_model(self, request, obj, form, change):
        if change and getattr(request, PAGE_WITH_ROWS, False):
            return  # written together with its rows, in save_related
        write_page(self, request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Many-to-many values went with the record through its service.
        def rows():
            refused = {}
            for formset in formsets:
                try:
                    self.save_formset(request, form, formset, change)
                except WriteRefused as refusal:
                    refused.update(refusal.errors)
            if refused:
                raise WriteRefused(refused)

        if not change:
            rows()  # the new record exists already: its rows point to it
            return

        def page():
            write_page(self, request, form.instance, form, change)

        # Rules over a record and its rows (funding lines within the total investment) are
        # checked at each write: a page that raises the total and adds lines passes with
        # the record written first, one that lowers both only with the rows first.
        first_refusal = None
        for order in ((page, rows), (rows, page)):
            try:
                with transaction.atomic():
                    for write in order:
                        write()
                return
            except WriteRefused as refusal:
                first_refusal = first_refusal or refusal
        raise first_refusal

    def save_formset(self, request, form, formset, change):
        write_rows(request, formset)

    # --- deleting -------------------------------------------------------------------------
    def delete_model(self, request, obj):
        self.delete_record(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_record(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(request.get_full_path())

    # --- configuration checks -------------------------------------------------------------
    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_inlines_write_through_services(),
                *self._check_no_substring_search_of_id_numbers()]

    def _check_no_substring_search_of_id_numbers(self):
        return [
            checks.Error(
                f"{type(self).__name__}.search_fields names {name!r}: an ID number is found "
                "by its keyed hash (the admin's search does it), never by a substring.",
                obj=type(self), id="core.E102",
            )
            for name in self.search_fields
            if isinstance(field_at(self.model, name.lstrip("^=@")),
                          ResidentIdField | KeyedHashField)
        ]

    def _check_inlines_write_through_services(self):
        return [
            checks.Error(
                f"{inline.__name__} edits {inline.model.__name__} rows without the services.",
                hint="Inherit cuizhai.core.base.admin.inlines.TrackedInline.",
                obj=type(self), id="core.E101",
            )
            for inline in self.inlines
            if issubclass(inline.model, TrackedModel)
            and not issubclass(inline, TrackedInlineMixin)
        ]

"""Inline rows of tracked records: each carries the version it was loaded at and is
written through the inline's hooks (see ``writes``)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import _get_foreign_key
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cuizhai.core.base.admin.forms import LOADED_VERSION, TrackedInlineForm
from cuizhai.core.base.admin.personal import PersonalDataAdminMixin
from cuizhai.core.base.admin.writes import RecordWrites


class TrackedInlineMixin(PersonalDataAdminMixin, RecordWrites):
    """An inline of tracked rows, with the write hooks (``RecordWrites``) an app overrides
    to call its own services. Mixed into Django's TabularInline as ``TrackedInline`` (into
    StackedInline likewise)."""

    form = TrackedInlineForm
    # At most this many rows on the parent's page (the first in ``rows_shown_order``),
    # with a link to the full list filtered to the parent: a project with ten years of
    # monthly progress keeps a change form that renders in a fraction of a second.
    rows_shown = None
    rows_shown_order = ()

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != LOADED_VERSION]
        if self.has_change_permission(request, obj) or self.has_add_permission(request, obj):
            return [*fields, LOADED_VERSION]
        return fields  # shown read-only: nothing to carry back

    def get_queryset(self, request):
        # Each row shows its parent (its name in the row's title): read it with the row,
        # not once per row.
        queryset = super().get_queryset(request)
        try:
            parent = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)
        except ValueError:  # not a foreign key (a generic relation)
            return queryset
        return queryset.select_related(parent.name)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.tracked_inline = self  # a fresh class per request (inlineformset_factory)
        if self.rows_shown is not None and obj is not None and obj.pk is not None:
            formset = self._capped(formset, obj)
        return formset

    def _capped(self, formset, obj):
        """``formset`` showing the first ``rows_shown`` rows; the heading says how many
        there are and links to all of them (the inline instance is the request's own)."""
        limit, order = self.rows_shown, self.rows_shown_order

        class CappedFormSet(formset):
            def get_queryset(self):
                if "_capped" not in self.__dict__:
                    self._capped = super().get_queryset().order_by(*order)[:limit]
                    self._queryset = self._capped
                return self._capped

        fk = _get_foreign_key(self.parent_model, self.model, fk_name=self.fk_name)
        total = self.model._default_manager.filter(**{fk.name: obj}).count()
        plural = type(self).verbose_name_plural or self.model._meta.verbose_name_plural
        if total > limit:
            meta = self.model._meta
            try:
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist",
                              current_app=self.admin_site.name)
            except NoReverseMatch:
                url = None
            heading = _("%(rows)s: the first %(shown)s of %(total)s") % {
                "rows": plural, "shown": limit, "total": f"{total:,}"}
            self.verbose_name_plural = heading if url is None else format_html(
                '{} <a class="all-rows" href="{}?{}__id__exact={}">{}</a>', heading, url,
                fk.name, obj.pk, _("show all"))
        return CappedFormSet


class TrackedInline(TrackedInlineMixin, admin.TabularInline):
    # One line per row: a note or a month's narrative opens in a small box that the clerk
    # may drag taller, not a 10-row, 48em textarea pushing the page past the screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1})}}

"""Inline rows of tracked records: each carries the version it was loaded at and is
written through the inline's hooks (see ``writes``)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import _get_foreign_key

from cuizhai.core.base.admin.forms import LOADED_VERSION, TrackedInlineForm
from cuizhai.core.base.admin.personal import PersonalDataAdminMixin
from cuizhai.core.base.admin.writes import RecordWrites


class TrackedInlineMixin(PersonalDataAdminMixin, RecordWrites):
    """An inline of tracked rows, with the write hooks (``RecordWrites``) an app overrides
    to call its own services. Mixed into Django's TabularInline as ``TrackedInline`` (into
    StackedInline likewise)."""

    form = TrackedInlineForm

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
        return formset


class TrackedInline(TrackedInlineMixin, admin.TabularInline):
    # One line per row: a note or a month's narrative opens in a small box that the clerk
    # may drag taller, not a 10-row, 48em textarea pushing the page past the screen.
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1})}}

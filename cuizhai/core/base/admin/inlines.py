"""Inline rows of tracked records: each carries the version it was loaded at and is
written through the inline's hooks (see ``writes``)."""

from django.contrib import admin

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

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.tracked_inline = self  # a fresh class per request (inlineformset_factory)
        return formset


class TrackedInline(TrackedInlineMixin, admin.TabularInline):
    pass

"""Inline rows of tracked records: each carries the version it was loaded at and is
written through the inline's hooks (see ``writes``)."""

from django.contrib import admin

from cuizhai.core.base.admin.forms import LOADED_VERSION, TrackedInlineForm
from cuizhai.core.base.services.records import record_create, record_delete, record_update


class TrackedInlineMixin:
    """Write hooks of an inline; an app overrides them to call its own services. Mixed
    into Django's TabularInline as ``TrackedInline`` (into StackedInline likewise)."""

    form = TrackedInlineForm

    def create_record(self, request, data):
        return record_create(model=self.model, data=data)

    def update_record(self, request, instance, data, *, expected_version):
        return record_update(instance=instance, data=data, expected_version=expected_version)

    def delete_record(self, request, instance, *, expected_version):
        record_delete(instance=instance, expected_version=expected_version)

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

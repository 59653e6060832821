"""The admin every app's tracked records use: history, stale-edit protection."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from cuizhai.core.base.admin.forms import VersionedAdminForm
from cuizhai.core.base.services.records import claim_version


def ordered(model_admin, request, queryset):
    """A selector's queryset in the admin's order, else the model's: an aggregate drops the
    model's default ordering, and pages (the autocomplete's too) need a stable one."""
    ordering = model_admin.get_ordering(request) or model_admin.model._meta.ordering
    return queryset.order_by(*ordering)


class TrackedModelAdmin(SimpleHistoryAdmin):
    form = VersionedAdminForm
    readonly_fields = ("version", "created_at", "updated_at")

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "loaded_version"]
        return [*fields, "loaded_version"]

    def save_model(self, request, obj, form, change):
        if change:
            # Claims the version atomically: of two simultaneous saves only one succeeds.
            claim_version(obj, form.cleaned_data["loaded_version"])
        obj.save()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Someone saved between this form's checks and its save (a newer version, or a
            # sibling record that a service's locked re-check now counts): the form's own
            # checks catch every slower case. The save was rolled back; say so and reload.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(request.get_full_path())

    def save_formset(self, request, form, formset, change):
        # A row edited in an inline is a tracked record too: its version moves on, so that
        # an API client still holding the old version cannot overwrite this change.
        for inline_form in formset.initial_forms:
            instance = inline_form.instance
            if (
                hasattr(instance, "version")
                and inline_form.has_changed()
                and not formset._should_delete_form(inline_form)
            ):
                instance.version += 1
        super().save_formset(request, form, formset, change)

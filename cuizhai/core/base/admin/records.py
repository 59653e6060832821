"""Admin base classes every app's admin inherits: history, stale-edit protection and
the closed-loop workflow form."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cuizhai.core.base.exceptions import StaleVersion
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.records import claim_version
from cuizhai.core.choices import Timeliness, WorkflowAction


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor loaded; saving over a newer version is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The stored version, not the instance's: when the history page reverts to an
            # old version, the instance is that old copy, but the edit starts from now.
            self.fields["loaded_version"].initial = self._stored_version()

    def _stored_version(self):
        return (
            type(self.instance)._default_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True).first()
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            current = self._stored_version()
            if loaded is None or loaded != current:
                raise StaleVersion(current_version=current)
        return cleaned


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


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no list filter; a subclass says which rows are "yes" in ``matching``."""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.matching(queryset)
        if self.value() == "no":
            return queryset.exclude(pk__in=self.matching(queryset).values("pk"))
        return queryset

    def matching(self, queryset):
        raise NotImplementedError


class RespondedInTimeFilter(YesNoFilter):
    title = _("responded within the deadline")
    parameter_name = "responded_in_time"

    def matching(self, queryset):
        return queryset.responded_in_time()


class TimelinessFilter(admin.SimpleListFilter):
    title = _("timeliness")
    parameter_name = "timeliness"

    def lookups(self, request, model_admin):
        return Timeliness.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(timeliness=self.value())
        return queryset


TIMELINESS_COLOURS = {
    Timeliness.ON_TIME: "#2e7d32",
    Timeliness.DUE_SOON: "#f9a825",
    Timeliness.OVERDUE: "#c62828",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (before and after photos); cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("action"))
    assignee = forms.ModelChoiceField(queryset=None, required=False, label=_("assignee"))
    department = forms.ModelChoiceField(queryset=None, required=False, label=_("department"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           label=_("note"))
    evidence = MultipleFileField(required=False, label=_("evidence files"),
                                 help_text=_("Photos (jpg, png) or documents (pdf, docx, xlsx)."))
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        from django.contrib.auth import get_user_model

        from cuizhai.core.models import Department

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (a.value, a.label) for a in closed_loop.allowed_actions(item)
        ]
        self.fields["assignee"].queryset = get_user_model().objects.filter(
            is_active=True, is_staff=True
        )
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["loaded_version"].initial = item.version


class ClosedLoopAdminForm(VersionedAdminForm):
    def clean_reported_at(self):
        reported_at = self.cleaned_data["reported_at"]
        stored = self.instance.reported_at if self.instance.pk else None
        if stored and reported_at == stored.replace(microsecond=0):
            # The form shows whole seconds: keep the stored time, not a rounded copy.
            return stored
        try:
            closed_loop.check_report_time(self.instance, reported_at)
        except ValidationError as error:
            raise ValidationError(error.error_dict["reported_at"]) from None
        return reported_at


class ClosedLoopAdmin(TrackedModelAdmin):
    """Admin of a closed-loop item: deadlines and timeliness in the list, a transition
    form on each item, and bulk actions for the steps that need no input."""

    form = ClosedLoopAdminForm

    list_display = ("title", "status", "timeliness_badge", "reported_at", "resolution_due",
                    "assignee", "handling_department")
    list_filter = ("status", TimelinessFilter, RespondedInTimeFilter, "handling_department")
    search_fields = ("title", "description")
    date_hierarchy = "reported_at"
    readonly_fields = (
        "status", "reported_by", "assignee", "handling_department", "response_due",
        "resolution_due", "resolution_due_provisional", "responded_at", "resolved_at",
        "resolved_by", "closed_at", "verified_by", "resolution", "transition_log",
        *TrackedModelAdmin.readonly_fields,
    )
    actions = ("start_selected", "verify_selected")
    change_form_template = "admin/core/closed_loop_change_form.html"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).with_timeliness()
            .select_related("assignee", "handling_department", "reported_by")
        )

    def save_model(self, request, obj, form, change):
        if change:
            if obj.reported_at != form.initial.get("reported_at"):
                closed_loop.set_deadlines(obj)
            super().save_model(request, obj, form, change)
            return
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "loaded_version"}
        created = closed_loop.closed_loop_report(model=type(obj), by=request.user, **fields)
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        form.instance = type(form.instance)._default_manager.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)

    @admin.display(description=_("timeliness"), ordering="timeliness")
    def timeliness_badge(self, obj):
        value = getattr(obj, "timeliness", None)
        if not value:
            return "-"
        return format_html('<b style="color:{}">● {}</b>', TIMELINESS_COLOURS[value],
                           Timeliness(value).label)

    @admin.display(description=_("log"))
    def transition_log(self, obj):
        if not obj.pk:
            return "-"
        rows = obj.transitions.select_related("actor").prefetch_related("evidence")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{} · {} · {} → {} · {}{}</li>",
                (
                    (
                        timezone.localtime(t.at).strftime("%Y-%m-%d %H:%M"), t.actor or "-",
                        t.get_action_display(), t.get_to_status_display(), t.note,
                        format_html_join(
                            "", ' · <a href="{}">{}</a>',
                            ((reverse("core-api:evidence-download", args=[e.pk]), e.original_name)
                             for e in t.evidence.all()),
                        ),
                    )
                    for t in rows
                ),
            ),
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/transition/",
                 self.admin_site.admin_view(self.transition_view),
                 name="{}_{}_transition".format(*info)),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id):
        item = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, item):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = TransitionForm(request.POST or None, request.FILES or None, item=item)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            action = WorkflowAction(data["action"])
            kwargs = {
                "by": request.user,
                "note": data["note"],
                "evidence": data["evidence"],
                "expected_version": data["loaded_version"],
            }
            if action == WorkflowAction.ASSIGN:
                kwargs.update(assignee=data["assignee"], department=data["department"])
            try:
                closed_loop.ACTION_SERVICES[action](item, **kwargs)
            except ValidationError as error:
                # Show a problem beside its field (note, evidence...) where the form has one.
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                self.message_user(request, _("“%(action)s” done.") % {"action": action.label},
                                  messages.SUCCESS)
                info = self.opts.app_label, self.opts.model_name
                return redirect(reverse("admin:{}_{}_change".format(*info), args=[item.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": item,
            "form": form,
            "title": _("Workflow step for “%(item)s”") % {"item": item},
        }
        return TemplateResponse(request, "admin/core/transition_form.html", context)

    def _bulk(self, request, queryset, action):
        done = failed = 0
        for item in queryset:
            try:
                closed_loop.ACTION_SERVICES[action](item, by=request.user)
                done += 1
            except ValidationError as error:
                failed += 1
                self.message_user(request, f"{item}: {' '.join(error.messages)}",
                                  messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d item(s): “%(action)s” done.")
                              % {"count": done, "action": action.label}, messages.SUCCESS)

    @admin.action(description=_("Start work on the selected items"), permissions=["change"])
    def start_selected(self, request, queryset):
        self._bulk(request, queryset, WorkflowAction.START)

    @admin.action(description=_("Verify and close the selected items"), permissions=["change"])
    def verify_selected(self, request, queryset):
        self._bulk(request, queryset, WorkflowAction.VERIFY)

"""Admin base classes every app's admin inherits: history, stale-edit protection and
the closed-loop workflow form."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cuizhai.core.choices import Timeliness, WorkflowAction
from cuizhai.core.exceptions import StaleVersion
from cuizhai.core.services import workflow
from cuizhai.core.services.records import _claim_version


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor loaded; saving over a newer version is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            loaded = cleaned.get("loaded_version")
            current = (
                type(self.instance)._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True).first()
            )
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
            _claim_version(obj, form.cleaned_data["loaded_version"])
        obj.save()


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


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("action"))
    assignee = forms.ModelChoiceField(queryset=None, required=False, label=_("assignee"))
    department = forms.ModelChoiceField(queryset=None, required=False, label=_("department"))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           label=_("note"))
    evidence = forms.FileField(required=False, label=_("evidence file"),
                               help_text=_("A photo (jpg, png) or document (pdf, docx, xlsx)."))
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        from django.contrib.auth import get_user_model

        from cuizhai.core.models import Department

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            (a.value, a.label) for a in workflow.allowed_actions(item)
        ]
        self.fields["assignee"].queryset = get_user_model().objects.filter(
            is_active=True, is_staff=True
        )
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["loaded_version"].initial = item.version


class ClosedLoopAdmin(TrackedModelAdmin):
    """Admin of a closed-loop item: deadlines and timeliness in the list, a transition
    form on each item, and bulk actions for the steps that need no input."""

    list_display = ("title", "status", "timeliness_badge", "reported_at", "resolution_due",
                    "assignee", "handling_department")
    list_filter = ("status", TimelinessFilter, "handling_department")
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
            super().save_model(request, obj, form, change)
            return
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "loaded_version"}
        created = workflow.closed_loop_report(model=type(obj), by=request.user, **fields)
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
        rows = obj.transitions.select_related("actor")
        return format_html(
            "<ol>{}</ol>",
            format_html("".join(
                format_html("<li>{} · {} · {} → {} · {}</li>", t.at.strftime("%Y-%m-%d %H:%M"),
                            t.actor or "-", t.get_action_display(), t.get_to_status_display(),
                            t.note)
                for t in rows
            )),
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
                "evidence": [data["evidence"]] if data.get("evidence") else [],
                "expected_version": data["loaded_version"],
            }
            if action == WorkflowAction.ASSIGN:
                kwargs.update(assignee=data["assignee"], department=data["department"])
            try:
                workflow.ACTION_SERVICES[action](item, **kwargs)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
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
                workflow.ACTION_SERVICES[action](item, by=request.user)
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

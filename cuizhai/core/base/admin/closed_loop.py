"""The closed-loop workflow in the admin: deadlines and timeliness in the list, a
transition form on each item, bulk actions, and the read-only inline that shows a record's
items on its parent's page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.filters import RespondedInTimeFilter, TimelinessFilter
from cuizhai.core.base.admin.forms import TrackedInlineForm, VersionedAdminForm
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.personal import MASKED_SUFFIX
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.closed_loop_access import (
    assignable_users,
    evidence_visibility,
    is_handling_office,
    office_roles,
)
from cuizhai.core.base.services.status import REASON_MAX_LENGTH
from cuizhai.core.choices import Satisfaction, Severity, Timeliness, WorkflowAction

TIMELINESS_TONES = {
    Timeliness.DUE_SOON: display.WARNING,
    Timeliness.OVERDUE: display.DANGER,
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (before and after photos); cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class AssigneeChoiceField(forms.ModelChoiceField):
    """Office staff by name, grouped under their office: the clerk picks a person of the
    office that is to handle the item."""

    def __init__(self, **kwargs):
        super().__init__(queryset=None, **kwargs)

    def label_from_instance(self, obj):
        return display.person(obj)

    def _get_choices(self):
        choices = [("", self.empty_label)]
        if self.queryset is None:
            return choices
        users = list(self.queryset.prefetch_related("groups"))
        for office in office_roles():
            members = [(user.pk, self.label_from_instance(user)) for user in users
                       if office in {group.name for group in user.groups.all()}]
            if members:
                choices.append((office, members))
        return choices

    choices = property(_get_choices, forms.ModelChoiceField.choices.fset)


# The fields each step uses, besides its note and evidence; the note's label and help
# where the step needs one (the services refuse a resolve or a return without it).
ACTION_FIELDS = {WorkflowAction.ASSIGN: ("assignee", "department"),
                 WorkflowAction.VERIFY: ("satisfaction",)}
NOTE_LABELS = {
    WorkflowAction.RESOLVE: (_("resolution"), _("Required: how the item was resolved. "
                                                "It becomes the item's resolution.")),
    WorkflowAction.RETURN: (_("reason for returning"),
                            _("Required: what is still to be done.")),
    WorkflowAction.VERIFY: (_("note"), _("What was checked before the item is closed.")),
}
NOTE_REQUIRED = (WorkflowAction.RESOLVE, WorkflowAction.RETURN)


class TransitionForm(forms.Form):
    """One workflow step: the action chosen on the page (only those the item's status and
    the user allow), and only the fields that action uses."""

    action = forms.ChoiceField(label=_("action"), widget=forms.HiddenInput)
    assignee = AssigneeChoiceField(
        required=False, label=_("assignee"),
        help_text=_("Office staff who may work on the item (listed under their office)."),
    )
    department = forms.ModelChoiceField(
        queryset=None, required=False, label=_("handling department"),
        help_text=_("The department that handles it; its staff may then start and resolve "
                    "it. Give a person, a department or both."),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                           required=False, label=_("note"))
    evidence = MultipleFileField(
        required=False, label=_("evidence files"),
        help_text=_("Photos (jpg, png, heic) or documents (pdf, docx, xlsx). They show the "
                    "step's phase: before rectification when assigned or started, after it "
                    "when resolved, verified or returned."),
    )
    evidence_before = MultipleFileField(
        required=False, label=_("photos before rectification"),
        help_text=_("Files that show the situation before rectification (整改前)."),
    )
    evidence_after = MultipleFileField(
        required=False, label=_("photos after rectification"),
        help_text=_("Files that show the situation after rectification (整改后)."),
    )
    satisfaction = forms.ChoiceField(
        choices=[("", "---------"), *Satisfaction.choices], required=False,
        label=_("satisfaction"),
        help_text=_("The reporter's answer when asked back (回访), if they were."),
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item, user, action=None, **kwargs):
        from cuizhai.core.models import Department

        super().__init__(*args, **kwargs)
        # The services check again; here the page offers nothing they would refuse.
        self.allowed = closed_loop.allowed_actions(item, user)
        self.fields["action"].choices = [(a.value, a.label) for a in self.allowed]
        posted = self.data.get("action") if self.is_bound else action
        self.chosen = next((a for a in self.allowed if a.value == posted),
                           None if self.is_bound else next(iter(self.allowed), None))
        self.fields["action"].initial = self.chosen.value if self.chosen else None
        self.fields["assignee"].queryset = assignable_users()
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        self.fields["loaded_version"].initial = item.version
        for name in ("assignee", "department", "satisfaction"):
            if name not in ACTION_FIELDS.get(self.chosen, ()):
                del self.fields[name]
        if self.chosen in NOTE_LABELS:
            label, help_text = NOTE_LABELS[self.chosen]
            self.fields["note"].label = label
            self.fields["note"].help_text = help_text
        self.note_required = self.chosen in NOTE_REQUIRED


class KeepsStoredReportTime:
    """The form shows the report time to the second (English) or to the minute (Chinese):
    saved as shown, the stored time is kept, not a rounded copy (which would move the
    deadlines, or be refused once the item was answered). Whether it may move is the
    service's rule (``closed_loop_update``)."""

    def clean_reported_at(self):
        reported_at = self.cleaned_data["reported_at"]
        stored = self.instance.reported_at if self.instance.pk else None
        if stored is None or reported_at is None:
            return reported_at
        shown = stored.replace(microsecond=0)
        if reported_at.second == 0:
            shown = shown.replace(second=0)
        return stored if reported_at == shown else reported_at


class ClosedLoopAdminForm(KeepsStoredReportTime, VersionedAdminForm):
    reason = forms.CharField(
        label=_("reason for the change"), required=False, max_length=REASON_MAX_LENGTH,
        help_text=_("Required when the system administrator changes a verified and closed "
                    "item; kept in the history."),
    )


class ClosedLoopAddForm(ClosedLoopAdminForm):
    """The report page: the item's fields and the photos taken when it was found."""

    evidence_before = MultipleFileField(
        required=False, label=_("photos before rectification"),
        help_text=_("Photos (jpg, png, heic) or documents (pdf, docx, xlsx) of the situation "
                    "as reported (整改前)."),
    )
    evidence_after = MultipleFileField(
        required=False, label=_("photos after rectification"),
        help_text=_("Only when it was put right on the spot (整改后)."),
    )


class ClosedLoopInlineForm(KeepsStoredReportTime, TrackedInlineForm):
    pass


class ClosedLoopWrites:
    """The write hooks of a closed-loop item's page or inline row: the services the item
    declares (``closed_loop_report``, ``closed_loop_update`` and ``closed_loop_delete`` by
    default, which keep a closed item locked; the status moves only through the workflow
    step), with the photos of the report page as the report's evidence."""

    def create_record(self, request, data):
        evidence = closed_loop.staged_evidence(before=data.pop("evidence_before", ()),
                                               after=data.pop("evidence_after", ()))
        return super().create_record(request, data, evidence=evidence)


class ClosedLoopAdmin(ClosedLoopWrites, TrackedModelAdmin):
    """Admin of a closed-loop item: deadlines and timeliness in the list, a transition
    form on each item, and bulk actions for the steps that need no input."""

    form = ClosedLoopAdminForm
    add_form = ClosedLoopAddForm

    list_display = ("title", "status", "severity_badge", "timeliness_badge", "reported_at",
                    "resolution_due", "assignee_name", "handling_department")
    list_filter = ("status", "severity", TimelinessFilter, RespondedInTimeFilter,
                   "handling_department", "channel", "satisfaction")
    search_fields = ("title", "description")
    date_hierarchy = "reported_at"
    readonly_fields = (
        "status", "reported_by_name", "assignee_name", "handling_department", "response_due",
        "resolution_due", "provisional_deadline", "responded_at", "resolved_at",
        "resolved_by_name", "closed_at", "verified_by_name", "resolution", "satisfaction",
        "transition_log", *TrackedModelAdmin.readonly_fields,
    )
    # People are shown by name (the *_name columns); they are set by the workflow steps.
    exclude = ("reported_by", "assignee", "resolved_by", "verified_by")
    actions = ("start_selected", "verify_selected")
    change_form_template = "admin/core/closed_loop_change_form.html"
    # (title, field names): the form's sections in the order a clerk writes the item
    # down; none keeps Django's one section.
    form_sections = ()

    def get_fieldsets(self, request, obj=None):
        """``form_sections`` first, in their order; every other field of the form after
        them, in the closed loop's order (a field the form lacks is left out)."""
        fieldsets = super().get_fieldsets(request, obj)
        if not self.form_sections:
            return fieldsets
        names = [name for _title, options in fieldsets for name in options["fields"]]
        by_field = {name.removesuffix(MASKED_SUFFIX): name for name in names}
        sections, placed = [], set()
        for title, fields in self.form_sections:
            shown = [by_field[name] for name in fields if name in by_field]
            placed.update(shown)
            if shown:
                sections.append((title, {"fields": shown}))
        rest = [name for name in names if name not in placed]
        return [*sections, (_("Closed loop"), {"fields": rest})] if rest else sections

    def has_delete_permission(self, request, obj=None):
        # An item keeps its log and evidence (record_delete refuses it too).
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            # Reporting an item: its photos go with the report (its first log entry).
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_object(self, request, object_id, from_field=None):
        item = super().get_object(request, object_id, from_field)
        if item is not None:
            # The log links only the evidence this user may download.
            item.evidence_visible = evidence_visibility(request.user, item)
        return item

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, object_id)
        steps = item is not None and bool(closed_loop.allowed_actions(item, request.user))
        return super().change_view(request, object_id, form_url,
                                   {**(extra_context or {}), "may_take_steps": steps})

    def get_queryset(self, request):
        return (
            super().get_queryset(request).with_timeliness()
            .select_related("assignee", "handling_department", "reported_by")
        )

    @admin.display(description=_("timeliness"), ordering="timeliness", empty_value="")
    def timeliness_badge(self, obj):
        """Late or nearly late items stand out; an item on time shows nothing."""
        value = getattr(obj, "timeliness", None)
        if value not in TIMELINESS_TONES:
            return display.EMPTY
        return display.badge(Timeliness(value).label, TIMELINESS_TONES[value])

    @admin.display(description=_("assignee"), ordering="assignee__first_name")
    def assignee_name(self, obj):
        return display.person(obj.assignee)

    @admin.display(description=_("reported by"))
    def reported_by_name(self, obj):
        return display.person(obj.reported_by)

    @admin.display(description=_("resolved by"))
    def resolved_by_name(self, obj):
        return display.person(obj.resolved_by)

    @admin.display(description=_("verified by"))
    def verified_by_name(self, obj):
        return display.person(obj.verified_by)

    @admin.display(description=_("deadline provisional"), empty_value="")
    def provisional_deadline(self, obj):
        return display.flag(
            obj.resolution_due_provisional, _("provisional: the year's holidays are not "
                                              "entered yet"), display.WARNING,
        )

    @admin.display(description=_("severity"), ordering="severity", empty_value="")
    def severity_badge(self, obj):
        """A major item stands out; a general one shows nothing."""
        if obj.severity != Severity.MAJOR:
            return display.EMPTY
        return display.badge(obj.get_severity_display(), display.DANGER)

    @admin.display(description=_("log"))
    def transition_log(self, obj):
        if not obj.pk:
            return "-"
        rows = obj.transitions.select_related("actor").prefetch_related("evidence")
        visible = getattr(obj, "evidence_visible", lambda uploaded_by_id: False)
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "", "<li>{} · {} · {} → {} · {}{}</li>",
                (
                    (
                        timezone.localtime(t.at).strftime("%Y-%m-%d %H:%M"),
                        display.person(t.actor) or "-",
                        t.get_action_display(), t.get_to_status_display(), t.note,
                        _evidence_links(t, visible(t.actor_id)),
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
        # The handling office may be an office that only views items of this kind. Which
        # steps each may take is the services' rule.
        if not (self.has_change_permission(request, item)
                or (self.has_view_permission(request, item)
                    and is_handling_office(request.user, item))):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, request.FILES or None, item=item,
                              user=request.user, action=request.GET.get("action"))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            action = WorkflowAction(data["action"])
            kwargs = {
                "by": request.user,
                "note": data["note"],
                "evidence": closed_loop.staged_evidence(
                    evidence=data["evidence"], before=data["evidence_before"],
                    after=data["evidence_after"],
                ),
                "expected_version": data["loaded_version"],
            }
            if action == WorkflowAction.ASSIGN:
                kwargs.update(assignee=data["assignee"], department=data["department"])
            if action == WorkflowAction.VERIFY:
                kwargs.update(satisfaction=data.get("satisfaction", ""))
            try:
                if data.get("satisfaction") and action != WorkflowAction.VERIFY:
                    raise ValidationError({"satisfaction": _(
                        "Satisfaction is recorded when the item is verified.")})
                closed_loop.ACTION_SERVICES[action](item, **kwargs)
            except PermissionDenied as error:
                form.add_error(None, str(error))
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
            "summary": self.step_summary(item),
            "title": _("Workflow step for “%(item)s”") % {"item": item},
        }
        return TemplateResponse(request, "admin/core/transition_form.html", context)

    def step_summary(self, item):
        """What the clerk needs to see before taking a step: label → value."""
        rows = [
            (_("status"), item.get_status_display()),
            (_("timeliness"), self.timeliness_badge(item)),
            (_("assignee"), display.person(item.assignee)),
            (_("handling department"), item.handling_department or ""),
            (_("resolution due"), item.resolution_due and date_format(
                timezone.localtime(item.resolution_due), "DATETIME_FORMAT")),
        ]
        if item.resolution:
            rows.append((_("resolution"), item.resolution))
        return [(label, value) for label, value in rows if value]

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
            except PermissionDenied as error:
                failed += 1
                self.message_user(request, str(error), messages.WARNING)
        if done:
            self.message_user(request, _("%(count)d item(s): “%(action)s” done.")
                              % {"count": done, "action": action.label}, messages.SUCCESS)

    @admin.action(description=_("Start work on the selected items"), permissions=["change"])
    def start_selected(self, request, queryset):
        self._bulk(request, queryset, WorkflowAction.START)

    @admin.action(description=_("Verify and close the selected items"), permissions=["change"])
    def verify_selected(self, request, queryset):
        self._bulk(request, queryset, WorkflowAction.VERIFY)


def _evidence_links(transition, linked):
    """The transition's files, each with what it shows: a download link where the user
    may download them (a photo as its thumbnail), else the name alone."""
    files = transition.evidence.all()
    if linked:
        return format_html_join("", "{}", ((_evidence_link(e),) for e in files))
    return format_html_join("", " · {} ({})",
                            ((e.original_name, e.get_stage_display()) for e in files))


def _evidence_link(evidence):
    url = reverse("core-api:evidence-download", args=[evidence.pk])
    if not evidence.is_photo:
        return format_html(' · <a href="{}">{}</a> ({})', url, evidence.original_name,
                           evidence.get_stage_display())
    return format_html(
        '<figure class="evidence-photo" style="display:inline-block;margin:4px 8px 4px 0;'
        'vertical-align:top;text-align:center"><a href="{}" title="{}">'
        '<img src="{}" alt="{}" loading="lazy" style="max-width:120px;max-height:90px;'
        'border:1px solid #ccc"></a><figcaption>{}</figcaption></figure>',
        url, evidence.original_name,
        reverse("core-api:evidence-thumbnail", args=[evidence.pk]), evidence.original_name,
        evidence.get_stage_display(),
    )


class ClosedLoopInline(ClosedLoopWrites, TrackedInline):
    """A parent's closed-loop items, reported and edited as rows of the parent's page;
    their status moves on through each item's workflow step."""

    form = ClosedLoopInlineForm
    fields = ("title", "description")
    show_change_link = True


class ClosedLoopReadOnlyInline(TrackedInline):
    """A parent's closed-loop items, to follow them from the parent's page; they are
    raised and moved on through their own pages (the workflow). A subclass names the
    ``model``, the ``fields`` to show and a ``verbose_name_plural`` that says where to
    handle them."""

    fields = ("title", "status", "reported_at", "resolution_due")
    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""The admin of an app's assessments (a safety inspection, a village committee evaluation):
the sheet as the assessor fills it in.

An app's admin is a few lines::

    @admin.register(Inspection)
    class InspectionAdmin(AssessmentAdmin):
        list_display = ("enterprise", *AssessmentAdmin.list_display)
        list_select_related = ("enterprise",)

The change page lists every criterion of the assessment's checklist version in order,
each one a row: its result (pass/fail, or a score out of its maximum), a note, photos
(thumbnails, and more uploaded on the row), and for a failed criterion a button that
raises the closed-loop item the assessment ``raises`` (a hazard, a problem), or a link to
the item raised. The totals come from the result rows (``with_assessment_scores``).
Every write goes through ``cuizhai.core.base.services.assessments``: each row carries
the version of its result as loaded, so a result someone changed (or recorded) since is
refused on its row and nothing of the page is saved. "Save and complete" closes the sheet
(refused, with the criteria still open, while one has no result); a completed assessment
is read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.closed_loop import MultipleFileField
from cuizhai.core.base.admin.forms import TrackedInlineForm
from cuizhai.core.base.admin.inlines import TrackedInlineMixin
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.selectors import subquery_count, with_assessment_scores
from cuizhai.core.base.services import assessments
from cuizhai.core.base.services.closed_loop_access import may_see_assessment_photos
from cuizhai.core.choices import CriterionKind
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, CriterionResult

PASSED, FAILED = "passed", "failed"
RECORD_FIELDS = ("version", "created_at", "updated_at")


# --- a row: one criterion's result ----------------------------------------------------------

class ScoreInput(forms.NumberInput):
    """A score box followed by the criterion's maximum: ``[ 8 ] / 10``."""

    def __init__(self, max_score):
        super().__init__(attrs={"min": 0, "max": max_score, "step": "any",
                                "class": "vIntegerField"})
        self.max_score = max_score

    def render(self, name, value, attrs=None, renderer=None):
        return format_html("{} / {}", super().render(name, value, attrs, renderer),
                           _plain(self.max_score))


class PhotoInput(forms.FileInput):
    allow_multiple_selected = True  # no "clear" box: photos are added, never replaced


class PhotoUploadField(MultipleFileField):
    """More photos for the row; choosing none is no change of the row."""

    widget = PhotoInput(attrs={"accept": "image/*,.heic,.heif,.pdf,.docx,.xlsx"})

    def has_changed(self, initial, data):
        return bool(data)


class CriterionResultForm(TrackedInlineForm):
    """One criterion's row: its ``outcome`` is a pass/fail choice or a score, by the
    criterion's kind; the row's criterion is carried in a hidden field, so a row for a
    criterion without a result yet says which one it records."""

    outcome = forms.CharField(required=False, label=_("result"))
    photos = PhotoUploadField(required=False, label=_("add photos"))

    class Meta:
        model = CriterionResult
        fields = ("criterion", "note")
        widgets = {"criterion": forms.HiddenInput,
                   "note": forms.Textarea(attrs={"rows": 1, "cols": 30})}

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = criteria or {}
        carried = self.fields.get("criterion")  # not on read-only rows
        if carried is not None:
            carried.queryset = carried.queryset.none()
        if self.instance.pk:
            criterion = self.instance.criterion
        else:
            chosen = (self.data.get(self.add_prefix("criterion")) if self.is_bound
                      else self.initial.get("criterion"))
            criterion = criteria.get(_as_int(chosen))
            if criterion is not None:
                self.instance.criterion = criterion
        if criterion is not None:
            if carried is not None:  # only the row's own criterion is a valid choice
                carried.queryset = type(criterion)._default_manager.filter(pk=criterion.pk)
            self.fields["outcome"] = _outcome_field(criterion)
            self.initial.setdefault("outcome", _outcome_initial(self.instance))
        self.criterion = criterion

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if self.criterion is not None and self.criterion.kind == CriterionKind.SCORE:
            cleaned["passed"], cleaned["score"] = None, outcome
        else:
            cleaned["passed"] = {PASSED: True, FAILED: False}.get(outcome)
            cleaned["score"] = None
        return cleaned


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _outcome_field(criterion):
    if criterion.kind == CriterionKind.SCORE:
        return forms.DecimalField(required=False, label=_("result"), max_digits=6,
                                  decimal_places=2, widget=ScoreInput(criterion.max_score))
    return forms.ChoiceField(required=False, label=_("result"), choices=[
        ("", "—"), (PASSED, _("Passed")), (FAILED, _("Failed"))])


def _outcome_initial(result):
    if result.pk is None:
        return None
    if result.score is not None:
        return _plain(result.score)  # 8, not 8.00
    return {True: PASSED, False: FAILED}.get(result.passed)


class CriterionResultFormSet(BaseGenericInlineFormSet):
    """The results recorded, then a row for each criterion still without one; shown in
    the checklist's order (``CriteriaInOrder``). Everything a row shows (its criterion,
    photos, the item it raised) is read once for the page."""

    photos_visible = False  # set for the user by the inline

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The checklist as stored: a page that changes it (allowed while nothing is
        # recorded) still posts the rows it showed, of the checklist it was loaded with.
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        self.criteria = {c.pk: c for c in ChecklistCriterion.objects.filter(
            template__in=stored.values("template")).order_by("position")}
        recorded = {result.criterion_id for result in self.get_queryset()}
        self.initial_extra = [{"criterion": pk} for pk in self.criteria if pk not in recorded]
        self.extra = len(self.initial_extra)
        self.max_num = len(self.criteria)

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            results = list(super().get_queryset())
            _annotate_rows(self.instance, results, self.photos_visible)
            self._queryset = results
        return self._queryset

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "criteria": self.criteria}


def _annotate_rows(assessment, results, photos_visible):
    """Give each result the item it raised (one query for the page) and whether its photos
    are shown to this user."""
    model = assessment.raised_model()
    raised = {}
    if model is not None and results:
        items = model._default_manager.filter(source_result__in=[r.pk for r in results])
        raised = {item.source_result_id: item for item in items}
    for result in results:
        result.raised_item = raised.get(result.pk)
        result.photos_visible = photos_visible


class CriteriaInOrder(helpers.InlineAdminFormSet):
    """The rows in the checklist's order, recorded or not, all read-only where the user
    may not record; no blank row to add (each criterion has its row)."""

    def __iter__(self):
        readonly = self.readonly_fields
        if not self.has_change_permission:
            readonly = (*readonly, *flatten_fieldsets(self.fieldsets))
        formset = self.formset
        # Each row's own result (Django pairs the rows with the results read now, which a
        # result recorded meanwhile would shift).
        rows = [
            helpers.InlineAdminForm(formset, form, self.fieldsets, self.prepopulated_fields,
                                    form.instance if form.instance.pk else None, readonly,
                                    model_admin=self.opts)
            for form in [*formset.initial_forms, *formset.extra_forms]
        ]
        return iter(sorted(rows, key=lambda row: getattr(row.form.criterion, "position", 0)))


class CriterionResultInline(TrackedInlineMixin, GenericTabularInline):
    """The sheet's rows. Recording a result is a change of the assessment: the rights are
    the assessment's, and the rows are read-only once it is completed."""

    model = CriterionResult
    form = CriterionResultForm
    formset = CriterionResultFormSet
    fields = ("criterion_line", "criterion", "outcome", "note", "photo_list", "photos",
              "raised_item")
    readonly_fields = ("criterion_line", "photo_list", "raised_item")
    can_delete = False
    extra = 0
    template = "admin/core/assessment_results.html"
    verbose_name = _("criterion")
    verbose_name_plural = _("checklist")
    may_raise = False  # set for the user with the formset

    # --- rights: the assessment's -------------------------------------------------------
    def _may_record(self, request, obj):
        return (obj is not None and not obj.is_completed
                and self.parent_admin.has_change_permission(request, obj))

    @property
    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin.has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_record(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_record(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a result is corrected, never taken back

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._may_record(request, obj):
            return fields
        # Read-only rows: no criterion to carry back, no photos to add.
        return [name for name in fields if name not in ("criterion", "photos")]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.photos_visible = obj is not None and may_see_assessment_photos(request.user,
                                                                               obj)
        self.may_raise = obj is not None and self.parent_admin.may_raise_items(request)
        return formset

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("criterion")
                .prefetch_related("photos").order_by("criterion__position"))

    # --- writes: through the assessment services ----------------------------------------
    def create_record(self, request, data):
        return self._record(request, data["assessment"], data["criterion"], data,
                            result_version=None)

    def update_record(self, request, instance, data, *, expected_version):
        return self._record(request, instance.assessment, instance.criterion, data,
                            result_version=expected_version)

    def _record(self, request, assessment, criterion, data, *, result_version):
        try:
            return assessments.assessment_record_result(
                assessment, criterion=criterion, passed=data.get("passed"),
                score=data.get("score"), note=data.get("note", ""),
                photos=data.get("photos") or (), by=request.user,
                result_version=result_version,
            )
        except ValidationError as error:
            raise _on_outcome(error) from error

    # --- what a row shows ---------------------------------------------------------------
    @admin.display(description=_("criterion"))
    def criterion_line(self, result):
        criterion = getattr(result, "criterion", None)
        if criterion is None:
            return display.EMPTY
        if criterion.kind != CriterionKind.SCORE:
            return str(criterion)
        if criterion.pass_score is None:
            terms = _("out of %(max)s") % {"max": _number(criterion.max_score)}
        else:
            terms = _("out of %(max)s, passed from %(pass)s") % {
                "max": _number(criterion.max_score), "pass": _number(criterion.pass_score)}
        return format_html('{}<div class="help">{}</div>', criterion, terms)

    @admin.display(description=_("result"))
    def outcome(self, result):
        """The result as read on a completed sheet."""
        if result.pk is None:
            return display.EMPTY
        failed = result.failed
        if result.score is not None:
            text = f"{_number(result.score)} / {_number(result.criterion.max_score)}"
            return display.badge(text, display.DANGER) if failed else text
        if result.passed is None:
            return display.EMPTY
        return display.badge(_("Failed")) if failed else _("Passed")

    @admin.display(description=_("photos"))
    def photo_list(self, result):
        if result.pk is None:
            return display.EMPTY
        photos = result.photos.all()
        if not getattr(result, "photos_visible", False):
            return ", ".join(photo.original_name for photo in photos)
        return format_html_join("", "{}", ((_photo_link(photo),) for photo in photos))

    @admin.display(description=_("raised item"))
    def raised_item(self, result):
        item = getattr(result, "raised_item", None)
        if item is not None:
            return format_html("{} · {}", _item_link(item), item.get_status_display())
        if result.pk is None or not result.failed or not self.may_raise:
            return display.EMPTY
        model = self.parent_model.raised_model()
        if model is None:
            return display.EMPTY
        opts = self.parent_model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_raise_item",
                      args=[result.object_id, result.pk])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
            url, _("Raise %(item)s") % {"item": model._meta.verbose_name},
        )


def _number(value):
    return _plain(value) if value is not None else ""


def _on_outcome(error):
    """A service's complaint about ``passed`` or ``score`` is about the row's result."""
    if not hasattr(error, "error_dict"):
        return error
    moved = {}
    for field, errors in error.error_dict.items():
        moved.setdefault("outcome" if field in ("passed", "score") else field, []).extend(errors)
    return ValidationError(moved)


def _photo_link(photo):
    url = reverse("core-api:criterion-photo-download", args=[photo.pk])
    if not photo.is_photo:
        return format_html('<a href="{}">{}</a> ', url, photo.original_name)
    return format_html(
        '<a class="criterion-photo" href="{}" title="{}"><img src="{}" alt="{}" '
        'loading="lazy"></a>', url, photo.original_name,
        reverse("core-api:criterion-photo-thumbnail", args=[photo.pk]), photo.original_name,
    )


def _item_link(item):
    opts = item._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:
        return item.title
    return format_html('<a href="{}">{}</a>', url, item.title)


# --- the assessment's page and list ----------------------------------------------------------

class AssessmentAdmin(TrackedModelAdmin):
    """Base of an app's assessment admin (see the module's docstring). A subclass adds its
    own columns and fields; ``checklist_areas`` limits the checklists offered (e.g.
    ``("safety",)``)."""

    checklist_areas = None
    inlines = [CriterionResultInline]
    list_display = ("assessed_on", "template", "progress", "score", "failed")
    list_filter = ("status", "template")
    date_hierarchy = "assessed_on"
    readonly_fields = ("status", "score", "failed", "completed_at", "completed_by_name",
                       *TrackedModelAdmin.readonly_fields)
    change_form_template = "admin/core/assessment_change_form.html"

    # --- reading --------------------------------------------------------------------------
    def get_queryset(self, request):
        # The list's select_related too: Django adds it only to a queryset without one.
        related = self.get_list_select_related(request)
        related = related if isinstance(related, (list, tuple)) else ()
        return with_assessment_scores(super().get_queryset(request).select_related(
            "template", "completed_by", *related)).annotate(
            criterion_count=subquery_count(ChecklistCriterion, fk="template", outer="template"))

    def get_inline_instances(self, request, obj=None):
        # The rows are the checklist's: there are none before the assessment exists.
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        shown = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in shown:
            if isinstance(admin_formset.opts, CriterionResultInline):
                admin_formset.__class__ = CriteriaInOrder
        return shown

    def get_fieldsets(self, request, obj=None):
        """The sheet's own fields first; the completion once completed; the record's
        version and times folded away."""
        fieldsets = super().get_fieldsets(request, obj)
        if len(fieldsets) != 1:
            return fieldsets  # the app's own layout
        ((name, options),) = fieldsets
        left_out = set(RECORD_FIELDS)
        if obj is None or not obj.is_completed:
            left_out |= {"completed_at", "completed_by_name"}
        main = [field for field in options["fields"] if field not in left_out]
        record = [field for field in options["fields"] if field in RECORD_FIELDS]
        return [(name, {**options, "fields": main}),
                (_("Record"), {"fields": record, "classes": ("collapse",)})]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and getattr(obj, "result_count", 0):
            # Results are recorded against this checklist (the service refuses it too).
            fields = ("template", *fields)
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "template":
            kwargs["queryset"] = self.checklists(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def checklists(self, request):
        """The checklists offered: the current versions (of the app's areas), and the one
        the assessment was made with."""
        choices = Q(is_current=True)
        if self.checklist_areas is not None:
            choices &= Q(area__in=self.checklist_areas)
        made_with = request.resolver_match and request.resolver_match.kwargs.get("object_id")
        if made_with:
            made_with = self.model._default_manager.filter(pk=made_with).values("template")
            choices |= Q(pk__in=made_with)
        return ChecklistTemplate.objects.filter(choices)

    # --- rights ---------------------------------------------------------------------------
    def has_change_permission(self, request, obj=None):
        # A completed sheet is closed: its page is read-only.
        return super().has_change_permission(request, obj) and not (
            obj is not None and obj.is_completed)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and obj.is_completed)

    def may_raise_items(self, request):
        """Raising an item from a failed criterion is a change of such assessments (as the
        API's ``raise-item``), also once the sheet is completed."""
        return bool(self.model.raises) and super().has_change_permission(request)

    # --- columns --------------------------------------------------------------------------
    @admin.display(description=_("status"), ordering="status")
    def progress(self, obj):
        """A sheet in progress says how far it is: 进行中（已填 3/5 项）."""
        if obj.is_completed or getattr(obj, "criterion_count", None) is None:
            return obj.get_status_display()
        return _("%(status)s (%(done)d of %(count)d recorded)") % {
            "status": obj.get_status_display(), "done": obj.result_count,
            "count": obj.criterion_count}

    @admin.display(description=_("score"), ordering="total_score", empty_value="")
    def score(self, obj):
        total, maximum = getattr(obj, "total_score", None), getattr(obj, "max_score", None)
        if not maximum or not getattr(obj, "result_count", 0):
            return display.EMPTY  # a pass/fail checklist, or nothing recorded yet
        return format_html('<span class="num">{} / {}</span>', _plain(total or 0),
                           _plain(maximum))

    @admin.display(description=_("failed criteria"), ordering="failed_count", empty_value="")
    def failed(self, obj):
        count = getattr(obj, "failed_count", 0) or 0
        return display.flag(count, _("%(count)d failed") % {"count": count})

    @admin.display(description=_("completed by"))
    def completed_by_name(self, obj):
        return display.person(obj.completed_by)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        context["may_complete"] = (obj is not None and not add
                                   and self.has_change_permission(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        if "_complete" not in request.POST:
            return super().response_change(request, obj)
        try:
            assessments.assessment_complete(obj, by=request.user)
        except ValidationError as error:
            self.message_user(request, _("Saved, but not completed: %(reason)s") % {
                "reason": " ".join(error.messages)}, messages.ERROR)
        else:
            self.message_user(request, _("“%(assessment)s” is completed.") % {
                "assessment": obj}, messages.SUCCESS)
        return redirect(request.path)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("<path:object_id>/raise-item/<int:result_id>/",
                 self.admin_site.admin_view(self.raise_item_view),
                 name="{}_{}_raise_item".format(*info)),
            *super().get_urls(),
        ]

    def raise_item_view(self, request, object_id, result_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        assessment = self.get_object(request, object_id)
        if assessment is None or not self.has_view_permission(request, assessment):
            raise Http404
        if not self.may_raise_items(request):
            raise PermissionDenied
        result = CriterionResult.objects.filter(
            pk=result_id, object_id=assessment.pk,
            content_type=ContentType.objects.get_for_model(self.model),
        ).first()
        if result is None:
            raise Http404
        try:
            item = assessments.assessment_raise_item(result, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, format_html(
                str(_("{kind} raised: {item}")), kind=item._meta.verbose_name,
                item=_item_link(item)), messages.SUCCESS)
        info = self.opts.app_label, self.opts.model_name
        return redirect(reverse("admin:{}_{}_change".format(*info), args=[assessment.pk]))


def _plain(value):
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


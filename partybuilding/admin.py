"""The party-building office's tool: organisations and their elections; cadres with their
placements; training sessions with their sign-in sheets (attendance rows on the session's
page, "add everyone of an organisation"); the yearly quotas and the people below them;
village committee evaluations and the problems they found; 三资 problems.

Every write goes through ``partybuilding.services`` — the pages, their inline rows and the
actions alike.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.actions import action_form_response
from cuizhai.core.base.admin.assessments import AssessmentAdmin
from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin, ClosedLoopReadOnlyInline
from cuizhai.core.base.admin.filters import YesNoFilter
from cuizhai.core.base.admin.forms import TrackedInlineForm, VersionedAdminForm
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.services.status import is_system_admin
from cuizhai.core.choices import PersonKind
from cuizhai.core.models import Village
from partybuilding import selectors, services
from partybuilding.choices import AttendanceStatus, EvaluationRating
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)
from partybuilding.resources import AttendanceResource

# -- organisations and elections --------------------------------------------------------------


class ElectionInline(TrackedInline):
    model = Election
    fields = ("held_on", "term_years", "members_elected", "result", "note")
    extra = 0


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(TrackedModelAdmin):
    list_display = ("name", "kind", "community", "village", "parent", "cadres")
    list_filter = ("kind",)
    list_select_related = ("community", "village", "parent")
    search_fields = ("name",)
    autocomplete_fields = ("community", "village", "parent")
    inlines = [ElectionInline]
    selector = staticmethod(selectors.organisation_list)

    @admin.display(description=_("cadres"), ordering="cadre_count")
    def cadres(self, obj):
        return display.figure(obj.cadre_count)


@admin.register(Election)
class ElectionAdmin(TrackedModelAdmin):
    list_display = ("organisation", "held_on", "term_years", "members_elected", "result")
    list_filter = ("result",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name", "note")
    date_hierarchy = "held_on"
    autocomplete_fields = ("organisation",)


# -- cadres ----------------------------------------------------------------------------------


class PlacementInline(TrackedInline):
    model = Placement
    fields = ("project", "region", "start_date", "end_date", "note")
    autocomplete_fields = ("project",)
    extra = 0


class YoungCadreFilter(YesNoFilter):
    title = _("young cadre")
    parameter_name = "young"

    def matching(self, queryset):
        return queryset.filter(is_young=True)


@admin.register(CadreProfile)
class CadreProfileAdmin(TrackedModelAdmin):
    list_display = ("person", "kind", "organisation", "party_post", "reserve", "mentor",
                    "young", "placements")
    list_filter = ("is_reserve", YoungCadreFilter, "person__kind", "organisation__kind")
    list_select_related = ("person", "organisation", "mentor")
    search_fields = ("person__name", "party_post", "organisation__name")
    autocomplete_fields = ("person", "organisation", "mentor")
    inlines = [PlacementInline]
    selector = staticmethod(selectors.cadre_list)

    @admin.display(description=_("kind"), ordering="person__kind")
    def kind(self, obj):
        return obj.person.get_kind_display()

    @admin.display(description=_("reserve cadre since"), ordering="reserve_since",
                   empty_value="")
    def reserve(self, obj):
        return obj.reserve_since

    @admin.display(description=_("young cadre"), ordering="is_young", empty_value="")
    def young(self, obj):
        return display.flag(obj.is_young, _("young"), tone=display.INFO)

    @admin.display(description=_("placements"), ordering="placement_count")
    def placements(self, obj):
        return display.figure(obj.placement_count)


@admin.register(Placement)
class PlacementAdmin(TrackedModelAdmin):
    list_display = ("cadre", "project", "region", "start_date", "end_date", "note")
    list_select_related = ("cadre__person", "project")
    search_fields = ("cadre__person__name", "region", "project__name", "note")
    date_hierarchy = "start_date"
    autocomplete_fields = ("cadre", "project")


# -- training --------------------------------------------------------------------------------


class HoursByDefault:
    """Hours left blank are the session's (none for an absence): the service decides."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "hours" in self.fields:
            self.fields["hours"].required = False


class AttendanceInlineForm(HoursByDefault, TrackedInlineForm):
    pass


class AttendanceForm(HoursByDefault, VersionedAdminForm):
    pass


class AttendanceInline(TrackedInline):
    model = Attendance
    form = AttendanceInlineForm
    fields = ("person", "status", "hours")
    autocomplete_fields = ("person",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=PartyOrganisation.objects.order_by("kind", "name"),
        label=_("party organisation"))
    status = forms.ChoiceField(choices=AttendanceStatus.choices,
                               initial=AttendanceStatus.PRESENT, label=_("status"))


@admin.register(TrainingSession)
class TrainingSessionAdmin(TrackedModelAdmin):
    list_display = ("title", "kind", "held_on", "hours", "named", "head_count",
                    "person_times", "place")
    list_filter = ("kind", "organisation")
    search_fields = ("title", "lecturer", "place")
    date_hierarchy = "held_on"
    autocomplete_fields = ("organisation",)
    inlines = [AttendanceInline]
    actions = ("add_organisation",)
    selector = staticmethod(selectors.training_session_list)

    @admin.display(description=_("named attendees"), ordering="named_count")
    def named(self, obj):
        return display.figure(obj.named_count)

    @admin.display(description=_("person-times"), ordering="person_times")
    def person_times(self, obj):
        return display.figure(obj.person_times)

    @admin.action(description=_("Add everyone of an organisation to the sheet"),
                  permissions=["change"])
    def add_organisation(self, request, queryset):
        form = OrganisationChoiceForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            added = 0
            for session in queryset:
                added += len(services.attendances_add_organisation(
                    session=session, organisation=form.cleaned_data["organisation"],
                    status=form.cleaned_data["status"], by=request.user))
            self.message_user(request, ngettext(
                "%(count)d attendance added.", "%(count)d attendances added.", added,
            ) % {"count": added}, messages.SUCCESS)
            return None
        return action_form_response(
            self, request, template="admin/partybuilding/add_organisation.html",
            action="add_organisation", title=_("Add everyone of an organisation to the sheet"),
            form=form, selected=queryset, submit_label=_("Add to the sheet"),
        )


@admin.register(Attendance)
class AttendanceAdmin(FileImportExportMixin, TrackedModelAdmin):
    """Attendances; a sign-in sheet is imported here (导入: session, person by name or
    number, status, hours)."""

    form = AttendanceForm
    resource_classes = [AttendanceResource]
    list_display = ("person", "session", "status", "hours")
    list_filter = ("status", "session__kind", "person__kind")
    list_select_related = ("person", "session")
    search_fields = ("person__name", "session__title")
    autocomplete_fields = ("person", "session")


@admin.register(TrainingQuota)
class TrainingQuotaAdmin(TrackedModelAdmin):
    """The quotas are the system administrator's; everyone else reads them, and the
    people below them (``below_quota_view``)."""

    list_display = ("year", "person_kind", "hours", "below")
    list_filter = ("year", "person_kind")

    def has_add_permission(self, request):
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def changelist_view(self, request, extra_context=None):
        # The number below each quota, for the page's rows, in one query per year shown.
        self._below = {}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("people below quota"))
    def below(self, obj):
        key = (obj.year, obj.person_kind)
        if obj.year not in {year for year, _kind in self._below}:
            counts = (selectors.below_quota(obj.year).values("kind")
                      .annotate(n=Count("pk")).values_list("kind", "n"))
            self._below.update({(obj.year, kind): n for kind, n in counts})
            self._below.setdefault((obj.year, None), 0)
        count = self._below.get(key, 0)
        link = reverse("admin:partybuilding_trainingquota_below")
        return format_html('<a href="{}?year={}&amp;kind={}">{}</a>', link, obj.year,
                           obj.person_kind, display.figure(count))

    def get_urls(self):
        view = self.admin_site.admin_view(self.below_quota_view)
        return [path("below-quota/", view, name="partybuilding_trainingquota_below"),
                *super().get_urls()]

    def below_quota_view(self, request):
        """The people who lack hours of their kind's quota in a year, with how many."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = selectors.latest_quota_year()
        form = BelowQuotaFilterForm(request.GET or None, initial={"year": year})
        people = selectors.below_quota(year).none()
        if form.is_valid():
            year = form.cleaned_data["year"] or year
            people = selectors.below_quota(year)
            if form.cleaned_data["kind"]:
                people = people.filter(kind=form.cleaned_data["kind"])
            if form.cleaned_data["village"]:
                people = people.filter(village=form.cleaned_data["village"])
        elif not request.GET:
            people = selectors.below_quota(year)
        page = Paginator(people.order_by("-hours_lacking", "name", "id"), 50).get_page(
            request.GET.get("p"))
        return TemplateResponse(request, "admin/partybuilding/below_quota.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("People below the training quota"),
            "form": form,
            "year": year,
            "page": page,
        })


class BelowQuotaFilterForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False,
                              label=_("year"))
    kind = forms.ChoiceField(choices=[("", "---------"), *PersonKind.choices],
                             required=False, label=_("kind of person"))
    village = forms.ModelChoiceField(queryset=Village.objects.all(), required=False,
                                     label=_("village"))


# -- evaluations and problems ----------------------------------------------------------------


class EvaluationProblemInline(ClosedLoopReadOnlyInline):
    model = EvaluationProblem
    fields = ("title", "status", "reported_at", "resolution_due")
    verbose_name_plural = _("problems (handle them on the evaluation problems page)")


class RatingFilter(admin.SimpleListFilter):
    title = _("rating")
    parameter_name = "rating"

    def lookups(self, request, model_admin):
        return EvaluationRating.choices

    def queryset(self, request, queryset):
        return queryset.filter(rating=self.value()) if self.value() else queryset


@admin.register(VillageEvaluation)
class VillageEvaluationAdmin(AssessmentAdmin):
    """The core's assessment sheet (criteria rows, totals, save and complete, raise a
    problem from a failed criterion), with the village, the period, the rating and the
    problems found."""

    checklist_areas = ("partybuilding",)
    list_display = ("village", "year", "period", "status", "score", "rating_badge",
                    "problems", "assessed_on")
    list_filter = ("year", "period", "status", RatingFilter)
    list_select_related = ("village",)
    search_fields = ("village__name", "assessors")
    autocomplete_fields = ("village",)
    inlines = [*AssessmentAdmin.inlines, EvaluationProblemInline]
    # What is evaluated first, then the sheet's own fields (the base folds the record's).
    fields = ("village", "year", "period", "template", "assessed_on", "assessors",
              "status", "score", "failed", "completed_at", "completed_by_name",
              "version", "created_at", "updated_at")

    def get_queryset(self, request):
        return selectors.with_evaluation_figures(super().get_queryset(request))

    @admin.display(description=_("rating"), ordering="rating", empty_value="")
    def rating_badge(self, obj):
        if obj.rating is None:
            return display.EMPTY
        tone = display.DANGER if obj.rating == EvaluationRating.POOR else display.INFO
        return display.badge(EvaluationRating(obj.rating).label, tone)

    @admin.display(description=_("problems (open / found)"), ordering="problem_count")
    def problems(self, obj):
        if not obj.problem_count:
            return display.EMPTY
        # Plain figures: one short line, as the score beside it.
        return f"{obj.open_problem_count} / {obj.problem_count}"


@admin.register(EvaluationProblem)
class EvaluationProblemAdmin(ClosedLoopAdmin):
    list_display = ("title", "village", *(c for c in ClosedLoopAdmin.list_display[1:]
                                          if c != "reported_at"))
    search_fields = (*ClosedLoopAdmin.search_fields, "evaluation__village__name")
    autocomplete_fields = ("evaluation",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("evaluation__village")

    @admin.display(description=_("village"), ordering="evaluation__village__name")
    def village(self, obj):
        return obj.evaluation.village


@admin.register(CollectiveAssetProblem)
class CollectiveAssetProblemAdmin(ClosedLoopAdmin):
    list_display = ("title", "kind", "village", "amount",
                    *(c for c in ClosedLoopAdmin.list_display[1:] if c != "reported_at"))
    list_filter = ("kind", *ClosedLoopAdmin.list_filter)
    search_fields = (*ClosedLoopAdmin.search_fields, "village__name")
    autocomplete_fields = ("village",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("village")

    @admin.display(description=_("amount involved (yuan)"), ordering="amount_yuan")
    def amount(self, obj):
        return display.money(obj.amount_yuan)

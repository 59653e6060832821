"""The projects office's daily tool: projects with their funding, milestones and monthly
progress on one page; problems and enterprise needs through the shared closed-loop
workflow; Excel/CSV import and export of projects.

Every page shows its labels from the models' verbose names (Chinese by default), keeps a
history of every change, and refuses an edit made over a newer version.
"""


from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin, ClosedLoopReadOnlyInline
from cuizhai.core.base.admin.filters import YesNoFilter
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from projects import selectors
from projects.forms import ProjectAdminForm
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)
from projects.registers import EnterpriseNeedInline
from projects.resources import ProjectResource

# -- list filters --------------------------------------------------------------------------


class ProjectOverdueFilter(YesNoFilter):
    title = _("overdue milestones")
    parameter_name = "overdue"

    def matching(self, queryset):
        return queryset.filter(overdue_milestone_count__gt=0)


class MilestoneOverdueFilter(YesNoFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def matching(self, queryset):
        return queryset.filter(is_overdue=True)


# -- projects ------------------------------------------------------------------------------


class FundingLineInline(TrackedInline):
    model = FundingLine
    fields = ("source", "amount", "year", "note")
    extra = 0


class MilestoneInline(TrackedInline):
    model = Milestone
    fields = ("kind", "planned_date", "done_date", "note", "overdue")
    readonly_fields = ("overdue",)
    extra = 0

    @admin.display(description=_("overdue"), empty_value="")
    def overdue(self, obj):
        return display.overdue_flag(
            obj.pk is not None and obj.planned_date is not None and obj.done_date is None
            and obj.planned_date < timezone.localdate()
        )


class CumulativeInvestmentDisplay:
    @admin.display(description=_("cumulative investment (万元)"))
    def cumulative_investment(self, obj):
        return display.money(getattr(obj, "cumulative_investment", None) if obj.pk else None)

    @admin.display(description=_("of total investment (%)"))
    def cumulative_percent(self, obj):
        return display.percent(getattr(obj, "cumulative_percent", None) if obj.pk else None)


class MonthlyProgressInline(CumulativeInvestmentDisplay, TrackedInline):
    model = MonthlyProgress
    fields = ("year", "month", "investment_completed", "narrative", "cumulative_investment",
              "cumulative_percent")
    readonly_fields = ("cumulative_investment", "cumulative_percent")
    extra = 0
    # The last twelve months, newest first; the rest on the progress list, a link away
    # (ten years of works are 120 rows: 0.9 s of rendering at city scale, most of it the
    # rows' widgets).
    rows_shown = 12
    rows_shown_order = ("-year", "-month")

    def get_queryset(self, request):
        return selectors.with_cumulative_investment(super().get_queryset(request))


class ProjectProblemInline(ClosedLoopReadOnlyInline):
    model = ProjectProblem
    fields = ("title", "status", "reported_at", "response_due", "resolution_due")
    verbose_name_plural = _("problems (raise and handle them on the problems page)")


@admin.register(Project)
class ProjectAdmin(FileImportExportMixin, TrackedModelAdmin):
    import_template_name = "admin/projects/import.html"
    form = ProjectAdminForm
    resource_classes = [ProjectResource]
    # What a clerk follows every day; category and plan year are filters.
    list_display = ("code", "name", "stage", "status", "total_investment", "funding_total",
                    "progress", "department", "owner", "overdue_milestones")
    list_display_links = ("code", "name")
    list_filter = ("stage", "status", "category", "plan_year", "department", "is_relocation",
                   ProjectOverdueFilter)
    list_select_related = ("department", "owner_enterprise")
    search_fields = ("code", "name", "location", "lead__name", "lead_official", "owner_name",
                     "owner_enterprise__name", "owner_enterprise__credit_code")
    date_hierarchy = "planned_start"
    autocomplete_fields = ("owner_enterprise", "department", "lead")
    inlines = [FundingLineInline, MilestoneInline, MonthlyProgressInline, ProjectProblemInline]
    selector = staticmethod(selectors.project_list)
    transition_field = "status"

    fieldsets = (
        (None, {"fields": ("code", "name", "category", "stage", "status", "plan_year")}),
        (_("Investment and responsibility"), {"fields": (
            "total_investment", "owner_enterprise", "owner_name", "department",
            "lead", "lead_official", "location", "is_relocation",
        )}),
        (_("Schedule and progress"), {"fields": (
            ("planned_start", "planned_completion"), ("actual_start", "actual_completion"),
            "progress_percent", "description",
        )}),
        (_("Record"), {"fields": ("reason", "version", "created_at", "updated_at",
                                  "loaded_version")}),
    )

    def delete_options(self, request):
        # The admin's confirmation page has listed everything the delete takes with it.
        return {"confirm_cascade": True}

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # A new project has no history yet: no reason, no version.
        return [
            (name, {**options, "fields": tuple(
                f for f in options["fields"]
                if f not in ("reason", "version", "created_at", "updated_at")
            )})
            for name, options in self.fieldsets
        ]

    @admin.display(description=_("funding total (万元)"), ordering="funding_total")
    def funding_total(self, obj):
        return display.money(obj.funding_total)

    @admin.display(description=_("progress"), ordering="progress_percent")
    def progress(self, obj):
        return display.percent(obj.progress_percent, places=0)

    @admin.display(description=_("owner unit"), ordering="owner_name")
    def owner(self, obj):
        return obj.owner_display

    @admin.display(description=_("overdue milestones"), ordering="overdue_milestone_count",
                   empty_value="")
    def overdue_milestones(self, obj):
        count = obj.overdue_milestone_count
        return display.flag(count, _("%(count)d overdue") % {"count": count} if count else "")


@admin.register(FundingLine)
class FundingLineAdmin(TrackedModelAdmin):
    list_display = ("project", "source", "amount", "year", "note")
    list_filter = ("source", "year", "project__department")
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name", "note")
    autocomplete_fields = ("project",)


@admin.register(Milestone)
class MilestoneAdmin(TrackedModelAdmin):
    list_display = ("project", "kind", "planned_date", "done_date", "overdue", "note")
    list_per_page = 100
    list_filter = ("kind", MilestoneOverdueFilter, "project__department")
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name", "note")
    date_hierarchy = "planned_date"
    autocomplete_fields = ("project",)
    selector = staticmethod(selectors.milestone_list)

    @admin.display(description=_("overdue"), ordering="is_overdue", empty_value="")
    def overdue(self, obj):
        return display.overdue_flag(obj.is_overdue)


@admin.register(MonthlyProgress)
class MonthlyProgressAdmin(CumulativeInvestmentDisplay, TrackedModelAdmin):
    list_display = ("project", "year", "month", "investment_completed",
                    "cumulative_investment", "cumulative_percent")
    list_filter = ("year", "month", "project__department")
    list_select_related = ("project",)
    search_fields = ("project__code", "project__name", "narrative")
    autocomplete_fields = ("project",)
    ordering = ("-year", "-month", "project__code")

    def get_queryset(self, request):
        return selectors.with_cumulative_investment(super().get_queryset(request))


@admin.register(ProjectProblem)
class ProjectProblemAdmin(ClosedLoopAdmin):
    list_display = ("title", "project", *ClosedLoopAdmin.list_display[1:])
    list_filter = (*ClosedLoopAdmin.list_filter, "project__department")
    search_fields = (*ClosedLoopAdmin.search_fields, "project__code", "project__name")
    autocomplete_fields = ("project",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")


# -- enterprise service (the enterprise's own page is the core's register, with this app's
# visits, outcomes and needs as inlines: projects.registers) ---------------------------------


@admin.register(Visit)
class VisitAdmin(TrackedModelAdmin):
    list_display = ("date", "enterprise", "visitors", "department", "need_count")
    list_filter = ("department",)
    list_select_related = ("enterprise", "department")
    search_fields = ("enterprise__name", "enterprise__credit_code", "visitors", "notes")
    date_hierarchy = "date"
    autocomplete_fields = ("enterprise", "department")
    inlines = [EnterpriseNeedInline]
    selector = staticmethod(selectors.visit_list)

    @admin.display(description=_("needs found"), ordering="need_count")
    def need_count(self, obj):
        return display.figure(obj.need_count)


@admin.register(EnterpriseNeed)
class EnterpriseNeedAdmin(ClosedLoopAdmin):
    # The report date is left to the date bar above the list: a need's page fits 1400 px.
    list_display = ("title", "enterprise", "kind",
                    *(c for c in ClosedLoopAdmin.list_display[1:] if c != "reported_at"))
    list_filter = ("kind", *ClosedLoopAdmin.list_filter)
    search_fields = (*ClosedLoopAdmin.search_fields, "enterprise__name",
                     "enterprise__credit_code")
    autocomplete_fields = ("enterprise", "visit")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise")


@admin.register(SupportOutcome)
class SupportOutcomeAdmin(TrackedModelAdmin):
    list_display = ("enterprise", "kind", "title", "amount", "date", "granting_body")
    list_filter = ("kind",)
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__name", "title", "granting_body")
    date_hierarchy = "date"
    autocomplete_fields = ("enterprise",)

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cuizhai.core import selectors
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.registers import extended_admin
from cuizhai.core.models import (
    CalendarDay,
    CalendarYear,
    Campaign,
    CampaignOutput,
    ChecklistCriterion,
    ChecklistTemplate,
    Community,
    Department,
    Enterprise,
    Indicator,
    IndicatorValue,
    Village,
    WorkflowTransition,
)
from cuizhai.core.resources import EnterpriseResource
from cuizhai.core.services import checklists, enterprises


@admin.register(Department)
class DepartmentAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


class VillageInline(TrackedInline):
    model = Village
    fields = ("name", "code", "is_relocated")
    extra = 0
    show_change_link = True


@admin.register(Community)
class CommunityAdmin(TrackedModelAdmin):
    list_display = ("name", "kind", "address")
    list_filter = ("kind",)
    search_fields = ("name", "address")
    inlines = [VillageInline]


@admin.register(Village)
class VillageAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "is_relocated", "resettled_in")
    list_filter = ("is_relocated", "resettled_in")
    search_fields = ("name", "code")
    autocomplete_fields = ("resettled_in",)


class EnterpriseAdmin(FileImportExportMixin, TrackedModelAdmin):
    """The enterprise register. The apps that deal with enterprises add their columns and
    inlines (visits, needs, outcomes…) through their register extensions."""

    import_template_name = "admin/core/enterprise_import.html"
    resource_classes = [EnterpriseResource]
    list_display = ("name", "credit_code", "industry", "park", "is_relocating",
                    "expected_output_value")
    list_filter = ("is_relocating", "industry", "park")
    search_fields = ("name", "credit_code", "industry", "park", "address")
    selector = staticmethod(selectors.enterprise_list)

    def create_record(self, request, data):
        return enterprises.enterprise_create(data=data, by=request.user)

    def update_record(self, request, instance, data, *, expected_version):
        return enterprises.enterprise_update(enterprise=instance, data=data,
                                             expected_version=expected_version,
                                             by=request.user)


admin.site.register(Enterprise, extended_admin(EnterpriseAdmin, Enterprise))


class IndicatorValueInline(TrackedInline):
    model = IndicatorValue
    fields = ("year", "month", "value", "source")
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "unit", "area", "period_kind")
    list_filter = ("area", "period_kind")
    search_fields = ("name", "code")
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(TrackedModelAdmin):
    list_display = ("indicator", "year", "month", "value", "source")
    list_filter = ("indicator__area", "indicator", "year")
    search_fields = ("indicator__name",)
    autocomplete_fields = ("indicator",)
    list_select_related = ("indicator",)


class CampaignOutputInline(TrackedInline):
    model = CampaignOutput
    fields = ("metric", "unit", "value")
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(TrackedModelAdmin):
    list_display = ("name", "area", "year", "start_date", "end_date", "department")
    list_filter = ("area", "year")
    search_fields = ("name", "description")
    autocomplete_fields = ("department",)
    inlines = [CampaignOutputInline]
    list_select_related = ("department",)


class ChecklistCriterionInline(TrackedInline):
    model = ChecklistCriterion
    fields = ("position", "text", "kind", "max_score", "pass_score")
    extra = 1

    def create_record(self, request, data):
        return checklists.checklist_criterion_create(data=data, by=request.user)

    def update_record(self, request, instance, data, *, expected_version):
        return checklists.checklist_criterion_update(
            instance, data=data, expected_version=expected_version, by=request.user)

    def delete_record(self, request, instance, *, expected_version=None):
        checklists.checklist_criterion_delete(instance, by=request.user)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "version_number", "area", "is_current")
    list_filter = ("area", "is_current")
    search_fields = ("name", "code")
    readonly_fields = ("version_number",)
    inlines = [ChecklistCriterionInline]
    actions = ["new_version"]

    def create_record(self, request, data):
        return checklists.checklist_template_create(data=data, by=request.user)

    def update_record(self, request, instance, data, *, expected_version):
        return checklists.checklist_template_update(
            instance, data=data, expected_version=expected_version, by=request.user)

    @admin.action(description=_("Create the next version of the selected checklists"),
                  permissions=["add"])
    def new_version(self, request, queryset):
        for template in queryset:
            new = checklists.checklist_template_new_version(template, by=request.user)
            self.message_user(request, _("“%(template)s” created.") % {"template": new},
                              messages.SUCCESS)


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ("date", "kind", "name")
    extra = 3


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source")
    inlines = [CalendarDayInline]


@admin.register(WorkflowTransition)
class WorkflowTransitionAdmin(admin.ModelAdmin):
    list_display = ("at", "content_type", "object_id", "action", "from_status", "to_status",
                    "actor")
    list_filter = ("action", "content_type")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

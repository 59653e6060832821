from django.apps import apps
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cuizhai.core import selectors
from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.models import ClosedLoopItem
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
    Person,
    Village,
    WorkflowTransition,
)
from cuizhai.core.resources import (
    CommunityResource,
    DepartmentResource,
    EnterpriseResource,
    VillageResource,
)
from cuizhai.core.services import checklists


@admin.register(Department)
class DepartmentAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [DepartmentResource]
    list_display = ("name", "code", "office", "phone", "is_active")
    list_select_related = ("office",)
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Person)
class PersonAdmin(TrackedModelAdmin):
    list_display = ("name", "kind", "place", "post", "phone", "inactive", "user")
    list_filter = ("kind", "is_active", "department")
    search_fields = ("name", "post")
    autocomplete_fields = ("department", "village", "community", "user")

    @admin.display(description=_("works in"))
    def place(self, obj):
        """The department, village or community (a person belongs to one at most)."""
        return obj.department or obj.village or obj.community or display.EMPTY

    @admin.display(description=_("active"), ordering="is_active", empty_value="")
    def inactive(self, obj):
        return display.flag(not obj.is_active, _("no longer active"), display.INFO)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "department", "village", "community", "user")


class VillageInline(TrackedInline):
    model = Village
    fields = ("name", "code", "is_relocated")
    extra = 0
    show_change_link = True


@admin.register(Community)
class CommunityAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [CommunityResource]
    list_display = ("name", "kind", "address")
    list_filter = ("kind",)
    search_fields = ("name", "address")
    inlines = [VillageInline]


@admin.register(Village)
class VillageAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [VillageResource]
    list_display = ("name", "code", "relocated", "resettled_in")
    list_select_related = ("resettled_in",)
    list_filter = ("is_relocated", "resettled_in")
    search_fields = ("name", "code")
    autocomplete_fields = ("resettled_in",)

    @admin.display(description=_("relocated"), ordering="is_relocated", empty_value="")
    def relocated(self, obj):
        return display.flag(obj.is_relocated, _("relocated"), display.INFO)


class EnterpriseAdmin(FileImportExportMixin, TrackedModelAdmin):
    """The enterprise register. The apps that deal with enterprises add their columns and
    inlines (visits, needs, outcomes…) through their register extensions."""

    import_template_name = "admin/core/enterprise_import.html"
    resource_classes = [EnterpriseResource]
    list_display = ("name", "credit_code", "industry", "park", "relocating",
                    "expected_output_value")
    list_filter = ("is_relocating", "industry", "park")
    search_fields = ("name", "credit_code", "industry", "park", "address")
    selector = staticmethod(selectors.enterprise_list)

    @admin.display(description=_("relocating into a park"), ordering="is_relocating",
                   empty_value="")
    def relocating(self, obj):
        return display.flag(obj.is_relocating, _("relocating"), display.INFO)


admin.site.register(Enterprise, extended_admin(EnterpriseAdmin, Enterprise))


class GrowthDisplay:
    """同比 and 环比 beside a value, computed by the database (``indicator_value_list``)."""

    @admin.display(description=_("value"), ordering="value")
    def value_figure(self, obj):
        return display.figure(obj.value)

    @admin.display(description=_("year on year (%)"), ordering="yoy_growth")
    def yoy(self, obj):
        return display.percent(getattr(obj, "yoy_growth", None), signed=True)

    @admin.display(description=_("period on period (%)"), ordering="mom_growth")
    def mom(self, obj):
        return display.percent(getattr(obj, "mom_growth", None), signed=True)


class IndicatorValueInline(GrowthDisplay, TrackedInline):
    model = IndicatorValue
    fields = ("year", "month", "value", "yoy", "mom", "source")
    readonly_fields = ("yoy", "mom")
    extra = 1

    def get_queryset(self, request):
        return selectors.indicator_value_list()


@admin.register(Indicator)
class IndicatorAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "unit", "area", "period_kind")
    list_filter = ("area", "period_kind")
    search_fields = ("name", "code")
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(GrowthDisplay, TrackedModelAdmin):
    list_display = ("indicator", "year", "month", "value_figure", "yoy", "mom", "source")
    readonly_fields = ("yoy", "mom", *TrackedModelAdmin.readonly_fields)
    selector = staticmethod(selectors.indicator_value_list)
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


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "version_number", "area", "is_current")
    list_filter = ("area", "is_current")
    search_fields = ("name", "code")
    readonly_fields = ("version_number",)
    inlines = [ChecklistCriterionInline]
    actions = ["new_version"]

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


def closed_loop_models():
    """Every installed kind of closed-loop item (problems, needs, hazards…)."""
    return [model for model in apps.get_models() if issubclass(model, ClosedLoopItem)]


class ItemKindFilter(admin.SimpleListFilter):
    """The log's kinds of item: only the closed-loop kinds, by their names."""

    title = _("kind of item")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        types = ContentType.objects.get_for_models(*closed_loop_models())
        return sorted(((str(types[model].pk), capfirst(model._meta.verbose_name_plural))
                       for model in types), key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(content_type_id=int(value))
        return queryset


@admin.register(WorkflowTransition)
class WorkflowTransitionAdmin(admin.ModelAdmin):
    """The log of every step of every closed-loop item, newest first; read-only."""

    list_display = ("at", "item_link", "action", "step", "actor_name", "note")
    list_filter = ("action", ItemKindFilter)
    list_select_related = ("actor", "content_type")
    search_fields = ("note",)
    date_hierarchy = "at"
    ordering = ("-at", "-pk")
    list_per_page = 50

    def get_queryset(self, request):
        # One query per kind of item, not one per row.
        return super().get_queryset(request).prefetch_related("item")

    @admin.display(description=_("item"))
    def item_link(self, obj):
        item = obj.item
        kind = capfirst(obj.content_type.model_class()._meta.verbose_name) \
            if obj.content_type.model_class() else obj.content_type.name
        if item is None:
            return format_html("{} #{}", kind, obj.object_id)
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change",
                          args=[obj.object_id])
        except NoReverseMatch:
            return format_html("{}: {}", kind, item)
        return format_html('{}: <a href="{}">{}</a>', kind, url, item)

    @admin.display(description=_("status"), ordering="to_status")
    def step(self, obj):
        if not obj.from_status:
            return obj.get_to_status_display()
        return format_html("{} → {}", obj.get_from_status_display(),
                           obj.get_to_status_display())

    @admin.display(description=_("by"), ordering="actor__first_name")
    def actor_name(self, obj):
        return display.person(obj.actor)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

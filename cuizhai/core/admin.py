from django.contrib import admin

from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.models import (
    CalendarDay,
    CalendarYear,
    Campaign,
    CampaignOutput,
    Community,
    Department,
    Indicator,
    IndicatorValue,
    Person,
    Village,
    WorkflowTransition,
)
from cuizhai.core.services import people


@admin.register(Department)
class DepartmentAdmin(TrackedModelAdmin):
    list_display = ("name", "code", "phone", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


@admin.register(Person)
class PersonAdmin(TrackedModelAdmin):
    list_display = ("name", "kind", "department", "village", "community", "post", "phone",
                    "is_active", "user")
    list_filter = ("kind", "is_active", "department")
    search_fields = ("name", "post")
    autocomplete_fields = ("department", "village", "community", "user")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(
            "department", "village", "community", "user")

    def create_record(self, request, data):
        return people.person_create(data=data, by=request.user)

    def update_record(self, request, instance, data, *, expected_version):
        return people.person_update(person=instance, data=data,
                                    expected_version=expected_version, by=request.user)


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

"""The resettlement office's daily tool: buildings with their units, households with their
members and selections, handovers (one by one or a whole batch), repair requests and
help-line tickets through the shared closed-loop workflow, land and merchants.

Every page and every inline row writes through ``resettlement.services``; a refusal is
shown on the field or the row, and nothing of the page is saved. Personal data (ID numbers,
phones, residents' names) is masked for whoever lacks the model's permission.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.actions import action_form_response
from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin
from cuizhai.core.base.admin.filters import YesNoFilter
from cuizhai.core.base.admin.forms import ProtectedFileInput
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.services.status import REASON_MAX_LENGTH, is_system_admin
from resettlement import selectors, services
from resettlement.choices import UnitStatus
from resettlement.models import (
    Building,
    CommunityScenario,
    Handover,
    HelpLineTicket,
    Household,
    HouseholdMember,
    HousingUnit,
    LandAcquisition,
    MerchantDemolition,
    RepairRequest,
    Selection,
    ServiceCentre,
)
from resettlement.models.housing import has_selected
from resettlement.models.land import mu_to_square_metres
from resettlement.resources import (
    HouseholdMemberResource,
    HouseholdResource,
    HousingUnitResource,
)


def hand_over(model_admin, request, run):
    """Run a batch handover; say how many units were handed over, or why none was."""
    try:
        handovers = run()
    except ValidationError as error:
        model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
        return
    model_admin.message_user(request, ngettext(
        "%(count)d unit handed over.", "%(count)d units handed over.", len(handovers),
    ) % {"count": len(handovers)}, messages.SUCCESS)


class TakeBackForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for taking back"), required=False, max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in each unit's history, e.g. the household gave the unit up."))


def _of_unit(unit, error):
    """A refusal of the take-back, naming the unit it is about."""
    if hasattr(error, "error_dict") and "reason" in error.error_dict:
        return error  # the reason is missing or too long: about every unit
    return ValidationError([f"{unit}: {message}" for message in error.messages])


# -- communities: buildings and their units, service centres, scenarios ---------------------


class HousingUnitInline(TrackedInline):
    model = HousingUnit
    fields = ("entrance", "floor", "room", "area", "layout", "status")
    readonly_fields = ("status",)
    extra = 0
    show_change_link = True


@admin.register(Building)
class BuildingAdmin(TrackedModelAdmin):
    list_display = ("building_name", "community", "floors", "units_planned", "unit_count",
                    "selected_count", "handed_over_count")
    list_filter = ("community",)
    search_fields = ("number", "community__name")
    autocomplete_fields = ("community",)
    inlines = [HousingUnitInline]
    selector = staticmethod(selectors.building_list)
    actions = ("hand_over_selected_units",)

    @admin.display(description=_("building number"), ordering="number")
    def building_name(self, obj):
        return obj.number

    @admin.display(description=_("units recorded"), ordering="unit_count")
    def unit_count(self, obj):
        return display.figure(obj.unit_count)

    @admin.display(description=_("units selected"), ordering="selected_count")
    def selected_count(self, obj):
        return display.figure(obj.selected_count)

    @admin.display(description=_("units handed over"), ordering="handed_over_count")
    def handed_over_count(self, obj):
        return display.figure(obj.handed_over_count)

    @admin.action(description=_("Hand over every selected unit of these buildings today"),
                  permissions=["add_handover"])
    def hand_over_selected_units(self, request, queryset):
        def run():
            with transaction.atomic():  # every building or none
                return [handover for building in queryset
                        for handover in services.handover_batch(
                            building=building, handed_over_on=timezone.localdate(),
                            by=request.user)]

        hand_over(self, request, run)

    def has_add_handover_permission(self, request):
        return request.user.has_perm("resettlement.add_handover")


@admin.register(ServiceCentre)
class ServiceCentreAdmin(TrackedModelAdmin):
    list_display = ("name", "community", "floor_area", "completed_on")
    list_filter = ("community",)
    search_fields = ("name", "community__name")
    autocomplete_fields = ("community",)
    selector = staticmethod(selectors.service_centre_list)


@admin.register(CommunityScenario)
class CommunityScenarioAdmin(TrackedModelAdmin):
    list_display = ("community", "scenario", "state", "note")
    list_filter = ("community", "scenario", "state")
    search_fields = ("community__name", "note")
    autocomplete_fields = ("community",)
    selector = staticmethod(selectors.community_scenario_list)


# -- households --------------------------------------------------------------------------------


class HouseholdMemberInline(TrackedInline):
    model = HouseholdMember
    fields = ("name", "relation", "id_number")
    extra = 0


class SelectionInline(TrackedInline):
    model = Selection
    fields = ("unit", "selected_on", "order_number")
    autocomplete_fields = ("unit",)
    extra = 0
    can_delete = False  # a selection goes when its unit is taken back


class HasSelectedFilter(YesNoFilter):
    title = _("has selected a unit")
    parameter_name = "has_selected"

    def matching(self, queryset):
        return queryset.filter(has_selected())


@admin.register(Household)
class HouseholdAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [HouseholdResource]
    list_display = ("code", "village", "head_name", "head_id_number", "head_phone", "status",
                    "split_status", "member_count", "selected_units", "cadre")
    list_filter = ("status", "split_status", HasSelectedFilter, "village__resettled_in",
                   "village")
    # An ID number is found whole by its hash (the admin's search does it), never by parts.
    search_fields = ("code", "head_name")
    autocomplete_fields = ("village", "cadre")
    inlines = [HouseholdMemberInline, SelectionInline]
    selector = staticmethod(selectors.household_list)
    transition_field = "status"
    fieldsets = (
        (None, {"fields": ("code", "village", "head_name", "head_id_number", "head_phone",
                           "entitled_area", "cadre")}),
        (_("Life cycle"), {"fields": ("status", "contract_date", "vacated_date",
                                      "demolished_date")}),
        (_("Property split"), {"fields": ("split_status", "split_note", "note")}),
        (_("Record"), {"fields": ("version", "created_at", "updated_at", "loaded_version")}),
    )

    @admin.display(description=_("residents"), ordering="member_count")
    def member_count(self, obj):
        return display.figure(obj.member_count)

    @admin.display(description=_("units selected"), ordering="selected_units")
    def selected_units(self, obj):
        return display.figure(obj.selected_units)


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [HouseholdMemberResource]
    list_display = ("name", "household", "relation", "id_number")
    list_filter = ("relation", "household__village")
    search_fields = ("name", "household__code")
    autocomplete_fields = ("household",)
    selector = staticmethod(selectors.household_member_list)


# -- housing units, selections, handovers -------------------------------------------------------


@admin.register(HousingUnit)
class HousingUnitAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [HousingUnitResource]
    list_display = ("unit_name", "building", "community", "floor", "area", "layout", "status",
                    "household")
    list_filter = ("status", "layout", "building__community", "building")
    search_fields = ("room", "building__number", "building__community__name")
    autocomplete_fields = ("building",)
    readonly_fields = ("status", *TrackedModelAdmin.readonly_fields)
    selector = staticmethod(selectors.housing_unit_list)
    actions = ("hand_over_units", "take_back_units")

    @admin.display(description=_("housing unit"), ordering="room")
    def unit_name(self, obj):
        return f"{obj.entrance}-{obj.room}"

    @admin.display(description=_("community"), ordering="building__community__name")
    def community(self, obj):
        return obj.building.community

    @admin.display(description=_("household"))
    def household(self, obj):
        selection = getattr(obj, "selection", None) if obj.status != "available" else None
        return selection.household if selection else ""

    @admin.action(description=_("Hand over the chosen units today (all or none)"),
                  permissions=["add_handover"])
    def hand_over_units(self, request, queryset):
        hand_over(self, request, lambda: services.handover_batch(
            units=list(queryset), handed_over_on=timezone.localdate(), by=request.user))

    def has_add_handover_permission(self, request):
        return request.user.has_perm("resettlement.add_handover")

    @admin.action(description=_("Take the chosen units back (available again)"),
                  permissions=["take_back"])
    def take_back_units(self, request, queryset):
        """Selected or handed-over units made available again, through
        ``housing_unit_take_back``: the system administrator's correction, with a reason,
        for every chosen unit or none."""
        units = list(queryset.select_related("building__community", "selection__household"))
        form = TakeBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            moved = [unit for unit in units if unit.status != UnitStatus.AVAILABLE]
            try:
                with transaction.atomic():
                    for unit in moved:
                        try:
                            services.housing_unit_take_back(
                                unit=unit, status=UnitStatus.AVAILABLE, by=request.user,
                                reason=form.cleaned_data["reason"])
                        except ValidationError as error:
                            raise _of_unit(unit, error) from None
            except ValidationError as error:
                if hasattr(error, "error_dict") and "reason" in error.error_dict:
                    form.add_error("reason", error.error_dict["reason"])
                else:
                    form.add_error(None, error.messages)
            else:
                self.message_user(request, ngettext(
                    "%(count)d unit taken back: it is available again.",
                    "%(count)d units taken back: they are available again.", len(moved),
                ) % {"count": len(moved)}, messages.SUCCESS)
                return None
        return action_form_response(
            self, request, template="admin/resettlement/housingunit/take_back.html",
            action="take_back_units", title=_("Take units back"), form=form, selected=units,
            submit_label=_("Take these units back"),
            units=[(unit, getattr(getattr(unit, "selection", None), "household", None)
                    if unit.status != UnitStatus.AVAILABLE else None) for unit in units],
        )

    def has_take_back_permission(self, request):
        return is_system_admin(request.user)


@admin.register(Selection)
class SelectionAdmin(TrackedModelAdmin):
    list_display = ("household", "unit", "selected_on", "order_number")
    list_filter = ("household__village__resettled_in", "household__village")
    search_fields = ("household__code", "unit__room", "unit__building__number")
    autocomplete_fields = ("household", "unit")
    date_hierarchy = "selected_on"
    selector = staticmethod(selectors.selection_list)

    def has_delete_permission(self, request, obj=None):
        return False  # a selection goes when its unit is taken back


@admin.register(Handover)
class HandoverAdmin(TrackedModelAdmin):
    list_display = ("unit", "handed_over_on", "keys_handed", "water_reading",
                    "electricity_reading", "gas_reading")
    list_filter = ("unit__building__community",)
    search_fields = ("unit__room", "unit__building__number", "note")
    autocomplete_fields = ("unit",)
    date_hierarchy = "handed_over_on"
    selector = staticmethod(selectors.handover_list)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "acceptance":
            kwargs["widget"] = ProtectedFileInput("resettlement-api:handover-acceptance")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # a handover goes when its unit is taken back


# -- the closed-loop items ------------------------------------------------------------------


class RepeatFilter(YesNoFilter):
    title = _("repeat request")
    parameter_name = "repeat"

    def matching(self, queryset):
        return queryset.filter(is_repeat=True)


@admin.register(RepairRequest)
class RepairRequestAdmin(ClosedLoopAdmin):
    # The unit and category take the place of the report time and the department (always
    # the resettlement office): eleven columns did not fit a 1400-px screen.
    list_display = ("title", "unit", "category", "repeat", "status", "timeliness_badge",
                    "resolution_due", "assignee_name")
    list_filter = ("category", RepeatFilter, "unit__building__community",
                   *ClosedLoopAdmin.list_filter)
    search_fields = (*ClosedLoopAdmin.search_fields, "unit__room", "unit__building__number")
    autocomplete_fields = ("unit",)
    readonly_fields = ("is_repeat", *ClosedLoopAdmin.readonly_fields)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit__building__community")

    @admin.display(description=_("repeat request"), ordering="is_repeat", empty_value="")
    def repeat(self, obj):
        return display.flag(obj.is_repeat, _("Repeat") if obj.is_repeat else "")


@admin.register(HelpLineTicket)
class HelpLineTicketAdmin(ClosedLoopAdmin):
    list_display = ("title", "scenario", "helper", *ClosedLoopAdmin.list_display[1:])
    list_filter = ("scenario", "helper", "community", *ClosedLoopAdmin.list_filter)
    search_fields = (*ClosedLoopAdmin.search_fields, "helper__name")
    autocomplete_fields = ("helper", "community")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("helper", "community")

# -- land and merchants ------------------------------------------------------------------------


@admin.register(LandAcquisition)
class LandAcquisitionAdmin(TrackedModelAdmin):
    list_display = ("parcel_code", "village", "area", "square_metres", "acquired_on",
                    "purpose", "project", "compensation_budget")
    list_filter = ("village",)
    search_fields = ("parcel_code", "purpose", "village__name")
    autocomplete_fields = ("village", "project")
    date_hierarchy = "acquired_on"
    readonly_fields = ("square_metres", *TrackedModelAdmin.readonly_fields)
    selector = staticmethod(selectors.land_acquisition_list)

    @admin.display(description=_("area (亩)"), ordering="area_mu")
    def area(self, obj):
        return display.figure(obj.area_mu)

    @admin.display(description=_("area (m²)"))
    def square_metres(self, obj):
        return display.figure(mu_to_square_metres(obj.area_mu))


@admin.register(MerchantDemolition)
class MerchantDemolitionAdmin(TrackedModelAdmin):
    list_display = ("merchant_name", "street", "demolished_on", "agreement_signed_on",
                    "compensation")
    list_filter = ("street",)
    search_fields = ("merchant_name", "street", "note")
    date_hierarchy = "demolished_on"
    selector = staticmethod(selectors.merchant_demolition_list)

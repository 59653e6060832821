"""The safety office's daily tool: hazards through the shared closed-loop workflow (level
and timeliness as badges, photos as thumbnails, overdue / due-soon / repeat filters, the
安全台账 button), inspections with their checklists, enforcement cases and traffic work.
Every write goes through ``safety.services``."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cuizhai.core import roles
from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.assessments import AssessmentAdmin
from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin
from cuizhai.core.base.admin.filters import YesNoFilter
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.selectors import subquery_count
from cuizhai.core.base.services.closed_loop_access import roles_of
from cuizhai.core.base.services.status import is_system_admin
from cuizhai.core.choices import EvidenceStage
from cuizhai.core.models import TransitionEvidence
from safety import selectors
from safety.ledger import LEDGER
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)
from safety.resources import HazardLedgerResource

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")


class RepeatFilter(YesNoFilter):
    title = _("repeat")
    parameter_name = "repeat"

    def matching(self, queryset):
        return queryset.filter(is_repeat=True)


def _first_photo(stage):
    """The id of the item's first photo showing ``stage`` (before / after rectification)."""
    photos = Q()
    for suffix in PHOTO_SUFFIXES:
        photos |= Q(file__iendswith=suffix)
    return Subquery(
        TransitionEvidence.objects.filter(
            photos, stage=stage,
            transition__content_type=ContentType.objects.get_for_model(Hazard),
            transition__object_id=OuterRef("pk"),
        ).order_by("pk").values("pk")[:1]
    )


def sees_every_photo(user):
    """The safety office, the leaders and the system administrator see every hazard's
    photos (the evidence rule of the core: the owner office and the leaders)."""
    held = roles_of(user)
    return is_system_admin(user) or bool(
        held & {roles.office_group("safety"), roles.LEADERS})


@admin.register(Hazard)
class HazardAdmin(FileImportExportMixin, ClosedLoopAdmin):
    """Hazards; a safety ledger (安全台账) in the office's columns is imported here (导入),
    all rows or none."""

    resource_classes = [HazardLedgerResource]
    selector = staticmethod(selectors.hazard_list)
    export_layouts = (LEDGER,)
    list_display = ("title", "category", "target", "severity_badge", "status",
                    "timeliness_badge", "repeat_badge", "deadline", "photos", "responsible")
    list_filter = ("status", "severity", "category", RepeatFilter,
                   *ClosedLoopAdmin.list_filter[2:])
    search_fields = ("title", "description", "measures", "enterprise__name", "project__name",
                     "site", "responsible_person")
    autocomplete_fields = ("enterprise", "responsible_enterprise", "inspection")
    # The form in the order a clerk writes an inspection finding down: where it was found,
    # what it is, its level, who rectifies it and by when; then how it was reported, and
    # the closed loop's own fields (set by its steps) and the record's.
    form_sections = (
        (_("Where it was found"), ("inspection", "enterprise", "project", "site", "village",
                                   "community")),
        (_("The hazard"), ("title", "category", "description", "severity",
                           "evidence_before")),
        (_("Rectification"), ("responsible_enterprise", "responsible_department",
                              "responsible_person", "measures", "resolution_due",
                              "provisional_deadline", "response_due", "evidence_after")),
        (_("How it was reported"), ("reported_at", "channel", "reporter_name", "reporter_phone")),
    )

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if not sees_every_photo(request.user):
            nothing = Value(None, output_field=IntegerField())
            return rows.annotate(before_photo=nothing, after_photo=nothing)
        return rows.annotate(before_photo=_first_photo(EvidenceStage.BEFORE),
                             after_photo=_first_photo(EvidenceStage.AFTER))

    # -- writes through the safety services --------------------------------------------------
    # -- columns ---------------------------------------------------------------------------
    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.target_display

    @admin.display(description=_("rectification deadline"), ordering="resolution_due")
    def deadline(self, obj):
        return timezone.localdate(obj.resolution_due) if obj.resolution_due else None

    @admin.display(description=_("repeat"), ordering="is_repeat", empty_value="")
    def repeat_badge(self, obj):
        return display.flag(getattr(obj, "is_repeat", False), _("repeat"), display.WARNING)

    @admin.display(description=_("person responsible"))
    def responsible(self, obj):
        unit = obj.responsible_unit
        return " · ".join(str(part) for part in (obj.responsible_person, unit) if part)

    @admin.display(description=_("photos"), empty_value="")
    def photos(self, obj):
        """The first photo before and after rectification, as thumbnails."""
        shown = [(pk, stage.label) for pk, stage in (
            (getattr(obj, "before_photo", None), EvidenceStage.BEFORE),
            (getattr(obj, "after_photo", None), EvidenceStage.AFTER)) if pk]
        return format_html_join(
            "", '<a href="{}" title="{}"><img src="{}" alt="{}" loading="lazy" '
                'class="hazard-thumbnail" style="max-width:64px;max-height:48px;'
                'margin-right:4px;border:1px solid #ccc"></a>',
            ((reverse("core-api:evidence-download", args=[pk]), label,
              reverse("core-api:evidence-thumbnail", args=[pk]), label) for pk, label in shown),
        )


# -- inspections ---------------------------------------------------------------------------
@admin.register(Inspection)
class InspectionAdmin(AssessmentAdmin):
    """The core's assessment admin (the checklist's rows, totals, raise a hazard from a
    failed row, save and complete), with what is inspected and by whom."""

    checklist_areas = ("safety",)
    # The checklist is a filter rather than a column: the list fits 1400 px.
    list_display = ("target", "kind", "depth", "expert_badge",
                    *(name for name in AssessmentAdmin.list_display if name != "template"),
                    "hazards")
    list_select_related = ("enterprise", "project", "village", "community")
    list_filter = ("kind", "depth", *AssessmentAdmin.list_filter)
    search_fields = ("enterprise__name", "project__name", "site", "assessors")
    autocomplete_fields = ("enterprise", "inspectors")
    # The inspectors are people of the register (``inspectors``), not typed names.
    exclude = ("assessors",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            is_expert=selectors.EXPERT_ON_IT,
            hazard_count=subquery_count(Hazard, fk="inspection"))

    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.target_display

    @admin.display(description=_("expert inspection"), ordering="is_expert", empty_value="")
    def expert_badge(self, obj):
        return display.flag(obj.is_expert, _("expert"), display.INFO)

    @admin.display(description=_("hazards found"), ordering="hazard_count")
    def hazards(self, obj):
        return obj.hazard_count


# -- enforcement and traffic ---------------------------------------------------------------
@admin.register(EnforcementCase)
class EnforcementCaseAdmin(TrackedModelAdmin):
    selector = staticmethod(selectors.enforcement_case_list)
    list_display = ("date", "kind", "target", "violation", "measure", "fine_yuan", "is_closed",
                    "closed_on")
    list_filter = ("kind", "measure", "is_closed")
    search_fields = ("violation", "enterprise__name", "site")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "date"

    @admin.display(description=_("target"))
    def target(self, obj):
        return obj.target_display


class PlaceAdmin(TrackedModelAdmin):
    date_hierarchy = "date"

    @admin.display(description=_("place"))
    def place(self, obj):
        return obj.place_display


@admin.register(TrafficPublicityEvent)
class TrafficPublicityEventAdmin(PlaceAdmin):
    selector = staticmethod(selectors.traffic_event_list)
    list_display = ("date", "title", "place", "audience_count")
    search_fields = ("title", "site")


@admin.register(TrafficPersuasion)
class TrafficPersuasionAdmin(PlaceAdmin):
    selector = staticmethod(selectors.traffic_persuasion_list)
    list_display = ("date", "setting", "place", "event", "count", "note")
    list_filter = ("setting",)
    search_fields = ("site", "note")


@admin.register(TrafficFacilityWork)
class TrafficFacilityWorkAdmin(PlaceAdmin):
    selector = staticmethod(selectors.traffic_facility_work_list)
    list_display = ("date", "kind", "place", "quantity", "cost_yuan", "note")
    list_filter = ("kind",)
    search_fields = ("site", "note")

"""Serializers of the resettlement app: explicit fields, brief related objects, computed
values read-only (from the annotations of ``resettlement.selectors``). Personal fields (ID
numbers, phones, residents' names) are masked by the base serializer for whoever lacks the
model's personal-data permission."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from cuizhai.core.base.api.closed_loop import CLOSED_LOOP_FIELDS, ClosedLoopItemSerializer
from cuizhai.core.base.api.fields import BriefRelatedField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.summary import LinkField, summary_serializer
from cuizhai.core.base.export.columns import DECIMAL, Read
from cuizhai.core.models import Community, Person, Village
from projects import selectors as project_selectors
from resettlement import selectors
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
from resettlement.models.land import mu_to_square_metres, square_metres_sql

TRACKED_FIELDS = ("created_at", "updated_at", "version")


def count(label):
    return serializers.IntegerField(read_only=True, label=label)


def reason_field(help_text):
    return serializers.CharField(write_only=True, required=False, allow_blank=True,
                                 label=_("reason for the change"), help_text=help_text)


def community_field(**kwargs):
    if not kwargs.get("read_only"):
        kwargs["queryset"] = Community.objects.all()
    return BriefRelatedField(label=_("community"), **kwargs)


def relocated_village_field(**kwargs):
    return BriefRelatedField(queryset=Village.objects.filter(is_relocated=True),
                             brief_fields=("code",), label=_("village"), **kwargs)


class BuildingSerializer(TrackedModelSerializer):
    community = community_field()
    unit_count = count(_("units recorded"))
    selected_count = count(_("units selected"))
    handed_over_count = count(_("units handed over"))

    class Meta:
        model = Building
        fields = ("id", "community", "number", "floors", "units_planned", "unit_count",
                  "selected_count", "handed_over_count", *TRACKED_FIELDS)


class ServiceCentreSerializer(TrackedModelSerializer):
    community = community_field()

    class Meta:
        model = ServiceCentre
        fields = ("id", "community", "name", "floor_area", "completed_on", *TRACKED_FIELDS)


class CommunityScenarioSerializer(TrackedModelSerializer):
    community = community_field()

    class Meta:
        model = CommunityScenario
        fields = ("id", "community", "scenario", "state", "note", *TRACKED_FIELDS)


class SourceVillageSerializer(TrackedModelSerializer):
    """A relocated village with the figures counted from its households (read-only: the
    village itself is the core's register)."""

    resettled_in = community_field(read_only=True)
    household_count = count(_("households"))
    resident_count = count(_("residents"))
    eligible_household_count = count(_("households eligible to select"))
    selected_household_count = count(_("households that selected"))

    class Meta:
        model = Village
        fields = ("id", "name", "code", "resettled_in", "household_count", "resident_count",
                  "eligible_household_count", "selected_household_count")
        read_only_fields = fields


class HouseholdSerializer(TrackedModelSerializer):
    village = relocated_village_field()
    cadre = BriefRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                              label=_("responsible cadre"))
    member_count = count(_("residents"))
    selected_units = count(_("units selected"))
    reason = reason_field(_("Recorded in the history; required when the system administrator "
                            "moves a household back in its life cycle."))

    class Meta:
        model = Household
        fields = ("id", "code", "village", "head_name", "head_id_number", "head_phone",
                  "entitled_area", "split_status", "split_note", "status", "contract_date",
                  "vacated_date", "demolished_date", "cadre", "note", "member_count",
                  "selected_units", "reason", *TRACKED_FIELDS)


class HouseholdMemberSerializer(TrackedModelSerializer):
    household = BriefRelatedField(queryset=Household.objects.all(), label=_("household"))

    class Meta:
        model = HouseholdMember
        fields = ("id", "household", "name", "relation", "id_number", *TRACKED_FIELDS)


class HousingUnitSerializer(TrackedModelSerializer):
    building = BriefRelatedField(queryset=Building.objects.all(), label=_("building"))
    community = community_field(read_only=True, source="building.community")
    household = BriefRelatedField(read_only=True, source="selection.household",
                                  label=_("household"))

    class Meta:
        model = HousingUnit
        fields = ("id", "building", "community", "entrance", "floor", "room", "area",
                  "layout", "status", "household", *TRACKED_FIELDS)
        read_only_fields = ("status",)


class TakeBackSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[("selected", _("Selected")), ("available", _("Available"))],
        label=_("status"), help_text=_("The status the unit goes back to."))
    reason = serializers.CharField(label=_("reason for the change"),
                                   help_text=_("Kept in the history."))


class SelectionSerializer(TrackedModelSerializer):
    household = BriefRelatedField(queryset=Household.objects.all(), label=_("household"))
    unit = BriefRelatedField(queryset=HousingUnit.objects.all(), label=_("housing unit"))

    class Meta:
        model = Selection
        fields = ("id", "household", "unit", "selected_on", "order_number", *TRACKED_FIELDS)


class HandoverSerializer(TrackedModelSerializer):
    unit = BriefRelatedField(queryset=HousingUnit.objects.all(), label=_("housing unit"))
    acceptance = serializers.SerializerMethodField(label=_("signed acceptance"))
    # A file's download link is no spreadsheet cell: the exports leave it out.
    export_reads = {"acceptance": None}

    class Meta:
        model = Handover
        fields = ("id", "unit", "handed_over_on", "keys_handed", "water_reading",
                  "electricity_reading", "gas_reading", "acceptance", "note", *TRACKED_FIELDS)

    def get_acceptance(self, obj) -> str | None:
        """The protected download of the signed acceptance form (null when none is kept);
        it answers only those who may see it."""
        if not obj.acceptance:
            return None
        return reverse("resettlement-api:handover-acceptance", args=[obj.pk],
                       request=self.context.get("request"))


class HandoverBatchSerializer(serializers.Serializer):
    """A batch handover: every selected unit of ``building``, or each of ``units``."""

    building = serializers.PrimaryKeyRelatedField(
        queryset=Building.objects.all(), required=False, allow_null=True, label=_("building"))
    units = serializers.PrimaryKeyRelatedField(
        queryset=HousingUnit.objects.all(), many=True, required=False, label=_("housing units"))
    handed_over_on = serializers.DateField(label=_("handed over on"))
    keys_handed = serializers.IntegerField(min_value=0, max_value=32767, default=2,
                                           label=_("keys handed"))
    note = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                 label=_("note"))

    def validate(self, attrs):
        if bool(attrs.get("building")) == bool(attrs.get("units")):
            raise serializers.ValidationError({"units": [
                _("Name either a building or a list of units.")]})
        return attrs


class RepairRequestSerializer(ClosedLoopItemSerializer):
    unit = BriefRelatedField(queryset=HousingUnit.objects.all(), label=_("housing unit"))
    community = community_field(read_only=True, source="unit.building.community")

    class Meta(ClosedLoopItemSerializer.Meta):
        model = RepairRequest
        fields = ("id", "unit", "community", "category", "is_repeat", *CLOSED_LOOP_FIELDS,
                  "version")
        read_only_fields = (*ClosedLoopItemSerializer.Meta.read_only_fields, "is_repeat")


class HelpLineTicketSerializer(ClosedLoopItemSerializer):
    helper = BriefRelatedField(queryset=Person.objects.filter(kind="helper"), required=False,
                               allow_null=True, label=_("helper"))
    community = community_field(required=False, allow_null=True)

    class Meta(ClosedLoopItemSerializer.Meta):
        model = HelpLineTicket
        fields = ("id", "scenario", "helper", "community", *CLOSED_LOOP_FIELDS, "version")


class LandAcquisitionSerializer(TrackedModelSerializer):
    village = BriefRelatedField(queryset=Village.objects.all(), brief_fields=("code",),
                                label=_("village"))
    # Another app's records are read through its selectors.
    project = BriefRelatedField(queryset=project_selectors.project_list(),
                                brief_fields=("code",), required=False, allow_null=True,
                                label=_("project served"))
    area_square_metres = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, label=_("area (m²)"),
        help_text=_("Derived from the area in 亩 (1 亩 = 2000/3 m² ≈ 666.67 m²)."))

    export_reads = {"area_square_metres": Read(("area_mu",), mu_to_square_metres, DECIMAL,
                                               sql=square_metres_sql("area_mu"))}

    class Meta:
        model = LandAcquisition
        fields = ("id", "parcel_code", "village", "area_mu", "area_square_metres",
                  "acquired_on", "purpose", "project", "compensation_budget", *TRACKED_FIELDS)


class MerchantDemolitionSerializer(TrackedModelSerializer):
    class Meta:
        model = MerchantDemolition
        fields = ("id", "street", "merchant_name", "demolished_on", "agreement_signed_on",
                  "compensation", "note", *TRACKED_FIELDS)


# --- the summary ------------------------------------------------------------------------------

class CountFigureSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    link = LinkField()
    caption = serializers.CharField()


class RateFigureSerializer(CountFigureSerializer):
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True,
                                    help_text=_("Percentage; null when nothing is eligible."))


class VillageSelectionSerializer(serializers.Serializer):
    village = serializers.DictField(child=serializers.CharField(), label=_("village"))
    eligible = CountFigureSerializer()
    selected = RateFigureSerializer()


class CommunityHandoversSerializer(serializers.Serializer):
    community = serializers.DictField(child=serializers.CharField(), label=_("community"))
    in_year = CountFigureSerializer()
    cumulative = CountFigureSerializer()


class Hotline12345Serializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    previous_period_value = serializers.DecimalField(max_digits=18, decimal_places=4,
                                                     allow_null=True)
    mom_growth = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                          help_text=_("环比: change from the month before, %."))
    link = LinkField()


class ResettlementSummarySerializer(summary_serializer(selectors.RESETTLEMENT_SUMMARY)):
    selection_by_village = VillageSelectionSerializer(many=True)
    handovers_by_community = CommunityHandoversSerializer(many=True)
    hotline_12345 = Hotline12345Serializer(allow_null=True, help_text=_(
        "The city's 12345 community-management tickets: the latest month of the year and "
        "its 环比."))

"""API of the resettlement app: one viewset per model, every write through
``resettlement.services``; the unit's way back and the batch handover as actions."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cuizhai.core.api.evidence import RecordFileView
from cuizhai.core.base.api.closed_loop import ClosedLoopViewSetMixin
from cuizhai.core.base.api.permissions import ViewPermission
from cuizhai.core.base.api.summary import SummaryView
from cuizhai.core.base.api.viewsets import SelectorViewSet, etag_for
from resettlement import filtersets, selectors, services
from resettlement.api import serializers
from resettlement.models import Handover, Household


class ResettlementViewSet(SelectorViewSet):
    """The rows come from the selector; a record without rules of its own (a building, a
    land parcel…) is written by the core's record services, the others by this app's."""


class BuildingViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.building_list)
    serializer_class = serializers.BuildingSerializer
    filterset_class = filtersets.BuildingFilterSet
    ordering = ("community__name", "number")
    ordering_fields = ("number", "floors", "units_planned", "unit_count", "handed_over_count")


class ServiceCentreViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.service_centre_list)
    serializer_class = serializers.ServiceCentreSerializer
    filterset_class = filtersets.ServiceCentreFilterSet
    ordering = ("community__name",)
    ordering_fields = ("name", "completed_on")


class CommunityScenarioViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.community_scenario_list)
    serializer_class = serializers.CommunityScenarioSerializer
    filterset_class = filtersets.CommunityScenarioFilterSet
    ordering = ("community__name", "scenario")
    ordering_fields = ("scenario", "state")


class SourceVillageViewSet(ResettlementViewSet):
    """The relocated villages (the core's register) with their counted figures: read-only."""

    selector = staticmethod(selectors.source_village_list)
    serializer_class = serializers.SourceVillageSerializer
    filterset_class = filtersets.SourceVillageFilterSet
    http_method_names = ["get", "head", "options"]
    permission_classes = [ViewPermission]  # a write is a 405 for whoever may read
    ordering = ("name",)
    ordering_fields = ("name", "code", "household_count", "resident_count")


class HouseholdViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.household_list)
    serializer_class = serializers.HouseholdSerializer
    filterset_class = filtersets.HouseholdFilterSet
    ordering = ("code",)
    ordering_fields = ("code", "entitled_area", "contract_date", "vacated_date",
                       "demolished_date", "member_count")


class HouseholdMemberViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.household_member_list)
    serializer_class = serializers.HouseholdMemberSerializer
    filterset_class = filtersets.HouseholdMemberFilterSet
    ordering = ("household__code", "id")
    ordering_fields = ("relation",)


class HousingUnitViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.housing_unit_list)
    serializer_class = serializers.HousingUnitSerializer
    filterset_class = filtersets.HousingUnitFilterSet
    ordering = ("building__community__name", "building__number", "entrance", "floor", "room")
    ordering_fields = ("floor", "room", "area", "status")
    action_permissions = {"history": "view", "take_back": "change"}

    @extend_schema(request=serializers.TakeBackSerializer,
                   responses=serializers.HousingUnitSerializer,
                   description=str(_("Move a unit back (handed over → selected, or to "
                                     "available): the system administrator only, with a "
                                     "reason; the handover (and the selection) are removed.")))
    @action(detail=True, methods=["post"], url_path="take-back", url_name="take-back")
    def take_back(self, request, *args, **kwargs):
        unit = self.get_object()
        self.expected_version(request, unit, required=False)
        payload = serializers.TakeBackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        unit = services.housing_unit_take_back(unit=unit, by=request.user,
                                               **payload.validated_data)
        unit = self._reload(unit)
        return Response(self.get_serializer(unit).data, headers={"ETag": etag_for(unit)})


class SelectionViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.selection_list)
    serializer_class = serializers.SelectionSerializer
    filterset_class = filtersets.SelectionFilterSet
    ordering = ("-selected_on", "order_number")
    ordering_fields = ("selected_on", "order_number")


class HandoverAcceptanceView(RecordFileView):
    """The handover's signed acceptance form, downloaded as a checklist's photos are: by the
    resettlement office, the leaders and the system administrator, never the dashboard; the
    form is signed by the household, so its personal-data permission is needed too."""

    queryset = Handover.objects.all()
    file_field = "acceptance"
    personal_model = Household


class HandoverViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.handover_list)
    serializer_class = serializers.HandoverSerializer
    filterset_class = filtersets.HandoverFilterSet
    ordering = ("-handed_over_on", "-id")
    ordering_fields = ("handed_over_on",)
    action_permissions = {"history": "view", "batch": "add"}

    @extend_schema(request=serializers.HandoverBatchSerializer,
                   responses=serializers.HandoverSerializer(many=True),
                   description=str(_("Hand over every selected unit of a building, or each "
                                     "unit of a list, in one action: all of them or none.")))
    @action(detail=False, methods=["post"])
    def batch(self, request, *args, **kwargs):
        payload = serializers.HandoverBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        handovers = services.handover_batch(by=request.user, **payload.validated_data)
        rows = self.get_queryset().filter(pk__in=[h.pk for h in handovers])
        return Response(self.get_serializer(rows, many=True).data,
                        status=status.HTTP_201_CREATED)


class RepairRequestViewSet(ClosedLoopViewSetMixin, ResettlementViewSet):
    selector = staticmethod(selectors.repair_request_list)
    serializer_class = serializers.RepairRequestSerializer
    filterset_class = filtersets.RepairRequestFilterSet


class HelpLineTicketViewSet(ClosedLoopViewSetMixin, ResettlementViewSet):
    selector = staticmethod(selectors.help_line_ticket_list)
    serializer_class = serializers.HelpLineTicketSerializer
    filterset_class = filtersets.HelpLineTicketFilterSet


class LandAcquisitionViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.land_acquisition_list)
    serializer_class = serializers.LandAcquisitionSerializer
    filterset_class = filtersets.LandAcquisitionFilterSet
    ordering = ("-acquired_on", "parcel_code")
    ordering_fields = ("parcel_code", "acquired_on", "area_mu", "compensation_budget")


class MerchantDemolitionViewSet(ResettlementViewSet):
    selector = staticmethod(selectors.merchant_demolition_list)
    serializer_class = serializers.MerchantDemolitionSerializer
    filterset_class = filtersets.MerchantDemolitionFilterSet
    ordering = ("-demolished_on", "merchant_name")
    ordering_fields = ("demolished_on", "merchant_name", "compensation")


# --- the summary ------------------------------------------------------------------------------

class ResettlementSummaryView(SummaryView):
    """The year's resettlement figures (``selectors.RESETTLEMENT_SUMMARY``), with the
    selection rate per village, the handovers per community and the 12345 indicator's 环比
    (the median days to close a repair request is a measure of ``repairs.closed``)."""

    queryset = Household.objects.none()  # reading needs view permission on households
    summary = selectors.RESETTLEMENT_SUMMARY
    serializer_class = serializers.ResettlementSummarySerializer

    def figures(self, period):
        figures = super().figures(period)
        year = period.end.year
        villages = selectors.village_selection(period)
        figures["selection_by_village"] = [
            {"village": {"id": pk, "display": row["eligible"]["caption"]}, **row}
            for pk, row in villages.items()
        ]
        communities = selectors.community_handovers(period)
        figures["handovers_by_community"] = [
            {"community": {"id": pk, "display": row["cumulative"]["caption"]}, **row}
            for pk, row in communities.items()
        ]
        value = selectors.hotline_12345(period)
        figures["hotline_12345"] = None if value is None else {
            "year": value.year, "month": value.month, "value": value.value,
            "previous_period_value": value.previous_period_value,
            "mom_growth": value.mom_growth,
            "link": f"{reverse('core-api:indicatorvalue-list')}?" + urlencode(
                {"indicator": selectors.HOTLINE_12345_INDICATOR, "year": year}),
        }
        return figures


class ResettlementSeriesView(SummaryView):
    """The monthly series of resettlement (``selectors.RESETTLEMENT_SERIES``): units handed
    over, repair requests and help-line tickets, each month with its link."""

    queryset = Household.objects.none()
    summary = selectors.RESETTLEMENT_SERIES

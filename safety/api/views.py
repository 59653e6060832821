"""API of the safety app: one viewset per model, writes through ``safety.services``, and
the summary the dashboards read."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from cuizhai.core.base.api.assessments import AssessmentViewSetMixin
from cuizhai.core.base.api.closed_loop import ClosedLoopViewSetMixin
from cuizhai.core.base.api.export import export_list
from cuizhai.core.base.api.summary import SummaryView
from cuizhai.core.base.api.viewsets import SelectorViewSet, TrackedModelViewSet
from cuizhai.core.base.export import XLSX, XLSX_MEDIA_TYPE
from safety import filtersets, selectors
from safety.api import serializers
from safety.ledger import LEDGER
from safety.models import Hazard, Inspection


class InspectionViewSet(AssessmentViewSetMixin, TrackedModelViewSet):
    # Not a SelectorViewSet: the checklist totals look up a content type, which must not
    # happen when the class is read at start-up (routes, schema).
    queryset = Inspection.objects.all()
    serializer_class = serializers.InspectionSerializer
    filterset_class = filtersets.InspectionFilterSet
    ordering = ("-assessed_on", "-pk")
    ordering_fields = ("assessed_on", "kind", "failed_count", "hazard_count")

    def get_queryset(self):
        return selectors.inspection_list()


class HazardViewSet(ClosedLoopViewSetMixin, SelectorViewSet):
    selector = staticmethod(selectors.hazard_list)
    serializer_class = serializers.HazardSerializer
    filterset_class = filtersets.HazardFilterSet

    @extend_schema(responses={(200, XLSX_MEDIA_TYPE): OpenApiTypes.BINARY})
    @action(detail=False, methods=["get"], url_path="ledger")
    def ledger(self, request, *args, **kwargs):
        """The safety ledger (安全台账) of the hazards the filters select, as Excel."""
        return export_list(self, XLSX, layout=LEDGER)


class _RecordViewSet(SelectorViewSet):
    """A list of records with no rule beyond their model's, newest first."""

    ordering = ("-date", "-pk")


class EnforcementCaseViewSet(_RecordViewSet):
    selector = staticmethod(selectors.enforcement_case_list)
    serializer_class = serializers.EnforcementCaseSerializer
    filterset_class = filtersets.EnforcementCaseFilterSet
    ordering_fields = ("date", "fine_yuan", "closed_on")


class TrafficPublicityEventViewSet(_RecordViewSet):
    selector = staticmethod(selectors.traffic_event_list)
    serializer_class = serializers.TrafficPublicityEventSerializer
    filterset_class = filtersets.TrafficPublicityEventFilterSet
    ordering_fields = ("date", "audience_count")


class TrafficPersuasionViewSet(_RecordViewSet):
    selector = staticmethod(selectors.traffic_persuasion_list)
    serializer_class = serializers.TrafficPersuasionSerializer
    filterset_class = filtersets.TrafficPersuasionFilterSet
    ordering_fields = ("date", "count")


class TrafficFacilityWorkViewSet(_RecordViewSet):
    selector = staticmethod(selectors.traffic_facility_work_list)
    serializer_class = serializers.TrafficFacilityWorkSerializer
    filterset_class = filtersets.TrafficFacilityWorkFilterSet
    ordering_fields = ("date", "quantity", "cost_yuan")


# --- the summary ------------------------------------------------------------------------------
class SafetySummaryView(SummaryView):
    """The year's safety figures (declared in ``selectors.SAFETY_SUMMARY``) and the road
    deaths with their 同比."""

    # Reading the summary needs view permission on hazards.
    queryset = Hazard.objects.none()
    serializer_class = serializers.SafetySummarySerializer

    def figures(self, period):
        figures = selectors.safety_summary(period)
        year = period.end.year
        deaths = figures["road_deaths"]
        if deaths is not None:
            link = reverse("core-api:indicatorvalue-list")
            figures["road_deaths"] = {
                "year": deaths.year, "month": deaths.month, "value": deaths.value,
                "same_period_last_year": deaths.same_period_last_year,
                "yoy_growth": deaths.yoy_growth,
                "link": f"{link}?{urlencode({'indicator': selectors.ROAD_DEATHS, 'year': year})}",
            }
        return figures


class SafetySeriesView(SummaryView):
    """The monthly series of safety (``selectors.SAFETY_SERIES``): hazards found and
    rectified, inspections, each month with its link."""

    queryset = Hazard.objects.none()
    summary = selectors.SAFETY_SERIES

from cuizhai.core import filtersets, selectors
from cuizhai.core.api import serializers
from cuizhai.core.base.api.viewsets import TrackedModelViewSet
from cuizhai.core.models import CampaignOutput, Indicator


class DepartmentViewSet(TrackedModelViewSet):
    queryset = selectors.department_list()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    ordering_fields = ("name", "code")


class CommunityViewSet(TrackedModelViewSet):
    queryset = selectors.community_list()
    serializer_class = serializers.CommunitySerializer
    filterset_class = filtersets.CommunityFilterSet
    ordering_fields = ("name", "kind")


class VillageViewSet(TrackedModelViewSet):
    queryset = selectors.village_list()
    serializer_class = serializers.VillageSerializer
    filterset_class = filtersets.VillageFilterSet
    ordering_fields = ("name", "code")


class IndicatorViewSet(TrackedModelViewSet):
    queryset = Indicator.objects.all()
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    ordering_fields = ("code", "name", "area")


class IndicatorValueViewSet(TrackedModelViewSet):
    queryset = selectors.indicator_value_list()
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filtersets.IndicatorValueFilterSet
    ordering_fields = ("year", "month", "value")


class CampaignViewSet(TrackedModelViewSet):
    queryset = selectors.campaign_list()
    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    ordering_fields = ("name", "year", "start_date")


class CampaignOutputViewSet(TrackedModelViewSet):
    queryset = CampaignOutput.objects.select_related("campaign")
    serializer_class = serializers.CampaignOutputSerializer
    filterset_class = filtersets.CampaignOutputFilterSet
    ordering_fields = ("metric", "value")

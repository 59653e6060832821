from cuizhai.core import filtersets, selectors
from cuizhai.core.api import serializers
from cuizhai.core.base.api.viewsets import SelectorViewSet
from cuizhai.core.services import people


class DepartmentViewSet(SelectorViewSet):
    selector = staticmethod(selectors.department_list)
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    ordering_fields = ("name", "code")


class CommunityViewSet(SelectorViewSet):
    selector = staticmethod(selectors.community_list)
    serializer_class = serializers.CommunitySerializer
    filterset_class = filtersets.CommunityFilterSet
    ordering_fields = ("name", "kind")


class VillageViewSet(SelectorViewSet):
    selector = staticmethod(selectors.village_list)
    serializer_class = serializers.VillageSerializer
    filterset_class = filtersets.VillageFilterSet
    ordering_fields = ("name", "code")


class IndicatorViewSet(SelectorViewSet):
    selector = staticmethod(selectors.indicator_list)
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    ordering_fields = ("code", "name", "area")


class IndicatorValueViewSet(SelectorViewSet):
    selector = staticmethod(selectors.indicator_value_list)
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filtersets.IndicatorValueFilterSet
    ordering_fields = ("year", "month", "value")


class CampaignViewSet(SelectorViewSet):
    selector = staticmethod(selectors.campaign_list)
    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    ordering_fields = ("name", "year", "start_date")


class CampaignOutputViewSet(SelectorViewSet):
    selector = staticmethod(selectors.campaign_output_list)
    serializer_class = serializers.CampaignOutputSerializer
    filterset_class = filtersets.CampaignOutputFilterSet
    ordering_fields = ("metric", "value")


class PersonViewSet(SelectorViewSet):
    selector = staticmethod(selectors.person_list)
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ("name", "kind", "birth_year")

    def create_record(self, data):
        return people.person_create(data=data, by=self.request.user)

    def update_record(self, instance, data, *, expected_version):
        return people.person_update(person=instance, data=data,
                                    expected_version=expected_version, by=self.request.user)

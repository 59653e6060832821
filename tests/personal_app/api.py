from cuizhai.core.base.api.closed_loop import (
    CLOSED_LOOP_FIELDS,
    ClosedLoopItemSerializer,
    ClosedLoopViewSetMixin,
)
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.viewsets import TrackedModelViewSet
from cuizhai.core.base.filtersets import ClosedLoopFilterSet, HashedExactFilter, SearchFilterSet
from tests.personal_app.models import SampleCase, SampleResident


class SampleResidentSerializer(TrackedModelSerializer):
    class Meta:
        model = SampleResident
        fields = ("id", "code", "name", "id_number", "mobile", "landline", "address",
                  "circumstances", "version")


class SampleResidentFilterSet(SearchFilterSet):
    search_fields = ("code", "name", "address")
    id_number = HashedExactFilter(field_name="id_number", label="ID number")

    class Meta:
        model = SampleResident
        fields = ["id", "code"]


class SampleResidentViewSet(TrackedModelViewSet):
    queryset = SampleResident.objects.all()
    serializer_class = SampleResidentSerializer
    filterset_class = SampleResidentFilterSet


class SampleCaseSerializer(ClosedLoopItemSerializer):
    class Meta(ClosedLoopItemSerializer.Meta):
        model = SampleCase
        fields = ("id", *CLOSED_LOOP_FIELDS, "phone", "version")


class SampleCaseFilterSet(ClosedLoopFilterSet):
    class Meta:
        model = SampleCase
        fields = ["id"]


class SampleCaseViewSet(ClosedLoopViewSetMixin, TrackedModelViewSet):
    queryset = SampleCase.objects.select_related(
        "assignee", "handling_department", "reported_by", "resolved_by", "verified_by"
    )
    serializer_class = SampleCaseSerializer
    filterset_class = SampleCaseFilterSet

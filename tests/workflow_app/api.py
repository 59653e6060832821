from cuizhai.core.base.api.closed_loop import (
    CLOSED_LOOP_FIELDS,
    ClosedLoopItemSerializer,
    ClosedLoopViewSetMixin,
)
from cuizhai.core.base.api.viewsets import TrackedModelViewSet
from cuizhai.core.base.filtersets import ClosedLoopFilterSet
from tests.workflow_app.models import SampleTicket


class SampleTicketSerializer(ClosedLoopItemSerializer):
    class Meta(ClosedLoopItemSerializer.Meta):
        model = SampleTicket
        fields = ("id", *CLOSED_LOOP_FIELDS, "location", "kind", "version")


class SampleTicketFilterSet(ClosedLoopFilterSet):
    search_fields = ("title",)

    class Meta:
        model = SampleTicket
        fields = ["id"]


class SampleTicketViewSet(ClosedLoopViewSetMixin, TrackedModelViewSet):
    queryset = SampleTicket.objects.select_related(
        "assignee", "handling_department", "reported_by", "resolved_by", "verified_by"
    )
    serializer_class = SampleTicketSerializer
    filterset_class = SampleTicketFilterSet

import django_filters

from cuizhai.api.filtersets import SearchFilterSet
from cuizhai.api.viewsets import TrackedModelViewSet
from cuizhai.api.workflow import (
    CLOSED_LOOP_FIELDS,
    ClosedLoopItemSerializer,
    ClosedLoopViewSetMixin,
)
from cuizhai.core.choices import Timeliness, WorkflowStatus
from tests.workflow_app.models import SampleTicket


class SampleTicketSerializer(ClosedLoopItemSerializer):
    class Meta(ClosedLoopItemSerializer.Meta):
        model = SampleTicket
        fields = ("id", *CLOSED_LOOP_FIELDS, "location", "version")


class SampleTicketFilterSet(SearchFilterSet):
    search_fields = ("title",)
    status = django_filters.MultipleChoiceFilter(choices=WorkflowStatus.choices)
    timeliness = django_filters.ChoiceFilter(choices=Timeliness.choices)

    class Meta:
        model = SampleTicket
        fields = ["id"]


class SampleTicketViewSet(ClosedLoopViewSetMixin, TrackedModelViewSet):
    queryset = SampleTicket.objects.select_related(
        "assignee", "handling_department", "reported_by", "resolved_by", "verified_by"
    )
    serializer_class = SampleTicketSerializer
    filterset_class = SampleTicketFilterSet

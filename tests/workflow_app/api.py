from cuizhai.core.base.api.assessments import (
    ASSESSMENT_FIELDS,
    AssessmentSerializer,
    AssessmentViewSetMixin,
)
from cuizhai.core.base.api.closed_loop import (
    CLOSED_LOOP_FIELDS,
    ClosedLoopItemSerializer,
    ClosedLoopViewSetMixin,
)
from cuizhai.core.base.api.viewsets import TrackedModelViewSet
from cuizhai.core.base.filtersets import ClosedLoopFilterSet
from cuizhai.core.base.selectors import with_assessment_scores
from tests.workflow_app.models import SampleInspection, SampleTicket


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


class SampleInspectionSerializer(AssessmentSerializer):
    class Meta(AssessmentSerializer.Meta):
        model = SampleInspection
        fields = ("id", "site", "contact_phone", *ASSESSMENT_FIELDS, "version")


class SampleInspectionViewSet(AssessmentViewSetMixin, TrackedModelViewSet):
    serializer_class = SampleInspectionSerializer

    def get_queryset(self):
        return with_assessment_scores(
            SampleInspection.objects.select_related("template", "completed_by")
            .prefetch_related("results__criterion", "results__photos")
        )

    queryset = SampleInspection.objects.all()

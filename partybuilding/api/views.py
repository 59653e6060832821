"""API of the party-building app: one viewset per model, writes through
``partybuilding.services``."""

import datetime

from rest_framework import mixins, viewsets

from cuizhai.core.base.api.assessments import AssessmentViewSetMixin
from cuizhai.core.base.api.closed_loop import ClosedLoopViewSetMixin
from cuizhai.core.base.api.summary import SummaryView
from cuizhai.core.base.api.viewsets import (
    ExportableListMixin,
    SelectorViewSet,
    TrackedModelViewSet,
)
from partybuilding import filtersets, selectors
from partybuilding.api import serializers as s
from partybuilding.models import TrainingSession, VillageEvaluation


class PartyOrganisationViewSet(SelectorViewSet):
    selector = staticmethod(selectors.organisation_list)
    serializer_class = s.PartyOrganisationSerializer
    filterset_class = filtersets.PartyOrganisationFilterSet
    ordering = ("kind", "name")
    ordering_fields = ("name", "kind", "cadre_count")


class ElectionViewSet(SelectorViewSet):
    selector = staticmethod(selectors.election_list)
    serializer_class = s.ElectionSerializer
    filterset_class = filtersets.ElectionFilterSet
    ordering = ("-held_on", "-pk")
    ordering_fields = ("held_on", "members_elected")


class CadreProfileViewSet(SelectorViewSet):
    selector = staticmethod(selectors.cadre_list)
    serializer_class = s.CadreProfileSerializer
    filterset_class = filtersets.CadreProfileFilterSet
    ordering = ("person__name", "pk")
    ordering_fields = ("reserve_since", "placement_count")


class PlacementViewSet(SelectorViewSet):
    selector = staticmethod(selectors.placement_list)
    serializer_class = s.PlacementSerializer
    filterset_class = filtersets.PlacementFilterSet
    ordering = ("-start_date", "-pk")
    ordering_fields = ("start_date", "end_date")


class TrainingSessionViewSet(SelectorViewSet):
    selector = staticmethod(selectors.training_session_list)
    serializer_class = s.TrainingSessionSerializer
    filterset_class = filtersets.TrainingSessionFilterSet
    ordering = ("-held_on", "-pk")
    ordering_fields = ("held_on", "hours", "head_count", "title")


class AttendanceViewSet(SelectorViewSet):
    selector = staticmethod(selectors.attendance_list)
    serializer_class = s.AttendanceSerializer
    filterset_class = filtersets.AttendanceFilterSet
    ordering = ("session", "person__name", "pk")
    ordering_fields = ("hours",)


class TrainingQuotaViewSet(SelectorViewSet):
    selector = staticmethod(selectors.training_quota_list)
    serializer_class = s.TrainingQuotaSerializer
    filterset_class = filtersets.TrainingQuotaFilterSet
    ordering = ("-year", "person_kind")
    ordering_fields = ("year", "hours")


class TrainingHoursViewSet(ExportableListMixin, mixins.ListModelMixin,
                           viewsets.GenericViewSet):
    """Each person's training hours in a year against their kind's quota (read only):
    ``?below_quota=true`` lists those who lack hours, with how many."""

    serializer_class = s.TrainingHoursSerializer
    filterset_class = filtersets.TrainingHoursFilterSet
    queryset = selectors.training_hours(2000)  # the model, for permissions and the schema
    ordering = ("name", "id")
    ordering_fields = ("name", "hours", "hours_lacking")

    def get_queryset(self):
        # This year's hours; the ``year`` filter counts another year's instead.
        return selectors.training_hours(datetime.date.today().year)


class VillageEvaluationViewSet(AssessmentViewSetMixin, TrackedModelViewSet):
    # Not a SelectorViewSet: the scores' content type is looked up when the list is built,
    # which the router must not do at import.
    queryset = VillageEvaluation.objects.all()
    serializer_class = s.VillageEvaluationSerializer
    filterset_class = filtersets.VillageEvaluationFilterSet
    ordering = ("-assessed_on", "-pk")
    ordering_fields = ("assessed_on", "year", "total_score", "problem_count")

    def get_queryset(self):
        return selectors.evaluation_list()


class EvaluationProblemViewSet(ClosedLoopViewSetMixin, SelectorViewSet):
    selector = staticmethod(selectors.evaluation_problem_list)
    serializer_class = s.EvaluationProblemSerializer
    filterset_class = filtersets.EvaluationProblemFilterSet


class CollectiveAssetProblemViewSet(ClosedLoopViewSetMixin, SelectorViewSet):
    selector = staticmethod(selectors.collective_asset_problem_list)
    serializer_class = s.CollectiveAssetProblemSerializer
    filterset_class = filtersets.CollectiveAssetProblemFilterSet
    ordering_fields = (*ClosedLoopViewSetMixin.ordering_fields, "amount_yuan")


class PartybuildingSummaryView(SummaryView):
    """The year's figures of party building (declared in
    ``selectors.PARTYBUILDING_SUMMARY``), each with the link of the list behind it."""

    # Reading the summary needs view permission on party building's records.
    queryset = TrainingSession.objects.none()
    summary = selectors.PARTYBUILDING_SUMMARY
    serializer_class = s.PartybuildingSummarySerializer


class PartybuildingSeriesView(SummaryView):
    """The monthly series of party building (``selectors.PARTYBUILDING_SERIES``): training
    sessions with their person-times and hours, each month with its link."""

    queryset = TrainingSession.objects.none()
    summary = selectors.PARTYBUILDING_SERIES

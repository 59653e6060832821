from django.urls import path
from rest_framework.routers import DefaultRouter

from partybuilding.api import views

app_name = "partybuilding-api"

router = DefaultRouter()
router.register("organisations", views.PartyOrganisationViewSet, basename="partyorganisation")
router.register("elections", views.ElectionViewSet, basename="election")
router.register("cadres", views.CadreProfileViewSet, basename="cadreprofile")
router.register("placements", views.PlacementViewSet, basename="placement")
router.register("training-sessions", views.TrainingSessionViewSet, basename="trainingsession")
router.register("attendances", views.AttendanceViewSet, basename="attendance")
router.register("training-quotas", views.TrainingQuotaViewSet, basename="trainingquota")
router.register("training-hours", views.TrainingHoursViewSet, basename="traininghours")
router.register("village-evaluations", views.VillageEvaluationViewSet,
                basename="villageevaluation")
router.register("evaluation-problems", views.EvaluationProblemViewSet,
                basename="evaluationproblem")
router.register("collective-asset-problems", views.CollectiveAssetProblemViewSet,
                basename="collectiveassetproblem")

urlpatterns = [
    path("summary/", views.PartybuildingSummaryView.as_view(), name="summary"),
    path("series/", views.PartybuildingSeriesView.as_view(), name="series"),
    *router.urls,
]

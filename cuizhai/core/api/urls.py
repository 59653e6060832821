from django.urls import path
from rest_framework.routers import DefaultRouter

from cuizhai.core.api import views
from cuizhai.core.api.evidence import EvidenceDownloadView

app_name = "core-api"

router = DefaultRouter()
router.register("departments", views.DepartmentViewSet)
router.register("communities", views.CommunityViewSet)
router.register("villages", views.VillageViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("indicator-values", views.IndicatorValueViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("campaign-outputs", views.CampaignOutputViewSet)
router.register("people", views.PersonViewSet)

urlpatterns = [
    *router.urls,
    path("evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence-download"),
]

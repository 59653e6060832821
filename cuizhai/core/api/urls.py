from django.urls import path
from rest_framework.routers import DefaultRouter

from cuizhai.core.api import views
from cuizhai.core.api.board import SupervisionItemViewSet
from cuizhai.core.api.evidence import (
    CriterionPhotoDownloadView,
    CriterionPhotoThumbnailView,
    EvidenceDownloadView,
    EvidenceThumbnailView,
)

app_name = "core-api"

router = DefaultRouter()
router.register("departments", views.DepartmentViewSet)
router.register("communities", views.CommunityViewSet)
router.register("villages", views.VillageViewSet)
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("indicators", views.IndicatorViewSet)
router.register("indicator-values", views.IndicatorValueViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("campaign-outputs", views.CampaignOutputViewSet)
router.register("items", SupervisionItemViewSet, basename="supervision-item")
router.register("checklist-templates", views.ChecklistTemplateViewSet)
router.register("checklist-criteria", views.ChecklistCriterionViewSet)
router.register("people", views.PersonViewSet)

urlpatterns = [
    *router.urls,
    path("evidence/<int:pk>/", EvidenceDownloadView.as_view(), name="evidence-download"),
    path("evidence/<int:pk>/thumbnail/", EvidenceThumbnailView.as_view(),
         name="evidence-thumbnail"),
    path("checklist-photos/<int:pk>/", CriterionPhotoDownloadView.as_view(),
         name="criterion-photo-download"),
    path("checklist-photos/<int:pk>/thumbnail/", CriterionPhotoThumbnailView.as_view(),
         name="criterion-photo-thumbnail"),
]

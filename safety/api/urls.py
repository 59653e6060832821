from django.urls import path
from rest_framework.routers import DefaultRouter

from safety.api import views

app_name = "safety-api"

router = DefaultRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("hazards", views.HazardViewSet, basename="hazard")
router.register("enforcement-cases", views.EnforcementCaseViewSet, basename="enforcementcase")
router.register("traffic-events", views.TrafficPublicityEventViewSet,
                basename="trafficpublicityevent")
router.register("traffic-persuasions", views.TrafficPersuasionViewSet,
                basename="trafficpersuasion")
router.register("traffic-facilities", views.TrafficFacilityWorkViewSet,
                basename="trafficfacilitywork")

urlpatterns = [
    path("summary/", views.SafetySummaryView.as_view(), name="summary"),
    path("series/", views.SafetySeriesView.as_view(), name="series"),
    *router.urls,
]

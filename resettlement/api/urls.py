from django.urls import path
from rest_framework.routers import DefaultRouter

from resettlement.api import views

app_name = "resettlement-api"

router = DefaultRouter()
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("service-centres", views.ServiceCentreViewSet, basename="servicecentre")
router.register("community-scenarios", views.CommunityScenarioViewSet,
                basename="communityscenario")
router.register("source-villages", views.SourceVillageViewSet, basename="sourcevillage")
router.register("households", views.HouseholdViewSet, basename="household")
router.register("household-members", views.HouseholdMemberViewSet, basename="householdmember")
router.register("housing-units", views.HousingUnitViewSet, basename="housingunit")
router.register("selections", views.SelectionViewSet, basename="selection")
router.register("handovers", views.HandoverViewSet, basename="handover")
router.register("repair-requests", views.RepairRequestViewSet, basename="repairrequest")
router.register("help-line-tickets", views.HelpLineTicketViewSet, basename="helplineticket")
router.register("land-acquisitions", views.LandAcquisitionViewSet, basename="landacquisition")
router.register("merchant-demolitions", views.MerchantDemolitionViewSet,
                basename="merchantdemolition")

urlpatterns = [
    path("summary/", views.ResettlementSummaryView.as_view(), name="summary"),
    path("series/", views.ResettlementSeriesView.as_view(), name="series"),
    *router.urls,
]

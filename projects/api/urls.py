from django.urls import path
from rest_framework.routers import DefaultRouter

from projects.api import views

app_name = "projects-api"

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("funding", views.FundingLineViewSet, basename="fundingline")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("problems", views.ProjectProblemViewSet, basename="projectproblem")
router.register("progress", views.MonthlyProgressViewSet, basename="monthlyprogress")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("needs", views.EnterpriseNeedViewSet, basename="enterpriseneed")
router.register("support-outcomes", views.SupportOutcomeViewSet, basename="supportoutcome")

urlpatterns = [
    path("summary/", views.ProjectsSummaryView.as_view(), name="summary"),
    *router.urls,
]

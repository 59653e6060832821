from rest_framework.routers import DefaultRouter

from cuizhai.reports.api import views

app_name = "reports-api"
router = DefaultRouter()
router.register("targets", views.TargetViewSet, basename="target")
router.register("headline-templates", views.HeadlineTemplateViewSet,
                basename="headlinetemplate")
router.register("reports", views.ProgressReportViewSet, basename="progressreport")
urlpatterns = router.urls

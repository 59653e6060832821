from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cuizhai.urls import handler400, handler404, handler500  # noqa: F401  (the project's)
from cuizhai.urls import urlpatterns as project_urlpatterns
from tests.personal_app.api import SampleCaseViewSet, SampleResidentViewSet
from tests.workflow_app.api import SampleInspectionViewSet, SampleTicketViewSet

router = DefaultRouter()
router.register("tickets", SampleTicketViewSet)
router.register("inspections", SampleInspectionViewSet)

personal_router = DefaultRouter()
personal_router.register("residents", SampleResidentViewSet)
personal_router.register("cases", SampleCaseViewSet)

urlpatterns = [
    *project_urlpatterns,
    path("api/v1/sample/", include((router.urls, "sample-api"))),
    path("api/v1/sample-personal/", include((personal_router.urls, "personal-api"))),
]

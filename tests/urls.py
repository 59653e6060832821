from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cuizhai.urls import handler400, handler404, handler500  # noqa: F401  (the project's)
from cuizhai.urls import urlpatterns as project_urlpatterns
from tests.workflow_app.api import SampleTicketViewSet

router = DefaultRouter()
router.register("tickets", SampleTicketViewSet)

urlpatterns = [
    *project_urlpatterns,
    path("api/v1/sample/", include((router.urls, "sample-api"))),
]

from rest_framework.routers import DefaultRouter

from tests.workflow_app.api import SampleTicketViewSet

app_name = "workflow_app-api"

router = DefaultRouter()
router.register("tickets", SampleTicketViewSet)

urlpatterns = router.urls

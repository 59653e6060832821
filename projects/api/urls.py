from rest_framework.routers import DefaultRouter

app_name = "projects-api"

router = DefaultRouter()

urlpatterns = router.urls

from django.urls import path

from cuizhai.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="page"),
    path("wall/", views.dashboard, {"wall": True}, name="wall"),
    path("login/", views.DashboardLoginView.as_view(), name="login"),
]

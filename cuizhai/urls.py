from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cuizhai.core.base.api.root import api_urlpatterns
from cuizhai.core.board_admin import supervision_ledger

admin.site.site_header = _("Cuizhai Works")
admin.site.site_title = _("Cuizhai Works")
admin.site.index_title = _("Key work of Cuizhai subdistrict")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


handler400 = "cuizhai.core.base.api.errors.bad_request"
handler404 = "cuizhai.core.base.api.errors.page_not_found"
handler500 = "cuizhai.core.base.api.errors.server_error"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/supervision/", admin.site.admin_view(supervision_ledger),
         name="supervision-ledger"),
    path("admin/", admin.site.urls),
    path("dashboard/", include("cuizhai.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Each app's API at /api/v1/<app label>/, as its AppConfig declares; the root lists them.
    path("api/v1/", include(api_urlpatterns())),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
]

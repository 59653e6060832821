from django.urls import NoReverseMatch, include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from cuizhai.core.base.apps import business_apps


def api_namespace(config):
    return f"{config.label}-api"


def api_apps():
    """The installed apps that declare an API (``BusinessAppConfig.api_urls``)."""
    return [config for config in business_apps() if config.api_urls]


def api_urlpatterns():
    """``/api/v1/`` itself: the root, then ``<label>/`` for each app with an API."""
    return [
        path("", APIRootView.as_view(), name="api-root"),
        *[
            path(f"{config.label}/", include(config.api_urls, namespace=api_namespace(config)))
            for config in api_apps()
        ],
    ]


class APIRootView(APIView):
    """Index of the API: one entry per app, each listing its resources."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, format=None):
        index = {}
        for config in api_apps():
            try:
                index[config.label] = reverse(f"{api_namespace(config)}:api-root",
                                              request=request)
            except NoReverseMatch:
                continue
        return Response(index)

from django.urls import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# Namespace of each app's API → the path segment under /api/v1/.
API_APPS = {}


def register_api(segment, namespace):
    API_APPS[segment] = namespace


class APIRootView(APIView):
    """Index of the API: one entry per app, each listing its resources."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, format=None):
        index = {}
        for segment, namespace in API_APPS.items():
            try:
                index[segment] = reverse(f"{namespace}:api-root", request=request)
            except NoReverseMatch:
                continue
        return Response(index)

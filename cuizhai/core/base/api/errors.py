"""The site's answer to an unexpected error: JSON for API clients, the admin's page else."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    # A dashboard parses every answer as JSON: an HTML error page would be a second failure.
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("The server could not answer this request. The error has been "
                         "logged; please try again later.")},
            status=500,
        )
    return defaults.server_error(request, template_name)

"""The site's answers to errors raised outside the API's views (an unknown URL, a request
Django refuses before any view runs, an unexpected error): JSON for API clients — the
``Error`` shape of the schema — and the admin's pages else."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    # E.g. more query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS, refused by Django.
    if _api(request):
        return JsonResponse({"detail": _("The request could not be read.")}, status=400)
    return defaults.bad_request(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    # A dashboard parses every answer as JSON: an HTML error page would be a second failure.
    if _api(request):
        return JsonResponse(
            {"detail": _("The server could not answer this request. The error has been "
                         "logged; please try again later.")},
            status=500,
        )
    return defaults.server_error(request, template_name)

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class OfficeLocaleMiddleware(LocaleMiddleware):
    """Chinese for the office's pages unless someone picked another language.

    Office computers often run an English browser, so for the admin only the explicit
    choice of the language switch (its cookie) counts; the API still honours
    ``Accept-Language`` for its clients.
    """

    negotiated_prefixes = ("/api/",)

    def process_request(self, request):
        if request.path.startswith(self.negotiated_prefixes) or (
            settings.LANGUAGE_COOKIE_NAME in request.COOKIES
        ):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

from django.apps import AppConfig

from cuizhai.core.base.apps import BusinessAppConfig


class PersonalAppConfig(AppConfig):
    """The test-only app as the other tests see it: a plain app that no office owns."""

    name = "tests.personal_app"
    label = "personal_app"


class PersonalOfficeConfig(BusinessAppConfig):
    """The app as an office's app declares itself, kept by the resettlement office (as
    households are): installed in its place by the roles tests."""

    default = False
    name = "tests.personal_app"
    label = "personal_app"
    office_group = "拆迁安置办"
    office_description = "Edits sample residents; views the rest."


def installed_as_office_app():
    """``override_settings`` that installs the test-only app with ``PersonalOfficeConfig``."""
    from django.conf import settings
    from django.test import override_settings

    return override_settings(INSTALLED_APPS=[
        "tests.personal_app.apps.PersonalOfficeConfig" if app == "tests.personal_app" else app
        for app in settings.INSTALLED_APPS
    ])

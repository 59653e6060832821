from cuizhai.core.base.apps import BusinessAppConfig


class SampleOfficeConfig(BusinessAppConfig):
    """The test-only app as an office's app declares itself: installed in its place (with
    ``override_settings``) by the app-registry tests. Not the app's default config, so that
    the other tests see a plain app that no office owns."""

    default = False
    name = "tests.workflow_app"
    label = "workflow_app"
    office_group = "样例办"
    office_description = "Edits sample tickets; views the rest."
    office_lead_group = "样例办负责人"
    api_urls = "tests.workflow_app.api_urls"
    areas = (("sample", "Sample work"),)
    closed_loop_items = {"SampleTicket": "sample"}


def installed_as_office_app():
    """``override_settings`` that installs the test-only app with ``SampleOfficeConfig``."""
    from django.conf import settings
    from django.test import override_settings

    return override_settings(INSTALLED_APPS=[
        "tests.workflow_app.apps.SampleOfficeConfig" if app == "tests.workflow_app" else app
        for app in settings.INSTALLED_APPS
    ])

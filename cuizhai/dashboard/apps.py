from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The leaders' dashboard (看板): a page that reads the API as any dashboard would.

    It has no models and is no business app: it owns no records, only a view of theirs.
    """

    name = "cuizhai.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

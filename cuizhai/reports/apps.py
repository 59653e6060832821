from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import BusinessAppConfig


class ReportsConfig(BusinessAppConfig):
    """Progress reports (工作进展) drawn from the four apps' summaries, and the year's targets.

    No office of its own: every role views reports and targets; the system administrator
    sets the targets and submits reports (see ``cuizhai.reports.permissions``)."""

    name = "cuizhai.reports"
    label = "reports"
    verbose_name = _("Progress reports")
    api_urls = "cuizhai.reports.api.urls"

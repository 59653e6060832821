"""The dashboard page and its wall-screen mode.

The page holds no figure: the browser fetches them from the JSON API (the apps' summary
endpoints and the 督办 board), exactly as a dashboard hosted elsewhere would with a token,
so every figure shown is one the API serves, with its drill-down link.
"""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cuizhai.core import roles
from cuizhai.core.base.apps import closed_loop_kinds
from cuizhai.dashboard.headlines import tile_lines
from cuizhai.dashboard.vendor import ECHARTS
from cuizhai.reports.catalogue import LINES

# The lines of work the report catalogue reads: each has a summary and a series endpoint.
SUMMARY_SOURCES = tuple(line.key for line in LINES)
YEARS_SHOWN = 10


def may_view(user):
    """Staff (the offices, the system administrator), leaders and the dashboard account."""
    return user.is_active and (
        user.is_superuser or user.is_staff
        or user.groups.filter(name__in=[roles.DASHBOARD, roles.LEADERS]).exists()
    )


def _year(request, this_year):
    """The ``year`` asked for, or this year when none (or none that is a year) is given."""
    value = request.GET.get("year", "")
    # ASCII digits only: str.isdigit() also takes "２０２４", which the API refuses.
    if re.fullmatch(r"[0-9]{4}", value) and 2000 <= int(value) <= 2100:
        return int(value)
    return this_year


def _areas():
    """The lines of the 督办 board (the closed-loop kinds' areas), each once, in order."""
    return [{"value": value, "label": str(label)}
            for value, label in {k.area: k.area_label for k in closed_loop_kinds()}.items()]


def _texts():
    """The words the script writes, in the page's language."""
    return {key: str(text) for key, text in {
        "yoy": _("YoY"),
        "noComparison": _("no figure for the same period last year"),
        "loading": _("Loading…"),
        "failed": _("The figures could not be loaded ({status}). Reload the page to try "
                    "again."),
        "updated": _("Updated {time}"),
        "open": _("Open"),
        "onTime": _("On time"),
        "dueSoon": _("Due soon"),
        "overdue": _("Overdue"),
        "inYear": _("Handed over in the year"),
        "cumulative": _("Handed over in all"),
        "hazardsFound": _("Hazards found"),
        "hazardsRectified": _("Hazards rectified"),
        "investment": _("Investment completed (10,000 yuan)"),
        "unitsHandedOver": _("Units handed over"),
        "personTimes": _("Training person-times"),
        "noData": _("No figures for this year"),
    }.items()}


def dashboard(request, wall=False):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
    if not may_view(request.user):
        raise PermissionDenied
    wall = wall or request.GET.get("wall") == "1"
    this_year = timezone.localdate().year
    year = _year(request, this_year)
    config = {
        "year": year,
        "wall": wall,
        "refreshSeconds": settings.CUIZHAI_DASHBOARD_REFRESH_SECONDS if wall else 0,
        "language": get_language(),
        "summaries": {source: reverse(f"{source}-api:summary") for source in SUMMARY_SOURCES},
        "series": {source: reverse(f"{source}-api:series") for source in SUMMARY_SOURCES},
        "counts": reverse("core-api:supervision-item-counts"),
        "indicatorValues": reverse("core-api:indicatorvalue-list"),
        "areas": _areas(),
        "text": _texts(),
    }
    return render(request, "dashboard/dashboard.html", {
        "wall": wall,
        "year": year,
        "years": sorted({*range(this_year, this_year - YEARS_SHOWN, -1), year}, reverse=True),
        "lines": tile_lines(year),
        "areas": config["areas"],
        "config": config,
        "echarts": ECHARTS,
        "title": _("Cuizhai subdistrict key work dashboard"),
    })


class DashboardLoginView(LoginView):
    """The admin's login page, for every account that may view the dashboard (the
    dashboard's own account is not staff, and the admin's login refuses non-staff)."""

    template_name = "admin/login.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": _("Log in to the dashboard"),
            "app_path": self.request.get_full_path(),
        }

    def get_default_redirect_url(self):
        return reverse("dashboard:page")

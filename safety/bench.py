"""The safety app's benchmark cases (``make bench``): its summary; the hazards list (its
largest table), first and deep pages and the open ones; the inspections list; their CSV
exports."""

from django.utils import timezone

from cuizhai.core.base.bench import Case, summary_cases
from projects.bench import api, deep
from safety.models import Hazard

NS = "safety-api"


def cases():
    year = timezone.localdate().year - 1
    hazards_deep = deep(Hazard)
    return [
        *summary_cases(f"safety summary {year}", api("summary", namespace=NS, year=year)),
        Case("hazards list, first 50", api("hazard-list", namespace=NS, limit=50)),
        Case(f"hazards list, 50 at offset {hazards_deep:,}",
             api("hazard-list", namespace=NS, limit=50, offset=hazards_deep)),
        Case("hazards ?is_open=true, first 50",
             api("hazard-list", namespace=NS, is_open="true", limit=50)),
        Case("inspections list, first 50", api("inspection-list", namespace=NS, limit=50)),
        Case("CSV export, all hazards", api("hazard-list", namespace=NS, format="csv"),
             export="csv"),
        Case("CSV export, all inspections", api("inspection-list", namespace=NS, format="csv"),
             export="csv"),
    ]

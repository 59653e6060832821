"""The resettlement app's benchmark cases (``make bench``): its summary; the lists of
households, housing units (its largest table), handovers and repair requests, first and
deep pages; their CSV exports."""

from django.utils import timezone

from cuizhai.core.base.bench import Case, summary_cases
from projects.bench import api, deep
from resettlement.models import HousingUnit

NS = "resettlement-api"


def cases():
    year = timezone.localdate().year - 1
    units_deep = deep(HousingUnit)
    return [
        *summary_cases(f"resettlement summary {year}", api("summary", namespace=NS, year=year)),
        Case("households list, first 50", api("household-list", namespace=NS, limit=50)),
        Case("housing units list, first 50", api("housingunit-list", namespace=NS, limit=50)),
        Case(f"housing units list, 50 at offset {units_deep:,}",
             api("housingunit-list", namespace=NS, limit=50, offset=units_deep)),
        Case("handovers list, first 50", api("handover-list", namespace=NS, limit=50)),
        Case("repair requests list, first 50",
             api("repairrequest-list", namespace=NS, limit=50)),
        Case("CSV export, all households", api("household-list", namespace=NS, format="csv"),
             export="csv"),
        Case("CSV export, all housing units",
             api("housingunit-list", namespace=NS, format="csv"), export="csv"),
        Case("CSV export, all repair requests",
             api("repairrequest-list", namespace=NS, format="csv"), export="csv"),
    ]

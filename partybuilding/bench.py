"""The party building app's benchmark cases (``make bench``): the attendance list (its
largest table), first and deep pages, and its CSV export; the sessions list."""

from django.utils import timezone

from cuizhai.core.base.bench import Case, summary_cases
from partybuilding.models import Attendance
from projects.bench import api, cursor_at, deep

NS = "partybuilding-api"


def cases():
    year = timezone.localdate().year - 1
    attendance_deep = deep(Attendance)
    return [
        *summary_cases(f"party building summary {year}", api("summary", namespace=NS, year=year)),
        Case("attendances list, first 50", api("attendance-list", namespace=NS, limit=50)),
        Case(f"attendances list, 50 at offset {attendance_deep:,}",
             api("attendance-list", namespace=NS, limit=50, offset=attendance_deep)),
        Case(f"attendances list, 50 by cursor after row {attendance_deep:,}",
             api("attendance-list", namespace=NS, limit=50, cursor=cursor_at(
                 Attendance.objects.order_by("session", "person__name", "pk"),
                 attendance_deep))),
        Case("training sessions list, first 50",
             api("trainingsession-list", namespace=NS, limit=50)),
        Case("CSV export, all attendances",
             api("attendance-list", namespace=NS, format="csv"), export="csv"),
    ]

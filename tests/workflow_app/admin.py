from django.contrib import admin

from cuizhai.core.base.admin.assessments import AssessmentAdmin
from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin, ClosedLoopInline
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from tests.workflow_app.models import SampleInspection, SampleSite, SampleTicket


@admin.register(SampleTicket)
class SampleTicketAdmin(ClosedLoopAdmin):
    """The shared closed-loop admin, as every app registers its items."""


class SampleTicketInline(ClosedLoopInline):
    model = SampleTicket
    fields = ("title", "description", "location")
    extra = 0


@admin.register(SampleSite)
class SampleSiteAdmin(TrackedModelAdmin):
    """A parent whose closed-loop items are edited inline."""

    inlines = [SampleTicketInline]
    search_fields = ("name",)


@admin.register(SampleInspection)
class SampleInspectionAdmin(AssessmentAdmin):
    """The shared assessment admin, as an app registers its inspections."""

    list_display = ("site", "contact_phone", *AssessmentAdmin.list_display)
    list_select_related = ("site",)

from django.contrib import admin

from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin
from tests.workflow_app.models import SampleTicket


@admin.register(SampleTicket)
class SampleTicketAdmin(ClosedLoopAdmin):
    """The shared closed-loop admin, as every app registers its items."""

from django.db import models

from cuizhai.core.base.models import ClosedLoopItem


class SampleTicket(ClosedLoopItem):
    """A closed-loop item with a 24-hour response clock and 5 working days to resolve."""

    response_hours = 24
    resolution_working_days = 5

    location = models.CharField(max_length=100, blank=True)

    class Meta(ClosedLoopItem.Meta):
        app_label = "workflow_app"

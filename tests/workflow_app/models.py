from django.db import models

from cuizhai.core.base.models import ClosedLoopItem, TrackedModel


class SampleSite(TrackedModel):
    """A place whose tickets are edited as rows of its admin page (a closed-loop inline)."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "workflow_app"

    def __str__(self):
        return self.name


class SampleTicket(ClosedLoopItem):
    """A closed-loop item with a 24-hour response clock and 5 working days to resolve."""

    response_hours = 24
    resolution_working_days = 5

    location = models.CharField(max_length=100, blank=True)
    site = models.ForeignKey(SampleSite, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="tickets")

    class Meta(ClosedLoopItem.Meta):
        app_label = "workflow_app"

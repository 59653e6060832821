from django.db import models

from cuizhai.core.base.models import Assessment, ClosedLoopItem, RaisedFromCheck, TrackedModel


class SampleSite(TrackedModel):
    """A place whose tickets are edited as rows of its admin page (a closed-loop inline)."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "workflow_app"

    def __str__(self):
        return self.name


class SampleTicket(RaisedFromCheck, ClosedLoopItem):
    """A closed-loop item with a 24-hour response clock and 5 working days to resolve."""

    response_hours = 24
    resolution_working_days = 5

    location = models.CharField(max_length=100, blank=True)
    site = models.ForeignKey(SampleSite, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="tickets")

    class Meta(ClosedLoopItem.Meta):
        app_label = "workflow_app"


class SampleInspection(Assessment):
    """A checklist filled in at a site; a failed criterion raises a ticket there."""

    raises = "workflow_app.SampleTicket"

    site = models.ForeignKey(SampleSite, on_delete=models.PROTECT, related_name="inspections")

    class Meta(Assessment.Meta):
        app_label = "workflow_app"

    def __str__(self):
        return f"{self.site} {self.assessed_on}"

    def raised_item_fields(self, result):
        return {"site": self.site, "location": self.site.name}

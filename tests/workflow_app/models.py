from django.db import models

from cuizhai.core.base.models import (
    Assessment,
    ClosedLoopItem,
    Deadlines,
    RaisedFromCheck,
    TrackedModel,
)
from cuizhai.core.base.models.personal import PhoneField
from cuizhai.core.choices import Severity, WorkflowAction


class SampleSite(TrackedModel):
    """A place whose tickets are edited as rows of its admin page (a closed-loop inline)."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "workflow_app"

    def __str__(self):
        return self.name


class SampleTicketKind(models.TextChoices):
    LAMP = "lamp", "Street lamp"
    FIRE_EXIT = "fire_exit", "Blocked fire exit"
    PERMIT = "permit", "Permit question"


class SampleTicket(RaisedFromCheck, ClosedLoopItem):
    """A closed-loop item with a 24-hour response clock and 5 working days to resolve;
    a major ticket is answered in 2 hours and resolved in 2 working days, a blocked fire
    exit in 1, a permit question may take 20; only a holder of the leader's permission
    verifies a major ticket."""

    response_hours = 24
    resolution_working_days = 5
    deadline_rules = {
        "severity": {Severity.MAJOR: Deadlines(response_hours=2, resolution_working_days=2)},
        "kind": {
            SampleTicketKind.FIRE_EXIT: Deadlines(resolution_working_days=1),
            SampleTicketKind.PERMIT: Deadlines(resolution_working_days=20),
        },
    }
    action_permissions = {WorkflowAction.VERIFY: {Severity.MAJOR: "verify_major_sampleticket"}}

    location = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=SampleTicketKind.choices, blank=True)
    site = models.ForeignKey(SampleSite, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="tickets")

    class Meta(ClosedLoopItem.Meta):
        app_label = "workflow_app"
        permissions = [("verify_major_sampleticket", "Can verify a major sample ticket")]


class SampleInspection(Assessment):
    """A checklist filled in at a site; a failed criterion raises a ticket there."""

    raises = "workflow_app.SampleTicket"

    site = models.ForeignKey(SampleSite, on_delete=models.PROTECT, related_name="inspections")
    # The site's person in charge who signs the sheet: an assessment holding personal data.
    contact_phone = PhoneField("site contact's phone", blank=True)

    class Meta(Assessment.Meta):
        app_label = "workflow_app"

    def __str__(self):
        return f"{self.site} {self.assessed_on}"

    def raised_item_fields(self, result):
        return {"site": self.site, "location": self.site.name}

"""The closed-loop items of the app: repair requests after handover (房修诉求) and tickets of
the 小崔帮办 help line. Their steps are the core's (``cuizhai.core.base.services.closed_loop``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import ClosedLoopItem, Deadlines, choices_constraint
from cuizhai.core.choices import ReportChannel
from resettlement.choices import HelpScenario, RepairCategory

# The channels a resident reaches the help line by.
HELP_LINE_CHANNELS = (ReportChannel.HELP_LINE, ReportChannel.HOTLINE_12345,
                      ReportChannel.WALK_IN)


class RepairRequest(ClosedLoopItem):
    """A resident's repair request on a handed-over unit: answered within 24 hours, resolved
    within 10 working days — a leak or an electrical fault within 3, plumbing within 5,
    doors and windows within 7; a crack needs an assessment first, 15."""

    response_hours = 24
    resolution_working_days = 10
    deadline_rules = {
        "category": {
            RepairCategory.LEAK: Deadlines(resolution_working_days=3),
            RepairCategory.ELECTRICAL: Deadlines(resolution_working_days=3),
            RepairCategory.PLUMBING: Deadlines(resolution_working_days=5),
            RepairCategory.DOORS_WINDOWS: Deadlines(resolution_working_days=7),
            RepairCategory.CRACK: Deadlines(resolution_working_days=15),
        },
    }

    unit = models.ForeignKey("resettlement.HousingUnit", verbose_name=_("housing unit"),
                             on_delete=models.PROTECT, related_name="repair_requests")
    category = models.CharField(_("repair category"), max_length=20,
                                choices=RepairCategory.choices)
    is_repeat = models.BooleanField(
        _("repeat request"), default=False, editable=False,
        help_text=_("The unit already had a request of this category."),
    )

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("repair request")
        verbose_name_plural = _("repair requests")
        constraints = [
            *ClosedLoopItem.Meta.constraints,
            choices_constraint("category", RepairCategory, message=_("Unknown repair category.")),
        ]


class HelpLineTicket(ClosedLoopItem):
    """A request to the 小崔帮办 help line, handled by a helper (帮办员): answered within 24
    hours, resolved within 5 working days."""

    response_hours = 24
    resolution_working_days = 5

    scenario = models.CharField(_("service scenario"), max_length=30,
                                choices=HelpScenario.choices)
    helper = models.ForeignKey(
        "core.Person", verbose_name=_("helper"), on_delete=models.PROTECT,
        related_name="help_line_tickets", null=True, blank=True,
        limit_choices_to={"kind": "helper"},
    )
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="help_line_tickets", null=True, blank=True,
    )

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("help-line ticket")
        verbose_name_plural = _("help-line tickets")
        constraints = [
            *ClosedLoopItem.Meta.constraints,
            choices_constraint("scenario", HelpScenario, message=_("Unknown service scenario.")),
            models.CheckConstraint(
                condition=Q(channel__in=HELP_LINE_CHANNELS),
                name="%(app_label)s_%(class)s_channel_valid_for_help_line",
                violation_error_message=_("A help-line ticket comes by the help line, the "
                                          "city's 12345 hotline or a walk-in."),
            ),
        ]

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    FINISHED_STATUSES,
    ClosedLoopItem,
    Deadlines,
    RaisedFromCheck,
    choices_constraint,
)
from cuizhai.core.choices import Severity, WorkflowAction
from safety.choices import HazardCategory

from .places import TARGET_FIELDS, SafetyTarget

RELATED_TARGETS = ("enterprise", "project", "village", "community")

# Working days to rectify a hazard, by level (隐患等级): a general one promptly; a major one
# (重大隐患) needs a rectification plan, so it gets longer, but it is taken in hand (assigned,
# with its interim control measures) within two hours instead of a day. The four eyes
# (resolver ≠ verifier) and the leader's verification are the core's rules, declared below.
RESPONSE_HOURS = 24
GENERAL_WORKING_DAYS = 10
MAJOR_RESPONSE_HOURS = 2
MAJOR_WORKING_DAYS = 30


class Hazard(RaisedFromCheck, ClosedLoopItem, SafetyTarget):
    """A hazard (隐患) followed to rectification in the closed loop. Its level is the core's
    ``severity`` (general 一般 / major 重大)."""

    response_hours = RESPONSE_HOURS
    resolution_working_days = GENERAL_WORKING_DAYS
    deadline_rules = {
        "severity": {Severity.MAJOR: Deadlines(response_hours=MAJOR_RESPONSE_HOURS,
                                               resolution_working_days=MAJOR_WORKING_DAYS)},
    }
    action_permissions = {WorkflowAction.VERIFY: {Severity.MAJOR: "verify_major_hazard"}}

    inspection = models.ForeignKey(
        "safety.Inspection", verbose_name=_("found on inspection"), on_delete=models.PROTECT,
        related_name="hazards", null=True, blank=True,
        help_text=_("Empty for a hazard reported directly."),
    )
    category = models.CharField(_("hazard category"), max_length=30,
                                choices=HazardCategory.choices)
    measures = models.TextField(_("rectification measures"), blank=True)
    responsible_enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name=_("responsible enterprise"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    responsible_department = models.ForeignKey(
        "core.Department", verbose_name=_("responsible department"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    responsible_person = models.CharField(_("person responsible"), max_length=50, blank=True)

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        permissions = [("verify_major_hazard", _("Can verify a major hazard"))]
        constraints = [
            *ClosedLoopItem.Meta.constraints,
            *SafetyTarget.Meta.constraints,
            choices_constraint("category", HazardCategory, message=_("Unknown hazard category.")),
            models.CheckConstraint(
                condition=Q(responsible_enterprise__isnull=True)
                | Q(responsible_department__isnull=True),
                name="%(app_label)s_%(class)s_one_responsible_unit",
                violation_error_message=_(
                    "The responsible unit is an enterprise or a department, not both."),
            ),
        ]
        indexes = [
            models.Index(fields=["reported_at", "id"], name="safety_hazard_reported_idx"),
            models.Index(fields=["reported_at", "id"], name="safety_hazard_open_idx",
                         condition=~Q(status__in=FINISHED_STATUSES)),
            # The repeat flag looks for an earlier hazard of the same category at the same
            # site (selectors.repeat_condition): one probe per hazard. An enterprise's or a
            # project's hazards are found by their foreign key's index.
            models.Index(fields=["site", "category", "reported_at"],
                         name="safety_hazard_site_repeat_idx", condition=~Q(site="")),
        ]

    @property
    def responsible_unit(self):
        return self.responsible_enterprise or self.responsible_department

    def clean(self):
        super().clean()
        # A hazard found on an inspection is at the place inspected (the ledger's 被检查单位).
        if self.inspection_id and any(
            getattr(self, f"{name}_id" if name in RELATED_TARGETS else name)
            != getattr(self.inspection, f"{name}_id" if name in RELATED_TARGETS else name)
            for name in TARGET_FIELDS
        ):
            raise ValidationError({"inspection": ValidationError(
                _("That inspection was of another target: “%(target)s”."),
                code="inspection_target", params={"target": self.inspection.target_display},
            )})

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import ClosedLoopItem, choices_constraint, non_negative
from partybuilding.choices import CollectiveAssetProblemKind


class CollectiveAssetProblem(ClosedLoopItem):
    """A problem of a village's collective funds, assets or resources (农村集体"三资"),
    followed to closure (销号清零). The amount is in yuan: these are village accounts."""

    response_hours = 24
    resolution_working_days = 15

    kind = models.CharField(_("kind"), max_length=20,
                            choices=CollectiveAssetProblemKind.choices)
    village = models.ForeignKey("core.Village", verbose_name=_("village"),
                                on_delete=models.PROTECT, related_name="asset_problems",
                                null=True, blank=True)
    amount_yuan = models.DecimalField(_("amount involved (yuan)"), max_digits=14,
                                      decimal_places=2, default=0)

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("collective asset problem")
        verbose_name_plural = _("collective asset problems")
        constraints = [
            *ClosedLoopItem.Meta.constraints,
            choices_constraint("kind", CollectiveAssetProblemKind,
                               message=_("Unknown kind of collective asset problem.")),
            non_negative("amount_yuan", message=_("The amount cannot be negative.")),
        ]

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    Assessment,
    ClosedLoopItem,
    RaisedFromCheck,
    YearField,
    choices_constraint,
    unique,
    year_range,
)
from partybuilding.choices import EvaluationPeriod


class VillageEvaluation(Assessment):
    """The evaluation of how a village committee (村级班子) works, for a period: the core's
    checklist assessment; its rating follows from the score (``selectors``)."""

    raises = "partybuilding.EvaluationProblem"

    village = models.ForeignKey("core.Village", verbose_name=_("village"),
                                on_delete=models.PROTECT, related_name="evaluations")
    year = YearField(_("year"))
    period = models.CharField(_("period"), max_length=20, choices=EvaluationPeriod.choices,
                              default=EvaluationPeriod.MID_TERM)

    class Meta(Assessment.Meta):
        verbose_name = _("village committee evaluation")
        verbose_name_plural = _("village committee evaluations")
        constraints = [
            *Assessment.Meta.constraints,
            unique("village", "year", "period", rule="one_per_period",
                   message=_("This village's committee is already evaluated for that "
                             "period.")),
            choices_constraint("period", EvaluationPeriod,
                               message=_("Unknown evaluation period.")),
            year_range(),
        ]

    def __str__(self):
        return f"{self.village} {self.year} {self.get_period_display()}"

    def raised_item_fields(self, result):
        return {"evaluation": self}


class EvaluationProblem(RaisedFromCheck, ClosedLoopItem):
    """A problem an evaluation found in a village committee's work: rectified, verified and
    closed (销号) like every closed-loop item."""

    response_hours = 24
    resolution_working_days = 15

    evaluation = models.ForeignKey(VillageEvaluation, verbose_name=_("evaluation"),
                                   on_delete=models.PROTECT, related_name="problems")

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("evaluation problem")
        verbose_name_plural = _("evaluation problems")

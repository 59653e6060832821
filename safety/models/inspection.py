from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import Assessment, choices_constraint
from cuizhai.core.base.models.display import as_text
from safety.choices import CATEGORY_OF_INSPECTION, InspectionDepth, InspectionKind

from .places import SafetyTarget


class Inspection(SafetyTarget, Assessment):
    """A safety inspection (检查): a checklist filled in at an enterprise, a project or a
    site by the office's inspectors and outside experts (专家). A failed criterion raises a
    hazard there in one step (``assessment_raise_item``)."""

    raises = "safety.Hazard"

    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices)
    depth = models.CharField(_("depth"), max_length=20, choices=InspectionDepth.choices,
                             default=InspectionDepth.ROUTINE)
    inspectors = models.ManyToManyField(
        "core.Person", verbose_name=_("inspectors"), related_name="safety_inspections",
        blank=True,
        help_text=_("People of the register; an outside safety expert makes it an expert "
                    "inspection."),
    )

    class Meta(Assessment.Meta):
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            *Assessment.Meta.constraints,
            *SafetyTarget.Meta.constraints,
            choices_constraint("kind", InspectionKind, message=_("Unknown kind of inspection.")),
            choices_constraint("depth", InspectionDepth,
                               message=_("Unknown depth of inspection.")),
        ]
        indexes = [models.Index(fields=["assessed_on", "id"], name="safety_inspection_date_idx")]

    def __str__(self):
        return f"{self.assessed_on} {self.target_display}"

    @classmethod
    def display_sql(cls, prefix):
        """``str()`` as SQL (``cuizhai.core.base.models.display``): exports name a hazard's
        inspection with its rows."""
        return Concat(as_text(F(f"{prefix}assessed_on")), Value(" "),
                      cls.target_display_sql(prefix), output_field=models.TextField())

    def raised_item_fields(self, result):
        return {**self.target_fields(), "inspection": self,
                "category": CATEGORY_OF_INSPECTION[self.kind]}

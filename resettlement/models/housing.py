"""Resettlement housing: the units of a building, the household that selected each and its
handover. A unit's status is moved only by the services (``resettlement.services``)."""

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    TrackedModel,
    choices_constraint,
    non_negative,
    unique,
    value_range,
)
from cuizhai.core.base.models.display import related_display
from cuizhai.core.validators import validate_evidence_file
from resettlement.choices import UnitLayout, UnitStatus

from .community import FLOORS_MAX
from .household import Household


class HousingUnit(TrackedModel):
    """A flat of resettlement housing (安置房); its community is its building's."""

    building = models.ForeignKey(
        "resettlement.Building", verbose_name=_("building"), on_delete=models.PROTECT,
        related_name="units",
    )
    entrance = models.CharField(_("unit (entrance)"), max_length=10,
                                help_text=_("The building's unit (单元), e.g. 1."))
    floor = models.PositiveSmallIntegerField(_("floor"))
    room = models.CharField(_("room number"), max_length=20, help_text=_("e.g. 502"))
    area = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2)
    layout = models.CharField(_("layout"), max_length=10, choices=UnitLayout.choices)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices,
                              default=UnitStatus.AVAILABLE, editable=False)

    class Meta:
        ordering = ["building__community__name", "building__number", "entrance", "floor",
                    "room"]
        verbose_name = _("housing unit")
        verbose_name_plural = _("housing units")
        constraints = [
            unique("building", "entrance", "room", rule="room_unique",
                   message=_("This building already has this room in this unit.")),
            choices_constraint("status", UnitStatus, message=_("Unknown housing unit status.")),
            choices_constraint("layout", UnitLayout, message=_("Unknown layout.")),
            value_range("floor", 1, FLOORS_MAX, message=_("The floor is between 1 and 60.")),
            models.CheckConstraint(
                condition=Q(area__gt=0), name="%(app_label)s_%(class)s_area_positive",
                violation_error_message=_("A housing unit's floor area must be more than 0."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "building"], name="resettlement_unit_status_idx"),
        ]

    def __str__(self):
        return f"{self.building} {self.entrance}-{self.room}"

    @classmethod
    def display_sql(cls, prefix):
        """``str()`` as SQL (``cuizhai.core.base.models.display``): exports name a repair's
        unit with its rows."""
        return Concat(related_display(prefix, cls, "building"), Value(" "),
                      F(f"{prefix}entrance"), Value("-"), F(f"{prefix}room"),
                      output_field=models.TextField())

    @property
    def community(self):
        return self.building.community


class Selection(TrackedModel):
    """A household's choice of a unit (选房). The database holds one selection per unit, so
    of two clerks choosing the same unit at once, one is refused."""

    household = models.ForeignKey(Household, verbose_name=_("household"),
                                  on_delete=models.PROTECT, related_name="selections")
    unit = models.OneToOneField(
        HousingUnit, verbose_name=_("housing unit"), on_delete=models.PROTECT,
        related_name="selection",
        error_messages={"unique": _("This unit has already been selected by another "
                                    "household.")},
    )
    selected_on = models.DateField(_("selected on"))
    order_number = models.PositiveIntegerField(
        _("order number"),
        help_text=_("The household's place in the selection order (选房顺序号)."),
    )

    class Meta:
        ordering = ["-selected_on", "order_number"]
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.CheckConstraint(
                condition=Q(order_number__gt=0),
                name="%(app_label)s_%(class)s_order_number_positive",
                violation_error_message=_("The order number starts at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.household} → {self.unit}"


class Handover(TrackedModel):
    """The handover (交付) of a selected unit to its household: one per unit."""

    unit = models.OneToOneField(
        HousingUnit, verbose_name=_("housing unit"), on_delete=models.PROTECT,
        related_name="handover",
        error_messages={"unique": _("This unit has already been handed over.")},
    )
    handed_over_on = models.DateField(_("handed over on"))
    keys_handed = models.PositiveSmallIntegerField(_("keys handed"), default=2)
    water_reading = models.DecimalField(_("water meter reading"), max_digits=10,
                                        decimal_places=2, null=True, blank=True)
    electricity_reading = models.DecimalField(_("electricity meter reading"), max_digits=10,
                                              decimal_places=2, null=True, blank=True)
    gas_reading = models.DecimalField(_("gas meter reading"), max_digits=10, decimal_places=2,
                                      null=True, blank=True)
    acceptance = models.FileField(
        _("signed acceptance"), upload_to="resettlement/handovers/%Y/%m/", blank=True,
        validators=[validate_evidence_file],
        help_text=_("The acceptance form signed by the household (scan or photo)."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            non_negative("water_reading", message=_("A meter reading cannot be negative.")),
            non_negative("electricity_reading",
                         message=_("A meter reading cannot be negative.")),
            non_negative("gas_reading", message=_("A meter reading cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.unit} ({self.handed_over_on})"


# A household that has selected at least one unit (选房): the selection rate's numerator, the
# same condition for the household list's filter, its column and the summary.
def has_selected():
    return models.Exists(Selection.objects.filter(household=models.OuterRef("pk")))

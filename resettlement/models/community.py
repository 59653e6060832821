"""What a resettlement "ideal community" (理想社区, the core's ``Community``) adds: its
buildings, its party-and-public service centre and the roll-out of its six scenarios."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, choices_constraint, unique, value_range
from resettlement.choices import RolloutState, Scenario

FLOORS_MAX = 60


class Building(TrackedModel):
    """A residential building (楼栋) of a community, with the units planned in it."""

    display_columns = ("community__name", "number")  # str(): exports join them

    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="buildings",
    )
    number = models.CharField(_("building number"), max_length=20,
                              help_text=_("As on the building, e.g. 3 or 3号楼."))
    floors = models.PositiveSmallIntegerField(_("floors"))
    units_planned = models.PositiveIntegerField(_("units planned"))

    class Meta:
        ordering = ["community__name", "number"]
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            unique("community", "number", rule="number_unique",
                   message=_("This community already has a building with this number.")),
            value_range("floors", 1, FLOORS_MAX,
                        message=_("A building has between 1 and 60 floors.")),
        ]

    def __str__(self):
        return f"{self.community} {self.number}"


class ServiceCentre(TrackedModel):
    """A community's party-and-public service centre (党群服务中心)."""

    community = models.OneToOneField(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="service_centre",
    )
    name = models.CharField(_("name"), max_length=100)
    floor_area = models.DecimalField(_("floor area (m²)"), max_digits=10, decimal_places=2,
                                     null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True,
                                    help_text=_("Blank while it is being built."))

    class Meta:
        ordering = ["community__name"]
        verbose_name = _("party-and-public service centre")
        verbose_name_plural = _("party-and-public service centres")

    def __str__(self):
        return self.name


class CommunityScenario(TrackedModel):
    """The roll-out state of one of the six scenarios in one community."""

    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="scenarios",
    )
    scenario = models.CharField(_("scenario"), max_length=20, choices=Scenario.choices)
    state = models.CharField(_("roll-out state"), max_length=20, choices=RolloutState.choices,
                             default=RolloutState.PLANNED)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["community__name", "scenario"]
        verbose_name = _("community scenario")
        verbose_name_plural = _("community scenarios")
        constraints = [
            unique("community", "scenario", rule="one_per_community",
                   message=_("This scenario is already recorded for the community.")),
            choices_constraint("scenario", Scenario, message=_("Unknown scenario.")),
            choices_constraint("state", RolloutState, message=_("Unknown roll-out state.")),
        ]

    def __str__(self):
        return f"{self.community} · {self.get_scenario_display()}"

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, not_before

# A young cadre (年轻干部) is under 35 in the year asked about. Only the birth year is
# kept, so the age at a date is that date's year minus the birth year; never stored,
# since it changes every January.
YOUNG_CADRE_AGE_LIMIT = 35


def is_young(birth_year, on):
    """Whether someone born in ``birth_year`` is a young cadre on the date ``on``."""
    return birth_year is not None and on.year - birth_year < YOUNG_CADRE_AGE_LIMIT


class CadreProfile(TrackedModel):
    """What party building keeps about a person of the core register: organisation, post
    in it, reserve cadre (后备干部) since when, growth mentor (成长导师)."""

    person = models.OneToOneField(
        "core.Person", verbose_name=_("person"), on_delete=models.PROTECT,
        related_name="cadre_profile",
    )
    organisation = models.ForeignKey(
        "partybuilding.PartyOrganisation", verbose_name=_("party organisation"),
        on_delete=models.PROTECT, related_name="cadres", null=True, blank=True,
    )
    party_post = models.CharField(_("post in the organisation"), max_length=100, blank=True)
    is_reserve = models.BooleanField(_("reserve cadre"), default=False)
    reserve_since = models.DateField(_("reserve cadre since"), null=True, blank=True)
    mentor = models.ForeignKey(
        "core.Person", verbose_name=_("growth mentor"), on_delete=models.PROTECT,
        related_name="mentees", null=True, blank=True,
    )

    class Meta:
        ordering = ["person__name", "pk"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        constraints = [
            models.CheckConstraint(
                condition=(Q(is_reserve=True, reserve_since__isnull=False)
                           | Q(is_reserve=False, reserve_since__isnull=True)),
                name="%(app_label)s_%(class)s_reserve_since",
                violation_error_message=_(
                    "A reserve cadre has the date since when; a cadre who is not one has "
                    "none."),
            ),
            models.CheckConstraint(
                condition=~Q(mentor=F("person")),
                name="%(app_label)s_%(class)s_not_own_mentor",
                violation_error_message=_("A cadre cannot be their own growth mentor."),
            ),
        ]

    def __str__(self):
        return str(self.person)


class Placement(TrackedModel):
    """A practice placement (挂职 / 实践锻炼): at a major project of the projects app, or in
    an outside region, from a date to a date."""

    cadre = models.ForeignKey(CadreProfile, verbose_name=_("cadre"), on_delete=models.CASCADE,
                              related_name="placements")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    region = models.CharField(_("outside region"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(project__isnull=False, region="")
                           | (Q(project__isnull=True) & ~Q(region=""))),
                name="%(app_label)s_%(class)s_one_place",
                violation_error_message=_(
                    "A placement is at a project or in an outside region: give one of them."),
            ),
            not_before("end_date", "start_date", rule="end_after_start",
                       message=_("The end date cannot be before the start date.")),
        ]

    def __str__(self):
        return f"{self.cadre} → {self.project or self.region}"

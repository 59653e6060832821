from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, choices_constraint, non_negative, unique
from partybuilding.choices import ElectionResult, OrganisationKind


class PartyOrganisation(TrackedModel):
    """A party organisation (党组织): a community's party committee, a village's branch or a
    branch of the subdistrict's organs, under its parent organisation."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="party_organisations", null=True, blank=True,
    )
    village = models.ForeignKey(
        "core.Village", verbose_name=_("village"), on_delete=models.PROTECT,
        related_name="party_organisations", null=True, blank=True,
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), on_delete=models.PROTECT,
        related_name="children", null=True, blank=True,
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        constraints = [
            choices_constraint("kind", OrganisationKind,
                               message=_("Unknown kind of party organisation.")),
            models.CheckConstraint(
                condition=(Q(kind=OrganisationKind.COMMUNITY_COMMITTEE,
                             community__isnull=False, village__isnull=True)
                           | Q(kind=OrganisationKind.VILLAGE_BRANCH,
                               village__isnull=False, community__isnull=True)
                           | Q(kind=OrganisationKind.ORGAN_BRANCH,
                               village__isnull=True, community__isnull=True)),
                name="%(app_label)s_%(class)s_place_of_kind",
                violation_error_message=_(
                    "A community committee names its community, a village branch its "
                    "village, an organ branch neither."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name


class Election(TrackedModel):
    """A committee election (换届选举) of an organisation."""

    organisation = models.ForeignKey(
        PartyOrganisation, verbose_name=_("party organisation"), on_delete=models.PROTECT,
        related_name="elections",
    )
    held_on = models.DateField(_("held on"))
    term_years = models.PositiveSmallIntegerField(_("term (years)"), default=5)
    members_elected = models.PositiveSmallIntegerField(_("members elected"), default=0)
    result = models.CharField(_("result"), max_length=20, choices=ElectionResult.choices,
                              default=ElectionResult.COMPLETED)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            unique("organisation", "held_on", rule="one_per_day",
                   message=_("This organisation already has an election on that day.")),
            choices_constraint("result", ElectionResult,
                               message=_("Unknown election result.")),
            models.CheckConstraint(
                condition=Q(term_years__gte=1, term_years__lte=10),
                name="%(app_label)s_%(class)s_term_range",
                violation_error_message=_("A term lasts from 1 to 10 years."),
            ),
            non_negative("members_elected",
                         message=_("The number of members elected cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.organisation} {self.held_on:%Y-%m-%d}"

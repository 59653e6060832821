"""A household rehoused from a relocated village (被安置户) and its members."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    KeyedHashField,
    PersonalTextField,
    PhoneField,
    ResidentIdField,
    TrackedModel,
    choices_constraint,
    non_negative,
    not_before,
    unique,
)
from resettlement.choices import HouseholdStatus, PropertySplit, Relation

S = HouseholdStatus
# The statuses at or past each step, so that a date is required once its step is taken.
PAST_SIGNING = (S.SIGNED, S.VACATED, S.DEMOLISHED, S.REHOUSED)
PAST_VACATING = (S.VACATED, S.DEMOLISHED, S.REHOUSED)
PAST_DEMOLITION = (S.DEMOLISHED, S.REHOUSED)


def _date_with_step(field, statuses, rule, message):
    return models.CheckConstraint(
        condition=~Q(status__in=statuses) | Q(**{f"{field}__isnull": False}),
        name=f"%(app_label)s_%(class)s_{rule}", violation_error_message=message,
    )


class Household(TrackedModel):
    """A household of a relocated village, from registration to its new home."""

    display_columns = ("code",)  # str(): exports join it (core export)

    code = models.CharField(_("household number"), max_length=30, unique=True,
                            help_text=_("The resettlement office's number (户号)."))
    village = models.ForeignKey(
        "core.Village", verbose_name=_("village"), on_delete=models.PROTECT,
        related_name="households", limit_choices_to={"is_relocated": True},
    )
    head_name = PersonalTextField(_("head of household"), max_length=50)
    head_id_number = ResidentIdField(_("head's ID number"))
    head_id_number_hash = KeyedHashField(of="head_id_number")
    head_phone = PhoneField(_("head's phone"), blank=True)
    entitled_area = models.DecimalField(
        _("entitled area (m²)"), max_digits=8, decimal_places=2,
        help_text=_("The floor area of new housing the household is entitled to."),
    )
    split_status = models.CharField(
        _("property split"), max_length=20, choices=PropertySplit.choices,
        default=PropertySplit.NONE,
    )
    split_note = models.CharField(_("property split note"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=HouseholdStatus.choices,
                              default=HouseholdStatus.REGISTERED)
    contract_date = models.DateField(_("contract signed on"), null=True, blank=True)
    vacated_date = models.DateField(_("vacated on"), null=True, blank=True)
    demolished_date = models.DateField(_("demolished on"), null=True, blank=True)
    cadre = models.ForeignKey(
        "core.Person", verbose_name=_("responsible cadre"), on_delete=models.PROTECT,
        related_name="resettlement_households", null=True, blank=True,
        help_text=_("The cadre who looks after the household (包户干部)."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            choices_constraint("status", HouseholdStatus, message=_("Unknown household status.")),
            choices_constraint("split_status", PropertySplit,
                               message=_("Unknown property split status.")),
            non_negative("entitled_area", message=_("The entitled area cannot be negative.")),
            models.CheckConstraint(
                condition=~Q(split_status=PropertySplit.DISPUTED) | ~Q(split_note=""),
                name="%(app_label)s_%(class)s_disputed_split_has_note",
                violation_error_message=_("Say what the property split dispute is about."),
            ),
            _date_with_step("contract_date", PAST_SIGNING, "signed_has_contract_date",
                            _("A signed household needs its contract date.")),
            _date_with_step("vacated_date", PAST_VACATING, "vacated_has_date",
                            _("A vacated household needs the date it vacated.")),
            _date_with_step("demolished_date", PAST_DEMOLITION, "demolished_has_date",
                            _("A demolished house needs its demolition date.")),
            not_before("vacated_date", "contract_date", rule="vacated_after_contract",
                       message=_("A house is vacated after the contract is signed.")),
            not_before("demolished_date", "vacated_date", rule="demolished_after_vacated",
                       message=_("A house is demolished after it is vacated.")),
        ]

    def __str__(self):
        return self.code


class HouseholdMember(TrackedModel):
    """A member of a household, its head among them: the residents are counted from these."""

    household = models.ForeignKey(Household, verbose_name=_("household"),
                                  on_delete=models.CASCADE, related_name="members")
    name = PersonalTextField(_("full name"), max_length=50)
    relation = models.CharField(_("relation to the head"), max_length=20,
                                choices=Relation.choices)
    id_number = ResidentIdField(_("ID number"))
    id_number_hash = KeyedHashField(of="id_number")

    class Meta:
        ordering = ["household__code", "id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            choices_constraint("relation", Relation, message=_("Unknown relation.")),
            # One person is rehoused once: in one household, once.
            unique("id_number", rule="one_household_per_person",
                   message=_("A resident with this ID number is already a member of a "
                             "household.")),
        ]

    def __str__(self):
        return f"{self.household} · {self.get_relation_display()}"

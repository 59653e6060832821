"""Land acquired (土地征收) and merchants demolished (商户拆除)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import MoneyField, TrackedModel, non_negative

# 1 亩 = 1/15 hectare = 2000/3 m² (≈ 666.67 m²). The area is kept in 亩, as the ledgers do;
# square metres are derived, never typed.
SQUARE_METRES_PER_MU = Decimal(2000) / Decimal(3)
CENT = Decimal("0.01")


def mu_to_square_metres(mu):
    """An area in 亩 as square metres, to two places."""
    if mu is None:
        return None
    return (Decimal(mu) * SQUARE_METRES_PER_MU).quantize(CENT, rounding=ROUND_HALF_UP)


def square_metres_sql(mu_path):
    """``mu_to_square_metres`` computed by the database (``ROUND`` takes a half away from
    zero, as ``ROUND_HALF_UP`` does; an area to the cent is never a half: a multiple of
    2000/3 cents)."""
    return Round(F(mu_path) * Value(2000) / Value(3), 2,
                 output_field=models.DecimalField(max_digits=16, decimal_places=2))


class LandAcquisition(TrackedModel):
    """A parcel acquired for a key project."""

    parcel_code = models.CharField(_("parcel code"), max_length=30, unique=True)
    village = models.ForeignKey("core.Village", verbose_name=_("village"),
                                on_delete=models.PROTECT, related_name="land_acquisitions")
    area_mu = models.DecimalField(_("area (亩)"), max_digits=10, decimal_places=2)
    acquired_on = models.DateField(_("acquired on"))
    purpose = models.CharField(_("purpose"), max_length=200)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project served"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    compensation_budget = MoneyField(_("compensation budget (万元)"), null=True, blank=True)

    class Meta:
        ordering = ["-acquired_on", "parcel_code"]
        verbose_name = _("land acquisition")
        verbose_name_plural = _("land acquisitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_mu__gt=0), name="%(app_label)s_%(class)s_area_positive",
                violation_error_message=_("The area acquired must be more than 0 亩."),
            ),
            non_negative("compensation_budget",
                         message=_("The compensation budget cannot be negative.")),
        ]

    def __str__(self):
        return self.parcel_code

    @property
    def area_square_metres(self):
        return mu_to_square_metres(self.area_mu)


class MerchantDemolition(TrackedModel):
    """A merchant's premises demolished (e.g. on the central street, 中心大街)."""

    street = models.CharField(_("street"), max_length=100)
    merchant_name = models.CharField(_("merchant"), max_length=100)
    demolished_on = models.DateField(_("demolished on"))
    agreement_signed_on = models.DateField(_("compensation agreement signed on"), null=True,
                                           blank=True)
    compensation = MoneyField(_("compensation (万元)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-demolished_on", "merchant_name"]
        verbose_name = _("merchant demolition")
        verbose_name_plural = _("merchant demolitions")
        constraints = [
            non_negative("compensation", message=_("The compensation cannot be negative.")),
            models.CheckConstraint(
                condition=Q(compensation__isnull=True) | Q(agreement_signed_on__isnull=False),
                name="%(app_label)s_%(class)s_compensation_has_agreement",
                violation_error_message=_("A compensation amount needs the date of its "
                                          "agreement."),
            ),
        ]

    def __str__(self):
        return f"{self.merchant_name} ({self.street})"

from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import MoneyField, TrackedModel, non_negative
from cuizhai.core.validators import validate_credit_code


class Enterprise(TrackedModel):
    """An enterprise (企业) of the subdistrict: one register for every app that deals with
    enterprises (projects' enterprise service, safety's inspections…)."""

    display_columns = ("name",)  # str(): exports join it (cuizhai.core.base.export)

    name = models.CharField(_("name"), max_length=200, unique=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    park = models.CharField(_("park"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_relocating = models.BooleanField(_("relocating into a park"), default=False)
    expected_output_value = MoneyField(
        _("expected output value (万元)"), null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            non_negative(
                "expected_output_value", rule="output",
                message=_("The expected output value cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel
from cuizhai.core.models import Department


class AssetKind(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    LAND = "land", _("Land")
    OTHER = "other", _("Other")


class SampleAsset(TrackedModel):
    """A register with one column of every kind the import reads: a unique key, a choice,
    a yes/no, money, a date and a lookup. Its verbose names are ones the catalogue already
    translates, so that headers can be written in either language."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=AssetKind.choices,
                            default=AssetKind.OTHER)
    active = models.BooleanField(_("active"), default=True)
    amount = models.DecimalField(_("amount (万元)"), max_digits=16, decimal_places=2,
                                 default=0)
    date = models.DateField(_("date"), null=True, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"),
                                   on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        app_label = "import_app"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="import_app_sampleasset_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.code

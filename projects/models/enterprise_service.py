from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import ClosedLoopItem, MoneyField, TrackedModel, non_negative
from cuizhai.core.models import Department, Enterprise
from projects.choices import NeedKind, SupportKind


class Visit(TrackedModel):
    """A visit to an enterprise (走访), e.g. in the "thousand enterprises" campaign."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    visitors = models.CharField(_("visitors"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+",
        null=True, blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "id"], name="projects_visit_date_idx")]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self):
        return f"{self.enterprise} {self.date}"

    def clean(self):
        super().clean()
        # The needs found on a visit belong to the enterprise visited (EnterpriseNeed.clean):
        # the visit cannot move to another enterprise from under them.
        if self.pk and self.enterprise_id and (
            self.needs.exclude(enterprise_id=self.enterprise_id).exists()
        ):
            raise ValidationError({"enterprise": ValidationError(
                _("Needs found on this visit belong to another enterprise."),
                code="visit_enterprise",
            )})


class EnterpriseNeed(ClosedLoopItem):
    """A need an enterprise raised (诉求), followed to closure like every closed-loop item."""

    response_hours = 24
    resolution_working_days = 15

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="needs"
    )
    visit = models.ForeignKey(
        Visit, verbose_name=_("found on visit"), on_delete=models.SET_NULL, related_name="needs",
        null=True, blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NeedKind.choices)

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("enterprise need")
        verbose_name_plural = _("enterprise needs")
        indexes = [models.Index(fields=["reported_at"], name="projects_need_reported_idx")]

    def clean(self):
        super().clean()
        if self.visit_id and self.enterprise_id and self.visit.enterprise_id != self.enterprise_id:
            raise ValidationError({"visit": ValidationError(
                _("That visit was to another enterprise."), code="visit_enterprise"
            )})


class SupportOutcome(TrackedModel):
    """What the service won for an enterprise: an honour, or funds (服务成效)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="support_outcomes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("title"), max_length=200)
    amount = MoneyField(_("amount (万元)"), null=True, blank=True)
    date = models.DateField(_("date"))
    granting_body = models.CharField(_("granting body"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="projects_outcome_date_idx")]
        verbose_name = _("support outcome")
        verbose_name_plural = _("support outcomes")
        constraints = [
            non_negative("amount", message=_("An amount cannot be negative.")),
            models.CheckConstraint(
                condition=~Q(kind=SupportKind.FUNDS) | Q(amount__isnull=False),
                name="%(app_label)s_%(class)s_funds_have_amount",
                violation_error_message=_("Funds obtained need an amount."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise}: {self.title}"

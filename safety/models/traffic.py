"""Traffic-safety work beside the hazards: publicity events (宣传), on-the-spot persuasions
(劝导) and facility works (交通安全设施). Hazards found with the traffic police are hazards of
the traffic category; road deaths are a core indicator."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, choices_constraint, non_negative
from safety.choices import FacilityKind, PersuasionSetting

from .places import SafetyPlace


class TrafficPublicityEvent(SafetyPlace, TrackedModel):
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    audience_count = models.PositiveIntegerField(_("audience"), default=0)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("traffic publicity event")
        verbose_name_plural = _("traffic publicity events")
        constraints = [*SafetyPlace.Meta.constraints]

    def __str__(self):
        return f"{self.date} {self.title}"


class TrafficPersuasion(SafetyPlace, TrackedModel):
    """The on-the-spot persuasions against violations made at one event or on one patrol."""

    date = models.DateField(_("date"), default=timezone.localdate)
    setting = models.CharField(_("setting"), max_length=20, choices=PersuasionSetting.choices)
    event = models.ForeignKey(
        TrafficPublicityEvent, verbose_name=_("event"), on_delete=models.PROTECT,
        related_name="persuasions", null=True, blank=True,
    )
    count = models.PositiveIntegerField(_("persuasions"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("traffic persuasion")
        verbose_name_plural = _("traffic persuasions")
        constraints = [
            *SafetyPlace.Meta.constraints,
            choices_constraint("setting", PersuasionSetting, message=_("Unknown setting.")),
            models.CheckConstraint(
                condition=models.Q(setting=PersuasionSetting.EVENT, event__isnull=False)
                | models.Q(setting=PersuasionSetting.PATROL, event__isnull=True),
                name="%(app_label)s_%(class)s_event_when_at_event",
                violation_error_message=_(
                    "Persuasions at an event name the event; those on patrol name none."),
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.place_display} ×{self.count}"


class TrafficFacilityWork(SafetyPlace, TrackedModel):
    """Traffic-safety facilities repaired or installed: the kind, how many sets, the cost."""

    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices)
    quantity = models.PositiveIntegerField(_("sets"))
    cost_yuan = models.DecimalField(_("cost (元)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("traffic facility work")
        verbose_name_plural = _("traffic facility works")
        constraints = [
            *SafetyPlace.Meta.constraints,
            choices_constraint("kind", FacilityKind, message=_("Unknown kind of facility.")),
            non_negative("cost_yuan", message=_("A cost cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} ×{self.quantity}"

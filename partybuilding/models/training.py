from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    TrackedModel,
    YearField,
    choices_constraint,
    non_negative,
    unique,
    year_range,
)
from cuizhai.core.choices import PersonKind
from partybuilding.choices import ATTENDED, AttendanceStatus, TrainingKind

PARTY_SCHOOL = "鹊华·红音"  # the subdistrict's party school, where most sessions are held

HOURS = {"max_digits": 5, "decimal_places": 1}


class TrainingSession(TrackedModel):
    """One training (培训): a business micro-class, a cadre lecture, a village cadre
    training… Large sessions may count unnamed attendees as a head-count."""

    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    lecturer = models.CharField(_("lecturer"), max_length=100, blank=True)
    hours = models.DecimalField(_("hours"), **HOURS)
    place = models.CharField(_("place"), max_length=100, default=PARTY_SCHOOL)
    organisation = models.ForeignKey(
        "partybuilding.PartyOrganisation", verbose_name=_("organised by"),
        on_delete=models.PROTECT, related_name="training_sessions", null=True, blank=True,
    )
    head_count = models.PositiveIntegerField(
        _("unnamed attendees"), default=0,
        help_text=_("People who attended without being named on the sign-in sheet; "
                    "counted as person-times besides the named attendances."),
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            choices_constraint("kind", TrainingKind, message=_("Unknown kind of training.")),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="%(app_label)s_%(class)s_hours_positive",
                violation_error_message=_("A session lasts more than zero hours."),
            ),
            non_negative("head_count",
                         message=_("The number of unnamed attendees cannot be negative.")),
        ]
        indexes = [
            # The sessions' own order, the summary's sessions of a period, and the
            # attendances list's order (newest session first): the attendances are then
            # read session by session, each sorted by name on its own (an incremental sort).
            models.Index(fields=["held_on", "id"], name="partybuilding_session_held_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class Attendance(TrackedModel):
    """One person on a session's sign-in sheet (参训), with the hours credited to them."""

    session = models.ForeignKey(TrainingSession, verbose_name=_("training session"),
                                on_delete=models.CASCADE, related_name="attendances")
    # Indexed by Meta.indexes' person_hours_idx (its leading column), not on its own.
    person = models.ForeignKey("core.Person", verbose_name=_("person"),
                               on_delete=models.PROTECT, related_name="attendances",
                               db_index=False)
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.PRESENT)
    hours = models.DecimalField(
        _("hours credited"), **HOURS,
        help_text=_("The session's hours unless given; an absence or excused absence "
                    "credits none."),
    )

    class Meta:
        ordering = ["session", "person__name", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            unique("session", "person", rule="one_per_person",
                   message=_("This person is already on the session's sheet.")),
            choices_constraint("status", AttendanceStatus,
                               message=_("Unknown attendance status.")),
            non_negative("hours", message=_("Hours credited cannot be negative.")),
            models.CheckConstraint(
                condition=Q(status__in=ATTENDED) | Q(hours=0),
                name="%(app_label)s_%(class)s_no_hours_when_away",
                violation_error_message=_("An absence credits no hours."),
            ),
        ]
        indexes = [
            # A person's attendances with their sessions and hours in the index itself: the
            # hours of a year per person (selectors.with_training_hours; the people below
            # their quota) are read without visiting the table. It replaces the foreign
            # key's own index on the person.
            models.Index(fields=["person"], include=["session", "hours"],
                         name="partybuilding_person_hours_idx"),
        ]

    def __str__(self):
        return f"{self.person} · {self.session}"


class TrainingQuota(TrackedModel):
    """The training hours a person of a kind must reach in a year (set by the system
    administrator)."""

    year = YearField(_("year"))
    person_kind = models.CharField(_("kind of person"), max_length=20,
                                   choices=PersonKind.choices)
    hours = models.DecimalField(_("hours required"), **HOURS)

    class Meta:
        ordering = ["-year", "person_kind"]
        verbose_name = _("training quota")
        verbose_name_plural = _("training quotas")
        constraints = [
            unique("year", "person_kind", rule="one_per_kind",
                   message=_("That year already has a quota for this kind of person.")),
            choices_constraint("person_kind", PersonKind,
                               message=_("Unknown kind of person.")),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="%(app_label)s_%(class)s_hours_positive",
                violation_error_message=_("A quota is more than zero hours."),
            ),
            year_range(),
        ]

    def __str__(self):
        return f"{self.year} {self.get_person_kind_display()}: {self.hours}"

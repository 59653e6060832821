from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import PhoneField, TrackedModel, choices_constraint, value_range
from cuizhai.core.choices import PersonKind

BIRTH_YEAR_MIN = 1920
BIRTH_YEAR_MAX = 2020


class Person(TrackedModel):
    """One of the office's people (人员): a cadre, a community or grid worker, a help-line
    helper (帮办员), an outside safety expert, a growth mentor. The apps link to a person
    instead of typing a name. A person is not necessarily a user; a user linked to a person
    is shown by the person's name (``cuizhai.core.services.people``)."""

    display_columns = ("name",)  # str(): exports join it (cuizhai.core.base.export)

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices)
    department = models.ForeignKey(
        "core.Department", verbose_name=_("department"), on_delete=models.PROTECT,
        related_name="people", null=True, blank=True,
    )
    village = models.ForeignKey(
        "core.Village", verbose_name=_("village"), on_delete=models.PROTECT,
        related_name="people", null=True, blank=True,
    )
    community = models.ForeignKey(
        "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="people", null=True, blank=True,
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    phone = PhoneField(_("phone"), blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL,
        related_name="person", null=True, blank=True,
        help_text=_("The person's login, if any: the user is then shown by this name."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            choices_constraint("kind", PersonKind, message=_("Unknown kind of person.")),
            models.CheckConstraint(
                condition=(Q(department__isnull=True, village__isnull=True)
                           | Q(department__isnull=True, community__isnull=True)
                           | Q(village__isnull=True, community__isnull=True)),
                name="%(app_label)s_%(class)s_one_place",
                violation_error_message=_(
                    "A person belongs to one department, village or community at most."),
            ),
            value_range("birth_year", BIRTH_YEAR_MIN, BIRTH_YEAR_MAX,
                        message=_("The birth year is between 1920 and 2020.")),
        ]

    def __str__(self):
        return self.name

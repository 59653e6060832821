from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, choices_constraint
from cuizhai.core.choices import CommunityKind


def office_roles():
    """The roles a department's staff can hold: the offices' groups."""
    from cuizhai.core import roles

    return {"name__in": list(roles.offices())}


class Department(TrackedModel):
    """An office (科室/部门) of the subdistrict that owns or handles work."""

    display_columns = ("name",)  # str(): exports join it (cuizhai.core.base.export)

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    office = models.ForeignKey(
        "auth.Group", verbose_name=_("office role"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True, limit_choices_to=office_roles,
        help_text=_("The role its staff hold: they work on the items assigned to this "
                    "department."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Community(TrackedModel):
    """A community (社区): a resettlement "ideal community" or an urban community."""

    display_columns = ("name",)  # str(): exports join it (cuizhai.core.base.export)

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CommunityKind.choices, default=CommunityKind.IDEAL
    )
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            choices_constraint("kind", CommunityKind, message=_("Unknown community kind.")),
        ]

    def __str__(self):
        return self.name


class Village(TrackedModel):
    """An administrative village (村); a relocated village is rehoused in a community."""

    display_columns = ("name",)  # str(): exports join it (cuizhai.core.base.export)

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        help_text=_("12-digit statistical division code."),
        validators=[
            RegexValidator(r"^\d{12}$", _("A village code has exactly 12 digits."))
        ],
    )
    is_relocated = models.BooleanField(_("relocated"), default=False)
    resettled_in = models.ForeignKey(
        Community,
        verbose_name=_("resettled in"),
        on_delete=models.PROTECT,
        related_name="source_villages",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_relocated=True) | models.Q(resettled_in__isnull=True),
                name="%(app_label)s_%(class)s_community_only_if_relocated",
                violation_error_message=_(
                    "Only a relocated village can have a resettlement community."
                ),
            ),
        ]

    def __str__(self):
        return self.name

"""Where safety work happens: an enterprise of the core's register, a project of the
projects app, or a named site (a road, a square, a building site) in a village or
community. Inspections, hazards and enforcement cases have a target; traffic work a place."""

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models.display import StripSpace, related_display

IN_ONE_PLACE = Q(village__isnull=True) | Q(community__isnull=True)
NAMED_SITE = ~Q(site="")


def _site_fields():
    return {
        "site": models.CharField(
            _("site"), max_length=200, blank=True,
            help_text=_("A place that is not an enterprise or project: a road, a square…"),
        ),
        "village": models.ForeignKey(
            "core.Village", verbose_name=_("village"), on_delete=models.PROTECT,
            related_name="+", null=True, blank=True,
        ),
        "community": models.ForeignKey(
            "core.Community", verbose_name=_("community"), on_delete=models.PROTECT,
            related_name="+", null=True, blank=True,
        ),
    }


class SafetyPlace(models.Model):
    """A place of traffic-safety work: a community or village, or a named site in one."""

    site, village, community = _site_fields().values()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=IN_ONE_PLACE & (Q(village__isnull=False) | Q(community__isnull=False)),
                name="%(app_label)s_%(class)s_one_place",
                violation_error_message=_("Give the village or the community (one of them)."),
            ),
        ]

    @property
    def place_display(self):
        area = self.village or self.community
        return f"{area} {self.site}".strip() if self.site else str(area or "")


class SafetyTarget(models.Model):
    """What is inspected: an enterprise, a project, or a named site with its village or
    community — exactly one of the three."""

    enterprise = models.ForeignKey(
        "core.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    site, village, community = _site_fields().values()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(enterprise__isnull=False, project__isnull=True, site="")
                    | Q(enterprise__isnull=True, project__isnull=False, site="")
                    | Q(enterprise__isnull=True, project__isnull=True) & NAMED_SITE
                ),
                name="%(app_label)s_%(class)s_one_target",
                violation_error_message=_(
                    "Give one target: an enterprise, a project or a named site."),
            ),
            models.CheckConstraint(
                condition=~NAMED_SITE | (IN_ONE_PLACE & (
                    Q(village__isnull=False) | Q(community__isnull=False))),
                name="%(app_label)s_%(class)s_site_in_one_place",
                violation_error_message=_(
                    "A named site needs its village or its community (one of them)."),
            ),
        ]

    @property
    def target_display(self):
        if self.enterprise_id:
            return str(self.enterprise)
        if self.project_id:
            return str(self.project)
        area = self.village or self.community
        return f"{area} {self.site}".strip() if area else self.site

    @classmethod
    def target_display_sql(cls, prefix):
        """``target_display`` as SQL (``cuizhai.core.base.models.display``)."""
        area = Coalesce(related_display(prefix, cls, "village"),
                        related_display(prefix, cls, "community"))
        named_place = Q(**{f"{prefix}village__isnull": False}) | Q(
            **{f"{prefix}community__isnull": False})
        return Case(
            When(**{f"{prefix}enterprise__isnull": False},
                 then=related_display(prefix, cls, "enterprise")),
            When(**{f"{prefix}project__isnull": False},
                 then=related_display(prefix, cls, "project")),
            When(named_place, then=StripSpace(Concat(area, Value(" "), F(f"{prefix}site"),
                                                     output_field=models.TextField()))),
            default=F(f"{prefix}site"), output_field=models.TextField(),
        )

    def target_fields(self):
        """The target as field values, to give a hazard its inspection's target."""
        return {name: getattr(self, name) for name in TARGET_FIELDS}


TARGET_FIELDS = ("enterprise", "project", "site", "village", "community")

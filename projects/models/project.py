from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import ClosedLoopItem, TrackedModel
from cuizhai.core.models import Department
from projects.choices import (
    BatchStage,
    FundingSource,
    MilestoneKind,
    ProjectCategory,
    ProjectStatus,
)

from .enterprise import Enterprise

MONEY = {"max_digits": 14, "decimal_places": 2}


class Project(TrackedModel):
    """An investment project (项目), followed for its whole life cycle."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=ProjectCategory.choices)
    stage = models.CharField(_("batch stage"), max_length=20, choices=BatchStage.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNING,
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    total_investment = models.DecimalField(_("total investment (万元)"), **MONEY)
    owner_enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("owner enterprise"), on_delete=models.PROTECT,
        related_name="projects", null=True, blank=True,
    )
    owner_name = models.CharField(
        _("owner (public body)"), max_length=200, blank=True,
        help_text=_("The owner unit when it is a public body rather than an enterprise."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT,
        related_name="projects",
    )
    lead_official = models.CharField(_("lead official"), max_length=50, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    is_relocation = models.BooleanField(
        _("enterprise relocation into a park"), default=False
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_completion = models.DateField(_("actual completion"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(
        _("physical progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="%(app_label)s_%(class)s_investment_not_negative",
                violation_error_message=_("The total investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0, progress_percent__lte=100),
                name="%(app_label)s_%(class)s_progress_range",
                violation_error_message=_("Progress must be between 0 and 100 percent."),
            ),
            models.CheckConstraint(
                condition=Q(planned_completion__isnull=True) | Q(planned_start__isnull=True)
                | Q(planned_completion__gte=F("planned_start")),
                name="%(app_label)s_%(class)s_planned_completion_after_start",
                violation_error_message=_(
                    "The planned completion cannot be before the planned start."
                ),
            ),
            models.CheckConstraint(
                condition=Q(actual_completion__isnull=True) | Q(actual_start__isnull=True)
                | Q(actual_completion__gte=F("actual_start")),
                name="%(app_label)s_%(class)s_actual_completion_after_start",
                violation_error_message=_(
                    "The actual completion cannot be before the actual start."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.COMPLETED)
                | Q(actual_completion__isnull=False, progress_percent=100),
                name="%(app_label)s_%(class)s_completed_has_date_and_full_progress",
                violation_error_message=_(
                    "A completed project needs its actual completion date and progress at "
                    "100 percent."
                ),
            ),
            models.CheckConstraint(
                condition=Q(owner_enterprise__isnull=False, owner_name="")
                | (Q(owner_enterprise__isnull=True) & ~Q(owner_name="")),
                name="%(app_label)s_%(class)s_one_owner",
                violation_error_message=_(
                    "Give the owner either as an enterprise or as a public body, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
                violation_error_message=_("Unknown project status."),
            ),
            models.CheckConstraint(
                condition=Q(stage__in=BatchStage.values),
                name="%(app_label)s_%(class)s_stage_valid",
                violation_error_message=_("Unknown batch stage."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def owner_display(self):
        return str(self.owner_enterprise) if self.owner_enterprise_id else self.owner_name


class FundingLine(TrackedModel):
    """Where part of a project's money comes from (资金来源)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="funding"
    )
    source = models.CharField(_("source"), max_length=30, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (万元)"), **MONEY)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "year", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


class Milestone(TrackedModel):
    """A permit, approval or construction milestone (手续与节点)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    planned_date = models.DateField(_("planned date"))
    done_date = models.DateField(_("done date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "planned_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_("This project already has a milestone of that kind."),
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.get_kind_display()}"


class ProjectProblem(ClosedLoopItem):
    """A problem a project raised (问题诉求): answered within 24 hours (24小时响应)."""

    response_hours = 24
    resolution_working_days = 10

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="problems"
    )

    class Meta(ClosedLoopItem.Meta):
        verbose_name = _("project problem")
        verbose_name_plural = _("project problems")
        # The list's default order (newest first) read from the index, not sorted.
        indexes = [models.Index(fields=["reported_at", "id"], name="projects_problem_reported_idx")]


class MonthlyProgress(TrackedModel):
    """Investment completed in one month (月度进展); cumulative figures are derived."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    investment_completed = models.DecimalField(_("investment completed (万元)"), **MONEY)
    narrative = models.TextField(_("progress narrative"), blank=True)

    class Meta:
        ordering = ["project", "year", "month"]
        # The list's default order (latest month first) and the summary's year filter.
        indexes = [models.Index(fields=["year", "month"], name="projects_progress_month_idx")]
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "month"],
                name="%(app_label)s_%(class)s_one_per_month",
                violation_error_message=_("This project already has progress for that month."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="%(app_label)s_%(class)s_month_range",
                violation_error_message=_("Month must be between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=Q(investment_completed__gte=0),
                name="%(app_label)s_%(class)s_investment_not_negative",
                violation_error_message=_("Investment completed cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.year}-{self.month:02d}"

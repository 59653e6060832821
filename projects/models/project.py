from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import (
    FINISHED_STATUSES,
    ClosedLoopItem,
    MoneyField,
    MonthField,
    TrackedModel,
    YearField,
    choices_constraint,
    month_range,
    non_negative,
    not_before,
    unique,
    value_range,
    year_range,
)
from cuizhai.core.models import Department, Enterprise
from projects.choices import (
    BatchStage,
    FundingSource,
    MilestoneKind,
    ProjectCategory,
    ProjectStatus,
)


class Project(TrackedModel):
    """An investment project (项目), followed for its whole life cycle."""

    display_columns = ("code", "name")  # str(): exports join them (core export)

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=ProjectCategory.choices)
    stage = models.CharField(_("batch stage"), max_length=20, choices=BatchStage.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices,
        default=ProjectStatus.PLANNING,
    )
    plan_year = YearField(_("plan year"))
    total_investment = MoneyField(_("total investment (万元)"))
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
    lead = models.ForeignKey(
        "core.Person", verbose_name=_("lead official (person)"), on_delete=models.PROTECT,
        related_name="led_projects", null=True, blank=True,
        help_text=_("The lead official (包挂领导) in the register of people."),
    )
    # Kept as it was typed where no person of the register matched it.
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
            non_negative(
                "total_investment", rule="investment",
                message=_("The total investment cannot be negative."),
            ),
            value_range(
                "progress_percent", 0, 100, rule="progress",
                message=_("Progress must be between 0 and 100 percent."),
            ),
            year_range("plan_year"),
            not_before(
                "planned_completion", "planned_start", rule="planned_completion_after_start",
                message=_("The planned completion cannot be before the planned start."),
            ),
            not_before(
                "actual_completion", "actual_start", rule="actual_completion_after_start",
                message=_("The actual completion cannot be before the actual start."),
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
            choices_constraint("status", ProjectStatus, message=_("Unknown project status.")),
            choices_constraint("stage", BatchStage, message=_("Unknown batch stage.")),
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
    amount = MoneyField(_("amount (万元)"))
    year = YearField(_("year"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["project", "year", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            non_negative("amount", message=_("An amount cannot be negative.")),
            year_range(),
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
            unique("project", "kind", rule="one_per_kind",
                   message=_("This project already has a milestone of that kind.")),
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
        # The list's default order (newest first) read from the index, not sorted; the open
        # ones (?is_open=true, the summary's open figures) from an index of their own.
        indexes = [
            models.Index(fields=["reported_at", "id"], name="projects_problem_reported_idx"),
            models.Index(fields=["reported_at", "id"], name="projects_problem_open_idx",
                         condition=~Q(status__in=FINISHED_STATUSES)),
        ]


class MonthlyProgress(TrackedModel):
    """Investment completed in one month (月度进展); cumulative figures are derived."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="progress"
    )
    year = YearField(_("year"))
    month = MonthField(_("month"))
    investment_completed = MoneyField(_("investment completed (万元)"))
    narrative = models.TextField(_("progress narrative"), blank=True)

    class Meta:
        ordering = ["project", "year", "month"]
        # The list's default order (latest month first) and the summary's year filter.
        indexes = [models.Index(fields=["year", "month"], name="projects_progress_month_idx")]
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        constraints = [
            unique("project", "year", "month", rule="one_per_month",
                   message=_("This project already has progress for that month.")),
            year_range(),
            month_range(),
            non_negative(
                "investment_completed", rule="investment",
                message=_("Investment completed cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.year}-{self.month:02d}"

"""Filters of the projects app's lists: every column a dashboard slices on.

An id filter is paired with a readable one (``department_id`` and ``department``), declared
once per related model with ``related_filters``; derived state ("overdue", "responded in
time", "visited in a year") has a method, so that the summary's figures and the lists behind
their links count the same rows.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import (
    ClosedLoopFilterSet,
    SearchFilterSet,
    YearFilter,
    YearMonthFilter,
    date_range_filters,
    related_filters,
)
from cuizhai.core.filtersets import DepartmentFilters, EnterpriseFilters
from cuizhai.core.models import Department, Enterprise, Person
from projects.choices import (
    BatchStage,
    FundingSource,
    MilestoneKind,
    NeedKind,
    ProjectCategory,
    ProjectStatus,
    SupportKind,
)
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)

ProjectFilters = related_filters("project", Project, by="code")


class ProjectFilterSet(
    related_filters("department", Department, by="name", label=_("responsible department")),
    related_filters("owner_enterprise", Enterprise, by="name", label=_("owner enterprise")),
    related_filters("lead", Person, by="name", label=_("lead official (person)")),
    date_range_filters("completed", "actual_completion", label=_("date of completion")),
    SearchFilterSet,
):
    search_fields = (
        "code", "name", "location", "owner_name", "owner_enterprise__name", "lead__name",
        "lead_official", "description",
    )
    stage = django_filters.MultipleChoiceFilter(choices=BatchStage.choices, label=_("batch stage"))
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices, label=_("status"))
    category = django_filters.MultipleChoiceFilter(
        choices=ProjectCategory.choices, label=_("category")
    )
    plan_year = YearFilter(label=_("plan year"))
    completed_year = YearFilter(
        field_name="actual_completion", lookup_expr="year", label=_("year of completion")
    )
    has_overdue_milestones = django_filters.BooleanFilter(
        method="filter_has_overdue_milestones", label=_("has overdue milestones")
    )
    has_open_problems = django_filters.BooleanFilter(
        method="filter_has_open_problems", label=_("has open problems")
    )

    class Meta:
        model = Project
        fields = ["id", "code", "is_relocation"]

    # The list queryset (selectors.project_list) carries these counts as annotations.
    def filter_has_overdue_milestones(self, queryset, name, value):
        condition = Q(overdue_milestone_count__gt=0)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_has_open_problems(self, queryset, name, value):
        condition = Q(open_problem_count__gt=0)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class FundingLineFilterSet(ProjectFilters, SearchFilterSet):
    search_fields = ("project__code", "project__name", "note")
    source = django_filters.MultipleChoiceFilter(choices=FundingSource.choices, label=_("source"))
    year = YearFilter(label=_("year"))

    class Meta:
        model = FundingLine
        fields = ["id"]


class MilestoneFilterSet(ProjectFilters, SearchFilterSet):
    search_fields = ("project__code", "project__name", "note")
    kind = django_filters.MultipleChoiceFilter(choices=MilestoneKind.choices, label=_("kind"))
    overdue = django_filters.BooleanFilter(field_name="is_overdue", label=_("overdue"))
    done = django_filters.BooleanFilter(
        field_name="done_date", lookup_expr="isnull", exclude=True, label=_("done")
    )

    class Meta:
        model = Milestone
        fields = ["id"]


class MonthlyProgressFilterSet(ProjectFilters, SearchFilterSet):
    search_fields = ("project__code", "project__name", "narrative")
    year = YearFilter(label=_("year"))
    month_after = YearMonthFilter(lookup_expr="gte", label=_("month on or after (YYYY-MM)"))
    month_before = YearMonthFilter(lookup_expr="lte",
                                   label=_("month on or before (YYYY-MM)"))

    class Meta:
        model = MonthlyProgress
        fields = ["id", "month"]


class ProjectProblemFilterSet(ProjectFilters, ClosedLoopFilterSet):
    search_fields = ("title", "description", "project__code", "project__name")
    project_category = django_filters.MultipleChoiceFilter(
        field_name="project__category", choices=ProjectCategory.choices,
        label=_("project category"),
    )

    class Meta:
        model = ProjectProblem
        fields = ["id"]


class EnterpriseNeedFilterSet(EnterpriseFilters, ClosedLoopFilterSet):
    search_fields = ("title", "description", "enterprise__name", "enterprise__credit_code")
    visit_id = django_filters.NumberFilter(field_name="visit", label=_("found on visit (id)"))
    kind = django_filters.MultipleChoiceFilter(choices=NeedKind.choices, label=_("kind"))

    class Meta:
        model = EnterpriseNeed
        fields = ["id"]


class VisitFilterSet(EnterpriseFilters, DepartmentFilters,
                     date_range_filters("date", "date", label=_("date")), SearchFilterSet):
    search_fields = ("enterprise__name", "visitors", "notes")
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = Visit
        fields = ["id"]


class SupportOutcomeFilterSet(EnterpriseFilters,
                              date_range_filters("date", "date", label=_("date")),
                              SearchFilterSet):
    search_fields = ("title", "granting_body", "enterprise__name")
    kind = django_filters.MultipleChoiceFilter(choices=SupportKind.choices, label=_("kind"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("year"))

    class Meta:
        model = SupportOutcome
        fields = ["id"]

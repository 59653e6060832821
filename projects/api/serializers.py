"""Serializers of the projects app: explicit fields, brief related objects, computed values
read-only (they come from the annotations of ``projects.selectors``)."""

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.closed_loop import CLOSED_LOOP_FIELDS, ClosedLoopItemSerializer
from cuizhai.core.base.api.fields import BriefRelatedField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.summary import LinkField, summary_serializer
from cuizhai.core.base.export.columns import Read
from cuizhai.core.models import Department, Enterprise
from projects import selectors
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

TRACKED_FIELDS = ("created_at", "updated_at", "version")


def money(label, **kwargs):
    """A read-only amount in 万元, as a decimal string with 2 places."""
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, label=label, **kwargs
    )


def count(label):
    return serializers.IntegerField(read_only=True, label=label)


def project_field(**kwargs):
    return BriefRelatedField(
        queryset=Project.objects.all(), brief_fields=("code", "name"), label=_("project"),
        **kwargs,
    )


def enterprise_field(**kwargs):
    return BriefRelatedField(
        queryset=Enterprise.objects.all(), brief_fields=("credit_code",),
        label=kwargs.pop("label", _("enterprise")), **kwargs,
    )


class ProjectSerializer(TrackedModelSerializer):
    owner_enterprise = enterprise_field(
        required=False, allow_null=True, label=_("owner enterprise")
    )
    department = BriefRelatedField(
        queryset=Department.objects.all(), label=_("responsible department")
    )
    owner_display = serializers.CharField(read_only=True, label=_("owner unit"))
    funding_total = money(_("funding total (万元)"))
    central_special_bonds = money(_("central special-purpose bonds (万元)"))
    investment_completed_total = money(_("investment completed to date (万元)"))
    overdue_milestone_count = count(_("overdue milestones"))
    open_problem_count = count(_("open problems"))
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, label=_("reason for the change"),
        help_text=_("Recorded in the history; required when a system administrator reopens "
                    "a completed project."),
    )

    # One owner column in the report: the enterprise's name, else the public body's.
    export_reads = {"owner_display": Read(
        ("owner_enterprise__name", "owner_name"), lambda enterprise, name: enterprise or name,
        sql=Coalesce(NullIf(F("owner_enterprise__name"), Value("")), F("owner_name")),
    )}
    export_report_omits = ("owner_enterprise", "owner_name")

    class Meta:
        model = Project
        fields = (
            "id", "code", "name", "category", "stage", "status", "plan_year",
            "total_investment", "owner_enterprise", "owner_name", "owner_display", "department",
            "lead", "lead_official", "location", "is_relocation", "planned_start",
            "planned_completion",
            "actual_start", "actual_completion", "progress_percent", "description",
            "funding_total", "central_special_bonds", "investment_completed_total",
            "overdue_milestone_count", "open_problem_count", "reason", *TRACKED_FIELDS,
        )


class FundingLineSerializer(TrackedModelSerializer):
    project = project_field()

    class Meta:
        model = FundingLine
        fields = ("id", "project", "source", "amount", "year", "note", *TRACKED_FIELDS)


class MilestoneSerializer(TrackedModelSerializer):
    project = project_field()
    is_overdue = serializers.BooleanField(read_only=True, label=_("overdue"))

    class Meta:
        model = Milestone
        fields = (
            "id", "project", "kind", "planned_date", "done_date", "is_overdue", "note",
            *TRACKED_FIELDS,
        )


class MonthlyProgressSerializer(TrackedModelSerializer):
    project = project_field()
    cumulative_investment = money(_("cumulative investment (万元)"))
    cumulative_percent = serializers.DecimalField(
        max_digits=10, decimal_places=2, read_only=True, allow_null=True,
        label=_("cumulative share of total investment (%)"),
        help_text=_("Null when the project has no total investment."),
    )

    class Meta:
        model = MonthlyProgress
        fields = (
            "id", "project", "year", "month", "investment_completed", "cumulative_investment",
            "cumulative_percent", "narrative", *TRACKED_FIELDS,
        )


class ProjectProblemSerializer(ClosedLoopItemSerializer):
    project = project_field()

    class Meta(ClosedLoopItemSerializer.Meta):
        model = ProjectProblem
        fields = ("id", "project", *CLOSED_LOOP_FIELDS, "version")


class VisitSerializer(TrackedModelSerializer):
    enterprise = enterprise_field()
    department = BriefRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True,
        label=_("department"),
    )
    need_count = count(_("needs found"))

    class Meta:
        model = Visit
        fields = (
            "id", "enterprise", "date", "visitors", "department", "notes", "need_count",
            *TRACKED_FIELDS,
        )


class EnterpriseNeedSerializer(ClosedLoopItemSerializer):
    enterprise = enterprise_field()
    visit = BriefRelatedField(
        queryset=Visit.objects.all(), required=False, allow_null=True, brief_fields=("date",),
        label=_("found on visit"),
    )

    class Meta(ClosedLoopItemSerializer.Meta):
        model = EnterpriseNeed
        fields = (
            "id", "enterprise", "visit", "kind", *CLOSED_LOOP_FIELDS, "version",
        )


class SupportOutcomeSerializer(TrackedModelSerializer):
    enterprise = enterprise_field()

    class Meta:
        model = SupportOutcome
        fields = (
            "id", "enterprise", "kind", "title", "amount", "date", "granting_body",
            *TRACKED_FIELDS,
        )


# --- the summary ------------------------------------------------------------------------------
# Output-only: the declared figures' serializer comes from their declaration
# (selectors.PROJECTS_SUMMARY); the indicators and campaigns are records listed beside them.
class SummaryIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    year = serializers.IntegerField()
    month = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    same_period_last_year = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True
    )
    yoy_growth = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True,
        help_text=_("Year-on-year growth (%), computed from the stored values."),
    )
    link = LinkField()


class SummaryCampaignOutputSerializer(serializers.Serializer):
    metric = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)


class SummaryCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    year = serializers.IntegerField()
    outputs = SummaryCampaignOutputSerializer(many=True)
    link = LinkField()


class ProjectsSummarySerializer(summary_serializer(selectors.PROJECTS_SUMMARY)):
    indicators = SummaryIndicatorSerializer(many=True)
    campaigns = SummaryCampaignSerializer(many=True)

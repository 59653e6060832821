from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.fields import BriefRelatedField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    ChecklistCriterion,
    ChecklistTemplate,
    Community,
    Department,
    Enterprise,
    Indicator,
    IndicatorValue,
    Person,
    Village,
)


class DepartmentSerializer(TrackedModelSerializer):
    class Meta:
        model = Department
        fields = ("id", "name", "code", "phone", "is_active", "version")


class CommunitySerializer(TrackedModelSerializer):
    class Meta:
        model = Community
        fields = ("id", "name", "kind", "address", "version")


class VillageSerializer(TrackedModelSerializer):
    resettled_in = BriefRelatedField(
        queryset=Community.objects.all(), required=False, allow_null=True,
        label=_("resettled in"),
    )

    class Meta:
        model = Village
        fields = ("id", "name", "code", "is_relocated", "resettled_in", "version")


class EnterpriseSerializer(TrackedModelSerializer):
    """The register's fields; the installed apps' read-only fields (an enterprise's visits,
    open needs…) join through ``extended_serializer``."""

    class Meta:
        model = Enterprise
        fields = (
            "id", "name", "credit_code", "industry", "park", "address", "is_relocating",
            "expected_output_value", "created_at", "updated_at", "version",
        )


class IndicatorSerializer(TrackedModelSerializer):
    class Meta:
        model = Indicator
        fields = ("id", "code", "name", "unit", "area", "period_kind", "description", "version")


class IndicatorValueSerializer(TrackedModelSerializer):
    indicator = BriefRelatedField(
        queryset=Indicator.objects.all(), brief_fields=("code", "unit"), label=_("indicator")
    )
    same_period_last_year = serializers.DecimalField(
        max_digits=18, decimal_places=4, read_only=True, allow_null=True,
        label=_("same period last year")
    )
    yoy_growth = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True, allow_null=True,
        label=_("year-on-year growth (%)")
    )
    previous_period_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, read_only=True, allow_null=True,
        label=_("previous period")
    )
    mom_growth = serializers.DecimalField(
        max_digits=18, decimal_places=2, read_only=True, allow_null=True,
        label=_("period-on-period growth (%)")
    )

    class Meta:
        model = IndicatorValue
        fields = (
            "id", "indicator", "year", "month", "value", "source", "same_period_last_year",
            "yoy_growth", "previous_period_value", "mom_growth", "version",
        )


class CampaignOutputSerializer(TrackedModelSerializer):
    campaign = BriefRelatedField(queryset=Campaign.objects.all(), label=_("campaign"))

    class Meta:
        model = CampaignOutput
        fields = ("id", "campaign", "metric", "unit", "value", "version")


class CampaignOutputBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignOutput
        fields = ("id", "metric", "unit", "value")


class CampaignSerializer(TrackedModelSerializer):
    department = BriefRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True,
        label=_("responsible department"),
    )
    outputs = CampaignOutputBriefSerializer(many=True, read_only=True, label=_("outputs"))

    class Meta:
        model = Campaign
        fields = (
            "id", "name", "area", "year", "start_date", "end_date", "department",
            "description", "outputs", "version",
        )


class ChecklistCriterionSerializer(TrackedModelSerializer):
    template = BriefRelatedField(queryset=ChecklistTemplate.objects.all(),
                                 label=_("checklist template"))

    class Meta:
        model = ChecklistCriterion
        fields = ("id", "template", "position", "text", "kind", "max_score", "pass_score",
                  "version")


class ChecklistTemplateCriterionSerializer(TrackedModelSerializer):
    class Meta:
        model = ChecklistCriterion
        fields = ("id", "position", "text", "kind", "max_score", "pass_score")
        read_only_fields = fields


class ChecklistTemplateSerializer(TrackedModelSerializer):
    criteria = ChecklistTemplateCriterionSerializer(many=True, read_only=True,
                                                    label=_("criteria"))

    class Meta:
        model = ChecklistTemplate
        fields = ("id", "code", "version_number", "name", "area", "description", "is_current",
                  "criteria", "version")
        read_only_fields = ("version_number",)


class PersonSerializer(TrackedModelSerializer):
    class Meta:
        model = Person
        fields = ("id", "name", "kind", "department", "village", "community", "post", "phone",
                  "birth_year", "is_active", "user", "version")

import django_filters
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import SearchFilterSet
from cuizhai.core.choices import CommunityKind, area_choices
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Community,
    Department,
    Indicator,
    IndicatorValue,
    Village,
)


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Department
        fields = ["id", "code", "is_active"]


class CommunityFilterSet(SearchFilterSet):
    search_fields = ("name", "address")
    kind = django_filters.MultipleChoiceFilter(choices=CommunityKind.choices)

    class Meta:
        model = Community
        fields = ["id", "kind"]


class VillageFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    resettled_in_id = django_filters.ModelMultipleChoiceFilter(
        queryset=Community.objects.all(), field_name="resettled_in", label=_("resettled in (id)")
    )
    resettled_in = django_filters.CharFilter(
        field_name="resettled_in__name", label=_("resettled in (name)")
    )

    class Meta:
        model = Village
        fields = ["id", "code", "is_relocated"]


class IndicatorFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    area = django_filters.MultipleChoiceFilter(choices=area_choices)

    class Meta:
        model = Indicator
        fields = ["id", "code", "area", "period_kind"]


class IndicatorValueFilterSet(SearchFilterSet):
    search_fields = ("indicator__name", "indicator__code")
    indicator_id = django_filters.ModelMultipleChoiceFilter(
        queryset=Indicator.objects.all(), field_name="indicator", label=_("indicator (id)")
    )
    indicator = django_filters.CharFilter(
        field_name="indicator__code", label=_("indicator (code)")
    )
    area = django_filters.MultipleChoiceFilter(field_name="indicator__area", choices=area_choices)

    class Meta:
        model = IndicatorValue
        fields = ["id", "year", "month"]


class CampaignFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    area = django_filters.MultipleChoiceFilter(choices=area_choices)
    department_id = django_filters.ModelMultipleChoiceFilter(
        queryset=Department.objects.all(), field_name="department", label=_("department (id)")
    )

    class Meta:
        model = Campaign
        fields = ["id", "year"]


class CampaignOutputFilterSet(SearchFilterSet):
    search_fields = ("metric",)
    campaign_id = django_filters.ModelMultipleChoiceFilter(
        queryset=Campaign.objects.all(), field_name="campaign", label=_("campaign (id)")
    )

    class Meta:
        model = CampaignOutput
        fields = ["id", "metric"]

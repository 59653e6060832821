import django_filters
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import SearchFilterSet, related_filters
from cuizhai.core.choices import CommunityKind, PersonKind, area_choices
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

# The id + readable filter pairs of the core's registers, for every app's FilterSets.
DepartmentFilters = related_filters("department", Department, by="name")
CampaignFilters = related_filters("campaign", Campaign, by="name")
IndicatorFilters = related_filters("indicator", Indicator, by="code")
EnterpriseFilters = related_filters("enterprise", Enterprise, by="name")


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


class VillageFilterSet(
    related_filters("resettled_in", Community, by="name", label=_("resettled in")),
    SearchFilterSet,
):
    search_fields = ("name", "code")

    class Meta:
        model = Village
        fields = ["id", "code", "is_relocated"]


class EnterpriseFilterSet(SearchFilterSet):
    """The register's own filters; an app adds its own through a register extension
    (the core's API and summaries use ``extended_filterset(EnterpriseFilterSet)``)."""

    search_fields = ("name", "credit_code", "industry", "park", "address")
    industry = django_filters.CharFilter(label=_("industry"))
    park = django_filters.CharFilter(label=_("park"))

    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", "is_relocating"]


class IndicatorFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    area = django_filters.MultipleChoiceFilter(choices=area_choices)

    class Meta:
        model = Indicator
        fields = ["id", "code", "area", "period_kind"]


class IndicatorValueFilterSet(IndicatorFilters, SearchFilterSet):
    search_fields = ("indicator__name", "indicator__code")
    area = django_filters.MultipleChoiceFilter(field_name="indicator__area", choices=area_choices)

    class Meta:
        model = IndicatorValue
        fields = ["id", "year", "month"]


class CampaignFilterSet(DepartmentFilters, SearchFilterSet):
    search_fields = ("name", "description")
    area = django_filters.MultipleChoiceFilter(choices=area_choices)

    class Meta:
        model = Campaign
        fields = ["id", "year"]


class CampaignOutputFilterSet(CampaignFilters, SearchFilterSet):
    search_fields = ("metric",)

    class Meta:
        model = CampaignOutput
        fields = ["id", "metric"]


class ChecklistTemplateFilterSet(SearchFilterSet):
    search_fields = ("name", "code")
    area = django_filters.MultipleChoiceFilter(choices=area_choices)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "code", "is_current"]


class ChecklistCriterionFilterSet(SearchFilterSet):
    search_fields = ("text",)

    class Meta:
        model = ChecklistCriterion
        fields = ["template", "kind"]


class PersonFilterSet(
    DepartmentFilters,
    related_filters("village", Village, by="name"),
    related_filters("community", Community, by="name"),
    SearchFilterSet,
):
    search_fields = ("name", "post")
    kind = django_filters.MultipleChoiceFilter(choices=PersonKind.choices, label=_("kind"))

    class Meta:
        model = Person
        fields = ["id", "is_active", "birth_year"]

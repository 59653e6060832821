import django_filters
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.filtersets import SearchFilterSet
from cuizhai.reports.choices import PeriodKind, ReportStatus
from cuizhai.reports.models import HeadlineTemplate, ProgressReport, Target


class TargetFilterSet(SearchFilterSet):
    search_fields = ("key", "note")
    line = django_filters.CharFilter(method="filter_line", label=_("line of work"))

    class Meta:
        model = Target
        fields = ["id", "year", "key"]

    def filter_line(self, queryset, name, value):
        """The line's targets: keys are ``<line>:<figure>``, so the separator is part of the
        prefix (``project`` is not ``projects``)."""
        return queryset.filter(key__startswith=f"{value}:")


class HeadlineTemplateFilterSet(SearchFilterSet):
    search_fields = ("key", "text")

    class Meta:
        model = HeadlineTemplate
        fields = ["id", "key"]


class ProgressReportFilterSet(SearchFilterSet):
    search_fields = ("title",)
    period_kind = django_filters.MultipleChoiceFilter(choices=PeriodKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = ProgressReport
        fields = ["id", "year", "number", "line", "period_kind", "status"]

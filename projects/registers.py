"""What enterprise service adds to the core's enterprise register (``cuizhai.core.base.registers``):
on the enterprise list, each enterprise's visits and open needs (``visit_count``,
``open_need_count``, the ``visited_year`` filter the summary's "enterprises visited" counts
with); on its admin page, its visits, support outcomes and needs."""

import django_filters
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.closed_loop import ClosedLoopReadOnlyInline
from cuizhai.core.base.admin.inlines import TrackedInline
from cuizhai.core.base.filtersets import YearFilter
from cuizhai.core.base.registers import RegisterExtension
from cuizhai.core.base.selectors import subquery_count
from projects.models import EnterpriseNeed, SupportOutcome, Visit


class EnterpriseServiceFilters(django_filters.FilterSet):
    visited_year = YearFilter(method="filter_visited_year", label=_("visited in year"))

    def filter_visited_year(self, queryset, name, value):
        # A subquery, not a join: an enterprise visited three times is listed once.
        visited = Visit.objects.filter(date__year=value).values("enterprise")
        return queryset.filter(pk__in=visited)

    # The enterprises visited in a period (a summary's month, quarter...), both days included:
    # one visit within both bounds, so both are read together (filter_queryset).
    visited_after = django_filters.DateFilter(method="filter_visited_in_period",
                                              label=_("visited on or after"))
    visited_before = django_filters.DateFilter(method="filter_visited_in_period",
                                               label=_("visited on or before"))

    def filter_visited_in_period(self, queryset, name, value):
        return queryset  # both bounds at once, below

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.form.cleaned_data.get("visited_after")
        before = self.form.cleaned_data.get("visited_before")
        if after is None and before is None:
            return queryset
        visits = Visit.objects.all()
        if after is not None:
            visits = visits.filter(date__gte=after)
        if before is not None:
            visits = visits.filter(date__lte=before)
        return queryset.filter(pk__in=visits.values("enterprise"))


class EnterpriseServiceFields(serializers.Serializer):
    visit_count = serializers.IntegerField(read_only=True, label=_("visits"))
    open_need_count = serializers.IntegerField(read_only=True, label=_("open needs"))


class VisitInline(TrackedInline):
    model = Visit
    fields = ("date", "visitors", "department", "notes")
    autocomplete_fields = ("department",)
    extra = 0
    show_change_link = True


class SupportOutcomeInline(TrackedInline):
    model = SupportOutcome
    fields = ("kind", "title", "amount", "date", "granting_body")
    extra = 0


class EnterpriseNeedInline(ClosedLoopReadOnlyInline):
    model = EnterpriseNeed
    fields = ("title", "kind", "status", "reported_at", "resolution_due")
    verbose_name_plural = _("needs (raise and handle them on the needs page)")


class EnterpriseServiceAdmin:
    list_display = ("visit_count", "open_need_count")
    inlines = [VisitInline, SupportOutcomeInline, EnterpriseNeedInline]

    @admin.display(description=_("visits"), ordering="visit_count")
    def visit_count(self, obj):
        return display.figure(obj.visit_count)

    @admin.display(description=_("open needs"), ordering="open_need_count", empty_value="")
    def open_need_count(self, obj):
        return display.flag(obj.open_need_count, obj.open_need_count, display.WARNING)


class EnterpriseService(RegisterExtension):
    model = "core.Enterprise"
    ordering_fields = ("visit_count", "open_need_count")
    filterset = EnterpriseServiceFilters
    serializer = EnterpriseServiceFields
    admin = EnterpriseServiceAdmin

    @staticmethod
    def annotate(queryset):
        # Counted by subqueries: two counts over joins would multiply each other's rows.
        return queryset.annotate(
            visit_count=subquery_count(Visit, fk="enterprise"),
            open_need_count=subquery_count(EnterpriseNeed.objects.open(), fk="enterprise"),
        )

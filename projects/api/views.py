"""API of the projects app: one viewset per model, writes through ``projects.services``,
and the summary the dashboards read."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from cuizhai.core.base.api.closed_loop import ClosedLoopViewSetMixin
from cuizhai.core.base.api.summary import SummaryView
from cuizhai.core.base.api.viewsets import SelectorViewSet
from projects import filtersets, selectors
from projects.api import serializers
from projects.models import Project


class ProjectViewSet(SelectorViewSet):
    selector = staticmethod(selectors.project_list)
    serializer_class = serializers.ProjectSerializer
    filterset_class = filtersets.ProjectFilterSet
    ordering = ("code",)
    ordering_fields = (
        "code", "name", "plan_year", "total_investment", "progress_percent", "planned_start",
        "planned_completion", "actual_start", "actual_completion", "funding_total",
        "investment_completed_total", "updated_at",
    )

    def delete_options(self):
        return {"confirm_cascade": self.request.query_params.get("confirm") == "cascade"}

    @extend_schema(parameters=[OpenApiParameter(
        "confirm", str, enum=["cascade"],
        description=_("cascade: also delete the project's funding lines, milestones and "
                      "monthly progress (system administrator only)."),
    )])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)


class FundingLineViewSet(SelectorViewSet):
    selector = staticmethod(selectors.funding_line_list)
    serializer_class = serializers.FundingLineSerializer
    filterset_class = filtersets.FundingLineFilterSet
    ordering_fields = ("year", "amount", "source")


class MilestoneViewSet(SelectorViewSet):
    selector = staticmethod(selectors.milestone_list)
    serializer_class = serializers.MilestoneSerializer
    filterset_class = filtersets.MilestoneFilterSet
    ordering = ("planned_date", "pk")
    ordering_fields = ("planned_date", "done_date", "kind")


class MonthlyProgressViewSet(SelectorViewSet):
    selector = staticmethod(selectors.monthly_progress_list)
    serializer_class = serializers.MonthlyProgressSerializer
    filterset_class = filtersets.MonthlyProgressFilterSet
    ordering = ("-year", "-month", "pk")
    ordering_fields = ("year", "month", "investment_completed", "cumulative_investment")


class ProjectProblemViewSet(ClosedLoopViewSetMixin, SelectorViewSet):
    selector = staticmethod(selectors.project_problem_list)
    serializer_class = serializers.ProjectProblemSerializer
    filterset_class = filtersets.ProjectProblemFilterSet


class VisitViewSet(SelectorViewSet):
    selector = staticmethod(selectors.visit_list)
    serializer_class = serializers.VisitSerializer
    filterset_class = filtersets.VisitFilterSet
    ordering = ("-date", "-pk")
    ordering_fields = ("date", "need_count")


class EnterpriseNeedViewSet(ClosedLoopViewSetMixin, SelectorViewSet):
    selector = staticmethod(selectors.enterprise_need_list)
    serializer_class = serializers.EnterpriseNeedSerializer
    filterset_class = filtersets.EnterpriseNeedFilterSet


class SupportOutcomeViewSet(SelectorViewSet):
    selector = staticmethod(selectors.support_outcome_list)
    serializer_class = serializers.SupportOutcomeSerializer
    filterset_class = filtersets.SupportOutcomeFilterSet
    ordering = ("-date", "-pk")
    ordering_fields = ("date", "amount", "kind")


# --- the summary ------------------------------------------------------------------------------
def _list_link(url_name, **params):
    return f"{reverse(url_name)}?{urlencode(params)}"


class ProjectsSummaryView(SummaryView):
    """The year's figures of projects and enterprise service (declared in
    ``selectors.PROJECTS_SUMMARY``), the year's indicators and its campaigns."""

    # Reading the summary needs view permission on projects.
    queryset = Project.objects.none()
    serializer_class = serializers.ProjectsSummarySerializer

    def figures(self, period):
        figures = selectors.projects_summary(period)
        year = period.end.year
        figures["indicators"] = [
            {
                "code": value.indicator.code,
                "name": value.indicator.name,
                "unit": value.indicator.unit,
                "year": value.year,
                "month": value.month,
                "value": value.value,
                "same_period_last_year": value.same_period_last_year,
                "yoy_growth": value.yoy_growth,
                "link": _list_link("core-api:indicatorvalue-list",
                                   indicator=value.indicator.code, year=year),
            }
            for value in figures["indicators"]
        ]
        figures["campaigns"] = [
            {
                "id": campaign.pk,
                "name": campaign.name,
                "year": campaign.year,
                "outputs": [
                    {"metric": o.metric, "unit": o.unit, "value": o.value}
                    for o in campaign.outputs.all()
                ],
                "link": _list_link("core-api:campaignoutput-list", campaign_id=campaign.pk),
            }
            for campaign in figures["campaigns"]
        ]
        return figures


class ProjectsSeriesView(SummaryView):
    """The monthly series of projects (``selectors.PROJECTS_SERIES``): investment completed,
    projects completed and problems raised, each month with its link."""

    queryset = Project.objects.none()
    summary = selectors.PROJECTS_SERIES

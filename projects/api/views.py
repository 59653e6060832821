"""API of the projects app: one viewset per model, writes through ``projects.services``,
and the summary the dashboards read."""

from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from cuizhai.core.base.api.closed_loop import ClosedLoopViewSetMixin
from cuizhai.core.base.api.permissions import ViewPermission
from cuizhai.core.base.api.viewsets import SelectorViewSet
from cuizhai.core.choices import Timeliness
from projects import filtersets, selectors, services
from projects.api import serializers
from projects.choices import BatchStage, ProjectStatus, SupportKind
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

    def create_record(self, data):
        reason = data.pop("reason", "")
        return services.project_create(data=data, by=self.request.user, reason=reason)

    def update_record(self, instance, data, *, expected_version):
        reason = data.pop("reason", "")
        return services.project_update(
            project=instance, data=data, expected_version=expected_version,
            by=self.request.user, reason=reason,
        )


class FundingLineViewSet(SelectorViewSet):
    selector = staticmethod(selectors.funding_line_list)
    serializer_class = serializers.FundingLineSerializer
    filterset_class = filtersets.FundingLineFilterSet
    ordering_fields = ("year", "amount", "source")

    def create_record(self, data):
        return services.funding_line_create(data=data, by=self.request.user)

    def update_record(self, instance, data, *, expected_version):
        return services.funding_line_update(
            line=instance, data=data, expected_version=expected_version, by=self.request.user
        )


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


class EnterpriseViewSet(SelectorViewSet):
    selector = staticmethod(selectors.enterprise_list)
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    ordering = ("name",)
    ordering_fields = ("name", "credit_code", "expected_output_value", "visit_count",
                       "open_need_count")


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
CENT = Decimal("0.01")


def _money(value):
    return (value or Decimal("0")).quantize(CENT, rounding=ROUND_HALF_UP)


def _rate(part, whole):
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


class ProjectsSummaryView(APIView):
    """The year's figures of projects and enterprise service, each with a link to the list
    of the records that make it up (its ``count`` equals the figure)."""

    permission_classes = [ViewPermission]
    # For ModelPermissions: reading the summary needs view permission on projects.
    queryset = Project.objects.none()
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=True,
                                     description=_("The year the figures are for."))],
        responses=serializers.ProjectsSummarySerializer,
    )
    def get(self, request, format=None):
        query = serializers.SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        figures = selectors.projects_summary(year)
        data = self._with_links(figures, year)
        return Response(serializers.ProjectsSummarySerializer(data).data)

    def _link(self, url_name, **params):
        url = reverse(url_name, request=self.request)
        return f"{url}?{urlencode(params, doseq=True)}" if params else url

    def _with_links(self, figures, year):
        link = self._link
        problems = figures["problems"]
        enterprises = figures["enterprises"]
        newly_planned = figures["newly_planned"]
        in_year = {"reported_year": year}
        return {
            "year": year,
            "projects_by_stage": [
                {"stage": stage, "count": n,
                 "link": link("projects-api:project-list", stage=stage)}
                for stage, n in figures["projects_by_stage"].items()
            ],
            "projects_by_status": [
                {"status": status, "count": n,
                 "link": link("projects-api:project-list", status=status)}
                for status, n in figures["projects_by_status"].items()
            ],
            "newly_planned": {
                "count": newly_planned["count"],
                "total_investment": _money(newly_planned["total_investment"]),
                "central_special_bonds": _money(newly_planned["central_special_bonds"]),
                "link": link("projects-api:project-list", stage=BatchStage.PLANNED,
                             plan_year=year),
            },
            "under_construction": {
                "count": figures["under_construction"],
                "link": link("projects-api:project-list", status=ProjectStatus.CONSTRUCTION),
            },
            "completed": {
                "count": figures["completed"],
                "link": link("projects-api:project-list", status=ProjectStatus.COMPLETED,
                             completed_year=year),
            },
            "relocation_projects": {
                "count": figures["relocation_projects"],
                "link": link("projects-api:project-list", is_relocation="true"),
            },
            "investment_completed": {
                "amount": _money(figures["investment_completed"]),
                "link": link("projects-api:monthlyprogress-list", year=year),
            },
            "problems": {
                "raised": {
                    "count": problems["raised"],
                    "link": link("projects-api:projectproblem-list", **in_year),
                },
                "responded_within_24h": {
                    "count": problems["responded_within_24h"],
                    "rate": _rate(problems["responded_within_24h"], problems["raised"]),
                    "link": link("projects-api:projectproblem-list", **in_year,
                                 responded_in_time="true"),
                },
                "overdue": {
                    "count": problems["overdue"],
                    "link": link("projects-api:projectproblem-list", **in_year,
                                 timeliness=Timeliness.OVERDUE),
                },
            },
            "enterprises": {
                "visited": {
                    "count": enterprises["visited"],
                    "link": link("projects-api:enterprise-list", visited_year=year),
                },
                "visits": {
                    "count": enterprises["visits"],
                    "link": link("projects-api:visit-list", year=year),
                },
                "needs_open": {
                    "count": enterprises["needs_open"],
                    "link": link("projects-api:enterpriseneed-list", **in_year, is_open="true"),
                },
                "needs_closed": {
                    "count": enterprises["needs_closed"],
                    "link": link("projects-api:enterpriseneed-list", **in_year,
                                 is_open="false"),
                },
                "honours": {
                    "count": enterprises["honours"],
                    "link": link("projects-api:supportoutcome-list", kind=SupportKind.HONOUR,
                                 year=year),
                },
                "funds": {
                    "count": enterprises["funds"],
                    "amount": _money(enterprises["funds_amount"]),
                    "link": link("projects-api:supportoutcome-list", kind=SupportKind.FUNDS,
                                 year=year),
                },
            },
            "indicators": [
                {
                    "code": value.indicator.code,
                    "name": value.indicator.name,
                    "unit": value.indicator.unit,
                    "year": value.year,
                    "month": value.month,
                    "value": value.value,
                    "same_period_last_year": value.same_period_last_year,
                    "yoy_growth": value.yoy_growth,
                    "link": link("core-api:indicatorvalue-list",
                                 indicator=value.indicator.code, year=year),
                }
                for value in figures["indicators"]
            ],
            "campaigns": [
                {
                    "id": campaign.pk,
                    "name": campaign.name,
                    "year": campaign.year,
                    "outputs": [
                        {"metric": o.metric, "unit": o.unit, "value": o.value}
                        for o in campaign.outputs.all()
                    ],
                    "link": link("core-api:campaignoutput-list", campaign_id=campaign.pk),
                }
                for campaign in figures["campaigns"]
            ],
        }

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from cuizhai.core import filtersets, selectors
from cuizhai.core.api import serializers
from cuizhai.core.base.api.viewsets import SelectorViewSet, etag_for
from cuizhai.core.base.registers import (
    extended_filterset,
    extended_ordering,
    extended_serializer,
)
from cuizhai.core.models import Enterprise
from cuizhai.core.services import checklists


class DepartmentViewSet(SelectorViewSet):
    selector = staticmethod(selectors.department_list)
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    ordering_fields = ("name", "code")


class CommunityViewSet(SelectorViewSet):
    selector = staticmethod(selectors.community_list)
    serializer_class = serializers.CommunitySerializer
    filterset_class = filtersets.CommunityFilterSet
    ordering_fields = ("name", "kind")


class VillageViewSet(SelectorViewSet):
    selector = staticmethod(selectors.village_list)
    serializer_class = serializers.VillageSerializer
    filterset_class = filtersets.VillageFilterSet
    ordering_fields = ("name", "code")


class EnterpriseViewSet(SelectorViewSet):
    """The enterprise register. Its columns, filters and orderings include what the
    installed apps add to it (register extensions), found when first used."""

    selector = staticmethod(selectors.enterprise_list)
    ordering = ("name",)

    def get_serializer_class(self):
        return extended_serializer(serializers.EnterpriseSerializer)

    @property
    def filterset_class(self):
        return extended_filterset(filtersets.EnterpriseFilterSet)

    @property
    def ordering_fields(self):
        return extended_ordering(Enterprise, ("name", "credit_code", "expected_output_value"))


class IndicatorViewSet(SelectorViewSet):
    selector = staticmethod(selectors.indicator_list)
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filtersets.IndicatorFilterSet
    ordering_fields = ("code", "name", "area")


class IndicatorValueViewSet(SelectorViewSet):
    selector = staticmethod(selectors.indicator_value_list)
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filtersets.IndicatorValueFilterSet
    ordering_fields = ("year", "month", "value")


class CampaignViewSet(SelectorViewSet):
    selector = staticmethod(selectors.campaign_list)
    serializer_class = serializers.CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    ordering_fields = ("name", "year", "start_date")


class CampaignOutputViewSet(SelectorViewSet):
    selector = staticmethod(selectors.campaign_output_list)
    serializer_class = serializers.CampaignOutputSerializer
    filterset_class = filtersets.CampaignOutputFilterSet
    ordering_fields = ("metric", "value")


class ChecklistTemplateViewSet(SelectorViewSet):
    selector = staticmethod(selectors.checklist_template_list)
    serializer_class = serializers.ChecklistTemplateSerializer
    filterset_class = filtersets.ChecklistTemplateFilterSet
    ordering_fields = ("code", "version_number", "name")
    action_permissions = {**SelectorViewSet.action_permissions, "new_version": "add"}

    @extend_schema(request=None, responses={201: serializers.ChecklistTemplateSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        """Copy this checklist and its criteria as its next version, the current one."""
        new = checklists.checklist_template_new_version(self.get_object(), by=request.user)
        new = self.get_queryset().get(pk=new.pk)
        return Response(self.get_serializer(new).data, status=status.HTTP_201_CREATED,
                        headers={"ETag": etag_for(new)})


class ChecklistCriterionViewSet(SelectorViewSet):
    selector = staticmethod(selectors.checklist_criterion_list)
    serializer_class = serializers.ChecklistCriterionSerializer
    filterset_class = filtersets.ChecklistCriterionFilterSet
    ordering_fields = ("position",)


class PersonViewSet(SelectorViewSet):
    selector = staticmethod(selectors.person_list)
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet
    ordering_fields = ("name", "kind", "birth_year")

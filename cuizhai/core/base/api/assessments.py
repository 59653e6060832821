"""API of an app's assessments (checklists filled in): the shared serializer fields and
the actions — record a criterion's result, complete the sheet, raise an item from a failed
criterion."""

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cuizhai.core.base.api.fields import BriefRelatedField, LabelledChoiceField
from cuizhai.core.base.api.parsers import JSONParser
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.viewsets import etag_for
from cuizhai.core.base.services import assessments
from cuizhai.core.choices import AssessmentStatus
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, CriterionResult

ASSESSMENT_READ_ONLY = ("status", "completed_at", "completed_by")
ASSESSMENT_FIELDS = (
    "template", "assessed_on", "assessors", *ASSESSMENT_READ_ONLY,
    "total_score", "max_score", "failed_count", "results",
)


class CriterionResultSerializer(serializers.ModelSerializer):
    criterion = BriefRelatedField(read_only=True, brief_fields=("position", "kind"),
                                  label=_("criterion"))
    failed = serializers.BooleanField(read_only=True, label=_("failed"))
    photos = serializers.SerializerMethodField(label=_("photos"))

    class Meta:
        model = CriterionResult
        fields = ("id", "criterion", "passed", "score", "failed", "note", "photos")
        read_only_fields = fields

    def get_photos(self, result) -> list[str]:
        return [photo.original_name for photo in result.photos.all()]


class AssessmentSerializer(TrackedModelSerializer):
    """Base serializer of an app's assessment; a subclass adds its fields to Meta.fields.
    Expects the queryset from ``with_assessment_scores`` with results prefetched."""

    template = BriefRelatedField(queryset=ChecklistTemplate.objects.all(),
                                 brief_fields=("version_number",),
                                 label=_("checklist template"))
    status = LabelledChoiceField(choices=AssessmentStatus.choices, read_only=True,
                                 label=_("status"))
    completed_by = serializers.StringRelatedField(read_only=True, allow_null=True,
                                                  label=_("completed by"))
    total_score = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True,
                                           label=_("total score"))
    max_score = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True,
                                         label=_("maximum score"))
    failed_count = serializers.IntegerField(read_only=True, label=_("failed criteria"))
    results = CriterionResultSerializer(many=True, read_only=True, label=_("results"))

    # A list file has a row per assessment: its totals are columns, each criterion's
    # result is on the assessment's own page (and in its API record).
    export_reads = {"results": None}

    class Meta:
        read_only_fields = ASSESSMENT_READ_ONLY


class ResultInputSerializer(serializers.Serializer):
    criterion = serializers.PrimaryKeyRelatedField(queryset=ChecklistCriterion.objects.all(),
                                                   label=_("criterion"))
    passed = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      label=_("passed"))
    score = serializers.DecimalField(max_digits=6, decimal_places=2, required=False,
                                     allow_null=True, default=None, label=_("score"))
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 label=_("note"))
    photos = serializers.ListField(child=serializers.FileField(), required=False,
                                   default=list, label=_("photos"))


class RaiseItemInputSerializer(serializers.Serializer):
    criterion = serializers.PrimaryKeyRelatedField(queryset=ChecklistCriterion.objects.all(),
                                                   label=_("criterion"))
    title = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  label=_("title"),
                                  help_text=_("Defaults to the criterion's text."))


class RaisedItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(allow_null=True)


class AssessmentViewSetMixin:
    """Mix into an app's assessment viewset (before ``TrackedModelViewSet``)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_permissions = {"history": "view", "record_result": "change",
                          "complete": "change", "raise_item": "change"}

    def _answer(self, instance, code=status.HTTP_200_OK):
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(instance).data, status=code,
                        headers={"ETag": etag_for(instance)})

    @extend_schema(request=ResultInputSerializer)
    @action(detail=True, methods=["post"], url_path="results")
    def record_result(self, request, pk=None):
        """Record (or correct) one criterion's result, with a note and photos."""
        assessment = self.get_object()
        expected = self.expected_version(request, assessment, required=False)
        data = ResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessments.assessment_record_result(assessment, by=request.user,
                                             expected_version=expected, **data.validated_data)
        return self._answer(assessment)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Close the sheet once every criterion has its result."""
        assessment = self.get_object()
        expected = self.expected_version(request, assessment, required=False)
        assessments.assessment_complete(assessment, by=request.user, expected_version=expected)
        return self._answer(assessment)

    @extend_schema(request=RaiseItemInputSerializer, responses={201: RaisedItemSerializer})
    @action(detail=True, methods=["post"], url_path="raise-item")
    def raise_item(self, request, pk=None):
        """Raise the closed-loop item a failed criterion calls for, linked back to it."""
        assessment = self.get_object()
        data = RaiseItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = CriterionResult.objects.filter(
            criterion=data.validated_data["criterion"], content_type__model=assessment._meta
            .model_name, content_type__app_label=assessment._meta.app_label,
            object_id=assessment.pk,
        ).first()
        if result is None:
            raise serializers.ValidationError(
                {"criterion": _("This criterion has no result in this assessment yet.")})
        item = assessments.assessment_raise_item(result, by=request.user,
                                                 title=data.validated_data.get("title", ""))
        meta = item._meta
        try:
            url = reverse(f"{meta.app_label}-api:{meta.model_name}-detail", args=[item.pk],
                          request=request)
        except NoReverseMatch:
            url = None
        return Response({"kind": meta.label_lower, "id": item.pk, "title": item.title,
                         "url": url}, status=status.HTTP_201_CREATED)

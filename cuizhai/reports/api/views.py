"""Progress reports and targets over the API: generate, preview, submit, download, drift."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, PermissionDenied, ValidationError
from rest_framework.response import Response

from cuizhai.core.base.api.negotiation import ExportNegotiation
from cuizhai.core.base.api.viewsets import (
    ExportableListMixin,
    SelectorViewSet,
    VersionedRecordMixin,
    etag_for,
)
from cuizhai.core.base.exceptions import StaleVersion
from cuizhai.core.base.export import XLSX_MEDIA_TYPE, content_disposition
from cuizhai.reports import selectors, services
from cuizhai.reports.api import serializers
from cuizhai.reports.choices import FileFormat
from cuizhai.reports.filtersets import (
    HeadlineTemplateFilterSet,
    ProgressReportFilterSet,
    TargetFilterSet,
)
from cuizhai.reports.permissions import ReportPermission
from cuizhai.reports.render.html import render_html

MEDIA_TYPES = {
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: XLSX_MEDIA_TYPE,
    FileFormat.PDF: "application/pdf",
}


class TargetViewSet(SelectorViewSet):
    selector = staticmethod(selectors.target_list)
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilterSet
    ordering_fields = ("year", "key", "value")


class HeadlineTemplateViewSet(SelectorViewSet):
    selector = staticmethod(selectors.headline_template_list)
    serializer_class = serializers.HeadlineTemplateSerializer
    filterset_class = HeadlineTemplateFilterSet
    ordering_fields = ("key",)


def _refused(error):
    """A service's ValidationError as the API's 400."""
    return ValidationError(error.message_dict if hasattr(error, "error_dict")
                           else {"detail": error.messages})


def file_response(report, file_format, data):
    response = HttpResponse(data, content_type=MEDIA_TYPES[file_format])
    filename = f"{report.title}.{file_format}"
    fallback = f"progress-report-{report.period.slug}-{report.pk}.{file_format}"
    response["Content-Disposition"] = content_disposition(filename, fallback)
    response["Cache-Control"] = "no-store"
    return response


class FileNegotiation(ExportNegotiation):
    """The preview and the files answer in their own type whatever the Accept header asks
    (``Accept: application/pdf`` is no reason for a 406); errors stay JSON."""

    FILE_ACTIONS = frozenset({"preview", "file"})

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            view = request.parser_context.get("view") if request.parser_context else None
            if getattr(view, "action", None) in self.FILE_ACTIONS:
                return self._json(renderers)
            raise


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


class ProgressReportViewSet(VersionedRecordMixin, ExportableListMixin, mixins.ListModelMixin,
                            mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """``POST`` generates a draft (period, year, month or quarter, line); ``regenerate``
    reads a draft's figures again; ``submit`` freezes it with its files; ``preview`` is the
    report as HTML, ``files/<docx|xlsx|pdf>/`` its files, ``drift`` the figures that differ
    now from what it showed."""

    permission_classes = [ReportPermission]
    content_negotiation_class = FileNegotiation
    report_rules = {"create": "generate", "regenerate": "generate", "submit": "submit"}
    filterset_class = ProgressReportFilterSet
    lookup_value_regex = r"[0-9]+"
    ordering = ("-generated_at", "-pk")

    def get_queryset(self):
        return selectors.report_list()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProgressReportDetailSerializer
        if self.action == "create":
            return serializers.GenerateSerializer
        return serializers.ProgressReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        return Response(self.get_serializer(report).data, headers={"ETag": etag_for(report)})

    @extend_schema(request=serializers.GenerateSerializer,
                   responses={201: serializers.ProgressReportSerializer})
    def create(self, request):
        query = serializers.GenerateSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        try:
            report = services.report_generate(by=request.user, **query.validated_data)
        except DjangoValidationError as error:
            raise _refused(error) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(serializers.ProgressReportSerializer(
            report, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: serializers.ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        report = self.get_object()
        expected = self.expected_version(request, report, required=False)
        try:
            report = services.report_regenerate(report=report, by=request.user,
                                                expected_version=expected)
        except StaleVersion:
            raise
        except DjangoValidationError as error:
            raise _refused(error) from None
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return Response(serializers.ProgressReportSerializer(
            report, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: serializers.ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        expected = self.expected_version(request, report, required=False)
        try:
            report = services.report_submit(report=report, by=request.user,
                                            base_url=base_url(request),
                                            expected_version=expected)
        except StaleVersion:
            raise
        except DjangoValidationError as error:
            raise _refused(error) from None
        return Response(serializers.ProgressReportSerializer(
            report, context=self.get_serializer_context()).data)

    @extend_schema(responses={(200, "text/html"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        report = self.get_object()
        html = render_html(report.content, submitted_note=services.submitted_note(report))
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    # Each file answers in its own type (the path names which).
    @extend_schema(responses={(200, media_type): OpenApiTypes.BINARY
                              for media_type in MEDIA_TYPES.values()})
    @action(detail=True, methods=["get"], url_path=r"files/(?P<file_format>docx|xlsx|pdf)",
            url_name="file")
    def file(self, request, pk=None, file_format=None):
        report = self.get_object()
        data = services.render_file(report, file_format, base_url=base_url(request))
        return file_response(report, file_format, data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def drift(self, request, pk=None):
        report = self.get_object()
        return Response({"report": report.pk, "submitted_at": report.submitted_at,
                         "figures": selectors.report_drift(report)})

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.summary import MAX_YEAR, MIN_YEAR
from cuizhai.reports import catalogue
from cuizhai.reports.choices import FileFormat, PeriodKind
from cuizhai.reports.models import HeadlineTemplate, ProgressReport, Target


class TargetSerializer(TrackedModelSerializer):
    key = serializers.ChoiceField(choices=(), label=_("figure"))
    unit = serializers.SerializerMethodField(label=_("unit"))

    class Meta:
        model = Target
        fields = ("id", "year", "key", "unit", "value", "note", "version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = catalogue.headline_choices()

    def get_unit(self, target) -> str:
        headline = catalogue.headline(target.key)
        return headline.source_unit if headline else ""


class HeadlineTemplateSerializer(TrackedModelSerializer):
    key = serializers.ChoiceField(choices=(), label=_("figure"))

    class Meta:
        model = HeadlineTemplate
        fields = ("id", "key", "text", "version")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = catalogue.headline_choices()


class GenerateSerializer(serializers.Serializer):
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, label=_("report period"))
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, label=_("year"))
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                      max_value=12, label=_("month or quarter"))
    line = serializers.ChoiceField(choices=(), required=False, allow_blank=True,
                                   label=_("line of work"), help_text=_("Empty: all lines."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = catalogue.line_choices()


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display = serializers.SerializerMethodField()

    def get_display(self, user) -> str:
        return user.get_full_name() or user.get_username()


class ProgressReportSerializer(serializers.ModelSerializer):
    generated_by = UserBriefSerializer(read_only=True)
    submitted_by = UserBriefSerializer(read_only=True, allow_null=True)
    links = serializers.SerializerMethodField(label=_("links"))

    class Meta:
        model = ProgressReport
        fields = ("id", "title", "period_kind", "year", "number", "line", "status",
                  "generated_at", "generated_by", "seconds", "submitted_at", "submitted_by",
                  "links")
        read_only_fields = fields

    def get_links(self, report) -> dict:
        request = self.context.get("request")

        def url(name, **kwargs):
            path = reverse(f"reports-api:progressreport-{name}", kwargs={"pk": report.pk,
                                                                          **kwargs})
            return request.build_absolute_uri(path) if request else path

        return {"preview": url("preview"), "drift": url("drift"),
                **{fmt: url("file", file_format=fmt) for fmt in FileFormat.values}}


class ProgressReportDetailSerializer(ProgressReportSerializer):
    class Meta(ProgressReportSerializer.Meta):
        fields = (*ProgressReportSerializer.Meta.fields, "content")
        read_only_fields = fields

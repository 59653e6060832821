"""Serializers of the safety app: explicit fields, brief related objects, computed values
read-only (from ``safety.selectors``)."""

from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.assessments import ASSESSMENT_FIELDS, AssessmentSerializer
from cuizhai.core.base.api.closed_loop import CLOSED_LOOP_FIELDS, ClosedLoopItemSerializer
from cuizhai.core.base.api.fields import BriefRelatedField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.summary import LinkField, summary_serializer
from cuizhai.core.base.export.columns import BOOLEAN, Read, yes_no
from cuizhai.core.base.models.display import StripSpace
from cuizhai.core.models import Person
from projects import selectors as projects_selectors
from safety import selectors
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)

TRACKED_FIELDS = ("created_at", "updated_at", "version")
PLACE_PATHS = ("site", "village__name", "community__name")
PLACE_FIELDS = ("site", "village", "community")
TARGET_FIELDS = ("enterprise", "project", *PLACE_FIELDS, "target_display")


def target_display(enterprise, project, site, village, community):
    """The target in one column: the enterprise, the project, or the site with its place."""
    if enterprise or project:
        return enterprise or project
    return f"{village or community or ''} {site}".strip()


def place_sql(site, village, community):
    """``target_display``'s site with its place, computed by the database."""
    area = Coalesce(NullIf(F(village), Value("")), NullIf(F(community), Value("")), Value(""))
    return StripSpace(Concat(area, Value(" "), F(site), output_field=TextField()))


def target_sql(enterprise, project, site, village, community):
    """``target_display`` computed by the database (a CSV written by COPY)."""
    return Coalesce(NullIf(F(enterprise), Value("")), NullIf(F(project), Value("")),
                    place_sql(site, village, community), output_field=TextField())


TARGET_PATHS = ("enterprise__name", "project__name", "site", "village__name", "community__name")
TARGET_READ = Read(TARGET_PATHS, target_display, sql=target_sql(*TARGET_PATHS))


def flag(label):
    return serializers.BooleanField(read_only=True, label=label)


class TargetSerializer(TrackedModelSerializer):
    """The target of an inspection, hazard or case: an enterprise, a project (read through
    the projects app's selector) or a named site in a village or community."""

    project = BriefRelatedField(queryset=projects_selectors.project_list(), required=False,
                                allow_null=True, brief_fields=("code",), label=_("project"))
    target_display = serializers.CharField(read_only=True, label=_("target"))
    export_reads = {"target_display": TARGET_READ}
    export_report_omits = ("enterprise", "project", *PLACE_FIELDS)


class InspectionSerializer(TargetSerializer, AssessmentSerializer):
    inspectors = BriefRelatedField(
        queryset=Person.objects.all(), many=True, required=False, brief_fields=("kind",),
        label=_("inspectors"))
    is_expert = flag(_("expert inspection"))
    hazard_count = serializers.IntegerField(read_only=True, label=_("hazards found"))

    # The checklist's rows and the people are lists: the file shows the counts instead.
    export_reads = {**TargetSerializer.export_reads, "inspectors": None, "results": None,
                    "is_expert": Read(("is_expert",), yes_no, BOOLEAN)}

    class Meta(AssessmentSerializer.Meta):
        model = Inspection
        fields = ("id", "kind", "depth", *TARGET_FIELDS, "inspectors", "is_expert",
                  *ASSESSMENT_FIELDS, "hazard_count", *TRACKED_FIELDS)


class HazardSerializer(TargetSerializer, ClosedLoopItemSerializer):
    inspection = BriefRelatedField(queryset=Inspection.objects.all(), required=False,
                                   allow_null=True, brief_fields=("assessed_on",),
                                   label=_("found on inspection"))
    is_repeat = flag(_("repeat"))
    export_reads = {**ClosedLoopItemSerializer.export_reads, **TargetSerializer.export_reads,
                    "is_repeat": Read(("is_repeat",), yes_no, BOOLEAN)}

    class Meta(ClosedLoopItemSerializer.Meta):
        model = Hazard
        fields = ("id", "category", *TARGET_FIELDS, "inspection", *CLOSED_LOOP_FIELDS,
                  "measures", "responsible_enterprise", "responsible_department",
                  "responsible_person", "is_repeat", "version")


class EnforcementCaseSerializer(TargetSerializer):
    class Meta:
        model = EnforcementCase
        fields = ("id", "date", "kind", *TARGET_FIELDS, "violation", "measure", "fine_yuan",
                  "is_closed", "closed_on", *TRACKED_FIELDS)


class PlaceSerializer(TrackedModelSerializer):
    place_display = serializers.CharField(read_only=True, label=_("place"))
    export_reads = {"place_display": Read(
        PLACE_PATHS,
        lambda site, village, community: target_display(None, None, site, village, community),
        sql=place_sql(*PLACE_PATHS),
    )}
    export_report_omits = PLACE_FIELDS


class TrafficPublicityEventSerializer(PlaceSerializer):
    persuasion_count = serializers.IntegerField(read_only=True, label=_("persuasions"))

    class Meta:
        model = TrafficPublicityEvent
        fields = ("id", "date", "title", *PLACE_FIELDS, "place_display", "audience_count",
                  "persuasion_count", *TRACKED_FIELDS)


class TrafficPersuasionSerializer(PlaceSerializer):
    class Meta:
        model = TrafficPersuasion
        fields = ("id", "date", "setting", "event", *PLACE_FIELDS, "place_display", "count",
                  "note", *TRACKED_FIELDS)


class TrafficFacilityWorkSerializer(PlaceSerializer):
    class Meta:
        model = TrafficFacilityWork
        fields = ("id", "date", "kind", *PLACE_FIELDS, "place_display", "quantity",
                  "cost_yuan", "note", *TRACKED_FIELDS)


# --- the summary ------------------------------------------------------------------------------
class RoadDeathsSerializer(serializers.Serializer):
    """The road deaths of the year (a core indicator), with the computed 同比."""

    year = serializers.IntegerField()
    month = serializers.IntegerField(help_text=_("The latest month entered in the year."))
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    same_period_last_year = serializers.DecimalField(max_digits=18, decimal_places=4,
                                                     allow_null=True)
    yoy_growth = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True,
        help_text=_("Year-on-year growth (%), computed from the stored values."))
    link = LinkField()


class SafetySummarySerializer(summary_serializer(selectors.SAFETY_SUMMARY)):
    road_deaths = RoadDeathsSerializer(allow_null=True, help_text=_(
        "Null while the year's road deaths (indicator road-deaths) are not entered."))

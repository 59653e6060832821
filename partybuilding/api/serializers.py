"""Serializers of the party-building app: explicit fields, brief related objects, computed
values read-only (from the annotations of ``partybuilding.selectors``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.assessments import ASSESSMENT_FIELDS, AssessmentSerializer
from cuizhai.core.base.api.closed_loop import CLOSED_LOOP_FIELDS, ClosedLoopItemSerializer
from cuizhai.core.base.api.fields import BriefRelatedField, LabelledChoiceField
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.summary import summary_serializer
from cuizhai.core.models import Person
from partybuilding import selectors
from partybuilding.choices import EvaluationRating
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)

TRACKED_FIELDS = ("created_at", "updated_at", "version")


def count(label):
    return serializers.IntegerField(read_only=True, label=label)


def hours_field(label, **kwargs):
    return serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True,
                                    label=label, **kwargs)


def person_field(label, **kwargs):
    return BriefRelatedField(queryset=Person.objects.all(), brief_fields=("kind",),
                             label=label, **kwargs)


class PartyOrganisationSerializer(TrackedModelSerializer):
    cadre_count = count(_("cadres"))

    class Meta:
        model = PartyOrganisation
        fields = ("id", "name", "kind", "community", "village", "parent", "cadre_count",
                  *TRACKED_FIELDS)


class ElectionSerializer(TrackedModelSerializer):
    class Meta:
        model = Election
        fields = ("id", "organisation", "held_on", "term_years", "members_elected", "result",
                  "note", *TRACKED_FIELDS)


class CadreProfileSerializer(TrackedModelSerializer):
    person = person_field(_("person"))
    mentor = person_field(_("growth mentor"), required=False, allow_null=True)
    birth_year = serializers.IntegerField(source="person.birth_year", read_only=True,
                                          allow_null=True, label=_("birth year"))
    is_young = serializers.BooleanField(read_only=True, label=_("young cadre"),
                                        help_text=_("Under 35 this year (from the birth "
                                                    "year; never stored)."))
    placement_count = count(_("placements"))

    class Meta:
        model = CadreProfile
        fields = ("id", "person", "birth_year", "organisation", "party_post", "is_reserve",
                  "reserve_since", "mentor", "is_young", "placement_count", *TRACKED_FIELDS)


class PlacementSerializer(TrackedModelSerializer):
    class Meta:
        model = Placement
        fields = ("id", "cadre", "project", "region", "start_date", "end_date", "note",
                  *TRACKED_FIELDS)


class TrainingSessionSerializer(TrackedModelSerializer):
    named_count = count(_("named attendees"))
    person_times = count(_("person-times"))
    hours_credited = hours_field(_("hours credited"))

    class Meta:
        model = TrainingSession
        fields = ("id", "kind", "title", "held_on", "lecturer", "hours", "place",
                  "organisation", "head_count", "named_count", "person_times",
                  "hours_credited", *TRACKED_FIELDS)


class AttendanceSerializer(TrackedModelSerializer):
    person = person_field(_("person"))
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, min_value=0,
        label=_("hours credited"),
        help_text=_("The session's hours unless given; an absence or excused absence "
                    "credits none."))

    class Meta:
        model = Attendance
        fields = ("id", "session", "person", "status", "hours", *TRACKED_FIELDS)


class TrainingQuotaSerializer(TrackedModelSerializer):
    class Meta:
        model = TrainingQuota
        fields = ("id", "year", "person_kind", "hours", *TRACKED_FIELDS)


class TrainingHoursSerializer(serializers.ModelSerializer):
    """A person's training hours in the year asked for, against their kind's quota."""

    kind = LabelledChoiceField(choices=Person._meta.get_field("kind").choices,
                               read_only=True, label=_("kind"))
    village = BriefRelatedField(read_only=True, allow_null=True, label=_("village"))
    hours = hours_field(_("hours credited"))
    quota = hours_field(_("hours required"), allow_null=True)  # no quota for the kind
    hours_lacking = hours_field(_("hours lacking"))

    class Meta:
        model = Person
        fields = ("id", "name", "kind", "village", "post", "hours", "quota", "hours_lacking")
        read_only_fields = fields


class VillageEvaluationSerializer(AssessmentSerializer):
    village = BriefRelatedField(queryset=VillageEvaluation._meta.get_field("village")
                                .related_model.objects.all(), label=_("village"))
    rating = LabelledChoiceField(choices=EvaluationRating.choices, read_only=True,
                                 allow_null=True, label=_("rating"),
                                 help_text=_("Of a completed evaluation, by its score."))
    problem_count = count(_("problems"))
    open_problem_count = count(_("open problems"))

    class Meta(AssessmentSerializer.Meta):
        model = VillageEvaluation
        fields = ("id", "village", "year", "period", *ASSESSMENT_FIELDS, "rating",
                  "problem_count", "open_problem_count", *TRACKED_FIELDS)


class EvaluationProblemSerializer(ClosedLoopItemSerializer):
    evaluation = BriefRelatedField(queryset=VillageEvaluation.objects.all(),
                                   label=_("evaluation"))
    source_result = serializers.PrimaryKeyRelatedField(
        read_only=True, label=_("raised from criterion"))

    class Meta(ClosedLoopItemSerializer.Meta):
        model = EvaluationProblem
        fields = ("id", "evaluation", *CLOSED_LOOP_FIELDS, "source_result", "version")


class CollectiveAssetProblemSerializer(ClosedLoopItemSerializer):
    class Meta(ClosedLoopItemSerializer.Meta):
        model = CollectiveAssetProblem
        fields = ("id", "kind", "village", "amount_yuan", *CLOSED_LOOP_FIELDS, "version")


PartybuildingSummarySerializer = summary_serializer(selectors.PARTYBUILDING_SUMMARY)

"""API for closed-loop items: the shared serializer fields and the transition actions."""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Expression, F, Value, When
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from cuizhai.core.base.api.fields import BriefRelatedField, LabelledChoiceField
from cuizhai.core.base.api.pagination import LinkHeaderPagination
from cuizhai.core.base.api.parsers import JSONParser
from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.viewsets import etag_for
from cuizhai.core.base.export.columns import BOOLEAN, HOURS, Read, hours, yes_no
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.closed_loop_access import evidence_visibility
from cuizhai.core.choices import (
    EvidenceStage,
    Satisfaction,
    Timeliness,
    WorkflowAction,
    WorkflowStatus,
)
from cuizhai.core.models import Department, WorkflowTransition

CLOSED_LOOP_READ_ONLY = (
    "status", "reported_by", "assignee", "handling_department", "response_due",
    "resolution_due", "resolution_due_provisional", "responded_at", "resolved_at",
    "resolved_by", "closed_at", "verified_by", "resolution", "satisfaction",
)
# Files sent with the report (multipart): ``evidence`` shows the situation as reported;
# ``evidence_before`` / ``evidence_after`` say so of each file (rectified on the spot).
EVIDENCE_FIELDS = ("evidence", "evidence_before", "evidence_after")
CLOSED_LOOP_FIELDS = (
    "title", "description", "severity", "channel", "reporter_name", "reporter_phone",
    "reported_at", *CLOSED_LOOP_READ_ONLY,
    "timeliness", "responded_in_time", "response_hours_taken", "resolution_hours_taken",
    "allowed_actions", "reason", *EVIDENCE_FIELDS,
)
EVIDENCE_HELP = _("Photos (jpg, png, heic) or documents (pdf, docx, xlsx).")


EVIDENCE_HELP_TEXTS = {
    "evidence": format_lazy("{} {}", EVIDENCE_HELP, _(
        "They show the step's phase: before rectification when reported, assigned or "
        "started; after it when resolved, verified or returned.")),
    "evidence_before": format_lazy("{} {}", EVIDENCE_HELP, _(
        "Each shows the situation before rectification.")),
    "evidence_after": format_lazy("{} {}", EVIDENCE_HELP, _(
        "Each shows the situation after rectification.")),
}


def evidence_field(name, *, write_only=False):
    return serializers.ListField(
        child=serializers.FileField(), required=False, write_only=write_only,
        label=_("evidence files"), help_text=EVIDENCE_HELP_TEXTS[name],
    )


def pop_evidence(data):
    """The evidence files of validated ``data``, each with what it shows."""
    return closed_loop.staged_evidence(
        evidence=data.pop("evidence", ()), before=data.pop("evidence_before", ()),
        after=data.pop("evidence_after", ()),
    )


def _hours(duration):
    # Rounded as the exports round it (a half away from zero, exactly).
    return None if duration is None else float(hours(duration))


class RespondedInTime(Expression):
    """``ClosedLoopItem.response_in_time(response_due, responded_at)`` as SQL, with the
    time of the query (read when the export's query is built) as "now"."""

    output_field = BooleanField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False,
                           for_save=False):
        now = timezone.now()
        none = Value(None, output_field=BooleanField())
        return Case(
            When(response_due__isnull=True, then=none),
            When(responded_at__isnull=False, responded_at__lte=F("response_due"),
                 then=Value(True)),
            When(responded_at__isnull=False, then=Value(False)),
            When(response_due__lt=now, then=Value(False)),
            default=none, output_field=BooleanField(),
        ).resolve_expression(query, allow_joins, reuse, summarize, for_save)


class ClosedLoopItemSerializer(TrackedModelSerializer):
    """Base serializer of a closed-loop item; a subclass adds its own fields to Meta.fields.

    Expects the queryset to come from ``ClosedLoopQuerySet.with_timeliness()``.
    """

    status = LabelledChoiceField(choices=WorkflowStatus.choices, read_only=True,
                                 label=_("status"))
    timeliness = LabelledChoiceField(choices=Timeliness.choices, read_only=True,
                                     label=_("timeliness"))
    response_hours_taken = serializers.SerializerMethodField(label=_("hours to respond"))
    resolution_hours_taken = serializers.SerializerMethodField(label=_("hours to resolve"))
    allowed_actions = serializers.SerializerMethodField(label=_("allowed actions"))
    responded_in_time = serializers.BooleanField(
        read_only=True, allow_null=True, label=_("responded in time"),
        help_text=_("Answered by the response deadline; null while unanswered and not late."),
    )
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, label=_("reason for the change"),
        help_text=_("Recorded in the history; required when the system administrator "
                    "changes a closed item."),
    )

    # Exports read these from the database columns (see cuizhai.core.base.export.columns);
    # the allowed actions are the reader's permissions, not data: never exported.
    export_reads = {
        "response_hours_taken": Read(("response_time",), hours, HOURS),
        "resolution_hours_taken": Read(("resolution_time",), hours, HOURS),
        # Computed by the database: the two date-times are not parsed in Python per row.
        "responded_in_time": Read((RespondedInTime(),), yes_no, BOOLEAN),
        "allowed_actions": None,
    }
    satisfaction = LabelledChoiceField(
        choices=Satisfaction.choices, read_only=True, allow_null=True,
        label=_("satisfaction"),
        help_text=_("The reporter's answer when asked back (回访); given on verification."),
    )

    class Meta:
        read_only_fields = CLOSED_LOOP_READ_ONLY

    evidence = evidence_field("evidence", write_only=True)
    evidence_before = evidence_field("evidence_before", write_only=True)
    evidence_after = evidence_field("evidence_after", write_only=True)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and any(attrs.get(name) for name in EVIDENCE_FIELDS):
            raise serializers.ValidationError({"evidence": [_(
                "Evidence is attached when the item is reported or by a workflow step "
                "(assign, start, resolve, verify, return)."
            )]})
        return attrs

    def get_response_hours_taken(self, obj) -> float | None:
        return _hours(getattr(obj, "response_time", None))

    def get_resolution_hours_taken(self, obj) -> float | None:
        return _hours(getattr(obj, "resolution_time", None))

    def get_allowed_actions(self, obj) -> list[str]:
        """The steps the requesting user may take now (status, role, four eyes)."""
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [str(a) for a in closed_loop.allowed_actions(obj, user)]


class TransitionInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, label=_("note"))
    # Any user or department is read here; the assign service says which ones an item
    # may go to (the same rule the admin's choice list shows), in words, not "invalid pk".
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True,
        label=_("assignee"),
        help_text=_("An active staff member holding an office's role."),
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True,
        label=_("department"), help_text=_("An active department."),
    )
    satisfaction = LabelledChoiceField(
        choices=Satisfaction.choices, required=False, allow_blank=True, label=_("satisfaction"),
        help_text=_("Verify only: the reporter's answer when asked back (回访)."),
    )
    evidence = evidence_field("evidence")
    evidence_before = evidence_field("evidence_before")
    evidence_after = evidence_field("evidence_after")
    version = serializers.IntegerField(required=False, min_value=1)


class TransitionSerializer(serializers.ModelSerializer):
    action = LabelledChoiceField(choices=WorkflowAction.choices, label=_("action"))
    from_status = LabelledChoiceField(choices=WorkflowStatus.choices, allow_null=True,
                                     label=_("from status"))
    to_status = LabelledChoiceField(choices=WorkflowStatus.choices, label=_("to status"))
    actor = BriefRelatedField(read_only=True, label=_("by"))
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = WorkflowTransition
        fields = ("id", "action", "from_status", "to_status", "actor", "at", "note", "evidence")

    def get_evidence(self, obj) -> list[dict]:
        """Every file by name; a download link only where the user may download it."""
        request = self.context.get("request")
        visible = self.context.get("evidence_visible", lambda uploaded_by_id: False)
        linked = visible(obj.actor_id)
        stage = LabelledChoiceField(choices=EvidenceStage.choices)
        return [
            {
                "name": e.original_name,
                "size": e.size,
                "stage": stage.to_representation(e.stage),
                "url": reverse("core-api:evidence-download", args=[e.pk], request=request)
                if linked else None,
                "thumbnail": reverse("core-api:evidence-thumbnail", args=[e.pk],
                                     request=request)
                if linked and e.is_photo else None,
            }
            for e in obj.evidence.all()
        ]


class ClosedLoopViewSetMixin:
    """Adds ``POST …/{id}/assign|start|resolve|verify|return/`` and ``GET …/{id}/transitions/``.

    Reporting is the viewset's ``create``, which goes through ``closed_loop_report``.
    """

    action_permissions = {
        "history": "view",
        "transitions": "view",
        "assign": "change",
        # The handling office may be another office, which only views items of this kind:
        # the service decides whose item it is (closed_loop_access).
        "start": "view",
        "resolve": "view",
        "verify": "change",
        "return_": "change",
    }
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    ordering = ("-reported_at", "-pk")
    ordering_fields = ("reported_at", "response_due", "resolution_due", "resolved_at")

    def get_queryset(self):
        # Timeliness is relative to the moment of the request, so it is annotated here
        # rather than in the class-level queryset. Who may act (allowed_actions) reads the
        # assignee's roles and the department's office: loaded with the rows.
        queryset = super().get_queryset().with_timeliness()
        if self.action in ("transitions", "history"):
            return queryset  # the item's log, not the item: no allowed_actions
        return (queryset.select_related("assignee", "handling_department__office")
                .prefetch_related("assignee__groups"))

    def create_record(self, data):
        return super().create_record(data, evidence=pop_evidence(data))

    def delete_options(self):
        # A closed item is deleted only by the system administrator, giving a reason.
        reason = self.request.data.get("reason", "") if hasattr(self.request.data, "get") else ""
        return {"reason": str(reason)}

    def _act(self, request, action_name):
        item = self.get_object()
        payload = TransitionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        expected = self.expected_version(request, item, required=False)
        kwargs = {
            "by": request.user,
            "note": data.get("note", ""),
            "evidence": pop_evidence(data),
            "expected_version": expected,
        }
        if action_name == WorkflowAction.ASSIGN:
            kwargs.update(assignee=data.get("assignee"), department=data.get("department"))
        if action_name == WorkflowAction.VERIFY:
            kwargs.update(satisfaction=data.get("satisfaction", ""))
        elif data.get("satisfaction"):
            raise serializers.ValidationError({"satisfaction": [
                _("Satisfaction is recorded when the item is verified.")]})
        item = closed_loop.ACTION_SERVICES[action_name](item, **kwargs)
        item = self._reload(item)
        return Response(self.get_serializer(item).data, headers={"ETag": etag_for(item)})

    @extend_schema(request=TransitionInputSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, *args, **kwargs):
        return self._act(request, WorkflowAction.ASSIGN)

    @extend_schema(request=TransitionInputSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        return self._act(request, WorkflowAction.START)

    @extend_schema(request=TransitionInputSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, *args, **kwargs):
        return self._act(request, WorkflowAction.RESOLVE)

    @extend_schema(request=TransitionInputSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, *args, **kwargs):
        return self._act(request, WorkflowAction.VERIFY)

    @extend_schema(request=TransitionInputSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, *args, **kwargs):
        return self._act(request, WorkflowAction.RETURN)

    @extend_schema(responses=TransitionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=LinkHeaderPagination,
            filter_backends=[])
    def transitions(self, request, *args, **kwargs):
        """Its workflow steps in order, a page at a time (``?limit=&offset=``; ``Link``)."""
        item = self.get_object()
        queryset = (item.transitions.select_related("actor").prefetch_related("evidence")
                    .order_by("at", "pk"))
        page = self.paginate_queryset(queryset)
        context = {**self.get_serializer_context(),
                   "evidence_visible": evidence_visibility(request.user, item)}
        return self.get_paginated_response(
            TransitionSerializer(page, many=True, context=context).data)

"""The 督办 board's API: every open or finished closed-loop item of every app, in one list.

Apps register their closed-loop models in their ``AppConfig.closed_loop_items``; the board
reads them with ``cuizhai.core.selectors.supervision_item_list``.
"""

from operator import itemgetter

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.mixins import ListModelMixin
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from cuizhai.core.base.api.export import ExportNotMade
from cuizhai.core.base.api.fields import LabelledChoiceField
from cuizhai.core.base.api.viewsets import EXPORT_PARAMETER, ExportableListMixin
from cuizhai.core.base.apps import closed_loop_kinds
from cuizhai.core.base.export import ExportRefused, export_response
from cuizhai.core.base.export.columns import CHOICE, DATETIME, INTEGER, TEXT, Column
from cuizhai.core.choices import Severity, Timeliness, WorkflowStatus
from cuizhai.core.models import Department
from cuizhai.core.selectors import (
    SUPERVISION_ORDERINGS,
    supervised_kinds,
    supervision_area_counts,
    supervision_item_list,
)

ME = "me"


def kind_choices():
    """The registered kinds as choices, read when a request needs them (apps are ready)."""
    return [(kind.key, kind.label) for kind in closed_loop_kinds()]


def area_choices():
    """The areas the registered kinds are listed under, each once."""
    return list({kind.area: kind.area_label for kind in closed_loop_kinds()}.items())


class AssigneeField(serializers.CharField):
    """A user's id, or ``me`` for the user asking."""

    default_error_messages = {"invalid": _("Give a user id or “me”.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data).strip()
        if value == ME:
            return ME
        if not value.isdigit() or len(value) > 18:
            self.fail("invalid")
        user = get_user_model().objects.filter(pk=int(value)).first()
        if user is None:
            raise serializers.ValidationError(_("No user with id {id}.").format(id=value))
        return user


class SupervisionItemQuerySerializer(serializers.Serializer):
    """The board's filters (query parameters)."""

    kind = serializers.MultipleChoiceField(
        choices=(), required=False, label=_("kind"),
        help_text=_("“<app>.<model>”, e.g. projects.projectproblem; repeat for several."),
    )
    area = serializers.MultipleChoiceField(choices=(), required=False, label=_("area"))
    status = serializers.MultipleChoiceField(
        choices=WorkflowStatus.choices, required=False, label=_("status")
    )
    is_open = serializers.BooleanField(
        required=False, allow_null=True, default=None, label=_("open"),
        help_text=_("true: items not yet resolved; false: resolved or closed ones."),
    )
    severity = serializers.ChoiceField(
        choices=Severity.choices, required=False, label=_("severity")
    )
    timeliness = serializers.ChoiceField(
        choices=Timeliness.choices, required=False, label=_("timeliness")
    )
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, label=_("handling department")
    )
    assignee = AssigneeField(
        required=False, label=_("assignee"), help_text=_("A user id, or “me”.")
    )
    reported_after = serializers.DateField(
        required=False, label=_("reported on or after")
    )
    reported_before = serializers.DateField(
        required=False, label=_("reported on or before")
    )
    ordering = serializers.ChoiceField(
        choices=list(SUPERVISION_ORDERINGS), required=False, default="next_due",
        label=_("ordering"),
        help_text=_("The earliest coming deadline first by default (next_due)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
        self.fields["area"].choices = area_choices()

    def validate(self, attrs):
        after, before = attrs.get("reported_after"), attrs.get("reported_before")
        if after and before and after > before:
            raise serializers.ValidationError(
                {"reported_before": _("The end of the range is before its start.")}
            )
        return attrs

    def selector_filters(self, user):
        data = self.validated_data
        assignee = data.get("assignee")
        return {
            "kinds": set(data.get("kind", ())),
            "areas": set(data.get("area", ())),
            "statuses": set(data.get("status", ())),
            "is_open": data.get("is_open"),
            "severity": data.get("severity"),
            "timeliness": data.get("timeliness"),
            "department": data.get("department"),
            "assignee": user if assignee == ME else assignee,
            "reported_after": data.get("reported_after"),
            "reported_before": data.get("reported_before"),
            "ordering": data["ordering"],
        }


class BriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display = serializers.CharField()


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


def _person(row, prefix):
    if row[f"{prefix}_id"] is None:
        return None
    full_name = f"{row[f'{prefix}__first_name']} {row[f'{prefix}__last_name']}".strip()
    return {"id": row[f"{prefix}_id"], "display": full_name or row[f"{prefix}__username"]}


class SupervisionItemSerializer(serializers.Serializer):
    """One row of the board. Reads the dicts of ``supervision_item_list``."""

    kind = serializers.SerializerMethodField(label=_("kind"))
    area = serializers.SerializerMethodField(label=_("area"))
    id = serializers.IntegerField(label=_("id"))
    title = serializers.CharField(label=_("title"))
    status = LabelledChoiceField(choices=WorkflowStatus.choices, label=_("status"))
    severity = LabelledChoiceField(choices=Severity.choices, label=_("severity"))
    timeliness = LabelledChoiceField(choices=Timeliness.choices, label=_("timeliness"))
    reported_at = serializers.DateTimeField(label=_("reported at"))
    response_due = serializers.DateTimeField(allow_null=True, label=_("response due"))
    resolution_due = serializers.DateTimeField(allow_null=True, label=_("resolution due"))
    next_due = serializers.DateTimeField(
        allow_null=True, label=_("next deadline"),
        help_text=_("The response deadline while the item awaits its first answer, then the "
                    "resolution deadline; null once it is finished."),
    )
    handling_department = serializers.SerializerMethodField(label=_("handling department"))
    assignee = serializers.SerializerMethodField(label=_("assignee"))
    url = serializers.SerializerMethodField(label=_("link"))
    admin_url = serializers.SerializerMethodField(label=_("admin page"))

    def _kind(self, row):
        return self.context["kinds"][row["item_kind"]]

    @extend_schema_field(ChoiceSerializer)
    def get_kind(self, row):
        return {"value": row["item_kind"], "label": str(self._kind(row).label)}

    @extend_schema_field(ChoiceSerializer)
    def get_area(self, row):
        kind = self._kind(row)
        return {"value": kind.area, "label": str(kind.area_label)}

    @extend_schema_field(BriefSerializer(allow_null=True))
    def get_handling_department(self, row):
        if row["handling_department_id"] is None:
            return None
        return {"id": row["handling_department_id"], "display": row["handling_department__name"]}

    @extend_schema_field(BriefSerializer(allow_null=True))
    def get_assignee(self, row):
        return _person(row, "assignee")

    def get_url(self, row) -> str | None:
        request = self.context["request"]
        try:
            path = reverse(self._kind(row).api_detail_url_name, args=[row["id"]])
        except NoReverseMatch:
            return None
        return request.build_absolute_uri(path)

    def get_admin_url(self, row) -> str | None:
        try:
            return reverse(self._kind(row).admin_change_url_name, args=[row["id"]])
        except NoReverseMatch:
            return None


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    link = serializers.URLField(help_text=_("The board's list of exactly these items."))


class SupervisionAreaCountsSerializer(serializers.Serializer):
    """One area's items among those the filters keep: all of them and each timeliness."""

    area = ChoiceSerializer()
    total = CountSerializer()
    on_time = CountSerializer()
    due_soon = CountSerializer()
    overdue = CountSerializer()


# What a count's link does not carry over from the request: it is a list of its own.
NOT_FILTERS = {"format", "ordering", "limit", "offset", "cursor", "area", "timeliness"}


class SupervisionColumns:
    """The board's export columns (the export path's ``Column``), read from the rows of
    ``supervision_item_list`` as the API shows them: labels, names, local times."""

    def __init__(self, rows, serializer):
        self.queryset = rows
        self.serializer = serializer
        fields = serializer.fields
        zone = timezone.get_current_timezone()

        def when(name):
            return lambda row: (None if row[name] is None
                                else row[name].astimezone(zone))

        def label(name):
            return lambda row: (fields[name].to_representation(row[name]) or {}).get("label")

        def via(method):
            return lambda row: (getattr(serializer, method)(row) or {}).get("display")

        def column(name, kind, compute, report=True):
            return Column(name, capfirst(str(fields[name].label)), kind, (), compute,
                          report=report)

        self.columns = [
            column("kind", TEXT, lambda row: str(serializer._kind(row).label)),
            column("area", TEXT, lambda row: str(serializer._kind(row).area_label)),
            column("id", INTEGER, itemgetter("id"), report=False),
            column("title", TEXT, itemgetter("title")),
            column("status", CHOICE, label("status")),
            column("severity", CHOICE, label("severity")),
            column("timeliness", CHOICE, label("timeliness")),
            column("next_due", DATETIME, when("next_due")),
            column("response_due", DATETIME, when("response_due")),
            column("resolution_due", DATETIME, when("resolution_due")),
            column("reported_at", DATETIME, when("reported_at")),
            column("handling_department", TEXT, via("get_handling_department")),
            column("assignee", TEXT, via("get_assignee")),
        ]

    def for_report(self):
        return [column for column in self.columns if column.report]

    def rows(self, columns, *, chunk_size):
        for row in self.queryset.iterator(chunk_size=chunk_size):
            yield [column.compute(row) for column in columns]


class SupervisionItemViewSet(ExportableListMixin, ListModelMixin, GenericViewSet):
    """督办台账: every closed-loop item (problems, needs, hazards, tickets…) the user may
    view, with its timeliness, deadlines and who handles it. Ordered by deadline."""

    permission_classes = [IsAuthenticated]
    # Filtered by the query serializer, per kind, before the kinds are joined.
    filter_backends = []
    serializer_class = SupervisionItemSerializer
    export_basename = "core-items"
    export_title = _("supervision ledger")

    def get_serializer_context(self):
        return {**super().get_serializer_context(),
                "kinds": {kind.key: kind for kind in closed_loop_kinds()}}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads no rows
            return []
        if not supervised_kinds(self.request.user):
            raise PermissionDenied(_("You may not view any closed-loop item."))
        query = SupervisionItemQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return supervision_item_list(user=self.request.user,
                                     **query.selector_filters(self.request.user))

    def export(self, export_format):
        rows = self.get_queryset()
        serializer = self.get_serializer()
        try:
            return export_response(
                queryset=rows, serializer=serializer, export_format=export_format,
                title=str(self.export_title), filters=self.applied_filters(),
                basename=self.export_basename,
                columnset=SupervisionColumns(rows, serializer),
            )
        except ExportRefused as refusal:
            raise ExportNotMade(refusal) from None

    def applied_filters(self):
        """``[(label, value as shown)]`` of the filters in the request, for the file's title."""
        query = SupervisionItemQuerySerializer(data=self.request.query_params)
        query.is_valid()
        shown = []
        for name, value in query.validated_data.items():
            if name == "ordering" or value in (None, "", set(), []):
                continue
            field = query.fields[name]
            choices = getattr(field, "choices", None)
            if isinstance(value, set | list | tuple):
                value = "、".join(str(choices.get(v, v)) if choices else str(v) for v in value)
            elif choices:
                value = str(choices.get(value, value))
            shown.append((capfirst(str(field.label)), str(value)))
        return shown

    @extend_schema(parameters=[SupervisionItemQuerySerializer, EXPORT_PARAMETER])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[SupervisionItemQuerySerializer],
                   responses=SupervisionAreaCountsSerializer(many=True))
    @action(detail=False, pagination_class=None, filter_backends=[])
    def counts(self, request):
        """The board's counts by area and timeliness, over the items the same filters keep
        (one query): what a dashboard shows of the board's health (``?is_open=true``: open,
        due soon, overdue), each count with the link to its list. ``timeliness`` is not a
        filter here: the counts are split by it."""
        if not supervised_kinds(request.user):
            raise PermissionDenied(_("You may not view any closed-loop item."))
        query = SupervisionItemQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.selector_filters(request.user)
        filters.pop("ordering")
        filters.pop("timeliness")
        base = [(key, value) for key, values in request.query_params.lists()
                for value in values if key not in NOT_FILTERS]
        list_url = reverse("core-api:supervision-item-list")

        def count(number, area, timeliness=None):
            params = [*base, ("area", area)] + ([("timeliness", timeliness)] if timeliness
                                                 else [])
            link = request.build_absolute_uri(f"{list_url}?{urlencode(params)}")
            return {"count": number, "link": link}

        rows = [{
            "area": {"value": area["area"], "label": area["label"]},
            "total": count(area["total"], area["area"]),
            **{timeliness: count(area["by_timeliness"][timeliness], area["area"], timeliness)
               for timeliness in Timeliness.values},
        } for area in supervision_area_counts(user=request.user, **filters)]
        return Response(SupervisionAreaCountsSerializer(rows, many=True).data)

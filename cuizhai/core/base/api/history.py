"""The audit trail of a record, as returned by ``GET …/{id}/history/``."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.history import changes_between, history_fields, related_records, value_of

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_entries(instance):
    """Every saved version of ``instance``, newest first, with the fields each one changed
    (values as ``cuizhai.core.base.history.value_of`` reads them).

    The diff is computed in Python over one ordered query (and one per relation for the
    related records' names), not one query per entry.
    """
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fields = history_fields(type(instance))
    related = related_records(fields, records)
    entries, previous = [], None
    for record in records:
        entries.append(
            {
                "id": record.history_id,
                "date": record.history_date,
                "type": {"value": record.history_type,
                         "label": str(HISTORY_TYPES[record.history_type])},
                "user": ({"id": record.history_user.pk, "display": str(record.history_user)}
                         if record.history_user else None),
                "reason": record.history_change_reason or "",
                "version": record.version,
                "changes": [
                    {"field": field.name, "label": str(field.verbose_name),
                     "old": value_of(field, old, related), "new": value_of(field, new, related)}
                    for field, old, new in changes_between(previous, record, fields)
                ],
            }
        )
        previous = record
    entries.reverse()
    return entries


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.JSONField()
    new = serializers.JSONField()


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    type = serializers.DictField()
    user = serializers.DictField(allow_null=True, help_text=_("{id, display}"))
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    changes = HistoryChangeSerializer(many=True)

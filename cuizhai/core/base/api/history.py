"""The audit trail of a record, as returned by ``GET …/{id}/history/``."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.personal import hidden_fields, masker_for

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
IGNORED_FIELDS = {"updated_at", "version"}


def _plain(value):
    # Decimals as strings, as everywhere in the API: JSON numbers would round amounts.
    return str(value) if isinstance(value, Decimal) else value


def history_entries(instance, user=None):
    """Every saved version of ``instance``, newest first, with the fields each one changed.

    The diff is computed in Python over one ordered query, not one query per entry.
    Personal values are masked for a ``user`` who may not see them; keyed hashes are left
    out.
    """
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    hidden = hidden_fields(type(instance))
    fields = [
        f for f in instance._meta.concrete_fields
        if f.attname not in IGNORED_FIELDS and f.name not in hidden
    ]
    maskers = {f.name: masker_for(user, type(instance), f.name) for f in fields}
    entries, previous = [], None
    for record in records:
        changes = []
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(previous, field.attname) if previous is not None else None
            if previous is None or old != new:
                if previous is None and new in (None, ""):
                    continue
                if (mask := maskers[field.name]) is not None:
                    old, new = mask(old), mask(new)
                changes.append(
                    {"field": field.name, "label": str(field.verbose_name), "old": _plain(old),
                     "new": _plain(new)}
                )
        entries.append(
            {
                "id": record.history_id,
                "date": record.history_date,
                "type": {"value": record.history_type,
                         "label": str(HISTORY_TYPES[record.history_type])},
                "user": str(record.history_user) if record.history_user else None,
                "reason": record.history_change_reason,
                "version": record.version,
                "changes": changes,
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
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    version = serializers.IntegerField()
    changes = HistoryChangeSerializer(many=True)

"""The audit trail of a record, as returned by ``GET …/{id}/history/``."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
IGNORED_FIELDS = {"updated_at", "version"}


def _plain(value):
    # Decimals as strings, as everywhere in the API: JSON numbers would round amounts.
    return str(value) if isinstance(value, Decimal) else value


def history_records(instance):
    """Every saved version of ``instance``, newest first (the order its pages are read in)."""
    return instance.history.select_related("history_user").order_by("-history_date",
                                                                      "-history_id")


def history_entries(instance, records=None, *, older=False):
    """The saved versions ``records`` of ``instance`` (newest first; by default all of
    them), each with the fields it changed; ``older``: versions older than these exist.

    The diff is computed in Python, against the version before each one: a page of versions
    costs one query for the page and, on a page with older versions, one for the version
    before its oldest.
    """
    all_records = history_records(instance)
    records = list(all_records if records is None else records)
    previous = None
    if records and older:
        oldest = records[-1]
        previous = all_records.filter(
            Q(history_date__lt=oldest.history_date)
            | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
        ).first()
    fields = [
        f for f in instance._meta.concrete_fields if f.attname not in IGNORED_FIELDS
    ]
    entries = []
    for record in reversed(records):
        changes = []
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(previous, field.attname) if previous is not None else None
            if previous is None or old != new:
                if previous is None and new in (None, ""):
                    continue
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

"""The audit trail of a record, as returned by ``GET …/{id}/history/`` (a page at a time)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.history import changes_between, history_fields, related_records, value_of
from cuizhai.core.base.personal import hidden_fields, masker_for

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_records(instance):
    """Every saved version of ``instance``, newest first (the order its pages are read in)."""
    return instance.history.select_related("history_user").order_by("-history_date",
                                                                      "-history_id")


def history_entries(instance, records=None, *, older=False, user=None):
    """The saved versions ``records`` of ``instance`` (newest first; by default all of
    them), each with the fields it changed (values as ``cuizhai.core.base.history.value_of``
    reads them); ``older``: versions older than these exist.

    The diff is computed in Python, against the version before each one: a page of versions
    costs one query for the page, one per relation for the related records' names and, on a
    page with older versions, one for the version before its oldest. Personal values are
    masked for a ``user`` who may not see them; keyed hashes are left out.
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
    hidden = hidden_fields(type(instance))
    fields = [f for f in history_fields(type(instance)) if f.name not in hidden]
    maskers = {f.name: masker_for(user, type(instance), f.name) for f in fields}
    related = related_records(fields, [*records, *([previous] if previous else [])])

    def shown(field, value):
        value = value_of(field, value, related)
        mask = maskers[field.name]
        return value if mask is None or value in (None, "") else mask(value)

    entries = []
    for record in reversed(records):
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
                     "old": shown(field, old), "new": shown(field, new)}
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

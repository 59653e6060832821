"""What a record's history says changed, read the same way by the API (``…/history/``)
and by the admin's History page.

Every stored field counts — the workflow's too (status, resolved at, verified by…), which
no form edits —, except the bookkeeping (id, version, timestamps). A value reads as the
API writes it everywhere: a choice as ``{"value", "label"}``, a related record as
``{"id", "display"}``, a time in office time (Asia/Shanghai), a decimal as a string.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

BOOKKEEPING = {"id", "version", "created_at", "updated_at"}


def history_fields(model):
    """The stored fields whose changes the history shows."""
    return [f for f in model._meta.concrete_fields if f.name not in BOOKKEEPING]


def related_records(fields, records):
    """``{field name: {pk: record}}`` of every record the versions point to: one query per
    relation, whatever the number of versions."""
    related = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        related[field.name] = field.related_model._base_manager.in_bulk(ids) if ids else {}
    return related


def value_of(field, value, related):
    """``value`` of ``field`` as the API shows it (None stays None)."""
    if value is None:
        return None
    if field.is_relation:
        target = related.get(field.name, {}).get(value)
        return {"id": value, "display": str(target) if target is not None else None}
    if field.choices:
        return {"value": value, "label": str(dict(field.flatchoices).get(value, value))}
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def value_text(field, value, related):
    """The same value as a clerk reads it on the History page."""
    if value in (None, ""):
        return "—"
    if field.is_relation:
        target = related.get(field.name, {}).get(value)
        return str(target) if target is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def changes_between(previous, record, fields):
    """``(field, old, new)`` of each field that differs from ``previous`` to ``record``
    (versions of one record); every set field of a first version."""
    for field in fields:
        new = getattr(record, field.attname)
        if previous is None:
            if new not in (None, ""):
                yield field, None, new
            continue
        old = getattr(previous, field.attname)
        if old != new:
            yield field, old, new

"""Idempotent demo loading: ``sync`` is what every app's ``demo.load()`` writes with."""

from django.db.models import Model
from simple_history.utils import bulk_create_with_history


def sync(model, key, rows):
    """Create or update ``rows`` (dicts of field values) of ``model``, found by the ``key``
    fields; returns {key: instance}.

    A row already holding its values is not written, so loading twice adds nothing, not
    even a history entry. A changed row is validated in full and saved with its version
    bumped. New rows are created in bulk (with history) after their fields and ``clean()``
    are validated (choices, ranges, the credit-code checksum...); their uniqueness, check
    constraints and foreign keys are enforced by the database as they are inserted, which
    spares a query per constraint per row. (The demo tests ``full_clean()`` every record
    loaded.)
    """
    fields = {name: model._meta.get_field(name) for name in {n for row in rows for n in row}}
    relations = [name for name, field in fields.items() if field.is_relation]

    def raw(value):
        return value.pk if isinstance(value, Model) else value

    def key_of_row(row):
        return tuple(raw(row[name]) for name in key)

    def key_of_instance(instance):
        return tuple(getattr(instance, fields[name].attname) for name in key)

    first = key[0]
    candidates = model._default_manager.filter(**{f"{first}__in": {raw(r[first]) for r in rows}})
    existing = {key_of_instance(instance): instance for instance in candidates}
    result, new = {}, []
    for row in rows:
        instance = existing.get(key_of_row(row))
        if instance is None:
            instance = model(**row)
            instance.full_clean(exclude=relations, validate_unique=False,
                                validate_constraints=False)
            new.append(instance)
        elif any(getattr(instance, fields[n].attname) != raw(v) for n, v in row.items()):
            for name, value in row.items():
                setattr(instance, name, value)
            instance.full_clean()
            instance.version += 1
            instance.save()
        result[key_of_row(row)] = instance
    if new:
        bulk_create_with_history(new, model)
    return result

"""Demo data as data: the tables every app's demo ships, and ``sync``, which writes them.

An app's part of the demo is a package ``<app>/demo/``: its tables as CSV files with named
columns, and in ``__init__.py`` a ``load()`` that reads them (``read_table``, or
``read_import_table`` for a table kept in the layout of the app's Excel/CSV import) and
writes them with ``sync``. ``manage.py load_demo`` calls every app's ``load()``.
"""

import csv
from importlib import resources

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from simple_history.utils import bulk_create_with_history


# --- reading ----------------------------------------------------------------------------------
def read_table(package, name):
    """The rows of the CSV table ``name`` shipped in ``package``, as dicts of text by column."""
    with resources.files(package).joinpath(name).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_import_table(package, name, resource_class):
    """The rows of a table kept in the layout of ``resource_class``'s Excel/CSV import
    (headers in any site language, choices by label, 是/否, related records by name...),
    parsed by the resource's own fields into dicts of field values.

    Each distinct cell value is parsed once per column, so a related record costs one
    lookup per name, not one per row.
    """
    columns = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for field in resource_class().get_import_fields():
                columns.setdefault(force_str(field.column_name), field)
    rows = read_table(package, name)
    unknown = [header for header in (rows[0] if rows else {}) if header not in columns]
    if unknown:
        raise ImproperlyConfigured(
            f"{package}/{name}: {unknown} are no columns of {resource_class.__name__}"
            " (are the translations compiled?)"
        )
    parsed = {}

    def parse(line, header, text):
        field = columns[header]
        if (field.attribute, text) not in parsed:
            try:
                parsed[field.attribute, text] = field.clean({field.column_name: text})
            except ValueError as error:
                raise ImproperlyConfigured(
                    f"{package}/{name}, line {line}, column {header}: {error}"
                ) from error
        return parsed[field.attribute, text]

    return [
        {columns[header].attribute: parse(line, header, text) for header, text in row.items()}
        for line, row in enumerate(rows, start=2)
    ]


# --- writing ----------------------------------------------------------------------------------
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

    Values may be text as read by ``read_table``: a field that holds no text parses its own
    (a blank is ``None``); related records are given as instances.
    """
    fields = {name: model._meta.get_field(name) for name in {n for row in rows for n in row}}
    rows = [{name: _parse(fields[name], value) for name, value in row.items()} for row in rows]
    relations = [name for name, field in fields.items() if field.is_relation]

    def key_of_row(row):
        return tuple(_raw(row[name]) for name in key)

    def key_of_instance(instance):
        return tuple(getattr(instance, fields[name].attname) for name in key)

    first = key[0]
    candidates = model._default_manager.filter(**{f"{first}__in": {_raw(r[first]) for r in rows}})
    existing = {key_of_instance(instance): instance for instance in candidates}
    result, new = {}, []
    for row in rows:
        instance = existing.get(key_of_row(row))
        if instance is None:
            instance = model(**row)
            instance.full_clean(exclude=relations, validate_unique=False,
                                validate_constraints=False)
            new.append(instance)
        elif any(getattr(instance, fields[n].attname) != _raw(v) for n, v in row.items()):
            for name, value in row.items():
                setattr(instance, name, value)
            instance.full_clean()
            instance.version += 1
            instance.save()
        result[key_of_row(row)] = instance
    if new:
        bulk_create_with_history(new, model)
    return result


def not_yet_created(model, key, rows):
    """The ``rows`` of items written through an app's services (not ``sync``) that the demo
    has still to create: no record holds their ``key`` values."""
    attnames = [model._meta.get_field(name).attname for name in key]
    firsts = {_raw(row[key[0]]) for row in rows}
    there = set(model._default_manager.filter(**{f"{attnames[0]}__in": firsts})
                .values_list(*attnames))
    return [row for row in rows if tuple(_raw(row[name]) for name in key) not in there]


def _parse(field, value):
    if not isinstance(value, str) or field.is_relation or isinstance(
        field, models.CharField | models.TextField
    ):
        return value
    return field.to_python(value) if value.strip() else None


def _raw(value):
    return value.pk if isinstance(value, models.Model) else value

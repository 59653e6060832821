"""Demo data as data: the tables every app's demo ships, and ``sync``, which writes them.

An app's part of the demo is a package ``<app>/demo/``: its tables as CSV files with named
columns, and in ``__init__.py`` a ``load()`` that reads them (``read_table``, or
``read_import_table`` for a table kept in the layout of the app's Excel/CSV import) and
writes them with ``sync``. ``manage.py load_demo`` calls every app's ``load()``.

Loading again never undoes a user's work: a record edited since the demo wrote it is kept as
it is (and reported), a missing demo record is created, a deleted one comes back.
"""

import csv
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from simple_history.utils import bulk_create_with_history

# The change reason of every history entry the demo writes: how a rerun tells the demo's own
# writes from the users'.
DEMO_CHANGE_REASON = "load_demo"

_kept = ContextVar("demo_records_kept", default=None)


# --- reading ----------------------------------------------------------------------------------
def demo_staff(username, first_name, *groups):
    """The demo's staff account ``username`` in the role groups named ``groups``: created
    once, without a password (the README's demo logins are set by ``load_demo``), made
    staff if an older demo left it otherwise, and read afresh, so that its permissions
    are those of its groups."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "is_staff": True})
    if created:
        user.set_unusable_password()
        user.save()
    elif not user.is_staff:
        # Loaded before assignees had to be office staff.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(*(Group.objects.get(name=name) for name in groups))
    return get_user_model().objects.get(pk=user.pk)


def read_table(package, name):
    """The rows of the CSV table ``name`` shipped in ``package``, as dicts of text by column."""
    with resources.files(package).joinpath(name).open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def read_import_table(package, name, resource_class):
    """The rows of a table kept in the layout of ``resource_class``'s Excel/CSV import
    (headers in any site language, choices by label, 是/否, related records by name...),
    parsed by the resource's own fields into dicts of field values.

    Each distinct cell value is parsed once per column, so a related record costs one
    lookup per name, not one per row. A name the lookup does not find (renamed by a user
    since the demo loaded it) is looked for as the demo wrote it.
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
                value = field.clean({field.column_name: text})
            except ValueError as error:
                value = _lookup_as_loaded(field.widget, text)
                if value is None:
                    raise ImproperlyConfigured(
                        f"{package}/{name}, line {line}, column {header}: {error}"
                    ) from error
            parsed[field.attribute, text] = value
        return parsed[field.attribute, text]

    return [
        {columns[header].attribute: parse(line, header, text) for header, text in row.items()}
        for line, row in enumerate(rows, start=2)
    ]


def records_by(model, field, values):
    """{value: record} for the records the demo loaded with these ``values`` of a unique
    ``field``: by their value now or, where a user has changed it since, as the demo wrote
    it (another app's demo names the core's records this way)."""
    found = model._default_manager.in_bulk(set(values), field_name=field)
    missing = set(values) - set(found)
    if missing:
        pk = model._meta.pk.attname
        written = _demo_history(model).filter(**{f"{field}__in": missing})
        ids = {getattr(entry, field): getattr(entry, pk)
               for entry in written.order_by("history_date", "history_id")}
        records = model._default_manager.in_bulk(ids.values())
        found.update({value: records[i] for value, i in ids.items() if i in records})
    return found


def _lookup_as_loaded(widget, text):
    """The record a lookup column names as the demo wrote it, if it is still there."""
    model, lookups = getattr(widget, "model", None), getattr(widget, "lookups", ())
    for lookup in lookups:
        ids = _demo_history(model).filter(**{lookup: text.strip()}).values("id")
        found = model._default_manager.filter(pk__in=ids).first()
        if found is not None:
            return found
    return None


# --- writing ----------------------------------------------------------------------------------
@contextmanager
def kept_records():
    """Collects the records ``sync`` keeps because they were edited since the demo wrote
    them: ``with kept_records() as kept: load()``."""
    kept = []
    token = _kept.set(kept)
    try:
        yield kept
    finally:
        _kept.reset(token)


def sync(model, key, rows):
    """Make the demo's ``rows`` (dicts of field values) of ``model`` exist, each found by its
    ``key`` fields; returns {key: record}.

    - A missing row is created. New rows are created in bulk (with history) after their
      fields and ``clean()`` are validated (choices, ranges, the credit-code checksum...);
      uniqueness, check constraints and foreign keys are enforced by the database as they are
      inserted, which spares a query per constraint per row. A deleted demo record thus
      comes back.
    - A record already holding the row's values is not written: loading twice adds nothing,
      not even a history entry.
    - A record as the demo last wrote it (its version and values those of the demo's last
      history entry) takes the row's new values, validated in full, its version bumped.
    - Any other record was edited since the demo wrote it (through the services, the admin,
      an import, even a raw update) or was never the demo's: it is kept as it is and
      reported to ``kept_records``. A record whose key a user edited is found through the
      demo's history under its old key, kept, and not created again.

    Values may be text as read by ``read_table``: a field that holds no text parses its own
    (a blank is ``None``); related records are given as instances.
    """
    fields = {name: model._meta.get_field(name) for name in {n for row in rows for n in row}}
    rows = [{name: _parse(fields[name], value) for name, value in row.items()} for row in rows]
    relations = [name for name, field in fields.items() if field.is_relation]

    def key_of_row(row):
        return tuple(_raw(row[name]) for name in key)

    def key_of(record):
        return tuple(getattr(record, fields[name].attname) for name in key)

    first = fields[key[0]].attname
    candidates = model._default_manager.filter(**{f"{first}__in": {_raw(r[key[0]]) for r in rows}})
    existing = {key_of(record): record for record in candidates}
    missing = {key_of_row(row) for row in rows} - set(existing)
    rekeyed = _rekeyed_since(model, first, key_of, missing)
    result, new, differing = {}, [], []
    for row in rows:
        row_key = key_of_row(row)
        record = existing.get(row_key) or rekeyed.get(row_key)
        if record is None:
            record = model(**row)
            record.full_clean(exclude=relations, validate_unique=False,
                              validate_constraints=False)
            new.append(record)
        elif row_key in rekeyed:
            _keep(record)
        elif any(getattr(record, fields[n].attname) != _raw(v) for n, v in row.items()):
            differing.append((record, row))
        result[row_key] = record
    as_written = _as_the_demo_wrote_them(model, [record for record, _row in differing])
    for record, row in differing:
        if _edited_since(record, as_written.get(record.pk), [fields[n].attname for n in row]):
            _keep(record)
            continue
        for name, value in row.items():
            setattr(record, name, value)
        record.full_clean()
        record.version += 1
        record._change_reason = DEMO_CHANGE_REASON
        record.save()
    if new:
        bulk_create_with_history(new, model, default_change_reason=DEMO_CHANGE_REASON)
    return result


def not_yet_created(model, key, rows):
    """The ``rows`` of items written through an app's services (not ``sync``) that the demo
    has still to create: no record holds their ``key`` values, nor is a record created with
    them still there (a user may have edited its key since)."""
    attnames = [model._meta.get_field(name).attname for name in key]
    firsts = {_raw(row[key[0]]) for row in rows}
    there = set(model._default_manager.filter(**{f"{attnames[0]}__in": firsts})
                .values_list(*attnames))
    created = model.history.filter(history_type="+", **{f"{attnames[0]}__in": firsts})
    there |= set(created.filter(id__in=model._default_manager.values("pk"))
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


def _demo_history(model):
    return model.history.filter(history_change_reason=DEMO_CHANGE_REASON)


def _rekeyed_since(model, first, key_of, missing):
    """Records the demo wrote under a key in ``missing`` that a user has changed since:
    {the demo's key: the record}."""
    if not missing:
        return {}
    written = _demo_history(model).filter(**{f"{first}__in": {k[0] for k in missing}})
    pk = model._meta.pk.attname
    ids = {key_of(entry): getattr(entry, pk)
           for entry in written.order_by("history_date", "history_id")}
    records = model._default_manager.in_bulk({pk for k, pk in ids.items() if k in missing})
    return {k: records[pk] for k, pk in ids.items() if k in missing and pk in records}


def _as_the_demo_wrote_them(model, records):
    """The demo's last history entry of each of ``records``, by primary key."""
    if not records:
        return {}
    pk = model._meta.pk.attname
    written = _demo_history(model).filter(**{f"{pk}__in": [record.pk for record in records]})
    return {getattr(entry, pk): entry
            for entry in written.order_by("history_date", "history_id")}


def _edited_since(record, as_written, attnames):
    if as_written is None:
        return True
    return record.version != as_written.version or any(
        getattr(record, name) != getattr(as_written, name) for name in attnames
    )


def _keep(record):
    kept = _kept.get()
    if kept is not None:
        kept.append(record)


# --- closed-loop items replayed -----------------------------------------------------------
def replay_closed_loop(item, *, status, handler, verifier, department=None, responded_at=None,
                       resolved_at=None, closed_at=None, resolution="", satisfaction=""):
    """Take a freshly reported demo item to ``status`` through the workflow services (the
    ``handler`` assigned, starting and resolving it, the ``verifier`` signing it off, with
    the reporter's ``satisfaction`` if asked back), then put the historical times on the
    item, its history and its log: the services stamp each step with the current time, but
    a demo replays a past year."""
    from django.contrib.contenttypes.models import ContentType

    from cuizhai.core.base.services import closed_loop
    from cuizhai.core.choices import WorkflowAction, WorkflowStatus
    from cuizhai.core.models import WorkflowTransition

    steps = [WorkflowStatus.ASSIGNED, WorkflowStatus.IN_PROGRESS, WorkflowStatus.RESOLVED,
             WorkflowStatus.CLOSED]
    reached = steps[:steps.index(status) + 1] if status in steps else []
    # The report too is logged when it is made; the demo's was made at its reported_at.
    times, stamps = {WorkflowAction.REPORT: item.reported_at}, {}
    if WorkflowStatus.ASSIGNED in reached:
        item = closed_loop.closed_loop_assign(item, by=verifier, assignee=handler,
                                              department=department, note="已受理，转交专人办理。")
        times[WorkflowAction.ASSIGN] = stamps["responded_at"] = responded_at
    if WorkflowStatus.IN_PROGRESS in reached:
        item = closed_loop.closed_loop_start(item, by=handler, note="现场核查，开始整改。")
        times[WorkflowAction.START] = responded_at
    if WorkflowStatus.RESOLVED in reached:
        item = closed_loop.closed_loop_resolve(item, by=handler, note=resolution or "已办结。")
        times[WorkflowAction.RESOLVE] = stamps["resolved_at"] = resolved_at
    if WorkflowStatus.CLOSED in reached:
        item = closed_loop.closed_loop_verify(item, by=verifier, note="经复查，予以销号。",
                                              satisfaction=satisfaction)
        times[WorkflowAction.VERIFY] = stamps["closed_at"] = closed_at
    stamps = {name: at for name, at in stamps.items() if at is not None}
    if stamps:
        type(item)._default_manager.filter(pk=item.pk).update(**stamps)
        for name, at in stamps.items():
            item.history.filter(**{f"{name}__isnull": False}).update(**{name: at})
    log = WorkflowTransition.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
    for action, at in times.items():
        if at is not None:
            log.filter(action=action).update(at=at)
    return item


def replay_closed_loop_bulk(model, rows, *, by, reason=DEMO_CHANGE_REASON, rule=None):
    """Many demo items of ``model`` at once, each replayed to where 2024 left it (the core
    service ``closed_loop_bulk_record``), recorded as the demo's."""
    from cuizhai.core.base.services.closed_loop_bulk import closed_loop_bulk_record

    return closed_loop_bulk_record(model, rows, by=by, reason=reason, rule=rule)

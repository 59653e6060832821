"""Many new tracked records at once — an import's thousands of housing units or attendance
rows — by the rules of ``record_create``, at a number of queries that does not grow with the
rows of a batch.

``record_bulk_create`` checks every row as ``record_create`` checks one, then writes the
records and their history entries in batches (``bulk_create_with_history``). Where
``record_create`` asks the database once per row and key, it asks once per batch:

- each row's fields and ``clean()`` in Python (``full_clean`` without the queries);
- each related record named by id: one query per foreign key for the whole batch;
- each unique key: one query for the batch, and the rows among themselves;
- the check constraints: the database holds them on the insert; a batch it refuses is
  checked again row by row (``validate_constraints``) to name the rows and their messages —
  the messages of a single edit. That costs queries only when a row is wrong.

The app's own rule for a new record is a function of the row's data, given as ``rule``: it
is the one its ``x_create`` calls (it may raise a ValidationError, or return the data to use
instead). Nothing is written unless every row passes; otherwise ``RowsRefused`` names each
refused row by its position, with the errors a single ``x_create`` would have given it.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from simple_history.utils import bulk_create_with_history

from cuizhai.core.base.cache import records_changed
from cuizhai.core.base.exceptions import RowsRefused
from cuizhai.core.base.services.records import CONCURRENT_CONFLICT
from cuizhai.core.base.services.status import check_reason_length

# Rows written per INSERT (the database may take fewer at once: SQLite's limit on the
# parameters of a statement is respected by Django) and checked per query.
BATCH_SIZE = 1000
COMPOSITE_KEYS_PER_QUERY = 200


class _Refused(Exception):
    """Leaves the savepoint of a batch that was only a test: some row is wrong already."""


@transaction.atomic
def record_bulk_create(*, model, rows, by=None, reason="", rule=None, batch_size=BATCH_SIZE):
    """Create one ``model`` record per dict of ``rows`` (the ``data`` of ``record_create``);
    returns the saved records in the order of ``rows``, or raises ``RowsRefused``."""
    check_reason_length(reason)
    if model.save is not models.Model.save:
        # bulk_create does not call save(): what it computes would be missing.
        raise TypeError(f"{model.__name__} computes in save(): create its records one by one.")
    errors = {}
    instances = {}
    for index, data in enumerate(rows):
        try:
            if rule is not None:
                data = rule(data) or data
            instance = model(**_without_many_to_many(model, data))
            clean_in_python(instance)
        except ValidationError as error:
            errors[index] = error
            continue
        instances[index] = instance
    for index, error in (*_missing_related(model, instances), *_taken_keys(model, instances)):
        errors[index] = _merged(errors.get(index), error)
    saved = _insert(model, instances, errors, by=by, reason=reason, batch_size=batch_size)
    if errors:
        raise RowsRefused(errors)
    records_changed()  # cached summaries and counts are computed afresh
    return saved


def _without_many_to_many(model, data):
    many = [name for name in data if getattr(_field(model, name), "many_to_many", False)]
    if many:
        raise TypeError(f"record_bulk_create does not set many-to-many fields ({many}).")
    return data


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _foreign_keys(model):
    return [field for field in model._meta.concrete_fields
            if field.many_to_one or field.one_to_one]


def clean_in_python(instance, exclude=()):
    """``full_clean`` without the unique keys and constraints, and without a query: a
    foreign key gets the checks of its field (blank, null), not the lookup of its record;
    ``record_bulk_create`` makes the lookups for the batch at once."""
    related = [field for field in _foreign_keys(type(instance)) if field.name not in exclude]
    errors = {}
    try:
        instance.clean_fields(exclude={*exclude, *(field.name for field in related)})
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for field in related:
        raw = getattr(instance, field.attname)
        if field.blank and raw in field.empty_values:
            continue
        try:
            value = field.to_python(raw)
            models.Field.validate(field, value, instance)  # not ForeignKey.validate's query
            field.run_validators(value)
        except ValidationError as error:
            errors.setdefault(field.name, []).extend(error.error_list)
    try:
        instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _merged(first, second):
    if first is None:
        return second
    return ValidationError(second.update_error_dict(first.update_error_dict({})))


def _chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _missing_related(model, instances):
    """(index, error) of each row naming a related record that does not exist: one query
    per foreign key and batch, with the message of ``ForeignKey.validate``."""
    for field in _foreign_keys(model):
        wanted = {}
        for index, instance in instances.items():
            value = getattr(instance, field.attname)
            if value is not None:
                wanted.setdefault(value, []).append(index)
        target = field.remote_field.model
        manager = target._base_manager.complex_filter(field.get_limit_choices_to())
        existing = set()
        for chunk in _chunks(wanted, BATCH_SIZE):
            existing.update(manager.filter(**{f"{field.remote_field.field_name}__in": chunk})
                            .values_list(field.remote_field.field_name, flat=True))
        for value in wanted.keys() - existing:
            for index in wanted[value]:
                yield index, ValidationError({field.name: ValidationError(
                    field.error_messages["invalid"], code="invalid",
                    params={"model": target._meta.verbose_name, "pk": value,
                            "field": field.remote_field.field_name, "value": value},
                )})


def _unique_keys(model):
    """(fields, error of an instance) of each key the table holds unique for every row."""
    probe = model()
    checks, _dates = probe._get_unique_checks(include_meta_constraints=False)
    for model_class, fields in checks:
        if fields != (model._meta.pk.name,):
            yield fields, (lambda instance, m=model_class, f=fields:
                           _keyed(f, instance.unique_error_message(m, f)))
    for constraint in model._meta.total_unique_constraints:
        if constraint.violation_error_message == constraint.default_violation_error_message:
            yield constraint.fields, (lambda instance, f=constraint.fields:
                                      _keyed(f, instance.unique_error_message(model, f)))
        else:
            yield constraint.fields, (lambda instance, c=constraint: ValidationError(
                {NON_FIELD_ERRORS: ValidationError(c.get_violation_error_message(),
                                                   code=c.violation_error_code)}))


def _keyed(fields, error):
    """A unique key's error where ``validate_unique`` puts it: on its field, if only one."""
    return ValidationError({fields[0] if len(fields) == 1 else NON_FIELD_ERRORS: error})


def _taken_keys(model, instances):
    """(index, error) of each row whose unique key another row of the batch or a stored
    record holds: one query per key and batch."""
    for fields, error_of in _unique_keys(model):
        attnames = [model._meta.get_field(name).attname for name in fields]
        by_key = {}
        for index, instance in instances.items():
            key = tuple(getattr(instance, attname) for attname in attnames)
            if any(part is None for part in key):
                continue  # as validate_unique: NULLs are distinct
            by_key.setdefault(key, []).append(index)
        taken = set()
        # A key of several columns is asked as an OR of its rows: SQLite refuses an
        # expression deeper than 1000, so fewer keys go in one query.
        per_query = BATCH_SIZE if len(attnames) == 1 else COMPOSITE_KEYS_PER_QUERY
        for chunk in _chunks(by_key, per_query):
            if len(attnames) == 1:
                values = [key[0] for key in chunk]
                query = model._default_manager.filter(**{f"{attnames[0]}__in": values})
            else:
                condition = models.Q()
                for key in chunk:
                    condition |= models.Q(**dict(zip(attnames, key, strict=True)))
                query = model._default_manager.filter(condition)
            taken.update(tuple(row) for row in query.values_list(*attnames))
        for key, indexes in by_key.items():
            # The first row of a key is refused if the key is stored; the others always.
            for index in indexes if key in taken else indexes[1:]:
                yield index, error_of(instances[index])


def _insert(model, instances, errors, *, by, reason, batch_size):
    """Write the rows that passed, with their history, batch by batch. While any row is
    refused, the batches are written only to learn which rows the database refuses, and
    undone at once."""
    user = by if getattr(by, "is_authenticated", False) else None
    saved = []
    for batch in _chunks(sorted(instances), batch_size):
        clean = [index for index in batch if index not in errors]
        objects = [instances[index] for index in clean]
        try:
            with transaction.atomic():
                written = bulk_create_with_history(
                    objects, model, batch_size=batch_size, default_user=user,
                    default_change_reason=reason or None,
                )
                if errors:
                    raise _Refused
        except _Refused:
            continue
        except IntegrityError:
            refused = _refused_by_database(instances, clean)
            if not refused:
                raise ValidationError(CONCURRENT_CONFLICT, code="concurrent_conflict") from None
            errors.update(refused)
            continue
        saved.extend(written)
    return saved


def _refused_by_database(instances, indexes):
    """The rows of a batch the database refused, each with the message a single save gives
    (its constraints checked one by one; a unique key too, which another transaction may
    have taken since the batch's check)."""
    refused = {}
    for index in indexes:
        instance = instances[index]
        instance.pk = None  # a failed insert may have left an id behind
        instance._state.adding = True
        errors = {}
        for check in (instance.validate_unique, instance.validate_constraints):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            refused[index] = ValidationError(errors)
    return refused

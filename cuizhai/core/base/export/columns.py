"""The columns of an export, read from the database, never through a serializer per row.

A list's columns are its API serializer's readable fields, with their labels, in their
order: the API, the CSV, the XLSX and the admin's export buttons show one set of names.
Each column names the database columns it needs (``values_list`` paths: model fields, the
selector's annotations, ``fk__field``) and turns them into one cell value. What a field
cannot be read that way from (a model property, a ``SerializerMethodField``) is declared on
the serializer class, once:

- ``export_reads = {"owner_display": Read(("owner_enterprise__name", "owner_name"),
  lambda enterprise, name: enterprise or name)}`` — how to read it; ``None`` leaves the
  field out of every export (``allowed_actions``: the reader's own permissions, not data).
- ``export_kinds = {"field": PERCENT}`` — when the kind the field's model field or
  annotation gives is not the one to show (by default a number whose name ends in
  ``_percent``, ``_growth`` or ``_rate`` is a percentage, 0–100).
- ``export_report_omits = ("owner_enterprise", "owner_name")`` — left out of the XLSX
  report (the CSV keeps them), besides the technical columns (id, version, created, updated).

Related records are shown by their display name (``str()``, as the API's ``display``):
joined into the rows' query where the related model declares which columns make it
(``display_columns``), else read once per export for the related rows the list refers
to — one query per related column, whatever the number of rows. Choice labels are read
once, in the request's language.

**Value hook**: a serializer field with an ``export_transform(value, context)`` method has
it called on each of its cells (``context``: ``request``, ``user``, ``format``) — the place
where personal data is masked for those who may not see it. A serializer field of a class
this module does not know (a subclass with its own ``to_representation``) is shown through
that ``to_representation``, cell by cell, so that no such rule is skipped by reading the
database directly.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connections, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.settings import api_settings

from cuizhai.core.base.api.fields import PersonalFieldMixin
from cuizhai.core.base.export import text as cell
from cuizhai.core.base.export.sql import HoursTaken, hours_taken, local_iso_text
from cuizhai.core.base.models.display import display_expression
from cuizhai.core.base.models.fields import MoneyField

TEXT = "text"
CHOICE = "choice"
BOOLEAN = "boolean"
INTEGER = "integer"
MONEY = "money"  # 万元, two places: thousands separators and a total in the report
DECIMAL = "decimal"
PERCENT = "percent"  # stored 0–100; a percentage cell in the report
DATE = "date"
DATETIME = "datetime"
HOURS = "hours"
NUMERIC = frozenset({INTEGER, MONEY, DECIMAL, PERCENT, HOURS})

TECHNICAL = frozenset({"id", "version", "created_at", "updated_at"})
PERCENT_SUFFIXES = ("_percent", "_growth", "_rate")

# The serializer field classes whose representation this module reproduces from the
# database value; any other class (a subclass with rules of its own) is asked per cell.
_KNOWN_FIELDS = (
    serializers.CharField, serializers.IntegerField, serializers.DecimalField,
    serializers.FloatField, serializers.BooleanField, serializers.DateField,
    serializers.DateTimeField, serializers.ChoiceField, serializers.SlugField,
    serializers.EmailField, serializers.URLField, serializers.DurationField,
)


_KNOWN_REPRESENTATIONS = frozenset(cls.to_representation for cls in _KNOWN_FIELDS)


def _big_integer_as_number(serializer_field):
    """A ``BigIntegerField`` (the ids) that shows its number, as an ``IntegerField`` does
    (unless ``COERCE_BIGINT_TO_STRING``): read as one, without a call per cell."""
    big = getattr(serializers, "BigIntegerField", None)
    return (big is not None and isinstance(serializer_field, big)
            and type(serializer_field).to_representation is big.to_representation
            and not getattr(serializer_field, "coerce_to_string",
                            api_settings.COERCE_BIGINT_TO_STRING))


def _shown_as_stored(serializer_field):
    """Whether a personal field (``PersonalFieldMixin``) shows this export's user the value
    as its plain field would (the user may see personal data): then its column is read as
    that field's, without a call per cell; masked, each cell is asked."""
    if not isinstance(serializer_field, PersonalFieldMixin):
        return False
    plain = super(PersonalFieldMixin, serializer_field).to_representation
    return plain.__func__ in _KNOWN_REPRESENTATIONS and serializer_field._may_view()


@dataclass(frozen=True)
class Read:
    """How a serializer field is read from database columns: ``compute(*values)`` of the
    ``paths``; ``kind`` as above. ``sql``: the same value computed by the database (an
    expression), where it can be: then a CSV on PostgreSQL can be written by ``COPY``
    (``export.text``); a test holds the two to the same cells."""

    paths: tuple[str, ...]
    compute: Callable[..., Any]
    kind: str = TEXT
    sql: Any = None


@dataclass
class Column:
    name: str
    label: str
    kind: str
    paths: tuple[str, ...]
    compute: Callable[..., Any]
    places: int | None = None  # decimal places of a number column (CSV text)
    report: bool = True  # shown in the XLSX report
    transform: Callable[[Any, dict], Any] | None = None
    prepare: Callable[[Any], None] | None = field(default=None, repr=False)
    # The cell's CSV text written by PostgreSQL (``export.text.CellText``), where it can.
    text: Any = field(default=None, repr=False)

    @property
    def numeric(self):
        return self.kind in NUMERIC


def yes_no(value):
    if value is None:
        return None
    return gettext("Yes") if value else gettext("No")


MICROSECONDS_AN_HOUR = 3_600_000_000


def hours(duration):
    """A duration as hours to one place, a half rounded away from zero (15 minutes are
    0.3 h), exactly from its microseconds: as PostgreSQL's ``round(numeric, 1)`` gives it
    (``export.sql.hours_taken``), so that the API's ``…_hours_taken``, the CSV and the XLSX
    agree whichever computed it. (Python's ``round`` of the float would give 0.2 for 0.25,
    half to even, and 0.3 for 0.35, whose float is just below the half.)"""
    if duration is None:
        return None
    if isinstance(duration, timedelta):
        micro = (duration.days * 86400 + duration.seconds) * 1_000_000 + duration.microseconds
    else:  # SQLite hands back microseconds
        micro = int(duration)
    tenths, rest = divmod(abs(micro) * 10, MICROSECONDS_AN_HOUR)
    if 2 * rest >= MICROSECONDS_AN_HOUR:
        tenths += 1
    return Decimal(tenths if micro >= 0 else -tenths).scaleb(-1)


def local_time():
    """A date-time in the site's time zone (read once, not per cell)."""
    zone = timezone.get_current_timezone()
    return lambda value: None if value is None else value.astimezone(zone)


def _kind_of_model_field(model_field):
    if model_field.choices:
        return CHOICE
    if isinstance(model_field, MoneyField):
        return MONEY
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return DECIMAL
    if isinstance(model_field, models.BooleanField):
        return BOOLEAN
    if isinstance(model_field, models.IntegerField | models.AutoField):
        return INTEGER
    if isinstance(model_field, models.DateTimeField):
        return DATETIME
    if isinstance(model_field, models.DateField):
        return DATE
    if isinstance(model_field, models.DurationField):
        return HOURS
    return TEXT


def _model_field_at(model, path):
    """The model field a ``values()`` path ends on (``owner_enterprise__name``)."""
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _joined_relations(model, depth=2):
    """The forward foreign keys ``str()`` of a ``model`` record may read, ``depth`` levels
    deep (nullable ones included: ``select_related()`` alone skips them, and an inspection's
    name reads its community, one query per row)."""
    paths = []
    for relation in model._meta.concrete_fields:
        if relation.many_to_one and relation.related_model is not model:
            paths.append(relation.name)
            if depth > 1:
                paths.extend(f"{relation.name}__{deeper}"
                             for deeper in _joined_relations(relation.related_model, depth - 1))
    return paths


def _display_names(related_model, ids_query):
    """``{pk: str(record)}`` of the related records a list refers to: one query."""
    rows = (related_model._default_manager.filter(pk__in=ids_query)
            .select_related(*_joined_relations(related_model)))
    return {row.pk: str(row) for row in rows.iterator(chunk_size=2000)}


class ColumnSet:
    """The columns of one list's export, built once per request."""

    def __init__(self, serializer, queryset, *, context=None):
        self.serializer = serializer
        self.queryset = queryset
        self.context = context or {}
        # A CSV on PostgreSQL: each column's text is asked of the database too (COPY).
        self.in_sql = (self.context.get("format") == "csv"
                       and connections[queryset.db].vendor == "postgresql")
        self.columns = list(self._columns())

    # -- building ----------------------------------------------------------------------
    def _columns(self):
        declared = type(self.serializer)
        reads = getattr(declared, "export_reads", {})
        kinds = getattr(declared, "export_kinds", {})
        omits = set(getattr(declared, "export_report_omits", ())) | TECHNICAL
        for name, serializer_field in self.serializer.fields.items():
            if serializer_field.write_only:
                continue
            read = reads.get(name, empty)
            if read is None:
                continue
            column = self._column(name, serializer_field, read)
            if name in kinds and kinds[name] != column.kind:
                if not {kinds[name], column.kind} <= NUMERIC:
                    column.text = None  # written as another kind: by Python's formatter
                column.kind = kinds[name]
            elif column.kind in (DECIMAL, INTEGER) and name.endswith(PERCENT_SUFFIXES):
                column.kind = PERCENT
            column.report = name not in omits
            column.transform = getattr(serializer_field, "export_transform", None)
            if column.transform is not None:
                column.text = None
            yield column

    def _column(self, name, serializer_field, read):
        label = capfirst(str(serializer_field.label or name))
        if read is not empty:
            if read.compute is yes_no:  # the two words read once, not per cell
                yes, no = gettext("Yes"), gettext("No")
                text = (self._text(read.paths[0], cell.YES_NO, words=(yes, no))
                        if len(read.paths) == 1 else None)
                return Column(name, label, read.kind, tuple(read.paths),
                              lambda value: None if value is None else (yes if value else no),
                              text=text)
            if read.kind == HOURS and len(read.paths) == 1:
                in_sql = hours_taken(read.paths[0], connections[self.queryset.db])
                if in_sql is not None:  # the database rounds the hours, as ``hours`` does
                    return Column(name, label, HOURS, (in_sql,), _same,
                                  text=self._text(in_sql, cell.NUMBER))
            text = None
            if read.sql is not None:
                text = self._text(read.sql, cell.NUMBER if read.kind in NUMERIC else cell.TEXT)
            return Column(name, label, read.kind, tuple(read.paths), read.compute, text=text)
        source = serializer_field.source
        path = source.replace(".", "__")
        if isinstance(serializer_field, serializers.ListSerializer | ManyRelatedField):
            return self._many_column(name, label, path)
        if isinstance(serializer_field, RelatedField):
            return self._related_column(name, label, path)
        if isinstance(serializer_field, serializers.SerializerMethodField) or source == "*":
            raise ImproperlyConfigured(
                f"{type(self.serializer).__name__}.{name} has no database column: declare "
                f"how to read it in export_reads."
            )
        return self._value_column(name, label, path, serializer_field)

    def _value_column(self, name, label, path, serializer_field):
        model = self.queryset.model
        annotation = self.queryset.query.annotations.get(path)
        if annotation is not None:
            model_field = annotation.output_field
        else:
            try:
                model_field = _model_field_at(model, path)
            except (FieldDoesNotExist, AttributeError):
                raise ImproperlyConfigured(
                    f"{type(self.serializer).__name__}.{name} reads {path!r}, which is neither "
                    f"a column nor an annotation of {model.__name__}: declare it in "
                    f"export_reads."
                ) from None
        kind = _kind_of_model_field(model_field)
        places = getattr(serializer_field, "decimal_places", None) or getattr(
            model_field, "decimal_places", None)
        if isinstance(serializer_field, serializers.ChoiceField):
            kind = CHOICE
        elif isinstance(serializer_field, serializers.BooleanField):
            kind = BOOLEAN
        if (not isinstance(serializer_field, _KNOWN_FIELDS) or (
            type(serializer_field).to_representation not in _KNOWN_REPRESENTATIONS
            and not isinstance(serializer_field, serializers.ChoiceField)
        )) and not _shown_as_stored(serializer_field) and not _big_integer_as_number(
                serializer_field):
            # A field with rules of its own (masking…): its representation, cell by cell.
            return Column(name, label, TEXT, (path,), serializer_field.to_representation)
        if kind == CHOICE:
            choices = getattr(serializer_field, "choices", None) or dict(model_field.choices)
            labels = {value: str(text) for value, text in choices.items()}
            return Column(name, label, CHOICE, (path,),
                          lambda value: None if value in (None, "") else labels.get(value, value),
                          text=self._text(path, cell.CHOICE, labels=labels))
        if kind == BOOLEAN:
            yes, no = gettext("Yes"), gettext("No")
            compute = lambda value: None if value is None else (yes if value else no)  # noqa: E731
        else:
            compute = {DATETIME: local_time(), HOURS: hours}.get(kind, _same)
        if (kind == DATETIME and self.context.get("format") == "csv"
                and getattr(serializer_field, "export_transform", None) is None):
            as_text = local_iso_text(path, timezone.get_current_timezone(),
                                     connections[self.queryset.db])
            if as_text is not None:  # the database writes the cell's text
                return Column(name, label, kind, (as_text,), _same,
                              text=self._text(as_text, cell.AS_IS))
        return Column(name, label, kind, (path,), compute, places=places,
                      text=self._value_text(path, kind, model_field, places))

    def _text(self, expression, shape, **options):
        """The cell's text written by PostgreSQL (``export.text.CellText``) where this
        export is a CSV on PostgreSQL, else None."""
        return cell.CellText(expression, shape, **options) if self.in_sql else None

    def _value_text(self, path, kind, model_field, places):
        """The cell's text written by PostgreSQL for a plain column, or None."""
        if kind == BOOLEAN:
            return self._text(path, cell.YES_NO, words=(gettext("Yes"), gettext("No")))
        if kind == HOURS:
            return self._text(HoursTaken(F(path)), cell.NUMBER)
        if kind == DATE:
            return self._text(path, cell.DATE)
        if kind in NUMERIC and not isinstance(model_field, models.FloatField):
            return self._text(path, cell.NUMBER, places=places)  # a float prints otherwise
        if kind == TEXT and isinstance(model_field, models.CharField | models.TextField):
            return self._text(path, cell.TEXT)
        return None

    def _related_column(self, name, label, path):
        related_model = _model_field_at(self.queryset.model, path).related_model
        joined = display_expression(path, related_model)
        if joined is not None:
            # Joined into the rows' own query: no pass over the list to collect the ids,
            # no related record loaded to call str() on.
            return Column(name, label, TEXT, (joined,), _same,
                          text=self._text(joined, cell.TEXT))
        names = {}

        def prepare(queryset):
            ids = queryset.order_by().values(path)
            names.update(_display_names(related_model, ids))

        # F(): a foreign key selected by its name would take over an ordering by that name
        # (``ORDER BY 2``, the id, instead of the related model's ordering).
        return Column(name, label, TEXT, (F(path),),
                      lambda pk: None if pk is None else names.get(pk), prepare=prepare,
                      text=self._text(cell.LookedUp(path, names), cell.TEXT))

    def _many_column(self, name, label, path):
        """A list of related records (a campaign's outputs) as one cell, ``; ``-separated,
        read once for the whole export: one query (two for a many-to-many)."""
        relation = _model_field_at(self.queryset.model, path)
        related_model = relation.related_model
        by_parent = {}

        def prepare(queryset):
            parents = queryset.order_by().values("pk")
            if relation.one_to_many:  # children pointing to the row (a campaign's outputs)
                fk = relation.field
                children = (related_model._default_manager
                            .filter(**{f"{fk.name}__in": parents})
                            .select_related().order_by(fk.attname, "pk"))
                for child in children.iterator(chunk_size=2000):
                    by_parent.setdefault(getattr(child, fk.attname), []).append(str(child))
                return
            pairs = list(self.queryset.model._default_manager.filter(pk__in=parents)
                         .exclude(**{f"{path}__isnull": True})
                         .order_by("pk", f"{path}__pk").values_list("pk", f"{path}__pk"))
            names = _display_names(related_model, [child for _parent, child in pairs])
            for parent, child in pairs:
                by_parent.setdefault(parent, []).append(names[child])

        joined = {}

        def prepare_joined(queryset):
            prepare(queryset)
            joined.update((pk, "; ".join(names)) for pk, names in by_parent.items())

        return Column(name, label, TEXT, ("pk",), lambda pk: joined.get(pk, ""),
                      prepare=prepare_joined,
                      text=self._text(cell.LookedUp("pk", joined), cell.TEXT))

    # -- reading -----------------------------------------------------------------------
    def for_report(self):
        return [column for column in self.columns if column.report]

    def values(self, columns):
        """The queryset of the database values ``columns`` are made from, as ``rows`` reads
        them (``values_list``)."""
        return self.queryset.values_list(*[path for column in columns for path in column.paths])

    def rows(self, columns, *, chunk_size):
        """Each row of the queryset as a list of cell values, one per column: one query for
        the rows (a server-side cursor on PostgreSQL), one per related column."""
        slots = []
        start = 0
        for column in columns:
            slots.append((column, start, start + len(column.paths)))
            start += len(column.paths)
            if column.prepare is not None:
                column.prepare(self.queryset)
        getters = [_getter(column, start, end, self.context) for column, start, end in slots]
        rows = self.values(columns).iterator(chunk_size=chunk_size)
        # In a transaction PostgreSQL's server-side cursor hands out rows as the query
        # finds them; outside one (autocommit) Django declares it WITH HOLD, which runs
        # the whole query before the first row.
        with transaction.atomic(using=self.queryset.db):
            try:
                for values in rows:
                    yield [get(values) for get in getters]
            finally:
                rows.close()  # the cursor goes before its transaction, even when stopped

    def written_by_database(self, columns):
        """Whether every column's CSV text can be written by PostgreSQL (``csv_blocks``)."""
        return self.in_sql and all(column.text is not None for column in columns)

    def csv_blocks(self, columns):
        """The CSV's rows (no header) as PostgreSQL's ``COPY`` writes them, in blocks of
        bytes as they come: one query. Only where ``written_by_database(columns)``."""
        for column in columns:
            if column.prepare is not None:
                column.prepare(self.queryset)  # the names the query looks up
        query = self.queryset.values_list(*[column.text for column in columns]).query
        sql, params = query.sql_with_params()
        statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
        connection = connections[self.queryset.db]
        with transaction.atomic(using=self.queryset.db), connection.cursor() as cursor:
            # Logged as any query is (the debug toolbar, the tests, the benchmark).
            logged = (cursor.debug_sql(connection.ops.compose_sql(statement, params))
                      if connection.queries_logged else nullcontext())
            with logged, cursor.cursor.copy(statement, params) as copy:
                for block in copy:
                    yield bytes(block)


def _same(value):
    return value


def _getter(column, start, end, context):
    compute, transform = column.compute, column.transform
    if end - start == 1 and compute is _same:
        get = itemgetter(start)  # a plain column: no Python call per cell
    elif end - start == 1:
        def get(values):
            return compute(values[start])
    else:
        def get(values):
            return compute(*values[start:end])
    if transform is None:
        return get
    return lambda values: transform(get(values), context)

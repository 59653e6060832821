"""Import and export of tracked records as Excel (xlsx) or CSV files, shared by every app.

The files are the ones the office keeps anyway, so they read the way the staff write them:

- column headers are the fields' verbose names in the user's language (a header in another
  site language, or the plain field name, is accepted too);
- a choice column takes the stored value or its label in any site language;
- a related record is given by one of its unique text fields (a name, a code);
- a yes/no column takes 是/否, yes/no, true/false or 1/0;
- CSV is read as UTF-8 or GBK (what Excel saves in China).

An import writes every row through the services the model declares (``services.writes``,
as the API's viewsets and the admin do), so the business rules hold as
they do everywhere else. It is all or nothing: if any row fails, nothing is saved. Exports
carry each record's version; a row whose record changed since is refused (see README).
"""

import datetime
from contextvars import ContextVar
from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.dispatch import receiver
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats.base_formats import CSV
from import_export.instance_loaders import ModelInstanceLoader
from import_export.resources import Diff
from import_export.results import RowResult
from simple_history.signals import pre_create_historical_record

from cuizhai.core.base.exceptions import RowsRefused
from cuizhai.core.base.import_limits import PREVIEW_ROWS
from cuizhai.core.base.models import HISTORY_REASON_MAX_LENGTH
from cuizhai.core.base.models.personal import field_at
from cuizhai.core.base.personal import masker_for
from cuizhai.core.base.services.bulk import clean_in_python
from cuizhai.core.base.services.writes import writes_for
from cuizhai.core.models import Department, Enterprise, Person


def is_blank(value):
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def in_every_language(text):
    """``text`` (a lazy translation) as written in each of the site's languages."""
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(force_str(text).strip())
    return spellings


# A free-text column whose model field sets no length (a description, a note) takes at most
# this many characters from a file: two pages of Chinese, more than any office note, and a
# bound on what one cell can make the import hold and show.
TEXT_MAX_CHARS = 2000


class TextWidget(widgets.CharWidget):
    """Text with the surrounding blanks a spreadsheet cell tends to carry removed."""

    def __init__(self, max_length=None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number comes back from Excel as 2024.0
        text = super().clean(value, row, **kwargs).strip()
        if self.max_length is not None and len(text) > self.max_length:
            raise ValueError(
                _("The text has %(length)d characters; this column takes at most %(limit)d.")
                % {"length": len(text), "limit": self.max_length}
            )
        return text


class ChoiceWidget(widgets.Widget):
    """A choice column: the stored value or its label in any site language, any case.

    Blank cells give ``None``; with ``saves_null_values=False`` on the field, a blank
    keeps the record's current value (or the model default for a new record).
    """

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    @cached_property
    def _accepted_spellings(self):
        # Read once per process, not once per cell: the labels in every language are fixed.
        return self._accepted()

    def _accepted(self):
        accepted = {}
        for value, label in self.choices.choices:
            accepted[value.casefold()] = value
            for spelling in in_every_language(label):
                accepted[spelling.casefold()] = value
        return accepted

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            return self._accepted_spellings[force_str(value).strip().casefold()]
        except KeyError:
            labels = "、".join(str(label) for label in self.choices.labels)
            raise ValueError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": value, "choices": labels}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value in self.choices.values:
            return str(self.choices(value).label)
        return force_str(value) if value is not None else ""


YES = gettext_lazy("Yes")
NO = gettext_lazy("No")


class YesNoWidget(widgets.BooleanWidget):
    """是/否, yes/no, true/false, 1/0, √ (and the translated "Yes"/"No"); blank is "no"."""

    TRUE_SPELLINGS = {"1", "true", "yes", "y", "是", "√", "✓"}
    FALSE_SPELLINGS = {"0", "false", "no", "n", "否", "×"}

    @cached_property
    def _spellings(self):
        return (self.TRUE_SPELLINGS | {s.casefold() for s in in_every_language(YES)},
                self.FALSE_SPELLINGS | {s.casefold() for s in in_every_language(NO)})

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if is_blank(value):
            return False
        text = force_str(value).strip().casefold()
        if isinstance(value, int | float):
            text = str(int(value))
        true, false = self._spellings
        if text in true:
            return True
        if text in false:
            return False
        raise ValueError(_("“%(value)s” is not a yes/no value (use 是 or 否).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        if value is None:
            return ""
        return str(YES if value else NO)


class NumberWidget(widgets.NumberWidget):
    """A number, with thousands separators and blanks tolerated; a clear error otherwise."""

    def parse(self, value):
        if is_blank(value):
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        text = force_str(value).strip().replace(",", "").replace("，", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite():
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        return number


class MoneyWidget(NumberWidget):
    def clean(self, value, row=None, **kwargs):
        number = self.parse(value)
        return None if number is None else number.quantize(Decimal("0.01"))


class IntegerWidget(NumberWidget):
    def clean(self, value, row=None, **kwargs):
        number = self.parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class DateWidget(widgets.Widget):
    """A date: an Excel date cell, or text such as 2024-03-01, 2024/3/1 or 2024年3月1日."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = force_str(value).strip()
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date (write it as 2024-03-01).") % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return value.isoformat() if value else ""


# The records an import's lookup columns name, read once per import (see LookupCache).
_lookup_cache = ContextVar("import_lookup_cache", default=None)


class LookupCache:
    """The related records of one import: a register (departments, villages, people…) is
    read in one query the first time a column names one of its records, then every cell
    is found in memory. The records are those stored when the import began reading it."""

    def __init__(self):
        self._records = {}
        self._indexes = {}

    @staticmethod
    def can_hold(lookup):
        """A lookup the cache answers: a field's exact value, or its value in any case."""
        return "__" not in lookup.removesuffix("__iexact")

    @staticmethod
    def key(lookup, text):
        return text.casefold() if lookup.endswith("__iexact") else text

    def matches(self, model, lookup, text):
        """The records ``filter(**{lookup: text})`` finds, in the order ``.first()`` reads."""
        index = self._indexes.get((model, lookup))
        if index is None:
            index = self._indexes[(model, lookup)] = self._index(model, lookup)
        return index.get(self.key(lookup, text), [])

    def _index(self, model, lookup):
        if model not in self._records:
            records = model._default_manager.all()
            self._records[model] = list(records if records.ordered else records.order_by("pk"))
        attribute = lookup.removesuffix("__iexact")
        index = {}
        for record in self._records[model]:
            value = getattr(record, attribute)
            if value not in (None, ""):
                index.setdefault(self.key(lookup, force_str(value)), []).append(record)
        return index


class LookupWidget(widgets.Widget):
    """A related record given by one of its unique text fields (a name, a code...).

    Within an import the records are read once (``LookupCache``), not once per cell.
    ``refuse_ambiguous``: a text that names several records (two people of one name) is
    refused instead of taking the first."""

    refuse_ambiguous = False

    def __init__(self, model, lookups, **kwargs):
        self.model = model
        self.lookups = lookups
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = force_str(value).strip()
        for lookup in self.lookups:
            found = self.matches(lookup, text)
            if len(found) > 1 and self.refuse_ambiguous:
                raise ValueError(
                    _("“%(value)s” names %(count)d records of the %(model)s register: tell "
                      "them apart there, or choose the record on its page.")
                    % {"count": len(found), "model": self.model._meta.verbose_name,
                       "value": text}
                )
            if found:
                return found[0]
        raise ValueError(
            _("There is no %(model)s “%(value)s”.")
            % {"model": self.model._meta.verbose_name, "value": text}
        )

    def matches(self, lookup, text):
        """At most two records whose ``lookup`` is ``text`` (two: the text is ambiguous),
        from the file's lookup cache when one is open."""
        cache = _lookup_cache.get()
        if cache is not None and LookupCache.can_hold(lookup):
            return cache.matches(self.model, lookup, text)
        records = self.model._default_manager.filter(**{lookup: text})
        return list((records if records.ordered else records.order_by("pk"))[:2])

    def render(self, value, obj=None, **kwargs):
        return str(value) if value is not None else ""


class DepartmentWidget(LookupWidget):
    def __init__(self, **kwargs):
        super().__init__(Department, ("name", "code"), **kwargs)


class EnterpriseWidget(LookupWidget):
    """An enterprise of the register, given by its name or its credit code."""

    def __init__(self, **kwargs):
        super().__init__(Enterprise, ("name", "credit_code__iexact"), **kwargs)


class PersonWidget(LookupWidget):
    """One of the register of people, by name; a name two people share is refused."""

    refuse_ambiguous = True

    def __init__(self, **kwargs):
        super().__init__(Person, ("name",), **kwargs)


class KeyedInstanceLoader(ModelInstanceLoader):
    """The stored records a file's rows name by their key, read when the import begins —
    one query per thousand keys (per two hundred for a key of several columns, a unit's
    building + entrance + room) — instead of one query per row.

    A key cell that cannot be read (a building its community does not have) makes the row
    a new record: the cell's error is then reported on its column, with the row's others."""

    CHUNK = 1000
    COMPOSITE_CHUNK = 200  # an OR of keys: SQLite refuses an expression deeper than 1000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.by_key = None
        self.served = set()
        if self.key_fields and dataset is not None:
            self.by_key = self._stored(self._keys(dataset))

    def _key(self, row):
        """The row's key (a tuple of the key columns' values), or None if a part is blank."""
        key = tuple(field.clean(row) for field in self.key_fields)
        return None if any(part in (None, "") for part in key) else key

    def _keys(self, dataset):
        columns = [field.column_name for field in self.key_fields]
        if any(column not in (dataset.headers or []) for column in columns):
            return set()
        keys = set()
        for values in dataset.dict:
            try:
                key = self._key(values)
            except (ValueError, ValidationError):
                continue  # the row is refused with its error when it is read
            if key is not None:
                keys.add(key)
        return keys

    def _stored(self, keys):
        attributes = [field.attribute for field in self.key_fields]
        stored = {}
        keys = sorted(keys, key=str)
        if len(attributes) == 1:
            for start in range(0, len(keys), self.CHUNK):
                chunk = [key[0] for key in keys[start:start + self.CHUNK]]
                for record in self.get_queryset().filter(**{f"{attributes[0]}__in": chunk}):
                    stored[(getattr(record, attributes[0]),)] = record
            return stored
        for start in range(0, len(keys), self.COMPOSITE_CHUNK):
            condition = models.Q()
            for key in keys[start:start + self.COMPOSITE_CHUNK]:
                condition |= models.Q(**dict(zip(attributes, key, strict=True)))
            for record in self.get_queryset().filter(condition):
                stored[tuple(getattr(record, name) for name in attributes)] = record
        return stored

    def get_instance(self, row):
        try:
            if self.by_key is None:
                return super().get_instance(row)
            key = self._key(row)
            if key is None or key in self.served:
                # A key asked again (a row twice in the file, refused as such) is read
                # afresh, so that the second row does not start from the first row's changes.
                return super().get_instance(row)
            self.served.add(key)
            return self.by_key.pop(key, None)
        except (ValueError, ValidationError):
            # A key cell that does not read (an unknown person, a text too long) names no
            # stored record: the row is read as a new one and the cell's error is reported
            # on its column, as any other cell's is (raised here, it would be the row's).
            return None


class ExcelCSV(CSV):
    """CSV as Chinese offices have it: Excel saves "CSV (逗号分隔)" in GBK, other tools in
    UTF-8. The bytes are read as UTF-8 (with or without a BOM), else as GB18030; exports
    carry a BOM so that Excel opens them with the Chinese intact."""

    ENCODINGS = ("utf-8-sig", "gb18030")

    def is_binary(self):
        return True  # hand over the bytes: the encoding is found here, not assumed

    def get_read_mode(self):
        return "rb"

    def decode(self, data):
        """The text of the file's bytes."""
        if not isinstance(data, bytes):
            return data
        for encoding in self.ENCODINGS:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError(_("The file is neither UTF-8 nor GBK text."), code="encoding")

    def create_dataset(self, in_stream, **kwargs):
        return super().create_dataset(self.decode(in_stream), **kwargs)

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


def column(model, name, widget=None, **kwargs):
    """A resource field whose header is the model field's verbose name. Free text without
    a length of its own (a ``TextField``) is held to ``TEXT_MAX_CHARS``."""
    model_field = model._meta.get_field(name)
    if widget is None:
        unbounded = isinstance(model_field, models.TextField)
        widget = TextWidget(max_length=TEXT_MAX_CHARS if unbounded else None)
    return Field(attribute=name, column_name=model_field.verbose_name, widget=widget, **kwargs)


class ContextField(Field):
    """A column that is read to find another column's record, and is not saved itself: a
    unit's community, by which its building is found by number. Its ``attribute`` is a
    ``__`` path from the record (``building__community``), which the export follows; an
    import checks the cell with the widget (an error names this column) and keeps nothing."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        self.clean(row, **kwargs)


def context_column(model, path, widget, **kwargs):
    """A ``ContextField`` whose header is the verbose name of the field at ``path``."""
    return ContextField(attribute=path, column_name=field_at(model, path).verbose_name,
                        widget=widget, **kwargs)


class PreviewDiff(Diff):
    """A row's before and after, computed only for the rows the preview shows: for the
    thousands of others it would cost time and memory for nothing."""

    def __init__(self, resource, instance, new):
        self.shown = resource.claim_preview_row()
        if self.shown:
            super().__init__(resource, instance, new)
            self.left = resource.masked_values(self.left)
        else:
            self.left, self.right, self.new = [], [], new

    def compare_with(self, resource, instance):
        if self.shown and resource.row_skipped:
            # An unchanged row is counted, not shown: its place goes to a row that changes.
            resource.release_preview_row()
            self.shown, self.left = False, []
        if self.shown:
            super().compare_with(resource, instance)
            self.right = resource.masked_values(self.right)


# The person and the file behind the history entries written while a row is saved.
_history_note = ContextVar("import_history_note", default=None)


@receiver(pre_create_historical_record)
def _note_import_in_history(sender, history_instance, **kwargs):
    """Fill in who imported, and from which file, where the service left it blank: a new
    record is built inside the service, out of the import's reach."""
    note = _history_note.get()
    if note is None:
        return
    user, reason = note
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
    if history_instance.history_user_id is None and user is not None:
        history_instance.history_user = user


@dataclass
class _DeferredRow:
    """A new record's row, read and checked, waiting to be created with the others."""

    number: int
    row: dict
    data: dict
    instance: models.Model
    result: RowResult | None = None


class TrackedResource(resources.ModelResource):
    """Base of every app's import resources: localized headers, all-or-nothing imports
    written through the app's services, and a version column that stops an old export from
    overwriting newer edits.

    ``user`` is whom the exports, previews and error rows are shown to: personal values are
    masked unless that user may see them (no user: masked).

    **Bulk**: a resource whose ``Meta`` says ``use_bulk = True`` creates its new rows all
    together, once every row is read, through ``create_records`` (the app's
    ``x_bulk_create`` service, by default ``record_bulk_create``), in batches of
    ``Meta.batch_size``: the same rules and messages as a row saved alone, and a number of
    queries that does not grow with the rows. Rows of existing records are still saved one
    by one through ``update_record``: each claims its own version and is judged against
    its stored record by the app's update rules (a status move), which a bulk UPDATE would
    skip. (This is not django-import-export's own bulk path, which writes raw rows.)"""

    class Meta:
        instance_loader_class = KeyedInstanceLoader

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._maskers = {}
        # Every export carries the version of each record, and an import checks it.
        self.fields["version"] = Field(
            attribute="version",
            column_name=self._meta.model._meta.get_field("version").verbose_name,
            widget=IntegerWidget(),
            readonly=True,  # the services move the version; a file never sets it
        )
        # The headers of this import or export, in the language of the request.
        for field in self.fields.values():
            field.column_name = force_str(field.column_name)
        self._rows_by_key = {}
        self._preview_rows_left = PREVIEW_ROWS
        self._deferred = []
        # Told each row's number once it is read (the import_rows command's progress bar).
        self.on_row = None
        self.row_skipped = False

    def get_diff_class(self):
        return PreviewDiff

    # -- personal data -------------------------------------------------------------------
    def masker(self, field):
        """``masker_for`` the column ``field`` (None: shown as it is)."""
        if field.attribute not in self._maskers:
            self._maskers[field.attribute] = (
                masker_for(self.user, self._meta.model, field.attribute)
                if field.attribute else None
            )
        return self._maskers[field.attribute]

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        mask = self.masker(field)
        return value if mask is None else mask(value)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A file exported masked and imported back (by a user who sees only the masks)
        # leaves the stored values as they are.
        stored = getattr(instance, "_import_stored", None)
        mask = self.masker(field) if stored is not None else None
        if mask is not None and field.column_name in row:
            cell = row[field.column_name]
            stored_value = getattr(stored, field.attribute, None)
            if stored_value not in (None, "") and force_str(cell or "").strip() == mask(
                stored_value
            ):
                return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def masked_values(self, values):
        """A preview row's values (in the order of the import fields), masked."""
        masks = [self.masker(field) for field in self.get_import_fields()]
        return [value if mask is None else mask(value)
                for value, mask in zip(values, masks, strict=True)]

    def get_result_class(self):
        resource = self
        by_column = {field.column_name: field for field in self.fields.values()}

        class Result(super().get_result_class()):
            def append_invalid_row(self, number, row, validation_error):
                # The file's cells, as the preview lists a refused row.
                row = {column: value if column not in by_column
                       or (mask := resource.masker(by_column[column])) is None
                       else mask(value) for column, value in row.items()}
                super().append_invalid_row(number, row, validation_error)

        return Result

    def claim_preview_row(self):
        """True for the first rows of the file that change something: the preview shows
        those."""
        self._preview_rows_left -= 1
        return self._preview_rows_left >= 0

    def release_preview_row(self):
        self._preview_rows_left += 1

    # -- writes: through the services the model declares (``services.writes``) ---------
    @property
    def writes(self):
        return writes_for(self._meta.model)

    def create_record(self, *, data, by):
        return self.writes.create(data=data, by=by)

    def update_record(self, *, instance, data, expected_version, by):
        # No reason: a file carries none, so a move that needs one (reopening a completed
        # project, a household back in its life cycle) is made on the record's page.
        return self.writes.update(instance, data=data, expected_version=expected_version,
                                  by=by)

    def create_records(self, *, rows, by, reason):
        """The new rows of a ``use_bulk`` resource, all at once: returns the records in the
        order of ``rows`` or raises ``RowsRefused``, through the model's ``bulk_create``."""
        return self.writes.bulk_create(rows=rows, by=by, reason=reason,
                                       batch_size=self._meta.batch_size)

    # -- headers -----------------------------------------------------------------------
    def _header_spellings(self):
        """Every accepted spelling of every header → the header of this resource."""
        spellings = {}
        for name, field in self.fields.items():
            spellings[name.casefold()] = field.column_name
            for spelling in in_every_language(self.header_label(name, field)):
                spellings[spelling.casefold()] = field.column_name
        return spellings

    def header_label(self, name, field):
        """The label (lazy) a header may also be written as, in any site language: by
        default the model field's name."""
        return field_at(self._meta.model, field.attribute).verbose_name

    def before_import(self, dataset, **kwargs):
        if self.user is None and kwargs.get("user") is not None:
            self.user, self._maskers = kwargs["user"], {}
        self._rows_by_key = {}  # a record's key → the row that first gave it
        self._preview_rows_left = PREVIEW_ROWS
        self._deferred = []
        spellings = self._header_spellings()
        dataset.headers = [
            spellings.get(force_str(header or "").strip().casefold(), header)
            for header in dataset.headers
        ]
        super().before_import(dataset, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An empty line (Excel keeps formatted rows at the end of a sheet) is no record.
        self.row_skipped = all(is_blank(value) for value in row.values()) or super().skip_row(
            instance, original, row, import_validation_errors)
        return self.row_skipped

    # -- reading a row -----------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        # The record as stored goes to the service, which compares it with the row
        # (a status move is judged from the stored status, not the one in the file).
        instance._import_stored = deepcopy(instance) if instance.pk else None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_once_per_file(instance, errors, kwargs.get("row_number"))
        try:
            instance._import_exported_version = self._exported_version(row)
        except ValueError as error:
            errors["version"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def _exported_version(self, row):
        """The version the row's record had when the file was exported, if it says."""
        field = self.fields["version"]
        if field.column_name not in row:
            return None
        return field.clean(row)

    def _check_once_per_file(self, instance, errors, row_number):
        """A record twice in one file is a slip (a copied line, a mistyped code): the second
        row would silently overwrite the first."""
        names = [self.fields[name].attribute for name in self.get_import_id_fields()]
        # None for a related record the row failed to name (its column says why).
        key = tuple(getattr(instance, name, None) for name in names)
        if any(part in (None, "") for part in key) or row_number is None:
            return
        first = self._rows_by_key.setdefault(key, row_number)
        if first != row_number and names[0] not in errors:
            errors[names[0]] = [ValidationError(
                # The line as Excel numbers it, as the row's own line is named (header: 1).
                _("Line %(line)d has this record already: a record may appear only once in "
                  "a file.") % {"line": first + 1}, code="duplicate_in_file",
            )]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Every column's own checks at once, so that a row lists all its faults. The
        constraints and unique keys are left to the service's ``full_clean`` when the row is
        saved: checked here too, they cost each row a second query per constraint, most of
        an import's time (a 3,000-row file would not preview within the server's timeout)."""
        errors = dict(import_validation_errors or {})
        if not self._meta.clean_model_instances:
            if errors:
                raise self._by_column(ValidationError(errors))
            return
        try:
            # Without a query: the related records were just read from the database by
            # the lookups, and the service checks them again when the row is saved.
            clean_in_python(instance, exclude=errors.keys())
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise self._by_column(ValidationError(errors)) from None

    def _by_column(self, error):
        """The error keyed by the column the staff see, not the field behind it."""
        if not hasattr(error, "error_dict"):
            return ValidationError({NON_FIELD_ERRORS: error.error_list})
        by_column = {}
        for key, messages in error.error_dict.items():
            by_column.setdefault(self._column_label(key), []).extend(messages)
        return ValidationError(by_column)

    def _column_label(self, key):
        """A service may name a field the file has no column for (a reason, say): its
        message then stands for the whole row."""
        if key in self.fields:
            return self.fields[key].column_name
        by_attribute = [field for field in self.fields.values() if field.attribute == key]
        if by_attribute:  # a context column, named by its path (building__community)
            return by_attribute[0].column_name
        try:
            return force_str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return NON_FIELD_ERRORS

    # -- saving ------------------------------------------------------------------------
    def save_instance(self, instance, is_create, row, **kwargs):
        """Save the row through the app's service. A preview runs this too, inside the
        import's transaction that is then rolled back: it shows the same errors as the
        real import."""
        self.before_save_instance(instance, row, **kwargs)
        if is_create and self._meta.use_bulk:
            self._deferred.append(_DeferredRow(
                number=kwargs.get("row_number"), row=row, instance=instance,
                data=self._row_data(instance, None),
            ))
            return
        user = kwargs.get("user")
        by = user if getattr(user, "is_authenticated", False) else None
        token = _history_note.set((by, self._history_reason(kwargs.get("file_name"))))
        try:
            saved = self._write(instance, is_create, by)
        except ValidationError as error:
            raise self._by_column(error) from None
        finally:
            _history_note.reset(token)
        for field in instance._meta.concrete_fields:
            setattr(instance, field.attname, getattr(saved, field.attname))
        instance._state.adding = False
        self.after_save_instance(instance, row, **kwargs)

    def _write(self, instance, is_create, by):
        stored = instance._import_stored
        data = self._row_data(instance, stored)
        if is_create:
            return self.create_record(data=data, by=by)
        exported_version = instance._import_exported_version
        if exported_version is not None and exported_version != stored.version:
            raise ValidationError({"version": ValidationError(
                _("This record was changed since the file was exported (the file has "
                  "version %(exported)s, the record is now at version %(current)s): export "
                  "it again and make your changes in the new file."),
                code="changed_since_export",
                params={"exported": exported_version, "current": stored.version},
            )})
        return self.update_record(
            instance=stored, data=data, by=by,
            # A file without versions (typed by hand) edits the record as this import
            # read it; the service still refuses if it changes before the row is saved.
            expected_version=stored.version if exported_version is None else exported_version,
        )

    def _row_data(self, instance, stored):
        """The values the row gives, as the service takes them: every column for a new
        record, the changed ones for an existing record."""
        data = {}
        for field in self.get_import_fields():
            if field.readonly or not field.attribute or isinstance(field, ContextField):
                continue
            attname = self._meta.model._meta.get_field(field.attribute).attname
            if stored is not None and getattr(instance, attname) == getattr(stored, attname):
                continue
            data[field.attribute] = field.get_value(instance)
        return data

    @staticmethod
    def _history_reason(file_name):
        reason = _("Imported from %(file)s") % {"file": file_name} if file_name else _("Imported")
        return reason[:HISTORY_REASON_MAX_LENGTH]

    # -- bulk: the new rows, created together --------------------------------------------
    def import_row(self, row, instance_loader, **kwargs):
        deferred = len(self._deferred)
        row_result = super().import_row(row, instance_loader, **kwargs)
        if len(self._deferred) > deferred:
            if row_result.import_type == RowResult.IMPORT_TYPE_NEW:
                self._deferred[-1].result = row_result
            else:  # refused after it was read (a later hook): it is no new record
                self._deferred.pop()
        if self.on_row is not None:
            self.on_row(kwargs.get("row_number"))
        return row_result

    def after_import(self, dataset, result, **kwargs):
        # Also when other rows were refused: the file's every error is listed at once.
        self._create_deferred(result, **kwargs)
        super().after_import(dataset, result, **kwargs)

    def _create_deferred(self, result, **kwargs):
        deferred, self._deferred = self._deferred, []
        if not deferred:
            return
        user = kwargs.get("user")
        try:
            records = self.create_records(
                rows=[row.data for row in deferred],
                by=user if getattr(user, "is_authenticated", False) else None,
                reason=self._history_reason(kwargs.get("file_name")),
            )
        except RowsRefused as refused:
            for index, error in refused.rows.items():
                self._refuse(result, deferred[index], error)
        except ValidationError as error:  # the batch as a whole (a key taken meanwhile)
            self._refuse(result, deferred[0], error)
        else:
            for row, record in zip(deferred, records, strict=True):
                for field in record._meta.concrete_fields:
                    setattr(row.instance, field.attname, getattr(record, field.attname))
                row.instance._state.adding = False
                row.result.object_id = record.pk
        result.invalid_rows.sort(key=lambda row: row.number)

    def _refuse(self, result, deferred, error):
        """Turn a new row the bulk service refused into an invalid row of the result."""
        error = self._by_column(error)
        row_result = deferred.result
        row_result.import_type = RowResult.IMPORT_TYPE_INVALID
        row_result.validation_error = error
        result.totals[RowResult.IMPORT_TYPE_NEW] -= 1
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
        result.append_invalid_row(deferred.number, deferred.row, error)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        # All or nothing, whatever the caller or the settings say: one bad row and no row
        # is saved. A preview relies on it too: its rows are saved, then rolled back.
        # The related records the cells name are read once for the whole file.
        token = _lookup_cache.set(LookupCache())
        try:
            return super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
                collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
                **kwargs,
            )
        finally:
            _lookup_cache.reset(token)

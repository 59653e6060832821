"""Import and export of tracked records as Excel (xlsx) or CSV files, shared by every app.

The files are the ones the office keeps anyway, so they read the way the staff write them:

- column headers are the fields' verbose names in the user's language (a header in another
  site language, or the plain field name, is accepted too);
- a choice column takes the stored value or its label in any site language;
- a related record is given by one of its unique text fields (a name, a code);
- a yes/no column takes 是/否, yes/no, true/false or 1/0;
- CSV is read as UTF-8 or GBK (what Excel saves in China).

An import writes every row through the app's services (``create_record`` and
``update_record`` on the resource, as on the API's viewsets), so the business rules hold as
they do everywhere else. It is all or nothing: if any row fails, nothing is saved. Exports
carry each record's version; a row whose record changed since is refused (see README).
"""

import datetime
from contextvars import ContextVar
from copy import deepcopy
from decimal import Decimal, InvalidOperation

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
from import_export.resources import Diff
from simple_history.signals import pre_create_historical_record

from cuizhai.core.base.import_limits import PREVIEW_ROWS
from cuizhai.core.base.models import HISTORY_REASON_MAX_LENGTH
from cuizhai.core.base.personal import masker_for
from cuizhai.core.base.services.records import record_create, record_update
from cuizhai.core.models import Department, Enterprise


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _in_every_language(text):
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

    def _accepted(self):
        accepted = {}
        for value, label in self.choices.choices:
            accepted[value.casefold()] = value
            for spelling in _in_every_language(label):
                accepted[spelling.casefold()] = value
        return accepted

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        try:
            return self._accepted()[force_str(value).strip().casefold()]
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

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if _is_blank(value):
            return False
        text = force_str(value).strip().casefold()
        if isinstance(value, int | float):
            text = str(int(value))
        if text in self.TRUE_SPELLINGS | {s.casefold() for s in _in_every_language(YES)}:
            return True
        if text in self.FALSE_SPELLINGS | {s.casefold() for s in _in_every_language(NO)}:
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
        if _is_blank(value):
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
        if _is_blank(value):
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


class LookupWidget(widgets.Widget):
    """A related record given by one of its unique text fields (a name, a code...)."""

    def __init__(self, model, lookups, **kwargs):
        self.model = model
        self.lookups = lookups
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if _is_blank(value):
            return None
        text = force_str(value).strip()
        for lookup in self.lookups:
            found = self.model._default_manager.filter(**{lookup: text}).first()
            if found is not None:
                return found
        raise ValueError(
            _("There is no %(model)s “%(value)s”.")
            % {"model": self.model._meta.verbose_name, "value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return str(value) if value is not None else ""


class DepartmentWidget(LookupWidget):
    def __init__(self, **kwargs):
        super().__init__(Department, ("name", "code"), **kwargs)


class EnterpriseWidget(LookupWidget):
    """An enterprise of the register, given by its name or its credit code."""

    def __init__(self, **kwargs):
        super().__init__(Enterprise, ("name", "credit_code__iexact"), **kwargs)


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


class TrackedResource(resources.ModelResource):
    """Base of every app's import resources: localized headers, all-or-nothing imports
    written row by row through the app's services, and a version column that stops an old
    export from overwriting newer edits.

    ``user`` is whom the exports, previews and error rows are shown to: personal values are
    masked unless that user may see them (no user: masked)."""

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
        """True for the first rows of the file, those the preview shows."""
        self._preview_rows_left -= 1
        return self._preview_rows_left >= 0

    # -- write hooks: an app overrides these to call its own services ------------------
    def create_record(self, *, data, by):
        return record_create(model=self._meta.model, data=data, by=by)

    def update_record(self, *, instance, data, expected_version, by):
        return record_update(instance=instance, data=data, expected_version=expected_version,
                             by=by)

    # -- headers -----------------------------------------------------------------------
    def _header_spellings(self):
        """Every accepted spelling of every header → the header of this resource."""
        spellings = {}
        for name, field in self.fields.items():
            spellings[name.casefold()] = field.column_name
            model_field = self._meta.model._meta.get_field(field.attribute)
            for spelling in _in_every_language(model_field.verbose_name):
                spellings[spelling.casefold()] = field.column_name
        return spellings

    def before_import(self, dataset, **kwargs):
        if self.user is None and kwargs.get("user") is not None:
            self.user, self._maskers = kwargs["user"], {}
        self._rows_by_key = {}  # a record's key → the row that first gave it
        self._preview_rows_left = PREVIEW_ROWS
        spellings = self._header_spellings()
        dataset.headers = [
            spellings.get(force_str(header or "").strip().casefold(), header)
            for header in dataset.headers
        ]
        super().before_import(dataset, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # An empty line (Excel keeps formatted rows at the end of a sheet) is no record.
        if all(_is_blank(value) for value in row.values()):
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

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
        key = tuple(getattr(instance, name) for name in names)
        if any(part in (None, "") for part in key) or row_number is None:
            return
        first = self._rows_by_key.setdefault(key, row_number)
        if first != row_number and names[0] not in errors:
            errors[names[0]] = [ValidationError(
                _("Row %(row)d has this one already: a record may appear only once in a file.")
                % {"row": first}, code="duplicate_in_file",
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
            instance.full_clean(exclude=errors.keys(), validate_unique=False,
                                validate_constraints=False)
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
            if field.readonly or not field.attribute:
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

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        # All or nothing, whatever the caller or the settings say: one bad row and no row
        # is saved. A preview relies on it too: its rows are saved, then rolled back.
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
            collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
            **kwargs,
        )

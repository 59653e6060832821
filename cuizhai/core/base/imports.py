"""Import and export of tracked records as Excel (xlsx) or CSV files, shared by every app.

The files are the ones the office keeps anyway, so they read the way the staff write them:

- column headers are the fields' verbose names in the user's language (a header in another
  site language, or the plain field name, is accepted too);
- a choice column takes the stored value or its label in any site language;
- a related record is given by one of its unique text fields (a name, a code);
- a yes/no column takes 是/否, yes/no, true/false or 1/0;
- CSV is read as UTF-8 or GBK (what Excel saves in China).

An import is all or nothing: every row is validated with the model's own rules and the
resource's ``check_business_rules``; if any row fails, nothing is saved.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats.base_formats import CSV

from cuizhai.core.base.models import HISTORY_REASON_MAX_LENGTH
from cuizhai.core.base.services.records import claim_version
from cuizhai.core.models import Department


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _in_every_language(text):
    """``text`` (a lazy translation) as written in each of the site's languages."""
    spellings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            spellings.add(force_str(text).strip())
    return spellings


class TextWidget(widgets.CharWidget):
    """Text with the surrounding blanks a spreadsheet cell tends to carry removed."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number comes back from Excel as 2024.0
        return super().clean(value, row, **kwargs).strip()


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


class ExcelCSV(CSV):
    """CSV as Chinese offices have it: Excel saves "CSV (逗号分隔)" in GBK, other tools in
    UTF-8. The bytes are read as UTF-8 (with or without a BOM), else as GB18030; exports
    carry a BOM so that Excel opens them with the Chinese intact."""

    ENCODINGS = ("utf-8-sig", "gb18030")

    def is_binary(self):
        return True  # hand over the bytes: the encoding is found here, not assumed

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            for encoding in self.ENCODINGS:
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ValueError(_("The file is neither UTF-8 nor GBK text."))
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


def column(model, name, widget=None, **kwargs):
    """A resource field whose header is the model field's verbose name."""
    return Field(
        attribute=name,
        column_name=model._meta.get_field(name).verbose_name,
        widget=widget or TextWidget(),
        **kwargs,
    )


class TrackedResource(resources.ModelResource):
    """Base of every app's import resources: localized headers, all-or-nothing imports,
    business rules per row, history."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The headers of this import or export, in the language of the request.
        for field in self.fields.values():
            field.column_name = force_str(field.column_name)
        self._rows_by_key = {}

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
        self._rows_by_key = {}  # a record's key → the row that first gave it
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

    # -- validation --------------------------------------------------------------------
    def check_business_rules(self, instance, loaded, row, **kwargs):
        """Rules beyond the model's own; raise a ValidationError keyed by field name.
        ``loaded`` is the record as stored before this row (``None`` for a new one)."""

    def import_instance(self, instance, row, **kwargs):
        loaded = None
        if instance.pk:
            loaded = type(instance)(**{
                f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            })
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_once_per_file(instance, errors, kwargs.get("row_number"))
        try:
            self.check_business_rules(instance, loaded, row, **kwargs)
        except ValidationError as error:
            for key, messages in error.update_error_dict({}).items():
                if key not in errors:
                    errors[key] = messages
        if errors:
            raise ValidationError(errors)

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
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # Name the column the staff see, not the field behind it.
            raise ValidationError(
                {self._column_label(key): messages for key, messages in error.error_dict.items()}
            ) from None

    def _column_label(self, key):
        if key == NON_FIELD_ERRORS:
            return key
        if key in self.fields:
            return self.fields[key].column_name
        try:
            return force_str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    # -- saving ------------------------------------------------------------------------
    def before_save_instance(self, instance, row, **kwargs):
        file_name = kwargs.get("file_name") or ""
        reason = _("Imported from %(file)s") % {"file": file_name} if file_name else _("Imported")
        instance._change_reason = reason[:HISTORY_REASON_MAX_LENGTH]

    def do_instance_save(self, instance, is_create):
        if not is_create:
            # Claims the version the row was read at: an edit saved meanwhile (API, admin)
            # makes the import fail instead of being overwritten, and editors holding the
            # previous version are told it changed.
            claim_version(instance, instance.version)
        super().do_instance_save(instance, is_create)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        # All or nothing, whatever the caller or the settings say: one bad row and no row
        # is saved.
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
            collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
            **kwargs,
        )

"""Personal data (个人信息): the field types that hold it, how each is checked and masked.

A field is personal when its type says so (``ResidentIdField``, ``MobilePhoneField``,
``LandlinePhoneField``, ``PhoneField``, ``PersonalTextField``) or when an ordinary field is
wrapped in ``personal(...)``. Nothing else has to be declared: the serializers, the admin,
the exports, the import preview, the history and the evidence downloads find a model's
personal fields with ``personal_fields(model)`` and mask them for a user without the
model's "view personal data" permission (``cuizhai.core.base.personal``).

An ID number is searched by an exact match on a keyed hash (``KeyedHashField``), kept up
to date by the field itself on every save: a substring of a number can never be probed.

Like the other field types, each deconstructs as the plain Django field it extends, so
migrations never name these classes.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from cuizhai.core.base.personal_values import (
    keyed_hash,
    mask_phone,
    mask_resident_id,
    mask_text,
    normalise_landline,
    normalise_mobile,
    normalise_phone,
    normalise_resident_id,
    validate_landline,
    validate_mobile,
    validate_phone,
    validate_resident_id,
)

from .fields import _PlainDeconstruct


def personal(field):
    """Mark an ordinary model field as personal data: ``personal(models.CharField(...))``.
    It is masked as personal text (its first character, then ``***``)."""
    field.personal = True
    return field


def is_personal(field):
    return bool(getattr(field, "personal", False))


def personal_fields(model):
    """The model's personal fields, in declaration order."""
    return [f for f in model._meta.concrete_fields if is_personal(f)]


def field_at(model, path):
    """The model field at the end of ``path`` (``"reporter__phone"``), or None."""
    field = None
    for part in path.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model if field.is_relation else None
    return field


def holds_personal_data(model):
    return bool(personal_fields(model))


def record_holds_personal_data(record):
    """Does this record hold a personal value (not only fields that could)?"""
    return any(getattr(record, f.attname) not in (None, "") for f in personal_fields(type(record)))


def mask_value(field, value):
    """``value`` of the personal ``field`` as a user without the permission sees it."""
    if value is None or value == "":
        return value
    return getattr(field, "mask", mask_text)(str(value))


# --- the field types --------------------------------------------------------------------

class _PersonalCharField(_PlainDeconstruct, models.CharField):
    plain_path = "django.db.models.CharField"
    personal = True
    max_chars: int
    normalise = staticmethod(lambda value: value)
    validator = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.max_chars)
        super().__init__(*args, **kwargs)
        if self.validator is not None:
            self.validators.append(type(self).validator)

    def to_python(self, value):
        value = super().to_python(value)
        return type(self).normalise(value) if value else value

    def formfield(self, **kwargs):
        # The length is checked once the value is normalised (138-0000-1234 has 11 digits).
        kwargs.setdefault("max_length", self.max_length + 12)
        return super().formfield(**kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return type(self).normalise(value) if value else value


class ResidentIdField(_PersonalCharField):
    """A resident ID number (居民身份证号码): 18 characters, the GB 11643 check character
    verified, stored with an upper-case X. Pair it with a ``KeyedHashField(of=...)`` to
    search it."""

    max_chars = 18
    normalise = staticmethod(normalise_resident_id)
    validator = staticmethod(validate_resident_id)
    mask = staticmethod(mask_resident_id)


class MobilePhoneField(_PersonalCharField):
    """A mainland mobile number, stored as its 11 digits."""

    max_chars = 11
    normalise = staticmethod(normalise_mobile)
    validator = staticmethod(validate_mobile)
    mask = staticmethod(mask_phone)


class LandlinePhoneField(_PersonalCharField):
    """A landline number with its area code, stored as ``0531-88001234[-ext]``."""

    max_chars = 20
    normalise = staticmethod(normalise_landline)
    validator = staticmethod(validate_landline)
    mask = staticmethod(mask_phone)


class PhoneField(_PersonalCharField):
    """A number a resident gives, mobile or landline (stored as one of the two above)."""

    max_chars = 20
    normalise = staticmethod(normalise_phone)
    validator = staticmethod(validate_phone)
    mask = staticmethod(mask_phone)


class PersonalTextField(_PersonalCharField):
    """Plain personal text (an address, a household's circumstances): masked as its first
    character and ``***``."""

    max_chars = 200


class KeyedHashField(_PlainDeconstruct, models.CharField):
    """The keyed hash of another field (``of``), computed on every save, indexed: the only
    way a personal value is searched. Never shown, exported or written by hand.

    Saves through ``QuerySet.update()`` or ``bulk_update()`` skip it: write personal fields
    through the services (``save()``/``bulk_create()`` keep it in step)."""

    plain_path = "django.db.models.CharField"

    def __init__(self, *args, of=None, **kwargs):
        self.of = of
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if self.of is None:  # a migration's state of the model (deconstructed plainly)
            return getattr(model_instance, self.attname)
        source = model_instance._meta.get_field(self.of)
        value = keyed_hash(source.get_prep_value(getattr(model_instance, source.attname)))
        setattr(model_instance, self.attname, value)
        return value

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        from django.core import checks

        try:
            self.model._meta.get_field(self.of or "")
        except Exception:
            errors.append(checks.Error(
                f"KeyedHashField {self.name!r} names no field of {self.model.__name__} in "
                f"of={self.of!r}.", obj=self, id="core.E201",
            ))
        return errors


def hash_field_of(model, name):
    """The ``KeyedHashField`` that hashes ``model``'s field ``name``, or None."""
    return next((f for f in model._meta.concrete_fields
                 if isinstance(f, KeyedHashField) and f.of == name), None)


def hash_lookup(model, name, value):
    """The filter keyword arguments finding ``value`` of the field ``name`` exactly (by its
    hash), e.g. ``{"id_number_hash": "…"}``."""
    field = model._meta.get_field(name)
    return {hash_field_of(model, name).name: keyed_hash(field.to_python(value))}

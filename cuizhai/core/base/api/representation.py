"""A record's JSON as DRF's ``Serializer.to_representation`` gives it, with the work that is
the same for every row done once per serializer instead of once per cell.

A list of 50 rows asks each of ~25 fields for its value and its representation: 1,250
calls through DRF's generic paths, each looking up the settings, the active time zone, a
decimal context and its labels again. Here each readable field is turned once (per
serializer instance, i.e. per request: its context, language and time zone are fixed) into
a getter and a representer:

- the getter reads a plain attribute directly; any other source (dotted, ``*``, a
  callable, a missing attribute, a related row that does not exist) goes through the
  field's own ``get_attribute``, so its defaults and errors are DRF's;
- the representer is a faster equivalent for the DRF classes whose ``to_representation``
  it reproduces exactly (text, whole numbers, decimals, dates, date-times, our labelled
  choices and brief related records); any other field — a subclass with rules of its own
  (personal data is masked there), a method field, a nested serializer — is asked itself.

``tests/core/test_fast_representation.py`` compares the output with DRF's, field by field,
for every list endpoint.
"""

import decimal
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import ISO_8601, serializers
from rest_framework.fields import Field, SkipField
from rest_framework.relations import PKOnlyObject, RelatedField
from rest_framework.settings import api_settings

from cuizhai.core.base.api.fields import BriefRelatedField, LabelledChoiceField


def _same_method(field, cls, name="to_representation"):
    return getattr(type(field), name) is getattr(cls, name)


def _getter(field):
    """How to read ``field``'s value from a record."""
    attrs = field.source_attrs
    own_lookup = (_same_method(field, Field, "get_attribute")
                  or (isinstance(field, BriefRelatedField)
                      and _same_method(field, RelatedField, "get_attribute")))
    if len(attrs) != 1 or not own_lookup:
        return field.get_attribute
    attr = attrs[0]
    fallback = field.get_attribute

    def get(instance):
        try:
            value = getattr(instance, attr)
        except (AttributeError, ObjectDoesNotExist):
            return fallback(instance)  # its default, SkipField or error, as DRF decides
        if callable(value):
            return fallback(instance)  # DRF calls simple callables
        return value

    return get


def _datetime(field):
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None:
        return field.to_representation
    slow = field.to_representation

    def represent(value):
        if value.__class__ is not datetime or value.utcoffset() is None:
            return slow(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return slow(value)
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return represent


def _date(field):
    output_format = getattr(field, "format", api_settings.DATE_FORMAT)
    if output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation
    slow = field.to_representation

    def represent(value):
        if isinstance(value, str) or isinstance(value, datetime):
            return slow(value)  # DRF passes a string through and refuses a date-time
        return value.isoformat()

    return represent


def _decimal(field):
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if (field.localize or field.normalize_output or not coerce
            or field.decimal_places is None):
        return field.to_representation
    context = decimal.getcontext().copy()
    if field.max_digits is not None:
        context.prec = field.max_digits
    exponent = decimal.Decimal(".1") ** field.decimal_places
    rounding = field.rounding
    slow = field.to_representation

    def represent(value):
        if value.__class__ is not decimal.Decimal:
            return slow(value)
        return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

    return represent


def _labelled_choice(field):
    labels = {value: str(label) for value, label in field.choices.items()}

    def represent(value):
        if value in ("", None):
            return None
        try:
            label = labels[value]
        except (KeyError, TypeError):
            label = str(field.choices.get(value, value))
        return {"value": value, "label": label}

    return represent


def _brief_related(field):
    names = field.brief_fields

    def represent(value):
        brief = {"id": value.pk, "display": str(value)}
        for name in names:
            brief[name] = getattr(value, name)
        return brief

    return represent


def _representer(field):
    """A function giving what ``field.to_representation`` gives, or that method itself."""
    if _same_method(field, serializers.CharField):
        return str
    if _same_method(field, serializers.IntegerField):
        return int
    if _same_method(field, serializers.DateTimeField):
        return _datetime(field)
    if _same_method(field, serializers.DateField):
        return _date(field)
    if _same_method(field, serializers.DecimalField):
        return _decimal(field)
    if _same_method(field, LabelledChoiceField):
        return _labelled_choice(field)
    if _same_method(field, BriefRelatedField):
        return _brief_related(field)
    return field.to_representation


def plan_of(serializer):
    """``[(name, getter, representer, may_be_pk_only)]`` of the serializer's readable
    fields, in their order."""
    plan = []
    for field in serializer._readable_fields:
        getter = _getter(field)
        pk_only = getter is field.get_attribute and isinstance(field, RelatedField)
        plan.append((field.field_name, getter, _representer(field), pk_only))
    return plan


def represent(plan, instance):
    """What ``Serializer.to_representation(instance)`` returns, by ``plan``."""
    ret = {}
    for name, get, show, pk_only in plan:
        try:
            attribute = get(instance)
        except SkipField:
            continue
        if pk_only and isinstance(attribute, PKOnlyObject):
            ret[name] = None if attribute.pk is None else show(attribute)
        elif attribute is None:
            ret[name] = None
        else:
            ret[name] = show(attribute)
    return ret


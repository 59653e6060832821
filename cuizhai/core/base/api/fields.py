from functools import cache

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers
from rest_framework.fields import SkipField, empty

from cuizhai.core.base.models.personal import mask_value
from cuizhai.core.base.personal import can_view_personal


class LabelledChoiceField(serializers.ChoiceField):
    """A choice as ``{"value": "planned", "label": "策划"}``, the label in the request's
    language. Accepts the bare value or that object on input."""

    def to_representation(self, value):
        if value in ("", None):
            return None
        return {"value": value, "label": str(self.choices.get(value, value))}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("value")
        return super().to_internal_value(data)


class DateTimeField(serializers.DateTimeField):
    """A date-time whose extremes (``0001-01-01`` in Asia/Shanghai is before year 1 in UTC)
    are refused as invalid instead of overflowing."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record written by id and read as ``{"id", "display", ...brief fields}``."""

    default_error_messages = {
        "does_not_exist": _("No record with id {pk_value}."),
    }

    def __init__(self, brief_fields=(), **kwargs):
        self.brief_fields = tuple(brief_fields)
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        brief = {"id": value.pk, "display": str(value)}
        for name in self.brief_fields:
            brief[name] = getattr(value, name)
        return brief

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id")
        return super().to_internal_value(data)

    def get_choices(self, cutoff=None):
        # The browsable API's <select> keys its options by the read form, which here is
        # a dict (unhashable): key them by the id that the field accepts on input.
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}


# --- OpenAPI: what these fields read as and what they accept ----------------------------

# Said of the field as a whole (drf-spectacular adds them to the outer schema), not of the
# values inside the object it reads as.
_OUTER_KEYS = ("title", "description", "nullable", "readOnly", "writeOnly", "default")


def _inner(schema, *, keep_description=False):
    return {k: v for k, v in schema.items()
            if k not in _OUTER_KEYS or (keep_description and k == "description")}


class LabelledChoiceFieldSchema(OpenApiSerializerFieldExtension):
    """Read as ``{"value", "label"}``; written as the bare value (an enum)."""

    target_class = LabelledChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        value = auto_schema._map_serializer_field(self.target, direction,
                                                  bypass_extensions=True)
        if direction == "request":
            return value
        schema = build_object_type(
            properties={"value": _inner(value, keep_description=True),
                        "label": build_basic_type(OpenApiTypes.STR)},
            required=["value", "label"],
        )
        if self.target.allow_blank or self.target.allow_null:
            schema["nullable"] = True  # a blank choice reads as null (to_representation)
        return schema


def _read_only_model(field):
    """The related model of a read-only field (which has no queryset), from its serializer's
    model: the brief fields' types are then the model fields' own."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    try:
        return model._meta.get_field(field.source).related_model
    except (AttributeError, FieldDoesNotExist):
        return None


class BriefRelatedFieldSchema(OpenApiSerializerFieldExtension):
    """Read as ``{"id", "display", ...}``; written as the related record's id."""

    target_class = BriefRelatedField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        pk = auto_schema._map_serializer_field(field, direction, bypass_extensions=True)
        if direction == "request":
            return pk
        properties = {"id": _inner(pk), "display": build_basic_type(OpenApiTypes.STR)}
        model = field.queryset.model if field.queryset is not None else _read_only_model(field)
        for name in field.brief_fields:
            try:
                properties[name] = _inner(auto_schema._map_model_field(
                    model._meta.get_field(name), direction
                ))
            except (AttributeError, FieldDoesNotExist):
                properties[name] = build_basic_type(OpenApiTypes.STR)
        return build_object_type(properties=properties,
                                 required=["id", "display", *field.brief_fields])


# --- personal data ----------------------------------------------------------------------

class PersonalFieldMixin:
    """A model's personal field, masked for a user without its "view personal data"
    permission (``cuizhai.core.base.personal``). Such a user who sends the masked value
    back (a form filled from what it read) leaves the stored value as it is."""

    def __init__(self, *args, personal_field=None, **kwargs):
        self.personal_field = personal_field
        super().__init__(*args, **kwargs)

    def _may_view(self):
        # Asked once per field (per request): an export asks for every cell of the column.
        answer = self.__dict__.get("_may_view_answer")
        if answer is None:
            request = self.context.get("request")
            answer = self._may_view_answer = can_view_personal(
                getattr(request, "user", None), self.personal_field.model)
        return answer

    def to_internal_value(self, data):
        # Normalised first (a number written 138-0000-1234 is 11 digits long).
        return self.personal_field.to_python(super().to_internal_value(data))

    def to_representation(self, value):
        shown = super().to_representation(value)
        return shown if self._may_view() else mask_value(self.personal_field, shown)

    def run_validation(self, data=empty):
        instance = getattr(self.parent, "instance", None)
        if (data not in (empty, None, "") and instance is not None
                and hasattr(instance, "_meta") and not self._may_view()):
            stored = getattr(instance, self.personal_field.attname, None)
            if data == mask_value(self.personal_field, stored):
                raise SkipField()
        return super().run_validation(data)


@cache
def personal_field_class(field_class):
    """``field_class`` with ``PersonalFieldMixin`` (one class per serializer field type)."""
    return type(f"Personal{field_class.__name__}", (PersonalFieldMixin, field_class), {})

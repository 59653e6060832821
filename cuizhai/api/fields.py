from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(
    {
        "type": "object",
        "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
    }
)
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

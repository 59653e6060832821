from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.fields import (
    BriefRelatedField,
    DateTimeField,
    LabelledChoiceField,
    personal_field_class,
)
from cuizhai.core.base.api.representation import plan_of, represent
from cuizhai.core.base.models.personal import is_personal


class TrackedModelSerializer(serializers.ModelSerializer):
    """Base serializer: labelled choices, brief related objects, and the edit ``version``.

    Personal fields (``cuizhai.core.base.models.personal``) are masked for a user without
    the model's "view personal data" permission, with nothing to declare here.

    On update the client sends back the ``version`` it read (or an ``If-Match`` header);
    the viewset refuses the write if the record has moved on.
    """

    serializer_choice_field = LabelledChoiceField
    serializer_related_field = BriefRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DateTimeField,
    }
    version = serializers.IntegerField(required=False, min_value=1, label=_("version"))

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if is_personal(model_field):
            field_class = personal_field_class(field_class)
            kwargs["personal_field"] = model_field
        return field_class, kwargs

    def to_representation(self, instance):
        # DRF's output, with each field's lookups done once per serializer (a list's
        # rows share one): see ``representation``.
        plan = self.__dict__.get("_representation_plan")
        if plan is None:
            plan = self._representation_plan = plan_of(self)
        return represent(plan, instance)

    def validate(self, attrs):
        attrs.pop("version", None)  # checked by the viewset, never written directly
        return attrs

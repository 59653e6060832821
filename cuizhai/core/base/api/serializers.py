from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cuizhai.core.base.api.fields import BriefRelatedField, DateTimeField, LabelledChoiceField


class TrackedModelSerializer(serializers.ModelSerializer):
    """Base serializer: labelled choices, brief related objects, and the edit ``version``.

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

    def validate(self, attrs):
        attrs.pop("version", None)  # checked by the viewset, never written directly
        return attrs

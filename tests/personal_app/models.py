from django.db import models

from cuizhai.core.base.models import (
    ClosedLoopItem,
    KeyedHashField,
    LandlinePhoneField,
    MobilePhoneField,
    PersonalTextField,
    PhoneField,
    ResidentIdField,
    TrackedModel,
    personal,
)


class SampleResident(TrackedModel):
    """A register holding each kind of personal field, and an ordinary field marked
    personal (``circumstances``)."""

    code = models.CharField("code", max_length=20, unique=True)
    name = models.CharField("name", max_length=50)
    id_number = ResidentIdField("ID number", blank=True)
    id_number_hash = KeyedHashField(of="id_number")
    mobile = MobilePhoneField("mobile", blank=True)
    landline = LandlinePhoneField("landline", blank=True)
    address = PersonalTextField("address", blank=True)
    circumstances = personal(models.CharField("circumstances", max_length=200, blank=True))

    class Meta:
        app_label = "personal_app"
        ordering = ("code",)

    def __str__(self):
        return self.code


class SampleCase(ClosedLoopItem):
    """A closed-loop item holding personal data: its evidence files are personal too."""

    resolution_working_days = 5

    phone = PhoneField("phone", blank=True)

    class Meta(ClosedLoopItem.Meta):
        app_label = "personal_app"

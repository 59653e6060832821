"""Abstract models, field types and constraint helpers an app's models build on."""

from .assessment import Assessment, RaisedFromCheck
from .closed_loop import (
    FINISHED_STATUSES,
    RESPONDED_IN_TIME,
    ClosedLoopItem,
    ClosedLoopQuerySet,
    Deadlines,
)
from .constraints import (
    choices_constraint,
    month_range,
    non_negative,
    not_before,
    unique,
    value_range,
    year_range,
)
from .fields import MoneyField, MonthField, YearField
from .files import UploadedFile
from .personal import (
    KeyedHashField,
    LandlinePhoneField,
    MobilePhoneField,
    PersonalTextField,
    PhoneField,
    ResidentIdField,
    personal,
    personal_fields,
)
from .tracked import HISTORY_REASON_MAX_LENGTH, TrackedModel

__all__ = [
    "FINISHED_STATUSES",
    "HISTORY_REASON_MAX_LENGTH",
    "KeyedHashField",
    "LandlinePhoneField",
    "MobilePhoneField",
    "PersonalTextField",
    "PhoneField",
    "ResidentIdField",
    "RESPONDED_IN_TIME",
    "Assessment",
    "ClosedLoopItem",
    "ClosedLoopQuerySet",
    "Deadlines",
    "MoneyField",
    "MonthField",
    "RaisedFromCheck",
    "TrackedModel",
    "UploadedFile",
    "YearField",
    "choices_constraint",
    "month_range",
    "non_negative",
    "not_before",
    "personal",
    "personal_fields",
    "unique",
    "value_range",
    "year_range",
]

"""Sign-in sheets from Excel or CSV: one row per person and session — the session (its id
or title), the person (a name, or their number in the register), the status (by label),
the hours (blank: the session's). All rows or none; new rows together through the
attendance service's bulk path, rows of people already on a sheet through its update."""

from django.utils.encoding import force_str

from cuizhai.core.base.imports import (
    ChoiceWidget,
    LookupWidget,
    NumberWidget,
    TrackedResource,
    column,
)
from cuizhai.core.models import Person
from partybuilding.choices import AttendanceStatus
from partybuilding.models import Attendance, TrainingSession


class ByNumberOrName(LookupWidget):
    """A record given by its number (id) or its name; a name two records share is
    refused."""

    refuse_ambiguous = True

    def __init__(self, model, name_field, **kwargs):
        super().__init__(model, (name_field,), **kwargs)
        self.name_field = name_field

    def clean(self, value, row=None, **kwargs):
        text = force_str(value if value is not None else "").strip()
        if text.isdigit():
            found = self.model._default_manager.filter(pk=int(text)).first()
            if found is not None:
                return found
        return super().clean(value, row, **kwargs)


class AttendanceResource(TrackedResource):
    session = column(Attendance, "session", ByNumberOrName(TrainingSession, "title"))
    person = column(Attendance, "person", ByNumberOrName(Person, "name"))
    status = column(Attendance, "status", ChoiceWidget(AttendanceStatus),
                    saves_null_values=False)
    hours = column(Attendance, "hours", NumberWidget())

    class Meta:
        model = Attendance
        fields = ("session", "person", "status", "hours")
        import_id_fields = ("session", "person")
        # The service credits blank hours and checks every rule: the model's own check
        # would refuse a blank before it could.
        clean_model_instances = False
        skip_unchanged = True
        use_transactions = True
        use_bulk = True  # a sheet of hundreds is created together



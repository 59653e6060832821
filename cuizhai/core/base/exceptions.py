"""Business errors the API maps to HTTP statuses (see cuizhai.core.base.api.exceptions)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _


class StaleVersion(ValidationError):
    """The record changed since the editor loaded it; saving would lose that change."""

    def __init__(self, *, current_version):
        self.current_version = current_version
        super().__init__(
            _(
                "This record was changed by someone else while you were editing it "
                "(it is now at version %(version)s). Reload it and make your change again."
            ),
            code="stale_version",
            params={"version": current_version},
        )


class IllegalTransition(ValidationError):
    """A workflow action that the item's current status does not allow."""


class RecordLocked(ValidationError):
    """A change of a record that is final (e.g. a verified and closed item)."""


class DeleteRefused(ValidationError):
    """A delete the record's rules refuse (an item whose log is kept, a cascade that was
    not confirmed): nothing is deleted."""


class ActionNotAllowed(PermissionDenied):
    """The user holds the model's permission but this record is not theirs to act on
    (an item assigned to another office). The message says whose it is."""

    def __init__(self, message, *, params=None):
        self.message = message
        self.params = params or {}
        super().__init__(message)

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


class RowsRefused(ValidationError):
    """Rows of a bulk write that their checks refused, by position in the list given
    (``rows``: index → the row's ValidationError). Nothing was written. Read as a plain
    ValidationError (an API answer), it lists each refused row by its number, from 1."""

    def __init__(self, rows):
        self.rows = dict(sorted(rows.items()))
        super().__init__([
            ValidationError(
                _("Row %(row)d: %(errors)s"), code="row_refused",
                params={"row": index + 1, "errors": " ".join(error.messages)},
            )
            for index, error in self.rows.items()
        ])

"""A record's status and the moves it may make: the legal moves of an app's table, and a
privileged reopen out of a final status whose reason goes into the history.

An app declares its table once::

    PROJECT_STATUS = StatusMachine(
        moves={S.PLANNING: {S.PREPARATION}, ..., S.COMPLETED: set()},
        reopen_from={S.COMPLETED},
        illegal_message=_("A project cannot go from “%(old)s” to “%(new)s”."),
        reopen_reason_message=_("Reopening a completed project needs a reason."),
    )

and its service calls ``PROJECT_STATUS.check(old=..., new=..., by=user, reason=...)``
before saving; the reason reaches the history through ``record_update(reason=...)``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cuizhai.core import roles
from cuizhai.core.base.exceptions import IllegalTransition
from cuizhai.core.base.models import HISTORY_REASON_MAX_LENGTH

REASON_MAX_LENGTH = HISTORY_REASON_MAX_LENGTH
REOPEN_REASON_REQUIRED = _("Reopening needs a reason.")


def is_system_admin(user):
    """The one person who may undo what is final: a superuser or the system admin group
    (the user's roles are read once per request: ``roles.roles_of``)."""
    return roles.is_system_admin(user)


def check_reason_length(reason):
    """The history's reason column holds REASON_MAX_LENGTH characters; refuse, never cut."""
    if len(reason or "") > REASON_MAX_LENGTH:
        raise ValidationError({"reason": ValidationError(
            _("Keep the reason within %(limit)d characters."),
            code="reason_too_long", params={"limit": REASON_MAX_LENGTH},
        )})


def require_reason(reason, message):
    """A privileged change is refused without a reason that fits the history."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(message, code="reason_required")})
    check_reason_length(reason)


class StatusMachine:
    """The legal moves between the values of a status field.

    ``moves`` maps each status to the set it may go to (staying put is always allowed).
    Leaving a status in ``reopen_from`` by any other move is a reopen: only a user for
    whom ``may_reopen(user)`` is true may, and only with a reason.
    """

    def __init__(self, *, moves, illegal_message, reopen_from=(), may_reopen=is_system_admin,
                 reopen_reason_message=REOPEN_REASON_REQUIRED):
        self.moves = {str(old): {str(new) for new in targets} for old, targets in moves.items()}
        self.reopen_from = {str(status) for status in reopen_from}
        self.may_reopen = may_reopen
        self.illegal_message = illegal_message
        self.reopen_reason_message = reopen_reason_message
        self._labels = {
            str(status): getattr(status, "label", str(status))
            for status in [*moves, *(t for targets in moves.values() for t in targets)]
        }

    def allows(self, old, new):
        """A move anybody with change permission may make."""
        return str(old) == str(new) or str(new) in self.moves.get(str(old), ())

    def is_reopen(self, old, new):
        return str(old) in self.reopen_from and not self.allows(old, new)

    def check(self, *, old, new, by=None, reason=""):
        """Refuse an illegal move (IllegalTransition) or a reopen without its reason."""
        check_reason_length(reason)
        if self.allows(old, new):
            return
        if self.is_reopen(old, new) and self.may_reopen(by):
            require_reason(reason, self.reopen_reason_message)
            return
        raise IllegalTransition(
            self.illegal_message, code="illegal_status_change",
            params={"old": self.label(old), "new": self.label(new)},
        )

    def label(self, status):
        return self._labels.get(str(status), str(status))

"""The core's status machine, on a table of its own: legal moves, a privileged reopen out
of the final status with its reason, and who counts as the system administrator."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.exceptions import IllegalTransition
from cuizhai.core.base.services.status import StatusMachine, is_system_admin


class Door(models.TextChoices):
    OPEN = "open", "open"
    SHUT = "shut", "shut"
    SEALED = "sealed", "sealed"


DOOR = StatusMachine(
    moves={Door.OPEN: {Door.SHUT}, Door.SHUT: {Door.OPEN, Door.SEALED}, Door.SEALED: set()},
    reopen_from={Door.SEALED},
    may_reopen=lambda user: user == "locksmith",
    illegal_message="A door cannot go from %(old)s to %(new)s.",
    reopen_reason_message="Say why the seal is broken.",
)


@pytest.mark.parametrize(("old", "new"), [("open", "shut"), ("shut", "sealed"), ("open", "open")])
def test_legal_moves_and_staying_put_pass(old, new):
    DOOR.check(old=old, new=new, by="anyone")
    assert DOOR.allows(old, new)


def test_an_illegal_move_names_both_statuses():
    with pytest.raises(IllegalTransition) as refused:
        DOOR.check(old="open", new="sealed", by="anyone")
    assert refused.value.code == "illegal_status_change"
    assert refused.value.messages == ["A door cannot go from open to sealed."]


def test_only_the_privileged_reopen_and_only_with_a_reason():
    with pytest.raises(IllegalTransition):
        DOOR.check(old="sealed", new="open", by="anyone", reason="draught")
    with pytest.raises(ValidationError) as no_reason:
        DOOR.check(old="sealed", new="open", by="locksmith", reason=" ")
    assert no_reason.value.message_dict == {"reason": ["Say why the seal is broken."]}
    DOOR.check(old="sealed", new="open", by="locksmith", reason="draught")


def test_the_reopen_privilege_does_not_open_other_illegal_moves():
    with pytest.raises(IllegalTransition):
        DOOR.check(old="open", new="sealed", by="locksmith", reason="hurry")


def test_a_reason_too_long_for_the_history_is_refused_even_on_a_legal_move():
    with pytest.raises(ValidationError) as refused:
        DOOR.check(old="open", new="shut", by="anyone", reason="x" * 101)
    with translation.override("en"):
        assert refused.value.message_dict == {
            "reason": ["Keep the reason within 100 characters."]}


@pytest.mark.django_db
def test_the_system_administrator_is_the_group_or_a_superuser(make_user):
    assert is_system_admin(make_user("group-admin", roles.SYSTEM_ADMIN))
    assert is_system_admin(make_user("root", is_superuser=True))
    assert not is_system_admin(make_user("editor", roles.office_group("projects")))
    assert not is_system_admin(None)

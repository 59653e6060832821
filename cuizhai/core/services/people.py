"""Writes of the register of people. A person linked to a user names that user: the user's
first name is set to the person's name (Django shows ``get_full_name()`` in the admin's
user list and the workflow names assignees by it)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from cuizhai.core.base.services.records import record_create, record_update
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.models import Person


def _show_user_by_name(person):
    if person.user_id is not None:
        get_user_model().objects.filter(pk=person.user_id).update(
            first_name=person.name[:150], last_name="")


@transaction.atomic
def person_create(*, data, by=None, reason=""):
    person = record_create(model=Person, data=data, by=by, reason=reason)
    _show_user_by_name(person)
    return person


@transaction.atomic
def person_update(*, person, data, expected_version, by=None, reason=""):
    person = record_update(instance=person, data=data, expected_version=expected_version,
                           by=by, reason=reason)
    _show_user_by_name(person)
    return person


declare_writes(Person, create=person_create, update=person_update, instance_arg="person")

"""Generic writes for tracked records: validated, atomic and guarded against lost updates.

App services build on these (``project_update`` calls ``record_update`` after applying
its own rules), so the version check, the history's "who and why" and the answer to a
unique key taken at the same moment live in one place.

``by`` is the user who acts: it becomes the history entry's user, also outside a request
(commands, imports). ``reason`` goes into the history entry as its change reason.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.cache import records_changed
from cuizhai.core.base.exceptions import DeleteRefused, StaleVersion
from cuizhai.core.base.models import ClosedLoopItem
from cuizhai.core.base.services.status import check_reason_length

CONCURRENT_CONFLICT = _(
    "Another change was saved at the same moment and conflicts with this one. "
    "Reload and try again."
)


def claim_version(instance, expected_version):
    """Move the stored version from ``expected_version`` to the next one, or refuse.

    A conditional UPDATE is atomic in every database: of two editors holding the same
    version, exactly one gets the row.
    """
    model = type(instance)
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)
        raise StaleVersion(current_version=current.first())
    instance.version = expected_version + 1


def stamp_history(instance, *, by=None, reason=""):
    """Name who acts and why in the history entry the next save or delete writes.

    django-simple-history takes ``_history_user`` before the request's user, so this also
    holds in commands and imports, where there is no request.
    """
    check_reason_length(reason)
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    if reason:
        instance._change_reason = reason


def save_validated(instance):
    """Save an instance that passed ``full_clean``; a unique key that another transaction
    took in between (a double click) is refused like ``validate_unique`` would have."""
    try:
        # A savepoint, so that the transaction is still usable to say what went wrong.
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise _explain(instance) from error
    records_changed()  # cached summaries and counts are computed afresh


@transaction.atomic
def record_create(*, model, data, by=None, reason=""):
    many_to_many = {k: data.pop(k) for k in list(data) if _is_m2m(model, k)}
    instance = model(**data)
    instance.full_clean()
    stamp_history(instance, by=by, reason=reason)
    save_validated(instance)
    for name, values in many_to_many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_update(*, instance, data, expected_version, by=None, reason=""):
    """Apply ``data`` to ``instance`` if nobody saved it since ``expected_version``.

    Data that changes nothing saves nothing: the version stays (so another editor holding
    it is not refused for nothing) and the history gets no empty entry."""
    model = type(instance)
    many_to_many = {k: data.pop(k) for k in list(data) if _is_m2m(model, k)}
    if not _changes(instance, data, many_to_many):
        return instance
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    stamp_history(instance, by=by, reason=reason)
    claim_version(instance, expected_version)
    save_validated(instance)
    for name, values in many_to_many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_delete(*, instance, expected_version=None, by=None, reason=""):
    """Delete ``instance``; with ``expected_version``, only if nobody saved it since."""
    if isinstance(instance, ClosedLoopItem):
        # Deleting it would erase its workflow log (and orphan its evidence files).
        raise DeleteRefused(
            _("“%(item)s” cannot be deleted: a closed-loop item keeps its log and evidence. "
              "If it was reported by mistake, resolve it with a note saying so."),
            code="closed_loop_item_kept", params={"item": instance},
        )
    stamp_history(instance, by=by, reason=reason)
    if expected_version is not None:
        claim_version(instance, expected_version)
    instance.delete()
    records_changed()


def _explain(instance):
    """The error to show for a save the database refused after the checks had passed."""
    # The other transaction has committed by now (PostgreSQL makes an insert of the same
    # key wait for it), so the model's own checks see its row and name the field.
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        return error
    return ValidationError(CONCURRENT_CONFLICT, code="concurrent_conflict")


def _changes(instance, data, many_to_many):
    """The names of the fields whose new value differs from the instance's."""
    unset = object()
    changed = [name for name, value in data.items() if getattr(instance, name, unset) != value]
    for name, values in many_to_many.items():
        current = (set(getattr(instance, name).values_list("pk", flat=True)) if instance.pk
                   else set())
        if current != {getattr(value, "pk", value) for value in values}:
            changed.append(name)
    return changed


def _is_m2m(model, name):
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return False

"""Generic writes for tracked records: validated, atomic and guarded against lost updates.

App services build on these (``project_update`` calls ``record_update`` after applying
its own rules), so the version check lives in one place.
"""

from django.db import transaction
from django.db.models import F

from cuizhai.core.base.exceptions import StaleVersion


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


@transaction.atomic
def record_create(*, model, data):
    many_to_many = {k: data.pop(k) for k in list(data) if _is_m2m(model, k)}
    instance = model(**data)
    instance.full_clean()
    instance.save()
    for name, values in many_to_many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_update(*, instance, data, expected_version):
    """Apply ``data`` to ``instance`` if nobody saved it since ``expected_version``."""
    model = type(instance)
    many_to_many = {k: data.pop(k) for k in list(data) if _is_m2m(model, k)}
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    claim_version(instance, expected_version)
    instance.save()
    for name, values in many_to_many.items():
        getattr(instance, name).set(values)
    return instance


@transaction.atomic
def record_delete(*, instance):
    instance.delete()


def _is_m2m(model, name):
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return False

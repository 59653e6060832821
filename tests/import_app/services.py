"""The app's own write rules, held in its services as every app holds them. Test-only: the
messages are not in the catalogue."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cuizhai.core.base.services.records import record_create, record_update
from tests.import_app.models import SampleAsset


@transaction.atomic
def asset_create(*, data, by=None):
    if not data.get("amount"):
        raise ValidationError({"amount": ValidationError(
            "An asset is registered with its amount.", code="amount_required",
        )})
    return record_create(model=SampleAsset, data=data)


@transaction.atomic
def asset_update(*, asset, data, expected_version, by=None):
    # A rule the model cannot hold: it compares the stored record with the change.
    if "kind" in data and data["kind"] != asset.kind:
        raise ValidationError({"kind": ValidationError(
            "The kind of an asset is fixed once it is registered.", code="kind_fixed",
        )})
    return record_update(instance=asset, data=data, expected_version=expected_version)

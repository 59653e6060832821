"""The app's own write rules, held in its services as every app holds them. Test-only: the
messages are not in the catalogue."""

from django.core.exceptions import ValidationError
from django.db import transaction

from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_update
from tests.import_app.models import SampleAsset


def check_new_asset(data):
    """The rule for a new asset, one row or thousands."""
    if not data.get("amount"):
        raise ValidationError({"amount": ValidationError(
            "An asset is registered with its amount.", code="amount_required",
        )})


@transaction.atomic
def asset_create(*, data, by=None):
    check_new_asset(data)
    return record_create(model=SampleAsset, data=data)


def asset_bulk_create(*, rows, by=None, reason=""):
    return record_bulk_create(model=SampleAsset, rows=rows, rule=check_new_asset, by=by,
                              reason=reason)


@transaction.atomic
def asset_update(*, asset, data, expected_version, by=None):
    # A rule the model cannot hold: it compares the stored record with the change.
    if "kind" in data and data["kind"] != asset.kind:
        raise ValidationError({"kind": ValidationError(
            "The kind of an asset is fixed once it is registered.", code="kind_fixed",
        )})
    return record_update(instance=asset, data=data, expected_version=expected_version)

"""Writes of the enterprise register (企业), shared by every app that deals with enterprises.

The API, the admin and the import all save enterprises through these functions (an import
creates its new enterprises together, by ``enterprise_bulk_create``).
"""

from django.db import transaction

from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_update
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.models import Enterprise


def _official(data):
    # The check character is verified in either case; the register keeps the official
    # capitals, without the spaces a code is often typed with.
    if isinstance(data.get("credit_code"), str):
        data = {**data, "credit_code": data["credit_code"].replace(" ", "").upper()}
    return data


@transaction.atomic
def enterprise_create(*, data, by=None, reason=""):
    return record_create(model=Enterprise, data=_official(data), by=by, reason=reason)


def enterprise_bulk_create(*, rows, by=None, reason=""):
    """Many new enterprises at once (an import), each as ``enterprise_create`` takes one."""
    return record_bulk_create(model=Enterprise, rows=rows, rule=_official, by=by,
                              reason=reason)


@transaction.atomic
def enterprise_update(*, enterprise, data, expected_version, by=None, reason=""):
    return record_update(instance=enterprise, data=_official(data),
                         expected_version=expected_version, by=by, reason=reason)


declare_writes(Enterprise, create=enterprise_create, update=enterprise_update,
               bulk_create=enterprise_bulk_create, instance_arg="enterprise")

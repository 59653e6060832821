"""A model's declared write services replaced for one test (``declare_writes``)."""

import functools
from dataclasses import replace

from cuizhai.core.base.services import writes


def replace_service(monkeypatch, klass, operation, replacement):
    """``klass``'s declared ``operation`` (``"create"``…; ``django.db.models.Model``: the
    generic record services) is ``replacement`` until the test ends. It is given what the
    declared service would be given (its signature decides which keywords it takes)."""
    writes.writes_for(klass)  # the apps' declarations are read
    declared = writes._declared[klass]
    original = getattr(declared, operation)

    def stand_in(*args, **kwargs):
        return replacement(*args, **kwargs)

    functools.update_wrapper(stand_in, original)
    monkeypatch.setitem(writes._declared, klass, replace(declared, **{operation: stand_in}))
    monkeypatch.setattr(writes, "_resolved", {})
    return original

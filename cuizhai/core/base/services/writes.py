"""Which services write a model: declared once, next to the app's services, and looked up
by every path that writes — the API's viewsets, the admin's pages and inline rows, the
imports — so that none of them wires a model's services by hand.

An app declares a model's services at the end of its ``services.py``::

    declare_writes(HouseholdMember, create=member_create, update=member_update,
                   delete=member_delete, bulk_create=member_bulk_create,
                   instance_arg="member")

An operation a model does not declare is taken from the nearest of its base classes that
does (a closed-loop item is reported through ``closed_loop_report``, an assessment created
through ``assessment_create``), and in the end from the generic record services
(``record_create``, ``record_update``, ``record_delete``, ``record_bulk_create``).

What the paths give and how a service takes it:

- ``create(*, data, by, reason, evidence)``; a service without a ``data`` parameter (a
  closed-loop ``…_report``) takes the fields as keywords; one with a ``model`` parameter
  (the generic services) is given the model.
- ``update(<record>, *, data, expected_version, by, reason)`` and
  ``delete(<record>, *, by, expected_version, reason, …)``: the record is passed as
  ``instance_arg`` (``"member"`` → ``member=…``; ``None`` → the first positional argument).
- ``bulk_create(*, rows, by, reason, batch_size)``, for an import's new rows.

``reason``, ``evidence``, ``expected_version`` and ``batch_size`` are passed only to a
service that names them: a delete that takes no ``expected_version`` (a household member's)
says so in its own signature, and there only.
"""

import inspect
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import models
from django.utils.module_loading import autodiscover_modules

from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_delete, record_update

OPERATIONS = ("create", "update", "delete", "bulk_create")
# Keywords a path gives that a service may not take; any other keyword is always passed.
OPTIONAL = frozenset({"reason", "evidence", "expected_version", "batch_size"})


@dataclass(frozen=True)
class WriteServices:
    """The services of one model (or an abstract kind of model) as an app declares them."""

    create: Any = None
    update: Any = None
    delete: Any = None
    bulk_create: Any = None
    instance_arg: str | None = "instance"


@dataclass(frozen=True)
class _Operation:
    service: Any
    instance_arg: str | None
    parameters: frozenset
    takes_data: bool

    @classmethod
    def of(cls, service, instance_arg):
        parameters = inspect.signature(service).parameters
        named = frozenset(name for name, p in parameters.items()
                          if p.kind is not inspect.Parameter.VAR_KEYWORD)
        return cls(service, instance_arg, named, "data" in named)

    def __call__(self, model, instance=None, **given):
        kwargs = {name: value for name, value in given.items()
                  if name not in OPTIONAL or name in self.parameters}
        if "model" in self.parameters:
            kwargs["model"] = model
        if "data" in kwargs and not self.takes_data:
            kwargs.update(kwargs.pop("data"))
        service = self.service
        if instance is None:
            return service(**kwargs)
        if self.instance_arg is None:
            return service(instance, **kwargs)
        return service(**{self.instance_arg: instance}, **kwargs)


class ModelWrites:
    """A model's writes as the paths call them: each operation is its declared service."""

    def __init__(self, model, operations):
        self.model = model
        self.operations = operations

    def service(self, operation):
        """The service behind ``operation`` (``"create"``, ``"update"``…)."""
        return self.operations[operation].service

    def create(self, *, data, by, **given):
        return self.operations["create"](self.model, data=data, by=by, **given)

    def update(self, instance, *, data, expected_version, by, **given):
        return self.operations["update"](self.model, instance, data=data,
                                         expected_version=expected_version, by=by, **given)

    def delete(self, instance, *, by, **given):
        return self.operations["delete"](self.model, instance, by=by, **given)

    def bulk_create(self, *, rows, by, reason, **given):
        return self.operations["bulk_create"](self.model, rows=rows, by=by, reason=reason,
                                              **given)


_declared = {
    models.Model: WriteServices(create=record_create, update=record_update,
                                delete=record_delete, bulk_create=record_bulk_create),
}
_resolved = {}
_discovered = False


def declare_writes(model, **services):
    """Declare the services that write ``model`` (see the module's docstring)."""
    unknown = set(services) - {*OPERATIONS, "instance_arg"}
    if unknown:
        raise TypeError(f"declare_writes({model.__name__}): no such operation {unknown}")
    _declared[model] = WriteServices(**services)
    _resolved.clear()


def writes_for(model):
    """``model``'s writes: each operation from the nearest class that declares it."""
    _discover()
    writes = _resolved.get(model)
    if writes is None:
        operations = {}
        for klass in model.__mro__:
            declared = _declared.get(klass)
            if declared is None:
                continue
            for operation in OPERATIONS:
                service = getattr(declared, operation)
                if service is not None and operation not in operations:
                    operations[operation] = _Operation.of(service, declared.instance_arg)
        writes = _resolved[model] = ModelWrites(model, operations)
    return writes


def declared_models():
    """The concrete models with writes of their own declared (not the generic ones)."""
    _discover()
    return [model for model in _declared
            if model is not models.Model and not model._meta.abstract]


def declared_writes(model):
    """What ``model`` itself declares (a ``WriteServices``), or None."""
    _discover()
    return _declared.get(model)


def _discover():
    global _discovered
    if not _discovered:
        # Every app's services module declares its models when imported; the core's
        # kinds of record are declared by theirs (assessments imports the closed loop's).
        import_module("cuizhai.core.base.services.assessments")
        autodiscover_modules("services")
        _discovered = True

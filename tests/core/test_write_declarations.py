"""A model's write services are declared once (``declare_writes`` in its app's services) and
every path that writes it calls them: the API's viewsets, the admin's pages and inline rows,
and the imports. A model that declares nothing is written by the generic record services.

Each declared service is replaced, in its own module, by a spy; then each path's write hook
(what the API's create/update/destroy, the admin's save and delete and an import's rows
call) is run, and the spy must have been reached, with the record and the user."""

import functools
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver

from cuizhai.core.base.api.viewsets import TrackedModelViewSet
from cuizhai.core.base.imports import TrackedResource
from cuizhai.core.base.services import records
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.writes import declared_models, declared_writes, writes_for
from cuizhai.core.models import Campaign, CampaignOutput, Department
from safety.resources import HazardLedgerResource
from tests.support.writes import replace_service

pytestmark = pytest.mark.django_db  # some lists look up a content type when built

USER = SimpleNamespace(is_authenticated=True, name="the clerk")
RECORD = SimpleNamespace(name="the stored record")
# A resource whose rows are not the model's records writes through its own hooks.
OWN_IMPORT_WRITES = {HazardLedgerResource}  # ledger lines, through hazard_ledger_import


# --- the paths ---------------------------------------------------------------------------
def routed_viewsets(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routed_viewsets(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            cls = getattr(pattern.callback, "cls", None)
            if isinstance(cls, type) and issubclass(cls, TrackedModelViewSet):
                yield cls


@functools.cache
def routed_models():
    """Each routed viewset class with its model (read once: a selector builds a query)."""
    return [(cls, cls.queryset.model) for cls in set(routed_viewsets())]


def viewsets_of(model):
    for cls, its_model in routed_models():
        if its_model is model:
            viewset = cls()
            viewset.request = SimpleNamespace(user=USER, query_params={}, data={})
            viewset.kwargs, viewset.format_kwarg, viewset.action = {}, None, "create"
            yield viewset


def admins_of(model):
    """The model's admin page and every inline of its rows on another page."""
    if model in admin.site._registry:
        yield admin.site._registry[model]
    for model_admin in admin.site._registry.values():
        for inline in model_admin.inlines:
            if inline.model is model:
                yield inline(model_admin.model, admin.site)


def resources_of(model):
    classes = {cls for model_admin in admin.site._registry.values()
               for cls in getattr(model_admin, "resource_classes", ())
               if issubclass(cls, TrackedResource) and cls._meta.model is model}
    return [cls() for cls in classes if cls not in OWN_IMPORT_WRITES]


REQUEST = SimpleNamespace(user=USER)


def write_through_api(viewset, operation):
    if operation == "create":
        return viewset.create_record({"name": "new"})
    if operation == "update":
        return viewset.update_record(RECORD, {"name": "changed"}, expected_version=3)
    return viewset.delete_record(RECORD)


def write_through_admin(model_admin, operation):
    if operation == "create":
        return model_admin.create_record(REQUEST, {"name": "new"})
    if operation == "update":
        return model_admin.update_record(REQUEST, RECORD, {"name": "changed"},
                                         expected_version=3)
    return model_admin.delete_record(REQUEST, RECORD, expected_version=3)


def write_through_import(resource, operation):
    if operation == "create":
        return resource.create_record(data={"name": "new"}, by=USER)
    if operation == "update":
        return resource.update_record(instance=RECORD, data={"name": "changed"},
                                      expected_version=3, by=USER)
    return resource.create_records(rows=[{"name": "new"}], by=USER, reason="Imported")


PATHS = {
    "API": (viewsets_of, write_through_api, ("create", "update", "delete")),
    "admin": (admins_of, write_through_admin, ("create", "update", "delete")),
    "import": (resources_of, write_through_import, ("create", "update", "bulk_create")),
}


# --- spies -------------------------------------------------------------------------------
class Spy:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return RECORD

    def reached_with_the_record(self, operation):
        """Called once, by the user, with the record when the write is on one."""
        [(args, kwargs)] = self.calls
        assert kwargs["by"] is USER
        if operation in ("update", "delete"):
            assert RECORD in args or RECORD in kwargs.values()
        return True


def spy_on(monkeypatch, klass, operation):
    spy = Spy()
    replace_service(monkeypatch, klass, operation, spy)
    return spy


def own_declared_operations(model):
    declared = declared_writes(model)
    return [operation for operation in ("create", "update", "delete", "bulk_create")
            if getattr(declared, operation) is not None]


def test_every_app_declares_its_models_writes():
    # Not an empty list the test below would pass over.
    names = {model._meta.label for model in declared_models()}
    assert {"projects.Project", "resettlement.HouseholdMember", "safety.Hazard",
            "partybuilding.Attendance", "core.Enterprise"} <= names


@pytest.mark.parametrize("model", declared_models(), ids=lambda model: model._meta.label)
def test_every_path_calls_the_services_a_model_declares(model, monkeypatch):
    reached = set()
    for operation in own_declared_operations(model):
        service = getattr(declared_writes(model), operation)
        assert writes_for(model).service(operation) is service
        for path, (paths_of, write, operations) in PATHS.items():
            if operation not in operations:
                continue
            for writer in paths_of(model):
                with monkeypatch.context() as patched:
                    spy = spy_on(patched, model, operation)
                    write(writer, operation)
                assert spy.reached_with_the_record(operation), (path, writer, operation)
                reached.add(path)
    # Every declared model is written through at least one of the paths.
    assert reached, model


def test_a_model_that_declares_nothing_is_written_by_the_generic_record_services(
        monkeypatch):
    for model in (Campaign, CampaignOutput, Department):
        assert declared_writes(model) is None
        writes = writes_for(model)
        assert writes.service("create") is records.record_create
        assert writes.service("update") is records.record_update
        assert writes.service("delete") is records.record_delete
        assert writes.service("bulk_create") is record_bulk_create

    cases = [
        ("API", viewsets_of(Campaign), write_through_api, ("create", "update", "delete")),
        ("admin", admins_of(Campaign), write_through_admin, ("create", "update", "delete")),
        ("inline", admins_of(CampaignOutput), write_through_admin,
         ("create", "update", "delete")),
        ("import", resources_of(Department), write_through_import,
         ("create", "update", "bulk_create")),
    ]
    for path, writers, write, operations in cases:
        writers = list(writers)
        assert writers, path
        for writer in writers:
            for operation in operations:
                with monkeypatch.context() as patched:
                    # The generic services are the declaration of every model's base.
                    spy = spy_on(patched, models.Model, operation)
                    write(writer, operation)
                assert spy.reached_with_the_record(operation), (path, operation)

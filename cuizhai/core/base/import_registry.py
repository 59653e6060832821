"""The import resources of the installation, by name: those the admin offers on its import
pages, named after their model (``projects.Project``, ``core.Person``); a model with
several resources names each as ``<model>:<resource class>``. The ``import_rows`` command
reads files through them."""

from django.contrib import admin

from cuizhai.core.base.admin.imports import FileImportExportMixin


def import_resources():
    """Name → (model admin, resource class), in the order of the names."""
    found = {}
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, FileImportExportMixin):
            continue
        classes = model_admin.get_import_resource_classes(None)
        for resource_class in classes:
            name = model._meta.label
            if len(classes) > 1:
                name = f"{name}:{resource_class.__name__}"
            found[name] = (model_admin, resource_class)
    return dict(sorted(found.items()))


def find_resource(name):
    """The (model admin, resource class) of ``name``, matched without regard to case."""
    resources = import_resources()
    by_folded = {key.casefold(): key for key in resources}
    key = by_folded.get(name.casefold())
    return None if key is None else resources[key]

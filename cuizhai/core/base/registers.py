"""Shared registers that apps extend (nothing here is a resource).

A record several apps deal with — an enterprise is served by projects and inspected by
safety — lives once, in the core's registers. What an app knows of each record (how often
an enterprise was visited, how many of its needs are open) belongs to that app, yet is read
with the register's list. An app says so with a ``RegisterExtension`` named in its
``AppConfig.register_extensions``; the core's list, filters, serializer and admin page of
the register take in every installed app's extension without naming the app:

    class EnterpriseService(RegisterExtension):
        model = "core.Enterprise"
        ordering_fields = ("visit_count",)
        filterset = VisitedFilters          # a FilterSet mixin (its declared filters join)
        serializer = VisitCountFields       # a Serializer mixin of read-only fields
        admin = EnterpriseServiceAdmin      # display methods; list_display and inlines added

        @staticmethod
        def annotate(queryset):
            return queryset.annotate(visit_count=subquery_count(Visit, fk="enterprise"))

    class ProjectsConfig(BusinessAppConfig):
        register_extensions = ("projects.registers.EnterpriseService",)
"""

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string

from cuizhai.core.base.apps import business_apps


class RegisterExtension:
    """What one app adds to one core register. Every attribute is optional."""

    model = None  # "app_label.ModelName" of the register
    ordering_fields = ()  # annotations the API list may be ordered by
    filterset = None  # FilterSet mixin: its declared filters join the register's
    serializer = None  # Serializer mixin: its declared (read-only) fields join the register's
    admin = None  # ModelAdmin mixin: its methods join; its list_display and inlines are added

    @staticmethod
    def annotate(queryset):
        """The register's rows with the annotations this extension's fields and filters
        read (correlated subqueries: one row per record, whatever the app's rows)."""
        return queryset


@cache
def extensions(model):
    """The installed apps' extensions of ``model``, in ``INSTALLED_APPS`` order."""
    found = []
    for config in business_apps():
        for path in getattr(config, "register_extensions", ()):
            extension = import_string(path)
            if apps.get_model(extension.model) is model:
                found.append(extension)
    return tuple(found)


def extended_rows(queryset):
    """``queryset`` with the annotations of every extension of its model."""
    for extension in extensions(queryset.model):
        queryset = extension.annotate(queryset)
    return queryset


def extended_ordering(model, ordering_fields):
    return (*ordering_fields,
            *(name for extension in extensions(model) for name in extension.ordering_fields))


@cache
def extended_filterset(filterset):
    """``filterset`` with the filters of every extension of its model."""
    mixins = [e.filterset for e in extensions(filterset._meta.model) if e.filterset]
    if not mixins:
        return filterset
    return type(filterset.__name__, (*mixins, filterset), {"__module__": filterset.__module__})


@cache
def extended_serializer(serializer):
    """``serializer`` with the fields of every extension of its model, listed after the
    register's own (before its tracking fields, which close every record)."""
    mixins = [e.serializer for e in extensions(serializer.Meta.model) if e.serializer]
    if not mixins:
        return serializer
    added = [name for mixin in mixins for name in mixin._declared_fields]
    own = serializer.Meta.fields
    tracked = [name for name in own if name in ("created_at", "updated_at", "version")]
    fields = (*(n for n in own if n not in tracked), *added, *tracked)
    meta = type("Meta", (serializer.Meta,), {"fields": fields})
    return type(serializer.__name__, (*mixins, serializer),
                {"Meta": meta, "__module__": serializer.__module__})


def extended_admin(model_admin, model):
    """``model_admin`` with the columns, inlines and methods of every extension."""
    mixins = [e.admin for e in extensions(model) if e.admin]
    if not mixins:
        return model_admin
    attrs = {
        "list_display": (*model_admin.list_display,
                         *(name for mixin in mixins for name in mixin.list_display)),
        "inlines": [*model_admin.inlines,
                    *(inline for mixin in mixins for inline in mixin.inlines)],
        "__module__": model_admin.__module__,
    }
    return type(model_admin.__name__, (*mixins, model_admin), attrs)

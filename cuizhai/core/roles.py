"""The office's roles as Django groups, kept in step with the models.

Groups are derived from the installed apps: a model added to ``projects`` later joins
the projects office's group at the next ``migrate`` without anyone editing this file.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SYSTEM_ADMIN = "系统管理员"
LEADERS = "领导"
DASHBOARD = "看板"
PROJECTS_OFFICE = "项目办"
RESETTLEMENT_OFFICE = "拆迁安置办"
SAFETY_OFFICE = "安全办"
PARTY_BUILDING_OFFICE = "党建办"

# Office group → the app whose data it edits.
OFFICE_APPS = {
    PROJECTS_OFFICE: "projects",
    RESETTLEMENT_OFFICE: "resettlement",
    SAFETY_OFFICE: "safety",
    PARTY_BUILDING_OFFICE: "partybuilding",
}
CORE_APP = "core"
# The apps as installed today; roles are computed from ``business_apps()`` at call time.
BUSINESS_APPS = (CORE_APP, *OFFICE_APPS.values())
# Shared records every office enters for its own area (indicators, campaigns).
SHARED_EDITABLE_MODELS = {
    ("core", "indicator"),
    ("core", "indicatorvalue"),
    ("core", "campaign"),
    ("core", "campaignoutput"),
}

ROLE_DESCRIPTIONS = {
    SYSTEM_ADMIN: _("Manages users, places and every record."),
    LEADERS: _("Views and exports everything; changes nothing."),
    DASHBOARD: _("Read-only API access by token for the dashboards."),
    PROJECTS_OFFICE: _("Edits projects and enterprise service; views the rest."),
    RESETTLEMENT_OFFICE: _("Edits resettlement data; views the rest."),
    SAFETY_OFFICE: _("Edits safety data; views the rest."),
    PARTY_BUILDING_OFFICE: _("Edits party-building data; views the rest."),
}


def business_apps():
    """The apps whose data the roles cover: the shared core and every office's app.

    Read at call time, so that the registry (and ``OFFICE_APPS``) as they are now decide.
    """
    return (CORE_APP, *OFFICE_APPS.values())


def _business_models():
    for label in business_apps():
        for model in apps.get_app_config(label).get_models():
            # Historical copies (django-simple-history) are read through their parent.
            if hasattr(model, "instance_type"):
                continue
            yield model


def _permissions(models, actions):
    """The ``<action>_<model>`` permissions of exactly these models (no cross-matching of
    a codename with another app's model of the same name)."""
    if not models:
        return Permission.objects.none()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    condition = Q()
    for model in models:
        condition |= Q(
            content_type=content_types[model],
            codename__in=[f"{action}_{model._meta.model_name}" for action in actions],
        )
    return Permission.objects.filter(condition)


def role_permissions():
    """Group name → the permission queryset it should hold."""
    business = list(_business_models())
    shared = [m for m in business if (m._meta.app_label, m._meta.model_name)
              in SHARED_EDITABLE_MODELS]
    roles = {
        SYSTEM_ADMIN: Permission.objects.all(),
        LEADERS: _permissions(business, ["view"]),
        DASHBOARD: _permissions(business, ["view"]),
    }
    for group, app_label in OFFICE_APPS.items():
        own = [m for m in business if m._meta.app_label == app_label] + shared
        roles[group] = _permissions(business, ["view"]) | _permissions(own, ["add", "change"])
    return roles


@transaction.atomic
def sync_roles():
    """Create the groups if missing and set each one's permissions exactly. Idempotent."""
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions.distinct())


def sync_roles_after_migrate(sender, using="default", **kwargs):
    # post_migrate fires once per app; permissions of every app exist only after the
    # last one has been handled, so sync then.
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.label == last.label:
        sync_roles()

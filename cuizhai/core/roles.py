"""The office's roles as Django groups, kept in step with the models.

Groups are derived from the app registry: every app built on ``BusinessAppConfig`` is viewed
by every role, and the office it declares (``office_group``) adds and changes its records.
A model or an app added later joins its office's group at the next ``migrate`` without
anyone editing this file.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.apps import business_apps
from cuizhai.core.base.personal import ensure_personal_permissions, personal_permissions

SYSTEM_ADMIN = "系统管理员"
LEADERS = "领导"
DASHBOARD = "看板"

# Shared records every office enters for its own area (indicators, campaigns).
SHARED_EDITABLE_MODELS = {
    ("core", "indicator"),
    ("core", "indicatorvalue"),
    ("core", "campaign"),
    ("core", "campaignoutput"),
    # Checklists: each office keeps the ones for its assessments.
    ("core", "checklisttemplate"),
    ("core", "checklistcriterion"),
    ("core", "criterionresult"),
    ("core", "person"),
}

CORE_ROLE_DESCRIPTIONS = {
    SYSTEM_ADMIN: _("Manages users, places and every record."),
    LEADERS: _("Views and exports everything; changes nothing."),
    DASHBOARD: _("Read-only API access by token for the dashboards."),
}


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def roles_of(user):
    """The role groups ``user`` holds (names), read once per user object — a request's
    user — like Django's permission cache: every role check of a request (system
    administrator, dashboard, leader, office) shares one query.
    ``forget_roles(user)`` drops the answer after the user's groups changed."""
    if not _signed_in(user):
        return frozenset()
    if not hasattr(user, "_cuizhai_roles"):
        # .all(): a list's rows read their assignees' groups from one prefetch.
        user._cuizhai_roles = frozenset(group.name for group in user.groups.all())
    return user._cuizhai_roles


def forget_roles(user):
    user.__dict__.pop("_cuizhai_roles", None)


def is_system_admin(user):
    """The one person who may undo what is final: a superuser or the system admin group."""
    return bool(_signed_in(user) and (user.is_superuser or SYSTEM_ADMIN in roles_of(user)))


def is_dashboard(user):
    """A dashboard's account (read-only, token): never a superuser."""
    return bool(_signed_in(user) and not user.is_superuser and DASHBOARD in roles_of(user))


def offices():
    """Office group name → the apps whose records it edits (usually one), as they declare."""
    result = {}
    for config in business_apps():
        if config.office_group:
            result.setdefault(config.office_group, []).append(config)
    return result


def office_leads():
    """Office leader group name → the apps whose reserved steps it takes."""
    result = {}
    for config in business_apps():
        if config.office_group and config.office_lead_group:
            result.setdefault(config.office_lead_group, []).append(config)
    return result


def office_group(app_label):
    """The name of the group of the office that edits ``app_label``'s records."""
    group = getattr(apps.get_app_config(app_label), "office_group", None)
    if not group:
        raise LookupError(f"App {app_label!r} declares no office group.")
    return group


def role_descriptions():
    """Group name → what it may do: the core's roles, then each office as its app says."""
    return {
        **CORE_ROLE_DESCRIPTIONS,
        **{group: next((c.office_description for c in configs if c.office_description), "")
           for group, configs in offices().items()},
        **{group: format_lazy(_("Leaders of {office}: take the steps reserved to them "
                                "(e.g. verifying a major item)."),
                              office=configs[0].office_group)
           for group, configs in office_leads().items()},
    }


def _business_models(configs):
    for config in configs:
        for model in config.get_models():
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


def _reserved_permissions(models):
    """The custom permissions the models' closed-loop steps are reserved to
    (``ClosedLoopItem.action_permissions``)."""
    condition = Q()
    for model in models:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for rule in getattr(model, "action_permissions", {}).values():
            codenames = list(rule.values()) if isinstance(rule, dict) else [rule]
            condition |= Q(content_type=content_type, codename__in=codenames)
    return Permission.objects.filter(condition) if condition else Permission.objects.none()


def role_permissions():
    """Group name → the permission queryset it should hold.

    An office also holds the "view personal data" permission of its own models that keep
    personal data (``cuizhai.core.base.personal``), and of the core's shared registers
    that do (the register of people, which every office keeps for its own people); the
    system administrator holds every
    permission; leaders and the dashboard hold none of them (a leader is granted it per
    user: user permissions are never touched by the sync)."""
    ensure_personal_permissions()
    business = list(_business_models(business_apps()))
    shared = [m for m in business if (m._meta.app_label, m._meta.model_name)
              in SHARED_EDITABLE_MODELS]
    core = [m for m in business if m._meta.app_label == "core"]
    roles = {
        SYSTEM_ADMIN: Permission.objects.all(),
        LEADERS: _permissions(business, ["view"]),
        DASHBOARD: _permissions(business, ["view"]),
    }
    for group, configs in offices().items():
        registers = [apps.get_model(label) for config in configs for label in config.office_edits]
        own = list(_business_models(configs)) + shared + registers
        roles[group] = (_permissions(business, ["view"]) | _permissions(own, ["add", "change"])
                        | personal_permissions(list(_business_models(configs)) + core))
    for group, configs in office_leads().items():
        roles[group] = _reserved_permissions(list(_business_models(configs)))
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

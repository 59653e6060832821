"""Who sees personal data, and the one masking hook every output path calls.

The permission is per model: ``<app_label>.view_personal_<model_name>`` ("Can view
personal data of …"), created for every model that holds a personal field (see
``cuizhai.core.base.models.personal``) by the roles sync after each ``migrate``. The role
table gives it to the office whose app keeps the model and to the system administrator;
leaders and the dashboard do not hold it. A user who needs it is granted it one by one
(Users → user permissions), and that grant survives the roles sync, which sets groups only.

The dashboard account never sees personal data, even if granted the permission: dashboards
are shown on screens in public rooms.
"""

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from cuizhai.core.base.models.personal import (
    KeyedHashField,
    field_at,
    holds_personal_data,
    is_personal,
    mask_value,
)

PERMISSION_PREFIX = "view_personal_"
_CACHE = "_cuizhai_personal_data"


def permission_codename(model):
    return f"{PERMISSION_PREFIX}{model._meta.model_name}"


def permission_name(model):
    return f"Can view personal data of {model._meta.verbose_name_raw}"[:255]


def personal_permission(model):
    """``"<app_label>.view_personal_<model_name>"``, as ``user.has_perm`` takes it."""
    return f"{model._meta.app_label}.{permission_codename(model)}"


def models_holding_personal_data():
    return [model for model in apps.get_models()
            if holds_personal_data(model) and not hasattr(model, "instance_type")]


def ensure_personal_permissions():
    """Create the "view personal data" permission of every model holding personal data.
    Idempotent; run by the roles sync before it sets the groups."""
    models = models_holding_personal_data()
    if not models:
        return
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    for model in models:
        Permission.objects.get_or_create(
            content_type=content_types[model], codename=permission_codename(model),
            defaults={"name": permission_name(model)},
        )


def personal_permissions(models):
    """The "view personal data" permissions of those of ``models`` that hold personal data."""
    ensure_personal_permissions()
    holding = [m for m in models if holds_personal_data(m)]
    if not holding:
        return Permission.objects.none()
    content_types = ContentType.objects.get_for_models(*holding, for_concrete_models=False)
    return Permission.objects.filter(
        content_type__in=[content_types[m] for m in holding],
        codename__in=[permission_codename(m) for m in holding],
    )


def can_view_personal(user, model):
    """May ``user`` see ``model``'s personal data unmasked? Worked out once per user object
    (a request's user), so an export asks the database once, not once per row."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    from cuizhai.core.roles import is_dashboard  # roles imports this module

    cache = user.__dict__.setdefault(_CACHE, {})
    if "dashboard" not in cache:
        cache["dashboard"] = is_dashboard(user)
    key = model._meta.label_lower
    if key not in cache:
        cache[key] = not cache["dashboard"] and user.has_perm(personal_permission(model))
    return cache[key]


def forget_personal_permissions(user):
    """Drop the answers cached on ``user`` (after its permissions changed, in tests)."""
    user.__dict__.pop(_CACHE, None)
    user.__dict__.pop("_cuizhai_roles", None)
    user.__dict__.pop("_perm_cache", None)
    user.__dict__.pop("_user_perm_cache", None)
    user.__dict__.pop("_group_perm_cache", None)


def masker_for(user, model, column):
    """The one hook for every output built from database columns (exports, previews…).

    ``column`` is a field name or a ``__`` path from ``model``. Returns ``None`` when the
    column is shown as it is — not personal, or ``user`` may see it — else a function that
    masks one value of it. A keyed-hash column is never output: its masker gives ``""``.

        mask = masker_for(request.user, Project, "lead__phone")
        cell = value if mask is None else mask(value)
    """
    field = field_at(model, column)
    if field is None:
        return None
    if isinstance(field, KeyedHashField):
        return lambda value: ""
    if not is_personal(field) or can_view_personal(user, field.model):
        return None
    return lambda value: mask_value(field, value)


def hidden_fields(model):
    """Columns that are never shown (the keyed hashes of personal values)."""
    return {f.name for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)}

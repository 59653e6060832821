from rest_framework.permissions import BasePermission, DjangoModelPermissions


class ModelPermissions(DjangoModelPermissions):
    """Logged in + Django model permissions, with ``view`` required for reads.

    A viewset's extra actions name the permission they need in ``action_permissions``
    (``{"assign": "change", "history": "view"}``); the default is the HTTP method's.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        action_perm = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if action_perm is None:
            return super().has_permission(request, view)
        model = self._queryset(view).model
        return request.user.has_perm(
            f"{model._meta.app_label}.{action_perm}_{model._meta.model_name}"
        )


class ViewPermission(ModelPermissions):
    """For read-only endpoints computed from a model (summaries): view permission only.

    Every method needs just ``view``, so a write to such an endpoint is answered 405 (it has
    no handler) for everyone who may read it, instead of a 403 that depends on unrelated
    add/change rights.
    """

    perms_map = dict.fromkeys(ModelPermissions.perms_map, ["%(app_label)s.view_%(model_name)s"])


class HasRole(BasePermission):
    """Logged in and holding a role (a group) — or a superuser: who may read the API's
    schema and docs. A logged-in user without any role learns nothing of the API."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_superuser or (user.pk is not None and user.groups.exists())

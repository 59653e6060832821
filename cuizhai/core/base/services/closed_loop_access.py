"""Who may act on a closed-loop item, who may be given one, and who may see its evidence.

Two offices have a say in an item:

- the **owner office**, whose app the item belongs to: it holds the right to change items
  of that kind (its role's ``change`` permission). It dispatches the work and signs it
  off: assign (and re-assign), verify, return.
- the **handling office**, the one the item is assigned to: the assignee, the colleagues
  who hold the assignee's office role, and the staff of the handling department (the
  department's office role). It does the work: start, resolve. Once an item is handed to
  another office, the owner office no longer reports it done in that office's place;
  while no handling office is known (an assignee without an office role, from before
  this rule), the owner office does the work itself.

An item class may also reserve a step to the holders of a custom permission
(``action_permissions``: only the safety office's leader verifies a major hazard). The
reserved step needs the permission as well as the office rule; the role table grants it
to the office's leader group (``BusinessAppConfig.office_lead_group``).

The system administrator may do everything. Evidence (ID-card scans, site photos) is seen
by both offices, the leaders, the system administrator and whoever uploaded it — never
by the dashboard account, which reads figures, not residents' documents.

The API, the admin's workflow step page and its bulk actions all reach these rules
through the closed-loop services.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cuizhai.core import roles
from cuizhai.core.base.exceptions import ActionNotAllowed
from cuizhai.core.base.models.personal import record_holds_personal_data
from cuizhai.core.base.personal import can_view_personal
from cuizhai.core.choices import WorkflowAction

A = WorkflowAction
HANDLING_OFFICE_ACTIONS = frozenset({A.START, A.RESOLVE})


def office_roles():
    return list(roles.offices())


def assignable_users():
    """Who an item may be assigned to: active staff holding an office's role. The admin's
    choice list shows these, and the assign service refuses anybody else."""
    return get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name__in=office_roles()
    ).distinct()


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


# The roles are read once per user object (a request's user): ``roles.roles_of``.
roles_of = roles.roles_of
_is_system_admin = roles.is_system_admin


def offices_of(user):
    """The office roles ``user`` holds (group names)."""
    return set(roles_of(user)) & set(office_roles())


def handling_offices(item):
    offices = offices_of(item.assignee) if item.assignee_id is not None else set()
    department = item.handling_department
    if department is not None and department.office_id is not None:
        offices.add(department.office.name)
    return offices


def is_owner_office(user, item):
    meta = item._meta
    return _signed_in(user) and user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def is_handling_office(user, item):
    if not _signed_in(user):
        return False
    if item.assignee_id is not None and item.assignee_id == user.pk:
        return True
    return bool(offices_of(user) & handling_offices(item))


def reserved_permission(item, action):
    """``app_label.codename`` of the permission ``action`` on ``item`` is reserved to, or
    None when the office rules alone decide."""
    codename = item.reserved_permission(action)
    return f"{item._meta.app_label}.{codename}" if codename else None


def holds_reserved_permission(user, action, item):
    permission = reserved_permission(item, action)
    return permission is None or (_signed_in(user) and user.has_perm(permission))


def may_act(user, action, item):
    if _is_system_admin(user):
        return True
    if not holds_reserved_permission(user, action, item):
        return False
    if action in HANDLING_OFFICE_ACTIONS:
        if is_handling_office(user, item):
            return True
        return not handling_offices(item) and is_owner_office(user, item)
    return is_owner_office(user, item)


def check_may_act(user, action, item):
    """Refuse (403) an action on an item that is not the user's to take."""
    if may_act(user, action, item):
        return
    action = A(action)
    if not holds_reserved_permission(user, action, item):
        raise ActionNotAllowed(
            _("Only those who hold “%(permission)s” may “%(action)s” “%(item)s”."),
            params={"permission": _permission_name(item, action), "action": action.label,
                    "item": item},
        )
    if action in HANDLING_OFFICE_ACTIONS:
        raise ActionNotAllowed(
            _("“%(item)s” is assigned to %(handler)s: only the office handling it may "
              "“%(action)s” it."),
            params={"item": item, "handler": _handler(item), "action": action.label},
        )
    raise ActionNotAllowed(
        _("Only the office in charge of “%(item)s” may “%(action)s” it."),
        params={"item": item, "action": action.label},
    )


def _permission_name(item, action):
    codename = item.reserved_permission(action)
    return dict(item._meta.permissions).get(codename, codename)


def _handler(item):
    names = []
    if item.assignee_id is not None:
        names.append(item.assignee.get_full_name() or item.assignee.get_username())
    if item.handling_department_id is not None:
        names.append(str(item.handling_department))
    return " / ".join(names)


def check_assignment(*, assignee, department):
    """An item goes to office staff who can act on it, or to a department still active."""
    from cuizhai.core.models import Department

    errors = {}
    if assignee is not None and not assignable_users().filter(pk=assignee.pk).exists():
        errors["assignee"] = ValidationError(
            _("An item can only be assigned to active staff who hold an office's role."),
            code="assignee_not_office_staff",
        )
    if department is not None and not Department.objects.filter(
        pk=department.pk, is_active=True
    ).exists():
        errors["department"] = ValidationError(
            _("“%(department)s” is no longer active: choose an active department."),
            code="department_inactive", params={"department": department},
        )
    if errors:
        raise ValidationError(errors)


def evidence_visibility(user, item):
    """Who sees the evidence of ``item`` (None: the item is gone), worked out once for a
    whole log: returns ``visible(uploaded_by_id)``, true for a file ``user`` may download."""
    signed_in = _signed_in(user)
    admin = _is_system_admin(user)
    dashboard = signed_in and not admin and roles.DASHBOARD in roles_of(user)
    if item is not None and record_holds_personal_data(item) and not can_view_personal(
        user, type(item)
    ):
        # An item holding personal data (a resident's phone...) may have it in its files
        # too (ID-card scans): they need the permission to see its personal data.
        return lambda uploaded_by_id=None: False
    every_file = admin or (
        signed_in and not dashboard and item is not None
        and user.has_perm(f"{item._meta.app_label}.view_{item._meta.model_name}")
        and (
            roles.LEADERS in roles_of(user)
            or is_owner_office(user, item)
            or is_handling_office(user, item)
        )
    )

    def visible(uploaded_by_id=None):
        # Whoever uploaded a file keeps seeing it after the item moved to another office.
        return every_file or (
            signed_in and not dashboard and uploaded_by_id is not None
            and uploaded_by_id == user.pk
        )

    return visible


def may_see_evidence(user, item, *, uploaded_by_id=None):
    return evidence_visibility(user, item)(uploaded_by_id)


def may_see_record_files(user, record, *, personal_model=None):
    """The files kept on a record (an assessment's photos, a handover's signed acceptance)
    are seen as an item's evidence is: by the office that keeps such records (their change
    permission), the leaders and the system administrator — never by the dashboard —, and
    where the record holds a personal value, only with the permission to see its personal
    data. ``personal_model``: the files themselves carry the personal data of that model's
    records (a form the household signed), so that permission is needed in any case."""
    if record_holds_personal_data(record) and not can_view_personal(user, type(record)):
        return False
    if personal_model is not None and not can_view_personal(user, personal_model):
        return False
    if _is_system_admin(user):
        return True
    if not _signed_in(user) or roles.DASHBOARD in roles_of(user):
        return False
    meta = record._meta
    return user.has_perm(f"{meta.app_label}.view_{meta.model_name}") and (
        roles.LEADERS in roles_of(user) or is_owner_office(user, record)
    )


def may_see_assessment_photos(user, assessment):
    """The photos of an assessment's results: ``may_see_record_files``."""
    return may_see_record_files(user, assessment)

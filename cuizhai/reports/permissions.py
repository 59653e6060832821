"""Who may do what with progress reports.

- Read (list, preview, download, drift): every role (``view_progressreport``, which every
  role holds for every business app).
- Generate (and generate a draft again): the system administrator (``add_progressreport``)
  and every office — an office reports on its own work.
- Submit (freeze): ``submit_progressreport``: the system administrator, or a user granted it.
- Targets and sentence templates: the system administrator (``add``/``change`` permissions).
"""

from rest_framework.permissions import BasePermission

from cuizhai.core.roles import offices

GENERATE = "reports.add_progressreport"
SUBMIT = "reports.submit_progressreport"
VIEW = "reports.view_progressreport"


def can_view(user):
    return user.is_authenticated and user.has_perm(VIEW)


def can_generate(user):
    if not user.is_authenticated:
        return False
    return user.has_perm(GENERATE) or user.groups.filter(name__in=list(offices())).exists()


def can_submit(user):
    return user.is_authenticated and user.has_perm(SUBMIT)


class ReportPermission(BasePermission):
    """The rule of the view's action (``view``, ``generate`` or ``submit``)."""

    rules = {"view": can_view, "generate": can_generate, "submit": can_submit}

    def has_permission(self, request, view):
        rule = view.report_rules.get(getattr(view, "action", None), "view")
        return self.rules[rule](request.user)

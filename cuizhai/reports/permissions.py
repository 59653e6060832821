"""Who may do what with progress reports.

- Read (list, preview, download, drift): every role (``view_progressreport``, which every
  role holds for every business app).
- Generate: the system administrator (``add_progressreport``), any line or all of them;
  an office, a report of its own line only (its apps: ``roles.offices()``).
- Generate a draft again: the system administrator, or the office of the draft's line (a
  report of all lines: the system administrator only). The report keeps who read its
  figures last and when (``generated_by``, ``generated_at``).
- Submit (freeze): ``submit_progressreport``: the system administrator, or a user granted it.
- Targets and sentence templates: the system administrator (``add``/``change`` permissions).
"""

from rest_framework.permissions import BasePermission

from cuizhai.core.roles import offices, roles_of

GENERATE = "reports.add_progressreport"
SUBMIT = "reports.submit_progressreport"
VIEW = "reports.view_progressreport"


def can_view(user):
    return user.is_authenticated and user.has_perm(VIEW)


def can_generate(user):
    if not user.is_authenticated:
        return False
    return user.has_perm(GENERATE) or user.groups.filter(name__in=list(offices())).exists()


def own_lines(user):
    """The lines (app labels) whose office ``user`` belongs to."""
    groups = offices()
    return {config.label for role in roles_of(user) for config in groups.get(role, ())}


def can_generate_line(user, line):
    """Whether ``user`` may generate a report of ``line`` ("": all lines)."""
    if not can_generate(user):
        return False
    return user.has_perm(GENERATE) or bool(line and line in own_lines(user))


def can_regenerate(user, report):
    return not report.is_submitted and can_generate_line(user, report.line)


def can_submit(user):
    return user.is_authenticated and user.has_perm(SUBMIT)


class ReportPermission(BasePermission):
    """The rule of the view's action (``view``, ``generate`` or ``submit``)."""

    rules = {"view": can_view, "generate": can_generate, "submit": can_submit}

    def has_permission(self, request, view):
        rule = view.report_rules.get(getattr(view, "action", None), "view")
        return self.rules[rule](request.user)

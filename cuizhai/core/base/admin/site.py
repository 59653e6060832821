"""The admin site, ordered by the work rather than by the alphabet.

The home page lists the offices' apps first — the user's own office
first —, then the shared registers (the core), then everything else (users, groups, tokens,
sign-in records). Inside an app the models keep the order in which its ``admin.py``
registers them, which each app writes in the order of its work (projects, their funding,
milestones and progress, problems; then enterprises, visits, needs, outcomes).
"""

from django.contrib import admin

from cuizhai.core.base.apps import business_apps
from cuizhai.core.base.services.closed_loop_access import roles_of

# Order of the sections after the offices' apps and the shared registers.
SYSTEM_APPS = ("auth", "authtoken", "axes")


def app_order(user):
    """App label → rank on ``user``'s home page (lower first)."""
    own = roles_of(user)
    offices = [c for c in business_apps() if c.office_group]
    offices.sort(key=lambda c: c.office_group not in own)  # stable: settings order kept
    shared = [c for c in business_apps() if not c.office_group]
    ranked = [c.label for c in offices + shared]
    ranked += [label for label in SYSTEM_APPS if label not in ranked]
    return {label: rank for rank, label in enumerate(ranked)}


class CuizhaiAdminSite(admin.AdminSite):
    # The navigation column would take 300 of a 1400 px screen from every list; the home
    # page and the breadcrumbs lead to the same places.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        app_dict = self._build_app_dict(request, app_label)
        rank = app_order(request.user)
        registered = {model: index for index, model in enumerate(self._registry)}
        app_list = sorted(
            app_dict.values(),
            key=lambda app: (rank.get(app["app_label"], len(rank)), str(app["name"])),
        )
        for app in app_list:
            app["models"].sort(key=lambda entry: registered.get(entry["model"], 0))
        return app_list


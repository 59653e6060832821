"""Load the demo data set: the core's places, then each app's ``demo.load()``.

Every part is idempotent, so the command can be run again without duplicating anything;
a record a user has edited since the demo loaded it is kept as it is, and reported.
"""


from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from cuizhai.core import roles
from cuizhai.core.base.apps import app_parts
from cuizhai.core.base.demo import kept_records
from cuizhai.core.demo import link_users

DEMO_PASSWORD = "cuizhai-demo-2024"
# (username, group, is_staff): the superuser, the leader, one user per office (named after
# the office's app, as the apps declare their offices) and the dashboard's account.
DEMO_USERS = [
    ("admin", None, True),
    ("leader", roles.LEADERS, True),
    *[(configs[0].label, group, True) for group, configs in roles.offices().items()],
    ("dashboard", roles.DASHBOARD, False),
]


def demo_modules():
    """``<app>.demo`` of every local app that has one, the core first."""
    return app_parts("demo")


class Command(BaseCommand):
    help = "Load the 2024 demo data set and the demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-users", action="store_true", help="Do not create demo users.")

    @transaction.atomic
    def handle(self, *args, **options):
        roles.sync_roles()
        for label, module in demo_modules():
            with kept_records() as kept:
                module.load()
            self.stdout.write(f"demo data loaded: {label}")
            if kept:
                self._report_kept(kept)
        if not options["no_users"]:
            self._users()

    def _report_kept(self, kept, shown=10):
        names = ", ".join(f"{record._meta.verbose_name} “{record}”" for record in kept[:shown])
        more = f" and {len(kept) - shown} more" if len(kept) > shown else ""
        self.stdout.write(self.style.WARNING(
            f"  kept {len(kept)} record(s) edited since the demo loaded them: {names}{more}"
        ))

    def _users(self):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: demo users are not created in production mode.")
            return
        User = get_user_model()
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        )
        for username, group, is_staff in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": is_staff, "is_superuser": group is None},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"  {username:<14} {group or 'superuser'}")
        link_users()

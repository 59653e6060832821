from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cuizhai.core.roles import role_descriptions, sync_roles


class Command(BaseCommand):
    help = "Create the role groups and refresh their permissions (also runs after migrate)."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(self.style.SUCCESS(_("Role groups are up to date.")))
        for group, description in role_descriptions().items():
            self.stdout.write(f"  {group}: {description}")

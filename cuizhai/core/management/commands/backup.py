from django.core.management.base import BaseCommand

from cuizhai.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("destination", nargs="?", default="var/backups",
                            help="Folder that receives the backup (default var/backups).")

    def handle(self, *args, destination, **options):
        folder = backup(destination)
        self.stdout.write(str(folder))

from django.core.management.base import BaseCommand, CommandError

from cuizhai.core.backup import restore, row_counts
from cuizhai.core.base.cache import records_changed


class Command(BaseCommand):
    help = "Replace the database and the uploaded files by a backup folder's contents."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true",
                            help="Do not ask: everything entered since the backup is lost.")

    def handle(self, *args, folder, yes, **options):
        if not yes:
            answer = input("Everything entered since this backup will be lost. Type 'yes': ")
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled.")
        manifest = restore(folder)
        records_changed()  # every record replaced: cached summaries and counts go
        now = row_counts()
        differing = {table: (count, now.get(table))
                     for table, count in manifest["row_counts"].items() if now.get(table) != count}
        if differing:
            raise CommandError(f"Restored, but these tables differ from the backup: {differing}")
        self.stdout.write(f"restored {folder} ({sum(manifest['row_counts'].values())} rows)")

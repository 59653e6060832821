from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cuizhai.core.base.import_uploads import remove_stale


class Command(BaseCommand):
    help = (
        "Delete import files left waiting for a confirmation (abandoned previews) older than "
        "CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS. Run it from cron; each new upload does it too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=None,
                            help="Age in hours (default: CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS).")

    def handle(self, *args, hours=None, **options):
        if hours is None:
            hours = settings.CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS
        removed = remove_stale(max_age_hours=hours)
        self.stdout.write(_("%(count)d import file(s) older than %(hours)s hours deleted.")
                          % {"count": removed, "hours": f"{hours:g}"})

"""Import an Excel (xlsx) or CSV file too big for the browser, through the same resource,
services and rules as the admin's import page: all rows or none, each refused row named by
its line in the file (the header being line 1) and its column."""

import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX

from cuizhai.core.base.import_registry import find_resource, import_resources
from cuizhai.core.base.imports import ExcelCSV

FORMATS = {".xlsx": XLSX, ".csv": ExcelCSV}
# Refused rows printed in full; the others are counted (the first ones say what is wrong).
SHOWN_ERROR_ROWS = 200


class Progress:
    """A bar on stderr: redrawn in place on a terminal, a line per tenth otherwise."""

    WIDTH = 30

    def __init__(self, stream, total):
        self.stream, self.total = stream, max(total, 1)
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.shown = -1
        self.started = time.monotonic()

    def __call__(self, done):
        step = done * (100 if self.tty else 10) // self.total
        if step == self.shown and done != self.total:
            return
        self.shown = step
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = (f"[{bar}] {done:,}/{self.total:,} rows read "
                f"({time.monotonic() - self.started:.1f} s)")
        self.stream.write(f"\r{line}" if self.tty else f"{line}\n")
        self.stream.flush()

    def end(self):
        if self.tty:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Import an Excel (.xlsx) or CSV (.csv, UTF-8 or GBK) file through a registered import "
        "resource, as the admin's import page does but without its size limits: every row "
        "or none. Refused rows are listed by line and column; the exit status is 1 and "
        "nothing is written when any row is refused."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = "resources: " + ", ".join(import_resources())
        return parser

    def add_arguments(self, parser):
        parser.add_argument("resource", help="The import resource, e.g. projects.Project "
                                             "(the list is at the end of this help).")
        parser.add_argument("file", help="The .xlsx or .csv file; the first row holds the "
                                         "column headers.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check every row and report, then write nothing.")
        parser.add_argument("--user", help="The username the history names as the "
                                           "importer; it needs the right to add and change "
                                           "the records.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            help="Language of the messages (default: %(default)s).")

    def handle(self, *args, **options):
        found = find_resource(options["resource"])
        if found is None:
            raise CommandError(f"Unknown import resource “{options['resource']}”; "
                               f"registered: {', '.join(import_resources())}.", returncode=2)
        model_admin, resource_class = found
        path = Path(options["file"])
        input_format = FORMATS.get(path.suffix.lower())
        if input_format is None:
            raise CommandError(f"{path.name}: an import reads .xlsx or .csv files.",
                               returncode=2)
        user = self._user(options["user"], model_admin.opts)
        with translation.override(options["language"]):
            dataset = self._read(path, input_format())
            result = self._import(resource_class, dataset, user, path.name,
                                  dry_run=options["dry_run"])
            self._report(result, dry_run=options["dry_run"])

    def _user(self, username, opts):
        if username is None:
            return None
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"There is no active user “{username}”.", returncode=2)
        needed = [f"{opts.app_label}.{action}_{opts.model_name}" for action in ("add", "change")]
        if not user.has_perms(needed):
            raise CommandError(f"{username} may not add and change {opts.verbose_name_plural}.",
                               returncode=2)
        return user

    def _read(self, path, input_format):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=2) from None
        try:
            return input_format.create_dataset(data)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        except Exception as error:  # a file the reader cannot make sense of
            raise CommandError(_("The file could not be read: %(error)s")
                               % {"error": error}, returncode=2) from None

    def _import(self, resource_class, dataset, user, file_name, *, dry_run):
        resource = resource_class(user=user)
        progress = Progress(getattr(self.stderr, "_out", sys.stderr), len(dataset))
        resource.on_row = progress
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False,
                                      user=user, file_name=file_name)
        progress.end()
        return result

    def _report(self, result, *, dry_run):
        totals = result.totals
        refused = result.invalid_rows
        failed = result.base_errors or result.error_rows
        if not refused and not failed:
            counts = {"new": f"{totals['new']:,}", "update": f"{totals['update']:,}",
                      "skip": f"{totals['skip']:,}"}
            if dry_run:
                self.stdout.write(_("Every row is valid; nothing was written (dry run): "
                                    "%(new)s would be created, %(update)s updated, %(skip)s "
                                    "left unchanged.") % counts)
            else:
                self.stdout.write(_("Imported: %(new)s created, %(update)s updated, %(skip)s "
                                    "left unchanged.") % counts)
            return
        for row in refused[:SHOWN_ERROR_ROWS]:
            line = _("Line %(line)s") % {"line": row.number + 1}
            for column, messages in row.field_specific_errors.items():
                for message in messages:
                    self.stderr.write(f"{line} · {column}: {message}")
            for message in row.non_field_specific_errors:
                self.stderr.write(f"{line}: {message}")
        if len(refused) > SHOWN_ERROR_ROWS:
            self.stderr.write(_("…and %(count)s more refused rows.")
                              % {"count": f"{len(refused) - SHOWN_ERROR_ROWS:,}"})
        for error in result.base_errors:
            self.stderr.write(str(error.error))
        for row in result.error_rows:
            for error in row.errors:
                self.stderr.write(f"{_('Line %(line)s') % {'line': row.number + 1}}: "
                                  f"{error.error}")
        count = len(refused) + len(result.error_rows)
        if count:
            raise CommandError(_("Nothing was imported: %(count)s rows were refused.")
                               % {"count": f"{count:,}"})
        raise CommandError(_("Nothing was imported: the import failed."))

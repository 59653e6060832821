"""Generate progress reports from the command line (for a scheduler such as cron):

    manage.py generate_progress_report --period year --year 2024 --user admin
    manage.py generate_progress_report --period cumulative --year 2024 --number 11 \\
        --line safety --user admin --submit --output var/reports

Each line of work is generated in turn, with a progress bar on standard error.
"""

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cuizhai.reports import catalogue, services
from cuizhai.reports.choices import FileFormat, PeriodKind
from cuizhai.reports.permissions import can_generate, can_submit

BAR_WIDTH = 30


class ProgressBar:
    """``[#####.....] 2/5 安全`` redrawn in place on a terminal, one line per step else."""

    def __init__(self, total, stream):
        self.total, self.done, self.stream = total, 0, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def _write(self, text):
        # The command's OutputWrapper: no ending added, no error colour on a progress bar.
        self.stream.write(text, style_func=str, ending="")

    def step(self, label):
        self.done += 1
        filled = BAR_WIDTH * self.done // self.total
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} {label}"
        self._write(("\r" + line) if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self._write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Generate a progress report (and optionally submit it and write its files)."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=PeriodKind.values, default=PeriodKind.YEAR)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--number", type=int, default=None,
                            help="The month (month, cumulative) or quarter.")
        parser.add_argument("--line", choices=[key for key, _label in catalogue.line_choices()],
                            default="", help="One line of work; all of them by default.")
        parser.add_argument("--user", required=True,
                            help="Who generates it (username): the 督办 items it may see.")
        parser.add_argument("--submit", action="store_true", help="Submit (freeze) it.")
        parser.add_argument("--output", default=None,
                            help="A folder to write the DOCX, XLSX and PDF into.")
        parser.add_argument("--base-url", default="",
                            help="The site's address, for the links in the files.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        if not can_generate(user) or (options["submit"] and not can_submit(user)):
            raise CommandError(_("%(name)s may not do this.") % {"name": user})
        lines = [options["line"]] if options["line"] else [""]
        steps = 1 + bool(options["submit"]) + (len(FileFormat.values) if options["output"]
                                              else 0)
        bar = None if options["no_progress"] else ProgressBar(steps, self.stderr)
        started = time.perf_counter()
        try:
            report = services.report_generate(
                period_kind=options["period"], year=options["year"],
                number=options["number"], line=lines[0], by=user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if bar:
            bar.step(_("figures read"))
        if options["submit"]:
            report = services.report_submit(report=report, by=user,
                                            base_url=options["base_url"])
            if bar:
                bar.step(_("submitted"))
        if options["output"]:
            folder = Path(options["output"])
            folder.mkdir(parents=True, exist_ok=True)
            for fmt in FileFormat.values:
                data = services.render_file(report, fmt, base_url=options["base_url"])
                (folder / f"{report.title}.{fmt}").write_bytes(data)
                if bar:
                    bar.step(fmt.upper())
        elapsed = time.perf_counter() - started
        self.stdout.write(_("Report %(id)s “%(title)s” (%(status)s) in %(seconds).2f s.") % {
            "id": report.pk, "title": report.title, "status": report.get_status_display(),
            "seconds": elapsed})

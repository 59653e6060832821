"""Writing progress reports: generate (a draft), generate again, submit (freeze).

Targets and sentence templates are written through the core's record services
(``record_create``/``record_update``), as every tracked record is.
"""

import hashlib
import time
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.services.records import claim_version
from cuizhai.reports import catalogue
from cuizhai.reports.choices import REPORT_LANGUAGE, FileFormat, ReportStatus
from cuizhai.reports.models import ProgressReport, ReportFile
from cuizhai.reports.periods import Period
from cuizhai.reports.permissions import can_generate_line
from cuizhai.reports.render.docx import render_docx
from cuizhai.reports.render.pdf import render_pdf
from cuizhai.reports.render.xlsx import render_xlsx
from cuizhai.reports.selectors import report_content, report_title

RENDERERS = {
    FileFormat.DOCX: lambda content, base_url, note: render_docx(content, submitted_note=note,
                                                                 base_url=base_url),
    FileFormat.XLSX: lambda content, base_url, note: render_xlsx(content, base_url=base_url,
                                                                 submitted_note=note),
    FileFormat.PDF: lambda content, base_url, note: render_pdf(content, base_url=base_url,
                                                               submitted_note=note),
}


def _line(line):
    line = line or ""
    if line and line not in catalogue.LINES_BY_KEY:
        raise ValidationError({"line": _("Choose a line of work, or none for all of them.")})
    return line


def _content(report, period, by):
    started = time.perf_counter()
    report.content = report_content(period, report.line)
    report.seconds = Decimal(f"{time.perf_counter() - started:.2f}")
    report.generated_at = timezone.now()
    report.generated_by = by


@transaction.atomic
def report_generate(*, period_kind, year, number=None, line="", by):
    """A draft report for the period and line, its figures read from the summaries now."""
    period = Period(period_kind, year, number)
    line = _line(line)
    if not can_generate_line(by, line):
        raise PermissionDenied(_("An office generates reports of its own line of work; all "
                                 "lines are the system administrator's."))
    report = ProgressReport(period_kind=period.kind, year=period.year, number=period.number,
                            line=line, title=report_title(period))
    _content(report, period, by)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_regenerate(*, report, by, expected_version=None):
    """Read a draft's figures again; a submitted report is frozen. ``expected_version``:
    the version the user read (None: whichever is stored)."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.is_submitted:
        raise ValidationError(_("A submitted report is frozen: generate a new one."))
    if not can_generate_line(by, report.line):
        raise PermissionDenied(_("An office generates again only the drafts of its own line "
                                 "of work."))
    claim_version(report, report.version if expected_version is None else expected_version)
    _content(report, report.period, by)
    report.full_clean()
    report.save()
    return report


def submitted_note(report):
    if not report.is_submitted:
        return ""
    when = timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
    with translation.override(REPORT_LANGUAGE):  # the files go upward in Chinese
        label = str(_("Submitted"))
    return f"{label} {when} {report.submitted_by.get_full_name() or report.submitted_by}"


def render_file(report, file_format, *, base_url=""):
    """A file of the report: as stored if it is submitted, else drawn from its content."""
    if report.is_submitted:
        stored = report.files.filter(format=file_format).first()
        if stored is not None:
            return bytes(stored.data)
    return RENDERERS[file_format](report.content, base_url, submitted_note(report))


@transaction.atomic
def report_submit(*, report, by, base_url="", expected_version=None):
    """Freeze the report: the figures it shows, its three files, who submitted it and when.
    The files are made before anything is written: a failure leaves a draft.
    ``expected_version``: the version the user previewed (None: whichever is stored); a
    report read again since is refused (``StaleVersion``)."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.is_submitted:
        raise ValidationError(_("This report was submitted already."))
    claim_version(report, report.version if expected_version is None else expected_version)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.full_clean()
    note = submitted_note(report)
    files = {fmt: RENDERERS[fmt](report.content, base_url, note) for fmt in FileFormat.values}
    report.save()
    for fmt, data in files.items():
        file = ReportFile(report=report, format=fmt, data=data, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest())
        file.full_clean()
        file.save()
    return report

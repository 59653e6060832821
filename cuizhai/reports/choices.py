from django.db import models
from django.utils.translation import gettext_lazy as _

# A report goes upward in Chinese, whoever generates or submits it and in whatever language
# they browse: its content, its files and its submitted note are all written in this one.
REPORT_LANGUAGE = "zh-hans"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    CUMULATIVE = "cumulative", _("January to month N (cumulative)")
    YEAR = "year", _("Year")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class FileFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"

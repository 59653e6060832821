from string import Formatter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.models import TrackedModel, YearField
from cuizhai.core.base.models.constraints import choices_constraint, unique, year_range
from cuizhai.reports.choices import FileFormat, PeriodKind, ReportStatus
from cuizhai.reports.periods import Period


class Target(TrackedModel):
    """The year's target for one headline figure of a line (planned investment, units to hand
    over, hazards to rectify, training person-times): the report shows its 完成率."""

    year = YearField(_("year"))
    # "<line>:<figure key>" of the catalogue; checked by clean() against the catalogue.
    key = models.CharField(_("figure"), max_length=120)
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2,
                                help_text=_("In the unit the figure is kept in (万元 for "
                                            "money, 亩 for land, a number for counts)."))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("year's target")
        verbose_name_plural = _("targets")
        ordering = ("-year", "key")
        constraints = [
            year_range(),
            unique("year", "key", rule="one_per_figure",
                   message=_("This figure already has a target for that year.")),
            models.CheckConstraint(condition=models.Q(value__gt=0),
                                   name="%(app_label)s_%(class)s_positive",
                                   violation_error_message=_("A target must be above zero.")),
        ]

    def __str__(self):
        from cuizhai.reports import catalogue

        headline = catalogue.headline(self.key)
        return f"{self.year} {headline.label if headline else self.key}"

    @property
    def line(self):
        return self.key.partition(":")[0]

    def clean(self):
        from cuizhai.reports import catalogue  # reads the apps' summaries: not at import

        super().clean()
        if self.key and catalogue.headline(self.key) is None:
            raise ValidationError({"key": _("Choose a figure of a line of work.")})


SENTENCE_FIELDS = {"period", "label", "value", "unit", "yoy", "mom", "completion", "target"}


def check_sentence(text):
    """Refuse a template with a placeholder it cannot fill, a malformed brace, or a format
    spec or conversion (``{value:d}``, ``{value!x}``): the values are text already, and a spec
    would make every later ``format()`` of the sentence fail."""
    try:
        fields = [(name, spec, conv) for _text, name, spec, conv in Formatter().parse(text)
                  if name is not None]
    except ValueError:
        raise ValidationError(_("A brace is not closed: write {period}, {value}…")) from None
    if any(spec or conv for _name, spec, conv in fields):
        raise ValidationError(_("Write a placeholder bare, as {value}: no format after "
                                "“:” or “!”."))
    names = {name for name, _spec, _conv in fields}
    unknown = names - SENTENCE_FIELDS
    if unknown or any(not name for name in names):
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Use %(allowed)s.")
            % {"names": ", ".join(sorted("{" + n + "}" for n in unknown)) or "{}",
               "allowed": ", ".join("{" + n + "}" for n in sorted(SENTENCE_FIELDS))})


class HeadlineTemplate(TrackedModel):
    """The office's wording of a headline sentence, replacing the default one."""

    key = models.CharField(_("figure"), max_length=120, unique=True)
    text = models.CharField(
        _("sentence"), max_length=300,
        help_text=_("Placeholders: {period} (1—11月), {label}, {value}, {unit}, {yoy} "
                    "(，同比增长…%), {mom} (，环比…), {completion} (，完成年度目标的…%), "
                    "{target}."))

    class Meta:
        verbose_name = _("headline sentence")
        verbose_name_plural = _("headline sentences")
        ordering = ("key",)

    def __str__(self):
        return self.text

    def clean(self):
        from cuizhai.reports import catalogue  # reads the apps' summaries: not at import

        super().clean()
        if self.key and catalogue.headline(self.key) is None:
            raise ValidationError({"key": _("Choose a figure of a line of work.")})
        if self.text:
            try:
                check_sentence(self.text)
            except ValidationError as error:
                raise ValidationError({"text": error.messages}) from None


class ProgressReport(models.Model):
    """A progress report (工作进展) for a period and one line of work or all of them.

    ``content`` holds everything the report shows, computed when it was generated from the
    summaries (figures, links, comparisons, targets, tables, overdue items): the preview and
    the files are drawn from it, never from the records again. Once submitted, the report and
    its files (``ReportFile``) are frozen."""

    period_kind = models.CharField(_("report period"), max_length=20, choices=PeriodKind.choices)
    year = YearField(_("year"))
    number = models.PositiveSmallIntegerField(_("month or quarter"), null=True, blank=True)
    line = models.CharField(_("line of work"), max_length=30, blank=True,
                            help_text=_("Empty: all lines."))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    title = models.CharField(_("title"), max_length=100)
    content = models.JSONField(_("content"), default=dict, editable=False)
    generated_at = models.DateTimeField(_("generated at"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT,
                                     related_name="+", verbose_name=_("generated by"))
    seconds = models.DecimalField(_("generation time (s)"), max_digits=8, decimal_places=2,
                                  default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("submitted by"))
    # Moves on at each regeneration and at submission: a submit names the version its
    # reader previewed, so that it never freezes figures read again since.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ("-generated_at", "-pk")
        permissions = [("submit_progressreport", _("Can submit a progress report"))]
        constraints = [
            year_range(),
            choices_constraint("period_kind", PeriodKind, message=_("Unknown period.")),
            choices_constraint("status", ReportStatus, message=_("Unknown status.")),
            models.CheckConstraint(
                condition=(models.Q(status=ReportStatus.DRAFT, submitted_at__isnull=True,
                                    submitted_by__isnull=True)
                           | models.Q(status=ReportStatus.SUBMITTED, submitted_at__isnull=False,
                                      submitted_by__isnull=False)),
                name="%(app_label)s_%(class)s_submitted_with_who_and_when",
                violation_error_message=_("A submitted report records who submitted it "
                                          "and when; a draft does not.")),
        ]

    def __str__(self):
        return self.title

    @property
    def period(self):
        return Period(self.period_kind, self.year, self.number)

    @property
    def is_submitted(self):
        return self.status == ReportStatus.SUBMITTED


class ReportFile(models.Model):
    """A file of a submitted report, kept as it was sent upward."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="files",
                               verbose_name=_("report"))
    format = models.CharField(_("format"), max_length=10, choices=FileFormat.choices)
    data = models.BinaryField(_("file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [
            unique("report", "format", rule="one_per_format",
                   message=_("The report already has a file of this format.")),
        ]

    def __str__(self):
        return f"{self.report} ({self.format})"

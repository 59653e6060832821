"""Progress reports in the admin: generate, preview, submit, download, drift; targets and
sentence templates as tracked records (written through the core's record services)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.summary import MAX_YEAR, MIN_YEAR
from cuizhai.reports import catalogue, selectors, services
from cuizhai.reports.api.views import base_url, file_response
from cuizhai.reports.choices import REPORT_LANGUAGE, FileFormat, PeriodKind
from cuizhai.reports.models import HeadlineTemplate, ProgressReport, Target
from cuizhai.reports.permissions import can_generate, can_regenerate, can_submit, can_view
from cuizhai.reports.render.html import context, render_html


class TargetForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("figure"), choices=())

    class Meta:
        model = Target
        fields = ("year", "key", "value", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", "---------"), *catalogue.headline_choices()]


@admin.register(Target)
class TargetAdmin(TrackedModelAdmin):
    list_display = ("year", "figure", "value", "unit", "note")
    list_filter = ("year",)
    search_fields = ("key", "note")
    ordering = ("-year", "key")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("TargetAdminForm", (TargetForm, self.form), {})
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("figure"), ordering="key")
    def figure(self, target):
        headline = catalogue.headline(target.key)
        line = catalogue.LINES_BY_KEY.get(target.line)
        return f"{line.label} — {headline.label}" if headline and line else target.key

    @admin.display(description=_("unit"))
    def unit(self, target):
        headline = catalogue.headline(target.key)
        return headline.source_unit if headline else ""


class HeadlineTemplateForm(TargetForm):
    class Meta:
        model = HeadlineTemplate
        fields = ("key", "text")
        widgets = {"text": forms.TextInput(attrs={"size": 80})}


@admin.register(HeadlineTemplate)
class HeadlineTemplateAdmin(TrackedModelAdmin):
    list_display = ("key", "text")
    search_fields = ("key", "text")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = type("HeadlineTemplateAdminForm", (HeadlineTemplateForm, self.form),
                              {})
        return super().get_form(request, obj, change, **kwargs)


class GenerateForm(forms.Form):
    period_kind = forms.ChoiceField(label=_("report period"), choices=PeriodKind.choices,
                                    initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    number = forms.IntegerField(label=_("month or quarter"), min_value=1, max_value=12,
                                required=False)
    line = forms.ChoiceField(label=_("line of work"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("All lines")), *catalogue.line_choices()]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("title", "line_label", "status", "generated_at", "generated_by",
                    "submitted_at", "submitted_by", "files")
    list_filter = ("status", "period_kind", "year")
    search_fields = ("title",)
    list_select_related = ("generated_by", "submitted_by")
    list_per_page = 50

    # --- permissions: reports are written by the services only ---------------------------
    def has_view_permission(self, request, obj=None):
        return can_view(request.user)

    def has_add_permission(self, request):
        return can_generate(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return can_view(request.user)

    # --- the list ----------------------------------------------------------------------------
    @admin.display(description=_("line of work"), ordering="line")
    def line_label(self, report):
        line = catalogue.LINES_BY_KEY.get(report.line)
        return line.label if line else _("All lines")

    @admin.display(description=_("files"))
    def files(self, report):
        links = [(reverse("admin:reports_progressreport_preview", args=[report.pk]),
                  _("Preview"))]
        links += [(reverse("admin:reports_progressreport_file", args=[report.pk, fmt]),
                   fmt.upper()) for fmt in FileFormat.values]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    # --- pages ---------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("generate/", view(self.generate_view), name="reports_progressreport_generate"),
            path("<int:pk>/preview/", view(self.preview_view),
                 name="reports_progressreport_preview"),
            path("<int:pk>/file/<str:file_format>/", view(self.file_view),
                 name="reports_progressreport_file"),
            path("<int:pk>/submit/", view(self.submit_view),
                 name="reports_progressreport_submit"),
            path("<int:pk>/regenerate/", view(self.regenerate_view),
                 name="reports_progressreport_regenerate"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:reports_progressreport_generate"))

    def _report(self, request, pk):
        if not can_view(request.user):
            raise PermissionDenied
        report = selectors.report_list().filter(pk=pk).first()
        if report is None:
            raise Http404
        return report

    def generate_view(self, request):
        if not can_generate(request.user):
            raise PermissionDenied
        form = GenerateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_generate(
                    period_kind=data["period_kind"], year=data["year"],
                    number=data["number"], line=data["line"], by=request.user)
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict",
                                             {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as error:
                form.add_error("line", str(error))
            else:
                self.message_user(request, _("The report was generated in %(seconds)s s.")
                                  % {"seconds": report.seconds}, messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:reports_progressreport_change", args=[report.pk]))
        return TemplateResponse(request, "admin/reports/progressreport/generate.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": _("Generate a progress report"), "form": form,
        })

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        report = self._report(request, int(object_id))
        drift = (selectors.report_drift(report)
                 if report.is_submitted and request.GET.get("drift") else None)
        with translation.override(REPORT_LANGUAGE):
            body = context(report.content, submitted_note=services.submitted_note(report))
        return TemplateResponse(request, "admin/reports/progressreport/detail.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": report.title, "report": report, "body": body, "drift": drift,
            "can_submit": can_submit(request.user) and not report.is_submitted,
            "can_regenerate": can_regenerate(request.user, report),
            "formats": FileFormat.values,
        })

    def preview_view(self, request, pk):
        report = self._report(request, pk)
        return HttpResponse(render_html(report.content,
                                        submitted_note=services.submitted_note(report)))

    def file_view(self, request, pk, file_format):
        report = self._report(request, pk)
        if file_format not in FileFormat.values:
            raise Http404
        return file_response(report, file_format, services.render_file(
            report, file_format, base_url=base_url(request)))

    def _post_action(self, request, pk, allowed, service, done):
        report = self._report(request, pk)
        if not allowed(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:reports_progressreport_change", args=[report.pk]))
        # The version the page showed: a report read again since is not what was seen.
        version = request.POST.get("version", "")
        try:
            service(report, int(version) if version.isdigit() else None)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:reports_progressreport_change", args=[report.pk]))

    def submit_view(self, request, pk):
        return self._post_action(
            request, pk, can_submit,
            lambda report, version: services.report_submit(
                report=report, by=request.user, base_url=base_url(request),
                expected_version=version),
            _("The report was submitted: its figures and files are frozen."))

    def regenerate_view(self, request, pk):
        return self._post_action(
            request, pk, can_generate,
            lambda report, version: services.report_regenerate(
                report=report, by=request.user, expected_version=version),
            _("The figures were read again from the records."))

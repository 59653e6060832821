"""Excel/CSV import in the admin, for any app's tracked records (the export is the
changelist's export buttons: ``cuizhai.core.base.admin.export``).

The import is django-import-export's two steps — upload and preview, then confirm — with the
file handling of our own: the file is checked against the limits before it is read
(``import_limits``), kept between the steps only in a private folder under a name bound to
the user's session (``import_uploads``), and deleted on confirmation or cancellation. A
confirmation that names anything else is answered 400 and reads no file.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult

from cuizhai.core.base import import_uploads
from cuizhai.core.base.export import XLSX_MEDIA_TYPE, content_disposition
from cuizhai.core.base.import_limits import (
    PREVIEW_ERROR_ROWS,
    PREVIEW_ROWS,
    read_dataset,
    read_upload,
)
from cuizhai.core.base.import_template import import_template
from cuizhai.core.base.imports import ExcelCSV


class FileImportExportMixin(ImportMixin):
    """Excel and CSV import (preview, then confirm; all rows or none) with a template file
    to fill in. Exports are every tracked changelist's (``TrackedModelAdmin``)."""

    import_formats = [XLSX, ExcelCSV]
    # The core's changelist (import, template, export buttons), not import_export's own.
    import_export_change_list_template = "admin/core/change_list.html"
    # An app's admin may point this at its own page extending admin/core/import.html.
    import_template_name = "admin/core/import.html"

    def get_resource_kwargs(self, request, *args, **kwargs):
        # Exports, previews and refused rows are shown to this user: personal values are
        # masked unless the user may see them.
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}

    def has_import_permission(self, request):
        # An import creates and changes records: it needs both rights (django-import-export
        # would otherwise let every staff user import).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        app_label, model_name = self.get_model_info()
        cancel = path("cancel_import/", self.admin_site.admin_view(self.cancel_import),
                      name=f"{app_label}_{model_name}_cancel_import")
        template = path("import/template/", self.admin_site.admin_view(self.import_template),
                        name=f"{app_label}_{model_name}_import_template")
        return [cancel, template, *super().get_urls()]

    def import_template(self, request):
        """The file to fill in: headers, an example row, drop-down lists for choices."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0](
            **self.get_import_resource_kwargs(request))
        title = _("%(records)s import template") % {
            "records": capfirst(self.opts.verbose_name_plural)}
        response = HttpResponse(import_template(resource), content_type=XLSX_MEDIA_TYPE)
        response["Content-Disposition"] = content_disposition(
            f"{title}.xlsx", f"{self.opts.model_name}-import-template.xlsx")
        return response

    # -- step 1: upload and preview -----------------------------------------------------
    def import_action(self, request, **kwargs):
        """Check the file against the limits, read it, run the import and roll it back;
        keep the file for the confirmation only if every row passed."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if not (request.method == "POST" and form.is_valid()):
            return self._import_page(request, form)
        upload = form.cleaned_data["import_file"]
        choice = form.cleaned_data["format"]
        input_format = self.get_import_formats()[int(choice)]()
        try:
            data = read_upload(upload)
            dataset = read_dataset(data, input_format)
        except ValidationError as error:
            form.add_error("import_file", error)
            return self._import_page(request, form)
        except Exception as error:  # a file the format's reader cannot make sense of
            self.add_data_read_fail_error_to_form(form, error)
            return self._import_page(request, form)
        if not dataset:
            form.add_error("import_file", _("The file holds no rows to import."))
            return self._import_page(request, form)

        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form, **kwargs)
        )
        result = resource.import_data(
            dataset, dry_run=True, raise_errors=False, file_name=upload.name,
            user=request.user, **self.get_import_data_kwargs(request=request, form=form,
                                                             **kwargs),
        )
        confirm_form = None
        if not (result.has_errors() or result.has_validation_errors()):
            resource_choice = form.cleaned_data.get("resource", "")
            token = import_uploads.keep(
                request, data=data, model=self.opts.label, format=choice,
                resource=resource_choice, original_name=upload.name,
            )
            confirm_form = self.get_confirm_form_class(request)(initial={
                "import_file_name": token, "original_file_name": upload.name,
                "format": choice, "resource": resource_choice,
            })
        return self._import_page(request, form, resources=[resource], result=result,
                                 confirm_form=confirm_form)

    # -- step 2: confirm or cancel ------------------------------------------------------
    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the file this user previewed; nothing the browser names but its token."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            pending = import_uploads.take(
                request, token=request.POST.get("import_file_name", ""),
                model=self.opts.label, format=request.POST.get("format", ""),
                resource=request.POST.get("resource", ""),
            )
        except import_uploads.ImportUnavailable as refusal:
            messages.error(request, str(refusal))
            return self._import_page(request, self.create_import_form(request, blank=True),
                                     status=400)
        try:
            input_format = self.get_import_formats()[int(pending.format)]()
            dataset = read_dataset(import_uploads.read(pending), input_format)
            form = self.get_confirm_form_class(request)(data={
                "import_file_name": pending.token, "original_file_name": pending.original_name,
                "format": pending.format, "resource": pending.resource,
            })
            form.is_valid()
            result = self.process_dataset(dataset, form, request,
                                          file_name=pending.original_name, **kwargs)
        except ValidationError as error:  # a limit lowered since the preview
            messages.error(request, " ".join(error.messages))
            return self._import_page(request, self.create_import_form(request, blank=True),
                                     status=400)
        finally:
            import_uploads.discard(pending)
        return self.process_result(result, request)

    @method_decorator(require_POST)
    def cancel_import(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if import_uploads.cancel(request, token=request.POST.get("import_file_name", "")):
            messages.info(request, _("Import cancelled; the uploaded file was deleted."))
        return HttpResponseRedirect(
            reverse("admin:{}_{}_import".format(*self.get_model_info()),
                    current_app=self.admin_site.name)
        )

    def process_result(self, result, request):
        """After "confirm": the rows are validated again, as the data may have changed
        since the preview. If any row fails now, nothing was saved; say so and show why."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        messages.error(request, _("Nothing was imported: correct the rows below and import "
                                  "the file again."))
        return self._import_page(request, self.create_import_form(request, blank=True),
                                 result=result)

    # -- the page -----------------------------------------------------------------------
    def create_import_form(self, request, blank=False):
        if not blank:
            return super().create_import_form(request)
        form_class = self.get_import_form_class(request)
        return form_class(self.get_import_formats(), self.get_import_resource_classes(request))

    def _import_page(self, request, form, *, resources=None, result=None, confirm_form=None,
                     status=200):
        if resources is None:
            resources = [resource_class(**self.get_import_resource_kwargs(request, form=form))
                         for resource_class in self.get_import_resource_classes(request)]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "confirm_form": confirm_form,
            "opts": self.opts,
            "media": self.media + form.media,
            "import_error_display": self.import_error_display,
            "fields_list": [
                (resource.get_display_name(),
                 [field.column_name for field in resource.get_user_visible_fields()])
                for resource in resources
            ],
        }
        if result is not None:
            context.update(result=result, **_preview_window(result))
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)


def _preview_window(result):
    """The rows the page shows, errors first, and how many more there are: a file of
    thousands of rows must not become a page of megabytes. Each row with errors is named
    by its line in the file as Excel numbers it (the header is line 1), and its cells are
    marked where a column has an error."""
    valid_rows = result.valid_rows()
    changed_rows = [row for row in valid_rows if row.import_type != RowResult.IMPORT_TYPE_SKIP]
    headers = [str(header) for header in result.diff_headers]
    totals = result.totals
    return {
        # Counted, whatever the rows shown: thousands of rows are summed up, not rendered.
        "counts": {"valid": f"{len(valid_rows):,}",
                   "new": f"{totals[RowResult.IMPORT_TYPE_NEW]:,}",
                   "update": f"{totals[RowResult.IMPORT_TYPE_UPDATE]:,}",
                   "skip": f"{totals[RowResult.IMPORT_TYPE_SKIP]:,}",
                   "invalid": f"{len(result.invalid_rows):,}"},
        "shown_error_rows": [_error_row(row, headers)
                             for row in result.invalid_rows[:PREVIEW_ERROR_ROWS]],
        "more_error_rows": max(0, len(result.invalid_rows) - PREVIEW_ERROR_ROWS),
        "shown_row_errors": [(number + 1, errors) for number, errors
                             in result.row_errors()[:PREVIEW_ERROR_ROWS]],
        # The rows that change something; the unchanged ones are only counted.
        "shown_rows": changed_rows[:PREVIEW_ROWS],
        "more_rows": max(0, len(changed_rows) - PREVIEW_ROWS),
        "valid_row_count": len(valid_rows),
    }


def _error_row(row, headers):
    bad = {str(column) for column in row.field_specific_errors}
    return {
        "line": row.number + 1,
        "field_errors": row.field_specific_errors,
        "other_errors": row.non_field_specific_errors,
        "cells": [(value, header in bad)
                  for header, value in zip(headers, row.values, strict=False)],
    }

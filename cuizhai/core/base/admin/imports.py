"""Excel/CSV import and export in the admin, for any app's tracked records."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from cuizhai.core.base.imports import ExcelCSV


class FileImportExportMixin(ImportExportMixin):
    """Excel and CSV import (preview, then confirm; all rows or none) and export."""

    import_formats = [XLSX, ExcelCSV]
    export_formats = [XLSX, ExcelCSV]
    # An app's admin may point this at its own page extending admin/core/import.html.
    import_template_name = "admin/core/import.html"

    def has_import_permission(self, request):
        # An import creates and changes records: it needs both rights (django-import-export
        # would otherwise let every staff user import).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        # ASCII: a Chinese name would be mangled in the Content-Disposition header.
        date = timezone.localdate().isoformat()
        return f"{self.opts.model_name}-{date}.{file_format.get_extension()}"

    def process_result(self, result, request):
        """After "confirm": the rows are validated again, as the data may have changed
        since the preview. If any row fails now, nothing was saved; say so and show why."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        messages.error(request, _("Nothing was imported: correct the rows below and import "
                                  "the file again."))
        resource_classes = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(self.get_import_formats(), resource_classes)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "result": result,
            "import_error_display": self.import_error_display,
            "media": self.media + form.media,
            "fields_list": [
                (resource_class.get_display_name(),
                 [field.column_name for field in resource_class().get_user_visible_fields()])
                for resource_class in resource_classes
            ],
        }
        return TemplateResponse(request, [self.import_template_name], context)

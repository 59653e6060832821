from django.contrib import admin

from cuizhai.core.base.admin.closed_loop import ClosedLoopAdmin
from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from tests.personal_app.models import SampleCase, SampleResident
from tests.personal_app.resources import SampleResidentResource


@admin.register(SampleResident)
class SampleResidentAdmin(FileImportExportMixin, TrackedModelAdmin):
    resource_classes = [SampleResidentResource]
    list_display = ("code", "name", "id_number", "mobile", "landline", "address",
                    "circumstances")
    search_fields = ("code", "name")


@admin.register(SampleCase)
class SampleCaseAdmin(ClosedLoopAdmin):
    pass

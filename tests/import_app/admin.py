from django.contrib import admin

from cuizhai.core.base.admin.imports import FileImportExportMixin
from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from tests.import_app.models import SampleAsset
from tests.import_app.resources import SampleAssetResource


@admin.register(SampleAsset)
class SampleAssetAdmin(FileImportExportMixin, TrackedModelAdmin):
    """The shared import admin, as every app registers its resources."""

    resource_classes = [SampleAssetResource]
    list_display = ("code", "name", "kind", "active", "amount", "date", "department")

from cuizhai.core.base.imports import TrackedResource, column
from tests.personal_app.models import SampleResident

PERSONAL_COLUMNS = ("id_number", "mobile", "landline", "address", "circumstances")


class SampleResidentResource(TrackedResource):
    code = column(SampleResident, "code")
    name = column(SampleResident, "name")
    id_number = column(SampleResident, "id_number")
    mobile = column(SampleResident, "mobile")
    landline = column(SampleResident, "landline")
    address = column(SampleResident, "address")
    circumstances = column(SampleResident, "circumstances")

    class Meta:
        model = SampleResident
        fields = ("code", "name", *PERSONAL_COLUMNS)
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True

from cuizhai.core.base.imports import (
    ChoiceWidget,
    DateWidget,
    DepartmentWidget,
    MoneyWidget,
    TrackedResource,
    YesNoWidget,
    column,
)
from tests.import_app import services
from tests.import_app.models import AssetKind, SampleAsset


class SampleAssetResource(TrackedResource):
    code = column(SampleAsset, "code")
    name = column(SampleAsset, "name")
    kind = column(SampleAsset, "kind", ChoiceWidget(AssetKind), saves_null_values=False)
    active = column(SampleAsset, "active", YesNoWidget())
    amount = column(SampleAsset, "amount", MoneyWidget())
    date = column(SampleAsset, "date", DateWidget())
    department = column(SampleAsset, "department", DepartmentWidget())

    class Meta:
        model = SampleAsset
        fields = ("code", "name", "kind", "active", "amount", "date", "department")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True
        use_bulk = True  # new rows are created together, by asset_bulk_create

    def create_record(self, *, data, by):
        return services.asset_create(data=data, by=by)

    def create_records(self, *, rows, by, reason):
        return services.asset_bulk_create(rows=rows, by=by, reason=reason)

    def update_record(self, *, instance, data, expected_version, by):
        return services.asset_update(
            asset=instance, data=data, expected_version=expected_version, by=by,
        )

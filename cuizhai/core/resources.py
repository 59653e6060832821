"""Import and export of the core's registers as Excel (xlsx) or CSV files.

Enterprises are matched on their credit code, so importing the same file twice updates
instead of duplicating, and saved through ``cuizhai.core.services.enterprises``, as the API
saves them.
"""

from cuizhai.core.base.imports import (
    MoneyWidget,
    TextWidget,
    TrackedResource,
    YesNoWidget,
    column,
)
from cuizhai.core.models import Enterprise
from cuizhai.core.services import enterprises

__all__ = ["EnterpriseResource"]


class CreditCodeWidget(TextWidget):
    # The row is matched on the code before it is saved: read it as the register keeps it.
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).replace(" ", "").upper()


class EnterpriseResource(TrackedResource):
    name = column(Enterprise, "name")
    credit_code = column(Enterprise, "credit_code", CreditCodeWidget())
    industry = column(Enterprise, "industry")
    park = column(Enterprise, "park")
    address = column(Enterprise, "address")
    is_relocating = column(Enterprise, "is_relocating", YesNoWidget())
    expected_output_value = column(Enterprise, "expected_output_value", MoneyWidget())

    class Meta:
        model = Enterprise
        fields = (
            "name", "credit_code", "industry", "park", "address", "is_relocating",
            "expected_output_value",
        )
        import_id_fields = ("credit_code",)
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def create_record(self, *, data, by):
        return enterprises.enterprise_create(data=data, by=by)

    def update_record(self, *, instance, data, expected_version, by):
        return enterprises.enterprise_update(
            enterprise=instance, data=data, expected_version=expected_version, by=by,
        )

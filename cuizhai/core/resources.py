"""Import and export of the core's registers as Excel (xlsx) or CSV files.

Each row is matched on a key the office already uses — an enterprise on its credit code, a
department and a village on their codes, a community on its name — so importing the same
file twice updates instead of duplicating. Enterprises are saved through
``cuizhai.core.services.enterprises``, the places through the record services, as the API
saves them. A real installation enters its departments, communities and villages this way
(villages after the communities that rehouse them).
"""

from cuizhai.core.base.imports import (
    ChoiceWidget,
    LookupWidget,
    MoneyWidget,
    TextWidget,
    TrackedResource,
    YesNoWidget,
    column,
)
from cuizhai.core.choices import CommunityKind
from cuizhai.core.models import Community, Department, Enterprise, Village

__all__ = ["CommunityResource", "DepartmentResource", "EnterpriseResource", "VillageResource"]


class RegisterImportOptions:
    """What every register's import does: validate each row in full, leave unchanged rows
    alone, save all rows or none, and create the new ones together (``create_records``)."""

    clean_model_instances = True
    skip_unchanged = True
    use_transactions = True
    use_bulk = True


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

    class Meta(RegisterImportOptions):
        model = Enterprise
        fields = (
            "name", "credit_code", "industry", "park", "address", "is_relocating",
            "expected_output_value",
        )
        import_id_fields = ("credit_code",)


class DepartmentResource(TrackedResource):
    name = column(Department, "name")
    code = column(Department, "code")
    phone = column(Department, "phone")
    is_active = column(Department, "is_active", YesNoWidget())

    class Meta(RegisterImportOptions):
        model = Department
        fields = ("name", "code", "phone", "is_active")
        import_id_fields = ("code",)


class CommunityResource(TrackedResource):
    name = column(Community, "name")
    kind = column(Community, "kind", ChoiceWidget(CommunityKind))
    address = column(Community, "address")

    class Meta(RegisterImportOptions):
        model = Community
        fields = ("name", "kind", "address")
        import_id_fields = ("name",)


class VillageResource(TrackedResource):
    name = column(Village, "name")
    code = column(Village, "code")
    is_relocated = column(Village, "is_relocated", YesNoWidget())
    resettled_in = column(Village, "resettled_in", LookupWidget(Community, ["name"]))

    class Meta(RegisterImportOptions):
        model = Village
        fields = ("name", "code", "is_relocated", "resettled_in")
        import_id_fields = ("code",)

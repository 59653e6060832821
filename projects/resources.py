"""Import and export of projects as Excel (xlsx) or CSV files (enterprises are the core's
register: ``cuizhai.core.resources``).

The reading of the files (localized headers, choices by label, yes/no, GBK CSV, all or
nothing, the version check) is the core's (``cuizhai.core.base.imports``); here the department is
given by name (or code), the owner enterprise by name or credit code, the lead official
(包挂领导（人员）) by the name of a person of the register — the text column 包挂领导 keeps
a lead no person matches —, and projects are saved
through ``projects.services`` (legal status moves, funding not above the total investment),
as the API saves them. Rows are matched on the project code, so importing the same file twice
updates instead of duplicating.
"""

from cuizhai.core.base.imports import (
    ChoiceWidget,
    DateWidget,
    DepartmentWidget,
    EnterpriseWidget,
    ExcelCSV,
    IntegerWidget,
    MoneyWidget,
    PersonWidget,
    TrackedResource,
    YesNoWidget,
    column,
)
from projects.choices import BatchStage, ProjectCategory, ProjectStatus
from projects.models import Project

__all__ = ["ExcelCSV", "ProjectResource"]


class ProjectResource(TrackedResource):
    code = column(Project, "code")
    name = column(Project, "name")
    category = column(Project, "category", ChoiceWidget(ProjectCategory),
                      saves_null_values=False)
    stage = column(Project, "stage", ChoiceWidget(BatchStage), saves_null_values=False)
    status = column(Project, "status", ChoiceWidget(ProjectStatus), saves_null_values=False)
    plan_year = column(Project, "plan_year", IntegerWidget())
    total_investment = column(Project, "total_investment", MoneyWidget())
    owner_enterprise = column(Project, "owner_enterprise", EnterpriseWidget())
    owner_name = column(Project, "owner_name")
    department = column(Project, "department", DepartmentWidget())
    lead = column(Project, "lead", PersonWidget())
    lead_official = column(Project, "lead_official")
    location = column(Project, "location")
    is_relocation = column(Project, "is_relocation", YesNoWidget())
    planned_start = column(Project, "planned_start", DateWidget())
    planned_completion = column(Project, "planned_completion", DateWidget())
    actual_start = column(Project, "actual_start", DateWidget())
    actual_completion = column(Project, "actual_completion", DateWidget())
    progress_percent = column(Project, "progress_percent", IntegerWidget(), default=0)
    description = column(Project, "description")

    class Meta:
        model = Project
        fields = (
            "code", "name", "category", "stage", "status", "plan_year", "total_investment",
            "owner_enterprise", "owner_name", "department", "lead", "lead_official", "location",
            "is_relocation", "planned_start", "planned_completion", "actual_start",
            "actual_completion", "progress_percent", "description",
        )
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        use_bulk = True  # a file of thousands of new projects is created in batches

    def get_queryset(self):
        return Project.objects.select_related("owner_enterprise", "department", "lead")

"""Importing projects from Excel and CSV through the admin: a preview, then
a confirmation; every row valid or nothing saved; the same file twice updates, never
duplicates. The files are built here, as the staff would fill them in. How any file is read
(headers, encodings, blank lines, duplicates, versions) is tested once, on a test-only model,
in tests/core/test_import_machinery.py."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from projects.choices import ProjectStatus
from projects.models import Project
from tests.factories import DepartmentFactory
from tests.import_files import (
    XLSX,
    client_for,
    confirm,
    headers,
    import_file,
    invalid_rows,
    preview,
    xlsx_upload,
)
from tests.projects.factories import (
    EnterpriseFactory,
    FundingLineFactory,
    ProjectFactory,
    credit_code,
)

PROJECT_COLUMNS = ["code", "name", "category", "stage", "status", "plan_year",
                   "total_investment", "owner_enterprise", "owner_name", "department",
                   "lead_official", "is_relocation", "planned_start", "progress_percent"]


@pytest.fixture
def office(projects_editor):
    return client_for(projects_editor)


@pytest.fixture
def places(db):
    return {
        "department": DepartmentFactory(name="项目服务中心"),
        "byd": EnterpriseFactory(name="比亚迪汽车工业有限公司济南分公司",
                                 credit_code=credit_code(77)),
        "anbo": EnterpriseFactory(name="济南安博置业有限公司"),
    }


def project_rows(places, *overrides):
    """A header row and four good projects; ``overrides`` are (row index, column, value)."""
    with translation.override("zh-hans"):
        industry = str(Project._meta.get_field("category").choices[1][1])
        started = "Started"  # the English label is accepted too
    rows = [
        headers(Project, PROJECT_COLUMNS),
        ["QD-2024-001", "比亚迪济南基地三期", industry, "planned", "", 2024, 320000,
         places["byd"].credit_code.lower(), "", "项目服务中心", "王强", "是",
         datetime.date(2024, 4, 1), 0],
        ["QD-2024-002", "会展中心A-1", "infrastructure", started, "construction", 2023,
         "86,500.50", "", "崔寨街道办事处", "项目服务中心", "", "否",
         "2023-06-18", 35],
        ["QD-2024-003", "安博一期", "urban_development", "started", "Under construction",
         2023, 120000, places["anbo"].name, "", "项目服务中心", "", "",
         "2023/3/1", 60],
        ["QD-2024-004", "崔寨中学扩建", "public_service", "reserve", "planning", 2025, 9800,
         "", "崔寨街道办事处", "项目服务中心", "", "", None, None],
    ]
    for index, column, value in overrides:
        rows[index][PROJECT_COLUMNS.index(column)] = value
    return rows


# -- projects from Excel -------------------------------------------------------------------


def test_a_good_excel_file_of_projects_previews_then_imports(office, places):
    upload = xlsx_upload(project_rows(places))

    previewed = preview(office, Project, upload, XLSX)

    assert previewed.status_code == 200
    result = previewed.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new"] * 4
    assert previewed.context["confirm_form"] is not None
    assert not Project.objects.exists()  # a preview saves nothing

    confirmed = confirm(office, Project, previewed)

    assert confirmed.status_code == 302
    assert Project.objects.count() == 4
    byd = Project.objects.get(code="QD-2024-001")
    assert (byd.category, byd.stage, byd.status) == ("industry", "planned", "planning")
    assert byd.owner_enterprise == places["byd"]
    assert byd.department == places["department"]
    assert byd.is_relocation is True
    assert byd.planned_start == datetime.date(2024, 4, 1)
    expo = Project.objects.get(code="QD-2024-002")
    assert (expo.stage, expo.status) == ("started", "construction")
    assert expo.total_investment == Decimal("86500.50")
    assert expo.owner_name == "崔寨街道办事处" and expo.owner_enterprise is None
    anbo = Project.objects.get(code="QD-2024-003")
    assert anbo.owner_enterprise == places["anbo"]
    assert anbo.planned_start == datetime.date(2023, 3, 1)
    assert anbo.status == ProjectStatus.CONSTRUCTION
    school = Project.objects.get(code="QD-2024-004")
    assert (school.progress_percent, school.planned_start) == (0, None)
    assert "重点项目.xlsx" in byd.history.get().history_change_reason


def test_importing_the_same_file_twice_updates_and_does_not_duplicate(office, places):
    rows = project_rows(places)
    assert import_file(office, Project, xlsx_upload(rows), XLSX).status_code == 302

    again = preview(office, Project, xlsx_upload(rows), XLSX)
    assert [row.import_type for row in again.context["result"].rows] == ["skip"] * 4
    assert confirm(office, Project, again).status_code == 302
    changed = project_rows(places, (2, "progress_percent", 40))
    assert import_file(office, Project, xlsx_upload(changed), XLSX).status_code == 302

    assert Project.objects.count() == 4
    expo = Project.objects.get(code="QD-2024-002")
    assert (expo.progress_percent, expo.version) == (40, 2)
    assert Project.objects.get(code="QD-2024-001").version == 1


@pytest.mark.parametrize("column,value,reason", [
    ("total_investment", -5, "The total investment cannot be negative."),
    ("department", "不存在的科室", "There is no department “不存在的科室”."),
    ("category", "农业", "“农业” is not one of the choices"),
    ("plan_year", "明年", "“明年” is not a number."),
    ("planned_start", "三月", "“三月” is not a date"),
    ("owner_enterprise", "查无此企业", "There is no enterprise “查无此企业”."),
    ("owner_name", "崔寨街道办事处", "not both"),  # an enterprise *and* a public body
])
def test_one_bad_row_imports_nothing_and_is_named_with_its_reason(
        projects_editor, places, column, value, reason):
    english = client_for(projects_editor, "en")
    ProjectFactory(code="QD-2024-004", name="旧名称", department=places["department"],
                   stage="reserve", plan_year=2025)
    before = list(Project.objects.values_list("code", "name", "version"))
    upload = xlsx_upload(project_rows(places, (3, column, value)))

    previewed = preview(english, Project, upload, XLSX)

    assert previewed.status_code == 200
    assert previewed.context.get("confirm_form") is None
    errors = invalid_rows(previewed)
    assert list(errors) == [3]
    assert any(reason in message for message in errors[3]), errors
    page = previewed.content.decode()
    assert "Line 4" in page and "Row 3" not in page  # the line as Excel numbers it
    assert list(Project.objects.values_list("code", "name", "version")) == before


def test_an_illegal_status_change_in_a_file_is_refused(projects_editor, places):
    english = client_for(projects_editor, "en")
    ProjectFactory(code="QD-2024-003", completed=True, department=places["department"])
    upload = xlsx_upload(project_rows(places))  # says "under construction" for row 3

    previewed = preview(english, Project, upload, XLSX)

    errors = invalid_rows(previewed)
    assert list(errors) == [3]
    assert any("cannot go from" in message for message in errors[3])
    assert Project.objects.get(code="QD-2024-003").status == ProjectStatus.COMPLETED
    assert Project.objects.count() == 1


def test_a_total_below_the_funding_lines_is_refused(projects_editor, places):
    english = client_for(projects_editor, "en")
    project = ProjectFactory(code="QD-2024-004", stage="reserve", plan_year=2025,
                             total_investment=Decimal("20000"),
                             department=places["department"])
    FundingLineFactory(project=project, amount=Decimal("15000"))
    upload = xlsx_upload(project_rows(places))  # 9800 for QD-2024-004

    previewed = preview(english, Project, upload, XLSX)

    errors = invalid_rows(previewed)
    assert list(errors) == [4]
    assert any("more than the project's total investment" in m for m in errors[4])
    project.refresh_from_db()
    assert project.total_investment == Decimal("20000")


# -- the lead official, a person of the register -------------------------------------------


def test_the_lead_official_is_linked_to_a_person_by_name(office, projects_editor, places):
    from cuizhai.core.models import Person

    lead = Person.objects.create(name="李新华", kind="cadre")
    for _twice in range(2):  # two people of one name: which one is meant is not guessed
        Person.objects.create(name="王强", kind="cadre")
    columns = [*PROJECT_COLUMNS, "lead"]
    rows = [[*row, ""] for row in project_rows(places)]
    rows[0] = headers(Project, columns)
    rows[1][-1] = "李新华"
    rows[1][PROJECT_COLUMNS.index("lead_official")] = ""
    rows[2][PROJECT_COLUMNS.index("lead_official")] = "赵六 副主任"  # no such person: text

    assert import_file(office, Project, xlsx_upload(rows), XLSX).status_code == 302

    first, second = Project.objects.order_by("code")[:2]
    assert (first.lead, first.lead_official) == (lead, "")
    assert (second.lead, second.lead_official) == (None, "赵六 副主任")

    rows[3][-1] = "王强"
    rows[4][-1] = "张三"
    refused = invalid_rows(preview(client_for(projects_editor, "en"), Project,
                                   xlsx_upload(rows), XLSX))
    assert refused == {
        3: ["“王强” names 2 records of the person register: tell them apart there, or "
            "choose the record on its page."],
        4: ["There is no person “张三”."],
    }

"""A real installation enters its departments, communities and villages from Excel or CSV
files in the admin, as the office keeps them; the system administrator keeps the places."""

import pytest

from cuizhai.core.models import Community, Department, Village
from tests.import_files import CSV, client_for, csv_upload, headers, import_file, invalid_rows
from tests.import_files import preview as preview_import

pytestmark = pytest.mark.django_db

DEPARTMENT_COLUMNS = ["name", "code", "phone", "is_active"]
COMMUNITY_COLUMNS = ["name", "kind", "address"]
VILLAGE_COLUMNS = ["name", "code", "is_relocated", "resettled_in"]


@pytest.fixture
def sysadmin(admin_user_):
    return client_for(admin_user_)


def departments_file(*rows):
    return csv_upload([headers(Department, DEPARTMENT_COLUMNS), *rows], name="部门.csv")


def test_departments_communities_and_villages_import_in_turn(sysadmin):
    assert import_file(sysadmin, Department, departments_file(
        ["党政办公室", "dzb", "0531-88880001", "是"],
        ["应急管理办公室", "yjb", "", "是"],
    ), CSV).status_code == 302
    assert import_file(sysadmin, Community, csv_upload([
        headers(Community, COMMUNITY_COLUMNS),
        ["崔寨理想社区", "理想社区（安置）", "崔寨街道安置区1号"],
    ], name="社区.csv"), CSV).status_code == 302
    assert import_file(sysadmin, Village, csv_upload([
        headers(Village, VILLAGE_COLUMNS),
        ["东营村", "370113106201", "是", "崔寨理想社区"],
        ["西营村", "370113106202", "否", ""],
    ], name="村庄.csv"), CSV).status_code == 302

    assert sorted(Department.objects.values_list("code", flat=True)) == ["dzb", "yjb"]
    assert Community.objects.get().kind == "ideal"
    dongying = Village.objects.get(code="370113106201")
    assert dongying.is_relocated and dongying.resettled_in.name == "崔寨理想社区"
    assert Village.objects.get(code="370113106202").resettled_in is None
    # The history names the importer, as for any edit.
    assert dongying.history.first().history_user is not None


def test_importing_the_same_file_twice_updates_instead_of_duplicating(sysadmin):
    rows = [["党政办公室", "dzb", "0531-88880001", "是"]]
    assert import_file(sysadmin, Department, departments_file(*rows), CSV).status_code == 302
    renamed = [["党政综合办公室", "dzb", "0531-88880001", "是"]]
    assert import_file(sysadmin, Department, departments_file(*renamed), CSV).status_code == 302
    department = Department.objects.get()
    assert (department.name, department.version) == ("党政综合办公室", 2)


def test_a_bad_row_refuses_the_whole_file_and_says_why(sysadmin):
    upload = csv_upload([
        headers(Village, VILLAGE_COLUMNS),
        ["东营村", "370113106201", "是", ""],
        ["南营村", "3701", "否", "不存在的社区"],  # a short code and an unknown community
    ], name="村庄.csv")
    previewed = preview_import(sysadmin, Village, upload, CSV)
    assert previewed.status_code == 200
    assert previewed.context["confirm_form"] is None
    errors = invalid_rows(previewed)
    messages = " ".join(str(m) for row in errors.values() for m in row)
    assert "不存在的社区" in messages
    assert not Village.objects.exists()


def test_an_office_may_not_import_places(projects_editor):
    office = client_for(projects_editor)
    response = preview_import(office, Department, departments_file(["党政办公室", "dzb", "", "是"]),
                              CSV)
    assert response.status_code == 403
    assert not Department.objects.exists()

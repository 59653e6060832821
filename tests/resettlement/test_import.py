"""The resettlement office's Excel lists imported as a clerk imports them: households, then
their roster (members keyed by household number), and a community's unit list (the building
found by community + number), from the admin's import page and from ``import_rows``. All or
nothing: a refused file changes nothing, and says which line and column is wrong and why."""

import datetime
import io
from decimal import Decimal

import pytest
import tablib
from django.core.management import CommandError, call_command

from cuizhai.core import roles
from resettlement.models import Household, HouseholdMember, HousingUnit
from tests.factories import CommunityFactory, VillageFactory
from tests.import_files import (
    XLSX,
    client_for,
    headers,
    import_file,
    invalid_rows,
    preview,
    xlsx_upload,
)
from tests.resettlement import factories as f
from tests.support.users import make_user, with_model_rights

pytestmark = pytest.mark.django_db

HOUSEHOLD_COLUMNS = ("code", "village", "head_name", "head_id_number", "head_phone",
                     "entitled_area", "status", "contract_date", "cadre")
MEMBER_COLUMNS = ("household", "name", "relation", "id_number")
UNIT_COLUMNS = ("building", "entrance", "floor", "room", "area", "layout")
HEAD_A, HEAD_B = f.synthetic_id(101), f.synthetic_id(102)
CHILD_A = f.synthetic_id(103, datetime.date(1998, 5, 4))


def wrong_check_character(number):
    last = "0" if number[-1] != "0" else "1"
    return number[:-1] + last


@pytest.fixture
def office():
    return client_for(make_user("resettlement-clerk", roles.office_group("resettlement")),
                      "zh-hans")


@pytest.fixture
def village():
    return VillageFactory(name="崔寨村", relocated=True)


def household_rows(village, changes=None):
    rows = [headers(Household, HOUSEHOLD_COLUMNS),
            ["CZ-001", village.name, "张甲", HEAD_A.lower(), "138 0000 1234", "120.5", "已签约",
             "2024-03-01", "包户干部甲"],
            ["CZ-002", village.code, "李乙", HEAD_B, "", 96, "", "", ""]]
    for (line, name), value in (changes or {}).items():
        rows[line][HOUSEHOLD_COLUMNS.index(name)] = value
    return rows


def test_households_then_their_roster_import_from_the_admin(office, village):
    cadre = f.PersonFactory(name="包户干部甲")

    response = import_file(office, Household, xlsx_upload(household_rows(village),
                                                          "被安置户.xlsx"), XLSX)

    assert response.status_code == 302
    first, second = Household.objects.order_by("code")
    assert (first.village, first.head_id_number, first.head_phone, first.status,
            first.contract_date, first.cadre, first.entitled_area) == (
        village, HEAD_A, "13800001234", "signed", datetime.date(2024, 3, 1), cadre,
        Decimal("120.50"))
    assert (second.village, second.status, second.cadre) == (village, "registered", None)
    assert first.history.get().history_change_reason == "从 被安置户.xlsx 导入"

    roster = [headers(HouseholdMember, MEMBER_COLUMNS),
              ["CZ-001", "张甲", "户主", HEAD_A],
              ["CZ-001", "张小甲", "子女", CHILD_A],
              ["CZ-002", "李乙", "户主", HEAD_B]]
    response = import_file(office, HouseholdMember, xlsx_upload(roster, "花名册.xlsx"), XLSX)

    assert response.status_code == 302
    assert sorted(first.members.values_list("name", "relation", "id_number")) == [
        ("张小甲", "child", CHILD_A), ("张甲", "head", HEAD_A)]
    assert second.members.count() == 1


def test_a_refused_households_file_changes_nothing_and_says_why(office, village):
    stored = f.HouseholdFactory(code="CZ-OLD", head_name="王丙")
    rows = household_rows(village, {
        (1, "head_id_number"): wrong_check_character(HEAD_A),   # the check character
        (2, "village"): "无此村",
        (2, "head_phone"): "12345",
    })
    rows.append(["CZ-OLD", village.name, "王丙改", HEAD_A, "", 80, "", "", ""])

    previewed = preview(office, Household, xlsx_upload(rows, "被安置户.xlsx"), XLSX)

    assert previewed.status_code == 200
    assert previewed.context["confirm_form"] is None  # nothing can be confirmed
    errors = invalid_rows(previewed)
    assert any("校验码" in message for message in errors[1]), errors
    assert any("不存在村庄“无此村”" in message for message in errors[2]), errors
    assert any("电话" in message or "号码" in message for message in errors[2]), errors
    assert Household.objects.get() == stored
    stored.refresh_from_db()
    assert stored.head_name == "王丙"


def test_the_preview_masks_id_numbers_for_an_importer_without_the_personal_right(village):
    user = with_model_rights(make_user("no-personal"), Household)
    browser = client_for(user, "zh-hans")

    previewed = preview(browser, Household, xlsx_upload(household_rows(village, {
        (2, "village"): "无此村"})), XLSX)

    page = previewed.content.decode()
    assert HEAD_A not in page and HEAD_B not in page and "13800001234" not in page
    assert HEAD_B[:3] in page  # masked, not dropped


def test_members_name_a_stored_household_and_a_person_only_once(office):
    household = f.HouseholdFactory(code="CZ-010")
    f.HouseholdMemberFactory(household=household, id_number=HEAD_B)
    roster = [headers(HouseholdMember, MEMBER_COLUMNS),
              ["CZ-010", "赵丁", "户主", HEAD_A],
              ["CZ-999", "钱戊", "子女", CHILD_A],
              ["CZ-010", "孙己", "配偶", HEAD_A]]

    previewed = preview(office, HouseholdMember, xlsx_upload(roster, "花名册.xlsx"), XLSX)

    errors = invalid_rows(previewed)
    assert "不存在被安置户“CZ-999”。" in errors[2]
    assert any("只能出现一次" in message for message in errors[3]), errors
    assert household.members.count() == 1


# -- a community's unit list, from the command -------------------------------------------------

@pytest.fixture
def buildings():
    east, west = CommunityFactory(name="崔寨东苑"), CommunityFactory(name="崔寨西苑")
    return {
        ("崔寨东苑", "1"): f.BuildingFactory(community=east, number="1", floors=6),
        ("崔寨西苑", "1"): f.BuildingFactory(community=west, number="1", floors=18),
    }


def unit_file(path, rows, language="zh-hans"):
    from django.utils import translation

    with translation.override(language):
        community = str(HousingUnit._meta.get_field("building").related_model
                        ._meta.get_field("community").verbose_name)
    dataset = tablib.Dataset(*rows, headers=[community, *headers(HousingUnit, UNIT_COLUMNS,
                                                                 language)])
    path.write_bytes(("\ufeff" + dataset.export("csv")).encode("utf-8"))
    return path


def import_rows(path, model="resettlement.HousingUnit", *options):
    out, err = io.StringIO(), io.StringIO()
    make_user("unit-clerk", roles.office_group("resettlement"))
    try:
        call_command("import_rows", model, str(path), "--user", "unit-clerk", "--language",
                     "zh-hans", *options, stdout=out, stderr=err)
    except CommandError as error:
        return error, err.getvalue()
    return None, out.getvalue()


def test_a_unit_list_finds_each_building_by_community_and_number(tmp_path, buildings):
    rows = [["崔寨东苑", "1", "1", 5, "502", "89.5", "两室一厅"],
            ["崔寨西苑", 1, 2, 12, 1201, 120, "3b2l"]]

    error, out = import_rows(unit_file(tmp_path / "units.csv", rows))

    assert error is None, out
    assert "新建 2 条" in out
    east, west = (buildings[("崔寨东苑", "1")], buildings[("崔寨西苑", "1")])
    assert list(east.units.values_list("entrance", "floor", "room", "area", "layout",
                                       "status")) == [
        ("1", 5, "502", Decimal("89.50"), "2b1l", "available")]
    assert list(west.units.values_list("entrance", "room", "layout")) == [
        ("2", "1201", "3b2l")]

    # The same file again changes nothing: its rows name the units it created.
    error, out = import_rows(unit_file(tmp_path / "units.csv", rows))
    assert error is None, out
    assert "新建 0 条，更新 0 条，2 条无变化" in out
    assert HousingUnit.objects.count() == 2
    assert HousingUnit.history.count() == 2


def test_a_refused_unit_list_writes_nothing_and_names_each_line(tmp_path, buildings):
    f.HousingUnitFactory(building=buildings[("崔寨东苑", "1")], entrance="1", room="101",
                         floor=1)
    rows = [["崔寨东苑", "1", "1", 2, "201", "90", "两室一厅"],
            ["崔寨东苑", "9", "1", 2, "202", "90", "两室一厅"],      # no building 9
            ["崔寨东苑", "1", "1", 7, "701", "90", "两室一厅"],      # above the 6th floor
            ["崔寨南苑", "1", "1", 2, "203", "90", "两室一厅"],      # no such community
            ["崔寨西苑", "1", "1", 3, "301", "0", "两室一厅"],      # no area
            ["崔寨西苑", "1", "1", 3, "302", "90", "三室"]]         # no such layout

    error, err = import_rows(unit_file(tmp_path / "units.csv", rows))

    assert error is not None and error.returncode == 1
    lines = [line for line in err.splitlines() if line.startswith("第")]
    assert any(line.startswith("第 3 行 · 楼栋") and "崔寨东苑" in line and "“9”" in line
               for line in lines), lines
    assert any(line.startswith("第 4 行") and "6" in line for line in lines), lines
    assert any(line.startswith("第 5 行 · 社区") and "崔寨南苑" in line for line in lines), lines
    assert any(line.startswith("第 6 行") and "面积" in line for line in lines), lines
    assert any(line.startswith("第 7 行 · 户型") for line in lines), lines
    assert not any(line.startswith("第 2 行") for line in lines), lines
    assert HousingUnit.objects.count() == 1


def test_a_unit_list_imports_from_the_admin_page(office, buildings):
    rows = [["社区", *headers(HousingUnit, UNIT_COLUMNS)],
            ["崔寨西苑", "1", "1", 3, "301", "90", "两室一厅"],
            ["崔寨西苑", "1", "1", 3, "302", "90", "两室一厅"]]

    response = import_file(office, HousingUnit, xlsx_upload(rows, "西苑房源.xlsx"), XLSX)

    assert response.status_code == 302
    assert sorted(buildings[("崔寨西苑", "1")].units.values_list("room", flat=True)) == [
        "301", "302"]


def test_the_import_template_has_the_community_column(office, buildings):
    import openpyxl

    response = office.get("/admin/resettlement/housingunit/import/template/")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [
        "社区", *headers(HousingUnit, UNIT_COLUMNS)]


def test_members_import_by_the_command(tmp_path, village):
    household = f.HouseholdFactory(code="CZ-020", village=village)
    dataset = tablib.Dataset(["CZ-020", "周庚", "户主", HEAD_A],
                             headers=headers(HouseholdMember, MEMBER_COLUMNS))
    path = tmp_path / "roster.csv"
    path.write_bytes(dataset.export("csv").encode("gbk"))

    error, out = import_rows(path, "resettlement.HouseholdMember")

    assert error is None, out
    assert household.members.get().id_number == HEAD_A

"""The safety ledger (安全台账) imported back: an exported ledger re-imports to the same
ledger, through the admin's import page and ``manage.py import_rows``; all rows or none,
each refused row named by its line and the ledger column at fault; the verification rules
hold on an imported hazard as on one signed off in the system."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.choices import WorkflowStatus
from cuizhai.core.models import WorkflowTransition
from safety.models import Hazard
from tests.factories import DepartmentFactory, VillageFactory
from tests.import_files import XLSX, confirm, invalid_rows, preview, xlsx_upload
from tests.projects.factories import EnterpriseFactory
from tests.safety import factories as f
from tests.safety.test_ledger import COLUMNS, hazards  # noqa: F401 (the fixture)
from tests.support.exports import read_xlsx
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SAFETY = roles.office_group("safety")
LEAD = "安全办负责人"


def exported_ledger(client):
    response = client.get(reverse("admin:safety_hazard_export_ledger"))
    return read_xlsx(response)


def as_upload(rows, name="安全台账.xlsx"):
    return xlsx_upload(rows, name)


def ledger_data(rows):
    """The ledger's hazard rows (the title lines and any totals line left out)."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == "序号")
    return [row for row in rows[start + 1:] if isinstance(row[0], int)]


def test_an_exported_ledger_imports_back_to_the_same_ledger(hazards, client):  # noqa: F811
    clerk = make_user("clerk", SAFETY)
    client.force_login(clerk)
    exported = exported_ledger(client)
    before = ledger_data(exported)
    assert len(before) == 2
    # The register loses them (another installation, a ledger kept in Excel till now).
    WorkflowTransition.objects.all().delete()
    Hazard.objects.all().delete()

    previewed = preview(client, Hazard, as_upload(exported), XLSX)
    assert previewed.status_code == 200
    assert previewed.context["confirm_form"] is not None, invalid_rows(previewed)
    confirmed = confirm(client, Hazard, previewed)
    assert confirmed.status_code == 302

    assert ledger_data(exported_ledger(client)) == before
    major = Hazard.objects.get(severity="major")
    assert (major.status, major.verified_by.username, major.resolved_by) == (
        WorkflowStatus.CLOSED, "leader", clerk)
    assert major.inspection is not None  # the inspection of that plant on that day
    assert list(major.transitions.order_by("pk").values_list("action", flat=True)) == [
        "report", "assign", "start", "resolve", "verify"]
    history = major.history.get()
    assert (history.history_user, history.history_change_reason) == (clerk, "从 安全台账.xlsx 导入")


def test_a_refused_ledger_changes_nothing_and_names_each_line_and_column(hazards, client):  # noqa: F811,E501
    client.force_login(make_user("clerk", SAFETY))
    exported = exported_ledger(client)
    header = next(i for i, row in enumerate(exported) if row and row[0] == "序号")
    rows = [list(row) for row in exported]
    first, second = header + 1, header + 2
    rows[first][COLUMNS.index("隐患等级")] = "特大"
    stored = list(Hazard.objects.values_list("pk", "version", "status"))

    previewed = preview(client, Hazard, as_upload(rows), XLSX)

    assert previewed.context["confirm_form"] is None
    # Numbered as the page shows them (Excel's line less the header's), the title lines
    # above the header counted: row ``first`` of ``rows`` is Excel's line first + 1.
    assert invalid_rows(previewed) == {
        first: ["“特大”不是有效选项，可选：一般、重大。"],
        second: ["此隐患已在台账中（被检查单位、检查日期和隐患描述相同）。"],
    }
    assert list(Hazard.objects.values_list("pk", "version", "status")) == stored


def ledger_file(tmp_path, rows, header=COLUMNS):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(as_upload([header, *rows]).read())
    return path


def import_rows(path, *options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_rows", "safety.Hazard", str(path), "--language", "zh-hans",
                     *options, stdout=out, stderr=err)
    except CommandError as error:
        return error, err.getvalue()
    return None, out.getvalue()


@pytest.fixture
def register():
    make_user("clerk", SAFETY)
    leader = make_user("leader", SAFETY, LEAD)
    leader.first_name = "孙立"
    leader.save()
    officer = make_user("officer", SAFETY)
    officer.first_name = "周海峰"
    officer.save()
    EnterpriseFactory(name="济南温声玻璃有限公司")
    VillageFactory(name="盖家沟村")
    DepartmentFactory(name="交通安全办")


def row(number, day, target, description, level="一般", responsible="", progress="登记",
        verifier="", closed=""):
    return [number, day, target, description, level, "", "", responsible, progress, verifier,
            closed, closed]


def test_the_command_imports_a_ledger_with_each_hazard_at_its_status(tmp_path, register):
    path = ledger_file(tmp_path, [
        row(1, "2024-05-10", "济南温声玻璃有限公司", "钢化炉配电柜未接地：接地线断开", "重大",
            "王强（济南温声玻璃有限公司）", "已销号：已重新接地", "孙立", "2024-05-20"),
        row(2, "2024-10-08", "盖家沟村 村口", "村口缺少减速带", responsible="交通安全办"),
        row(3, "2024-10-09", "盖家沟村 村口", "路灯损坏", responsible="李明",
            progress="已销号", verifier="周海峰", closed="2024-10-12"),
    ])

    error, out = import_rows(path, "--user", "clerk")

    assert error is None, out
    major, lamp, bump = Hazard.objects.order_by("reported_at")[:1].get(), *Hazard.objects.filter(
        village__name="盖家沟村").order_by("-reported_at")
    assert (major.status, major.severity, major.responsible_person,
            major.responsible_enterprise.name, major.resolution) == (
        "closed", "major", "王强", "济南温声玻璃有限公司", "已重新接地")
    assert (lamp.status, lamp.verified_by.username, lamp.category) == ("closed", "officer",
                                                                       "other")
    assert (bump.status, bump.site, bump.responsible_department.name) == (
        "reported", "村口", "交通安全办")


def test_the_command_refuses_the_whole_file_for_one_bad_line(tmp_path, register):
    path = ledger_file(tmp_path, [
        row(1, "2024-10-08", "盖家沟村 村口", "村口缺少减速带"),
        # A major hazard signed off by an officer who is not the office's leader.
        row(2, "2024-05-10", "济南温声玻璃有限公司", "危化品混存", "重大", progress="已销号",
            verifier="周海峰", closed="2024-05-20"),
        # Signed off by the clerk who imports it: the handler cannot verify (four eyes).
        row(3, "2024-05-11", "济南温声玻璃有限公司", "灭火器过期", progress="已销号",
            verifier="clerk", closed="2024-05-20"),
        row(4, "2024-05-12", "无此企业", "通道堵塞", closed="2024-05-20"),
        row(5, "2024-05-13", "济南温声玻璃有限公司", "配电箱未接地", progress="已销号",
            verifier="孙立", closed="2024-05-01"),
    ])

    error, err = import_rows(path, "--user", "clerk")

    assert error is not None and error.returncode == 1
    lines = [line for line in err.splitlines() if line.startswith("第")]
    assert lines == [
        "第 3 行 · 复查人: 只有具有“可复核销号重大隐患”权限的人员才能对“危化品混存”执行"
        "“复核销号”。",
        "第 4 行 · 复查人: 办结人不能复核本人办结的事项。",
        "第 5 行 · 被检查单位: “无此企业”不是名录中的企业或项目，也不是“村（社区）+ 空格 + "
        "场所”的写法（如：盖家沟村 村口）。",
        "第 6 行 · 销号日期: 销号日期早于检查日期。",
    ], err
    assert not Hazard.objects.exists()


def test_a_ledger_past_its_first_status_needs_the_user_who_imports(tmp_path, register):
    path = ledger_file(tmp_path, [
        row(1, "2024-10-09", "盖家沟村 村口", "路灯损坏", progress="已销号", verifier="周海峰",
            closed="2024-10-12")])
    error, err = import_rows(path)
    assert error is not None and error.returncode == 1
    assert ("第 2 行 · 整改情况: 已登记之后的隐患需要注明导入台账的用户：该用户记为其承办人。"
            in err), err
    assert not Hazard.objects.exists()


def test_a_hazard_found_on_an_inspection_takes_its_category(tmp_path, register):
    inspection = f.make_inspection(enterprise=EnterpriseFactory(name="紫燕食品有限公司"),
                                   kind="fire", assessed_on="2024-06-03")
    path = ledger_file(tmp_path, [row(1, "2024-06-03", "紫燕食品有限公司", "灭火器过期")])
    error, out = import_rows(path, "--user", "clerk")
    assert error is None, out
    hazard = Hazard.objects.get()
    assert (hazard.inspection, hazard.category) == (inspection, "fire")


def test_a_ledger_is_imported_at_a_number_of_queries_that_does_not_grow_with_its_rows(
        tmp_path, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    places = ["盖家沟村 村口", "济南温声玻璃有限公司"]

    def queries(count, year):
        path = ledger_file(tmp_path, [
            row(n, f"{year}-10-{n % 2 + 8:02d}", places[n % 2], f"隐患{n}",
                responsible="李明（交通安全办）") for n in range(1, count + 1)])
        with CaptureQueriesContext(connection) as captured:
            error, out = import_rows(path, "--user", "clerk")
        assert error is None, out
        return len(captured)

    # Rows of two report days (the deadlines are worked out once per day: the calendar's
    # working days), below SQLite's 999 parameters a statement (no INSERT split).
    assert queries(4, 2023) == queries(16, 2024)
    assert Hazard.objects.count() == 20

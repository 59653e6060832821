"""The safety ledger (安全台账) read back from the Excel file, from the API and the admin:
the office's columns in its order, one row per hazard the filters keep."""

import datetime

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from tests.factories import DepartmentFactory
from tests.projects.factories import EnterpriseFactory
from tests.safety import factories as f
from tests.support.clients import api_client
from tests.support.clock import at, clock
from tests.support.exports import read_xlsx, table
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SAFETY = roles.office_group("safety")
COLUMNS = ["序号", "检查日期", "被检查单位", "隐患描述", "隐患等级", "整改措施", "整改时限",
           "整改责任人", "整改情况", "复查人", "复查日期", "销号日期"]


@pytest.fixture
def hazards():
    """A major hazard found on an inspection of 温声玻璃 on Friday 10 May 2024 and closed
    on 20 May; a general one reported directly at a village site on 8 October, still open.

    Deadlines by hand. Major, 30 working days from 10 May: Saturday 11 May was the Labour
    Day make-up working day (1), 13–17 (6), 20–24 (11), 27–31 (16), 3–7 June (21), Monday
    10 June was the Dragon Boat holiday, 11–14 (25), 17–21 (30) → Friday 21 June. General,
    10 working days from Tuesday 8 October (Saturday 12 October a make-up day) → Monday 21.
    """
    clerk = make_user("clerk", SAFETY)
    clerk.first_name = "赵敏"
    clerk.save()
    worker = make_user("worker", SAFETY)
    leader = make_user("leader", SAFETY, "安全办负责人")
    leader.first_name = "孙立"
    leader.save()
    plant = EnterpriseFactory(name="济南温声玻璃有限公司")
    inspection = f.make_inspection(enterprise=plant, assessed_on=datetime.date(2024, 5, 10))
    with clock(at(2024, 5, 10, 15)):
        major = f.report_hazard(
            by=clerk, inspection=inspection, title="钢化炉配电柜未接地",
            description="接地线断开", severity="major", category="electrical",
            measures="重新敷设接地线", responsible_person="王强", responsible_enterprise=plant,
            reported_at=at(2024, 5, 10, 15))
        major = closed_loop.closed_loop_assign(major, by=clerk, assignee=worker)
    with clock(at(2024, 5, 17, 11)):
        major = closed_loop.closed_loop_resolve(major, by=worker, note="已重新接地")
    with clock(at(2024, 5, 20, 9)):
        closed_loop.closed_loop_verify(major, by=leader)
    with clock(at(2024, 10, 8, 10)):
        f.report_hazard(by=clerk, title="村口缺少减速带", category="traffic",
                        site="村口", village=f.VillageFactory(name="盖家沟村"),
                        responsible_department=DepartmentFactory(name="交通安全办"),
                        reported_at=at(2024, 10, 8, 10))


def ledger_rows(response):
    rows = read_xlsx(response)
    assert rows[0][0] == "安全台账"
    names, data = table(rows, "序号")
    assert names == COLUMNS
    return [row for row in data if isinstance(row["序号"], int)]


def day(*args):
    return datetime.datetime(*args)


def test_the_api_ledger_has_the_offices_columns_one_row_per_hazard(hazards):
    response = api_client(make_user("reader", roles.LEADERS)).get(
        reverse("safety-api:hazard-ledger"))
    assert ledger_rows(response) == [
        {"序号": 1, "检查日期": day(2024, 5, 10), "被检查单位": "济南温声玻璃有限公司",
         "隐患描述": "钢化炉配电柜未接地：接地线断开", "隐患等级": "重大",
         "整改措施": "重新敷设接地线", "整改时限": day(2024, 6, 21),
         "整改责任人": "王强（济南温声玻璃有限公司）", "整改情况": "已销号：已重新接地",
         "复查人": "孙立", "复查日期": day(2024, 5, 20), "销号日期": day(2024, 5, 20)},
        {"序号": 2, "检查日期": day(2024, 10, 8), "被检查单位": "盖家沟村 村口",
         "隐患描述": "村口缺少减速带", "隐患等级": "一般", "整改措施": None,
         "整改时限": day(2024, 10, 21), "整改责任人": "交通安全办", "整改情况": "登记",
         "复查人": None, "复查日期": None, "销号日期": None},
    ]


def test_the_ledger_keeps_the_lists_filters(hazards):
    response = api_client(make_user("reader", roles.LEADERS)).get(
        reverse("safety-api:hazard-ledger"), {"severity": "major"})
    assert [row["隐患描述"] for row in ledger_rows(response)] == ["钢化炉配电柜未接地：接地线断开"]


def test_the_admin_ledger_button_exports_the_filtered_changelist(hazards, client):
    client.force_login(make_user("reader", roles.LEADERS))
    changelist = client.get(reverse("admin:safety_hazard_changelist"), {"category": "traffic"})
    assert 'id="export-ledger"' in changelist.content.decode()
    response = client.get(reverse("admin:safety_hazard_export_ledger"), {"category": "traffic"})
    assert [row["隐患描述"] for row in ledger_rows(response)] == ["村口缺少减速带"]

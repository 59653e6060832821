"""A sign-in sheet imported in the admin (Excel): people by name or register number, status
by label, hours blank = the session's; new rows through the bulk path, all or none."""

from decimal import Decimal

import pytest

from cuizhai.core import roles
from partybuilding import services
from partybuilding.models import Attendance
from tests.import_files import (
    XLSX,
    client_for,
    headers,
    import_file,
    invalid_rows,
    preview,
    xlsx_upload,
)
from tests.partybuilding import factories as f
from tests.support.users import make_user

pytestmark = pytest.mark.django_db
COLUMNS = ("session", "person", "status", "hours")


@pytest.fixture
def office():
    return client_for(make_user("party-clerk", roles.office_group("partybuilding")),
                      "zh-hans")


def test_a_sheet_imports_by_name_or_number_with_the_sessions_hours(office):
    session = f.SessionFactory(title="村干部培训第1期", hours=Decimal("3"))
    by_name, by_number, absent = (f.PersonFactory(name="示例·按姓名"), f.PersonFactory(),
                                  f.PersonFactory(name="示例·缺席"))
    on_sheet = f.PersonFactory(name="示例·已签到")
    services.attendance_create(data={"session": session, "person": on_sheet})
    rows = [headers(Attendance, COLUMNS),
            ["村干部培训第1期", "示例·按姓名", "出席", ""],
            [str(session.pk), str(by_number.pk), "迟到", "2"],
            ["村干部培训第1期", "示例·缺席", "缺席", ""],
            ["村干部培训第1期", "示例·已签到", "请假", ""]]  # already on it: updated
    response = import_file(office, Attendance, xlsx_upload(rows, "签到表.xlsx"), XLSX)
    assert response.status_code == 302
    assert {(a.person_id, a.status, a.hours) for a in session.attendances.all()} == {
        (by_name.pk, "present", Decimal("3")), (by_number.pk, "late", Decimal("2")),
        (absent.pk, "absent", 0), (on_sheet.pk, "excused", 0)}


def test_a_sheet_with_one_bad_row_imports_nothing(office):
    session = f.SessionFactory(title="村干部培训第2期", hours=Decimal("3"))
    f.PersonFactory(name="示例·甲")
    rows = [headers(Attendance, COLUMNS),
            ["村干部培训第2期", "示例·甲", "出席", ""],
            ["村干部培训第2期", "示例·查无此人", "出席", ""],
            ["村干部培训第2期", "示例·甲", "缺席", "1"]]
    previewed = preview(office, Attendance, xlsx_upload(rows, "签到表.xlsx"), XLSX)
    assert previewed.status_code == 200
    assert previewed.context["confirm_form"] is None  # nothing can be confirmed
    refused = {row.number: row.error_dict for row in previewed.context["result"].invalid_rows}
    # An unknown person is the person cell's error, as any column's bad value is, not an
    # error of the whole row.
    assert refused[2] == {"人员": ["不存在人员“示例·查无此人”。"]}
    assert not previewed.context["result"].has_errors()  # no row error beside it
    assert "每条记录在文件中只能出现一次" in " ".join(invalid_rows(previewed)[3])
    assert not session.attendances.exists()

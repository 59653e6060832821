"""The scheduled generation command, and the admin pages: generate, detail, submit, drift,
files; read-only for a leader."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.reports.models import ProgressReport
from tests.reports.support import docx_text
from tests.safety.factories import TrafficPublicityEventFactory
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def test_the_command_generates_submits_and_writes_the_files_with_a_progress_bar(tmp_path):
    make_user("sysadmin", roles.SYSTEM_ADMIN)
    TrafficPublicityEventFactory()
    out, err = StringIO(), StringIO()
    call_command("generate_progress_report", "--year", "2024", "--line", "safety",
                 "--user", "sysadmin", "--submit", "--output", str(tmp_path),
                 stdout=out, stderr=err)
    report = ProgressReport.objects.get()
    assert report.is_submitted and report.submitted_by.username == "sysadmin"
    bar = err.getvalue().splitlines()
    assert bar[0].startswith("[") and bar[-1].startswith("[" + "#" * 30 + "] 5/5")
    assert "崔寨街道2024年工作进展" in out.getvalue()
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [f"崔寨街道2024年工作进展.{fmt}" for fmt in ("docx", "pdf", "xlsx")]
    assert (tmp_path / "崔寨街道2024年工作进展.docx").read_bytes() == bytes(
        report.files.get(format="docx").data)
    assert "交通安全宣传活动1场" in docx_text(bytes(report.files.get(format="docx").data))


def test_the_command_refuses_a_user_who_may_not_and_a_bad_period():
    make_user("leader", roles.LEADERS)
    make_user("office", "安全办")
    with pytest.raises(CommandError):
        call_command("generate_progress_report", "--year", "2024", "--user", "leader",
                     stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("generate_progress_report", "--year", "2024", "--user", "office",
                     "--submit", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("generate_progress_report", "--year", "2024", "--user", "nobody",
                     stdout=StringIO(), stderr=StringIO())
    for line in ("", "projects"):  # all lines, or another office's
        with pytest.raises(CommandError, match="own line|本条线"):
            call_command("generate_progress_report", "--year", "2024", "--user", "office",
                         *(["--line", line] if line else []), stdout=StringIO(),
                         stderr=StringIO())
    assert not ProgressReport.objects.exists()


def test_the_admin_generates_submits_and_shows_drift(client):
    admin = make_user("sysadmin", roles.SYSTEM_ADMIN)
    client.force_login(admin)
    TrafficPublicityEventFactory()
    generate = reverse("admin:reports_progressreport_generate")
    assert client.get(generate).status_code == 200
    refused = client.post(generate, {"period_kind": "year", "year": 2024, "number": 5,
                                     "line": "safety"})
    assert refused.status_code == 200 and not ProgressReport.objects.exists()
    answer = client.post(generate, {"period_kind": "year", "year": 2024, "line": "safety"})
    report = ProgressReport.objects.get()
    detail = reverse("admin:reports_progressreport_change", args=[report.pk])
    assert answer.url == detail
    page = client.get(detail).content.decode()
    assert "交通安全宣传活动1场" in page and "报送（冻结）" in page
    assert client.get(reverse("admin:reports_progressreport_changelist")).status_code == 200

    client.post(reverse("admin:reports_progressreport_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_submitted
    TrafficPublicityEventFactory(date=datetime.date(2024, 8, 8))
    drift = client.get(detail, {"drift": 1}).content.decode()
    assert "与已报送报告不一致的数据" in drift
    assert '<td class="num">+1</td>' in drift
    docx = client.get(reverse("admin:reports_progressreport_file", args=[report.pk, "docx"]))
    assert docx.status_code == 200
    assert docx.content == bytes(report.files.get(format="docx").data)
    assert "filename*=UTF-8''" in docx["Content-Disposition"]


def test_the_admin_submits_only_the_version_its_page_showed(client):
    """The page was read at version 1; someone read the figures again since: the submit
    made on the page is refused, with the reason, and the report stays a draft."""
    from cuizhai.reports import services

    admin = make_user("sysadmin", roles.SYSTEM_ADMIN)
    client.force_login(admin)
    report = services.report_generate(period_kind="year", year=2024, line="safety", by=admin)
    detail = reverse("admin:reports_progressreport_change", args=[report.pk])
    assert 'name="version" value="1"' in client.get(detail).content.decode()
    services.report_regenerate(report=report, by=make_user("sysadmin2", roles.SYSTEM_ADMIN))
    answer = client.post(reverse("admin:reports_progressreport_submit", args=[report.pk]),
                         {"version": "1"}, follow=True)
    assert "该记录已被他人修改（当前为第 2 版）" in answer.content.decode()
    report.refresh_from_db()
    assert not report.is_submitted and report.version == 2


def test_a_leader_reads_reports_in_the_admin_and_changes_nothing(client):
    maker = make_user("sysadmin", roles.SYSTEM_ADMIN)
    from cuizhai.reports import services

    report = services.report_generate(period_kind="year", year=2024, line="safety", by=maker)
    leader = make_user("leader", roles.LEADERS)
    client.force_login(leader)
    detail = reverse("admin:reports_progressreport_change", args=[report.pk])
    page = client.get(detail)
    assert page.status_code == 200
    assert "报送（冻结）" not in page.content.decode()
    assert client.get(reverse("admin:reports_progressreport_generate")).status_code == 403
    assert client.post(reverse("admin:reports_progressreport_submit",
                               args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert not report.is_submitted
    assert client.get(reverse("admin:reports_progressreport_preview",
                              args=[report.pk])).status_code == 200


def test_the_system_administrator_sets_a_target_in_the_admin(client):
    from cuizhai.reports.models import Target

    client.force_login(make_user("sysadmin", roles.SYSTEM_ADMIN))
    add = reverse("admin:reports_target_add")
    page = client.get(add).content.decode()
    assert "辖区安全 — 整改隐患（处）" in page
    answer = client.post(add, {"year": 2024, "key": "safety:hazards.rectified.count",
                               "value": "4000", "note": "年初计划"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    target = Target.objects.get()
    assert (target.key, target.value, target.version) == (
        "safety:hazards.rectified.count", 4000, 1)
    assert target.history.count() == 1
    refused = client.post(add, {"year": 2024, "key": "safety:hazards.rectified.count",
                                "value": "10"})
    assert refused.status_code == 200 and "该指标当年已设定目标" in refused.content.decode()
    assert Target.objects.count() == 1
    client.force_login(make_user("office", "安全办"))
    assert client.get(add).status_code == 403


def test_the_admin_refuses_a_sentence_with_a_format_spec(client):
    from cuizhai.reports.models import HeadlineTemplate

    client.force_login(make_user("sysadmin", roles.SYSTEM_ADMIN))
    add = reverse("admin:reports_headlinetemplate_add")
    key = "safety:hazards.rectified.count"
    for text in ("{period}整改隐患{value:d}处", "{value!x}", "{value:>{unit}}"):
        refused = client.post(add, {"key": key, "text": text})
        assert refused.status_code == 200
        assert "不要在“:”或“!”后加格式" in refused.content.decode(), text
    assert not HeadlineTemplate.objects.exists()
    generate = reverse("admin:reports_progressreport_generate")
    answer = client.post(generate, {"period_kind": "year", "year": 2024, "line": "safety"})
    assert answer.status_code == 302


def test_an_office_generates_its_own_line_in_the_admin_and_no_other(client):
    client.force_login(make_user("office", "安全办"))
    generate = reverse("admin:reports_progressreport_generate")
    for line in ("", "projects"):
        refused = client.post(generate, {"period_kind": "year", "year": 2024, "line": line})
        assert refused.status_code == 200
        assert "各科室只能生成本条线的工作进展" in refused.content.decode()
    assert not ProgressReport.objects.exists()
    made = client.post(generate, {"period_kind": "year", "year": 2024, "line": "safety"})
    assert made.status_code == 302
    report = ProgressReport.objects.get()
    client.force_login(make_user("party", "党建办"))
    assert client.post(reverse("admin:reports_progressreport_regenerate",
                               args=[report.pk])).status_code == 403

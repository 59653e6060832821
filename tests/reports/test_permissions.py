"""Who may generate, submit, read and download reports, and set targets and sentences.

Every role reads; an office (and the system administrator) generates; only the holder of
``submit_progressreport`` (the system administrator) submits; targets and sentence
templates are the system administrator's."""

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.reports import services
from tests.support.clients import api_client, role_client
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

REPORTS = reverse("reports-api:progressreport-list")
TARGETS = reverse("reports-api:target-list")
TEMPLATES = reverse("reports-api:headlinetemplate-list")
GENERATE = {"period_kind": "year", "year": 2024, "line": "partybuilding"}


@pytest.fixture
def report():
    return services.report_generate(period_kind="year", year=2024, line="partybuilding",
                                    by=make_user("maker", roles.SYSTEM_ADMIN))


def report_urls(report):
    return [reverse("reports-api:progressreport-detail", args=[report.pk]),
            reverse("reports-api:progressreport-preview", args=[report.pk]),
            reverse("reports-api:progressreport-drift", args=[report.pk]),
            *[reverse("reports-api:progressreport-file", args=[report.pk, fmt])
              for fmt in ("docx", "xlsx")]]


@pytest.mark.parametrize("role", [roles.LEADERS, roles.DASHBOARD, "党建办", "安全办"])
def test_every_role_reads_and_downloads(role, report):
    client = role_client(role)
    assert client.get(REPORTS).json()["count"] == 1
    for url in report_urls(report):
        assert client.get(url).status_code == 200, url


def test_a_stranger_reads_nothing(report):
    client = api_client()
    for url in [REPORTS, *report_urls(report)]:
        assert client.get(url).status_code in (401, 403), url
    assert client.post(REPORTS, GENERATE, format="json").status_code in (401, 403)


@pytest.mark.parametrize("role, line, status", [
    (roles.SYSTEM_ADMIN, "partybuilding", 201), ("党建办", "partybuilding", 201),
    ("项目办", "projects", 201), (roles.LEADERS, "partybuilding", 403),
    (roles.DASHBOARD, "partybuilding", 403),
])
def test_offices_and_the_system_administrator_generate(role, line, status):
    answer = role_client(role).post(REPORTS, {**GENERATE, "line": line}, format="json")
    assert answer.status_code == status


@pytest.mark.parametrize("line", ["partybuilding", ""])
def test_an_office_generates_only_its_own_line(line):
    """Another office's line, or all lines (the system administrator's), is refused."""
    from cuizhai.reports.models import ProgressReport

    client = role_client("项目办", language="zh-hans")
    answer = client.post(REPORTS, {**GENERATE, "line": line}, format="json")
    assert answer.status_code == 403
    assert "各科室只能生成本条线的工作进展" in str(answer.json())
    assert not ProgressReport.objects.exists()
    assert role_client(roles.SYSTEM_ADMIN).post(
        REPORTS, {**GENERATE, "line": ""}, format="json").status_code == 201


def test_an_office_regenerates_only_its_own_lines_drafts(report):
    """``report`` is a party-building draft: its office and the system administrator read
    its figures again (and the report says who did last); another office may not."""
    regenerate = reverse("reports-api:progressreport-regenerate", args=[report.pk])
    refused = role_client("项目办", language="zh-hans").post(regenerate)
    assert refused.status_code == 403
    assert "各科室只能重新生成本条线的报告草稿" in str(refused.json())
    report.refresh_from_db()
    assert report.generated_by.username == "maker"
    assert role_client("党建办").post(regenerate).status_code == 200
    report.refresh_from_db()
    assert report.generated_by.username != "maker"
    assert role_client(roles.SYSTEM_ADMIN).post(regenerate).status_code == 200


@pytest.mark.parametrize("role, status", [
    (roles.SYSTEM_ADMIN, 200), ("党建办", 403), (roles.LEADERS, 403), (roles.DASHBOARD, 403),
])
def test_only_the_system_administrator_submits(role, status, report):
    submit = reverse("reports-api:progressreport-submit", args=[report.pk])
    assert role_client(role).post(submit).status_code == status
    report.refresh_from_db()
    assert report.is_submitted == (status == 200)


@pytest.mark.parametrize("role, status", [
    (roles.SYSTEM_ADMIN, 201), ("党建办", 403), (roles.LEADERS, 403), (roles.DASHBOARD, 403),
])
def test_targets_are_set_by_the_system_administrator(role, status):
    answer = role_client(role).post(TARGETS, {
        "year": 2024, "key": "partybuilding:training.village_cadre_training.person_times",
        "value": "5000"}, format="json")
    assert answer.status_code == status


def test_a_target_names_a_figure_of_a_line_once_a_year():
    client = role_client(roles.SYSTEM_ADMIN, language="zh-hans")
    key = "safety:hazards.rectified.count"
    assert client.post(TARGETS, {"year": 2024, "key": key, "value": "4000"},
                       format="json").status_code == 201
    again = client.post(TARGETS, {"year": 2024, "key": key, "value": "10"}, format="json")
    assert again.status_code == 400
    assert "该指标当年已设定目标" in str(again.json())
    unknown = client.post(TARGETS, {"year": 2024, "key": "safety:no.such", "value": "1"},
                          format="json")
    assert unknown.status_code == 400 and "key" in unknown.json()
    zero = client.post(TARGETS, {"year": 2025, "key": key, "value": "0"}, format="json")
    assert zero.status_code == 400
    assert "目标值必须大于零" in str(zero.json())


def test_a_sentence_template_with_an_unknown_placeholder_is_refused():
    client = role_client(roles.SYSTEM_ADMIN, language="zh-hans")
    key = "projects:indicators.general-budget-revenue"
    bad = client.post(TEMPLATES, {"key": key, "text": "{period}完成{revenue}"}, format="json")
    assert bad.status_code == 400
    assert "{revenue}" in str(bad.json())
    unclosed = client.post(TEMPLATES, {"key": key, "text": "{period完成"}, format="json")
    assert unclosed.status_code == 400
    good = client.post(TEMPLATES, {"key": key, "text": "{period}，全街道实现{label}{value}{unit}"
                                                       "{yoy}"}, format="json")
    assert good.status_code == 201
    assert role_client("项目办").post(TEMPLATES, {"key": key, "text": "{value}"},
                                      format="json").status_code == 403


@pytest.mark.parametrize("text", ["{period}完成{value:d}{unit}", "{value!x}", "{value!r}",
                                  "{value:>{unit}}", "{period}{value:,}"])
def test_a_sentence_template_with_a_format_spec_or_conversion_is_refused(text):
    """A spec or conversion would pass the placeholder check and make every later
    generation fail; it is refused when set, and generation still works."""
    from cuizhai.reports.models import HeadlineTemplate

    client = role_client(roles.SYSTEM_ADMIN, language="zh-hans")
    key = "projects:indicators.general-budget-revenue"
    answer = client.post(TEMPLATES, {"key": key, "text": text}, format="json")
    assert answer.status_code == 400
    assert "不要在“:”或“!”后加格式" in str(answer.json()["text"])
    assert not HeadlineTemplate.objects.exists()
    assert client.post(REPORTS, GENERATE, format="json").status_code == 201


def test_bad_generation_input_is_a_clear_400():
    client = role_client(roles.SYSTEM_ADMIN, language="zh-hans")
    for data, field in [
        ({**GENERATE, "line": "finance"}, "line"),
        ({**GENERATE, "year": 1999}, "year"),
        ({**GENERATE, "period_kind": "week"}, "period_kind"),
        ({**GENERATE, "number": 3}, "number"),
    ]:
        answer = client.post(REPORTS, data, format="json")
        assert answer.status_code == 400, data
        assert field in answer.json(), answer.json()


def test_files_answer_in_their_own_type_whatever_the_client_accepts(report):
    client = role_client(roles.LEADERS)
    pdf = client.get(reverse("reports-api:progressreport-file", args=[report.pk, "pdf"]),
                     HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    preview = client.get(reverse("reports-api:progressreport-preview", args=[report.pk]),
                         HTTP_ACCEPT="text/html")
    assert preview.status_code == 200 and preview["Content-Type"].startswith("text/html")
    assert client.get(f"{REPORTS}{report.pk}/files/odt/").status_code == 404
    assert client.get(f"{REPORTS}999999/preview/").status_code == 404

"""The progress reports' part of the 2024 demo (``manage.py load_demo``), through the API:
the year's targets, the office's sentences, the annual report submitted and the November
report as a draft. The demo is loaded once per test session (twice, for the duplicate
check: tests/support/demo.py); each test runs in a savepoint of it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services.records import record_update
from cuizhai.reports import demo as reports_demo
from cuizhai.reports.models import Target
from tests.reports.support import docx_text
from tests.support.demo import row_counts

pytestmark = pytest.mark.django_db

REPORTS_MODELS = ["reports.Target", "reports.HistoricalTarget", "reports.HeadlineTemplate",
                  "reports.HistoricalHeadlineTemplate", "reports.ProgressReport",
                  "reports.ReportFile"]


@pytest.fixture
def api(demo, leader, api_client_for):
    return api_client_for(leader, "en")


def rows(api, name, **params):
    response = api.get(reverse(f"reports-api:{name}-list"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_demo_loads_the_reports_part_once(demo):
    assert "demo data loaded: reports" in demo.output
    for label in REPORTS_MODELS:
        assert demo.first[label] > 0, label
        assert demo.second[label] == demo.first[label], label
    assert demo.first["reports.ProgressReport"] == 2
    assert demo.first["reports.ReportFile"] == 3  # the submitted report's DOCX, XLSX, PDF


def test_the_annual_report_is_submitted_and_november_is_a_draft(api):
    reports = {(r["period_kind"], r["number"]): r for r in rows(api, "progressreport")}
    annual, november = reports[("year", None)], reports[("month", 11)]
    assert (annual["year"], annual["line"], annual["status"]) == (2024, "", "submitted")
    assert annual["submitted_by"]["display"] == "示例·系统管理员"
    assert (november["year"], november["line"], november["status"]) == (2024, "", "draft")
    assert november["submitted_by"] is None
    docx = api.get(annual["links"]["docx"])
    assert docx.status_code == 200
    text = docx_text(b"".join(docx.streaming_content) if docx.streaming else docx.content)
    # A target's completion and an office's own sentence, as the demo set them.
    assert "安置房交付6120套，群众回迁稳步推进" in text
    assert "完成年度目标的" in text


def test_the_targets_and_sentences_are_the_system_administrators(api):
    targets = rows(api, "target", year=2024, page_size=100)
    assert len(targets) == len(reports_demo.TARGETS)
    lines = {target["key"].partition(":")[0] for target in targets}
    assert lines == {"projects", "resettlement", "safety", "partybuilding"}
    sentences = rows(api, "headlinetemplate")
    assert {s["key"] for s in sentences} == {key for key, _text in reports_demo.SENTENCES}
    entry = Target.history.filter(key="safety:hazards.rectified.count").get()
    assert roles.SYSTEM_ADMIN in entry.history_user.groups.values_list("name", flat=True)


def test_loading_again_keeps_an_edited_target_and_writes_nothing(demo):
    target = Target.objects.get(year=2024, key="safety:hazards.rectified.count")
    record_update(instance=target, data={"value": 4200}, expected_version=target.version)
    before = row_counts()
    call_command("load_demo", "--no-users", stdout=StringIO())
    assert row_counts() == before
    target.refresh_from_db()
    assert target.value == 4200

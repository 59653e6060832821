"""Submission freezes a report; drift tells which figures moved since, and by how much.

A hand-made set: two traffic-safety events and one facility work in 2024 (and a 2023 event,
the decoy for 同比). The report is generated and submitted; records are then added and
edited; the submitted report's figures and files stay as they were."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.reports.models import ProgressReport
from tests.reports.support import docx_text
from tests.safety.factories import TrafficFacilityWorkFactory, TrafficPublicityEventFactory
from tests.support.clients import api_client
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

REPORTS = reverse("reports-api:progressreport-list")


def figure(content, line, key):
    lines = {line["key"]: line for line in content["lines"]}
    return next(f for f in lines[line]["figures"] if f["key"] == key)


@pytest.fixture
def records():
    TrafficPublicityEventFactory(date=datetime.date(2023, 5, 1))
    first = TrafficPublicityEventFactory()
    TrafficPublicityEventFactory(date=datetime.date(2024, 9, 3))
    TrafficFacilityWorkFactory(quantity=4, cost_yuan=Decimal("25000.00"))
    return first


@pytest.fixture
def sysadmin():
    return make_user("sysadmin", roles.SYSTEM_ADMIN)


def generate(client, **data):
    answer = client.post(REPORTS, {"period_kind": "year", "year": 2024, "line": "safety",
                                   **data}, format="json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_a_submitted_report_keeps_its_figures_and_files_and_drift_says_what_moved(
        records, sysadmin):
    client = api_client(sysadmin)
    report = generate(client)
    events = figure(ProgressReport.objects.get(pk=report["id"]).content, "safety",
                    "traffic.events.count")
    assert (events["value"], events["last_year"], events["yoy"]) == ("2", "1", "100.00")
    submitted = client.post(reverse("reports-api:progressreport-submit", args=[report["id"]]))
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    frozen = ProgressReport.objects.get(pk=report["id"])
    assert frozen.submitted_by == sysadmin and frozen.submitted_at is not None
    stored = {file.format: bytes(file.data) for file in frozen.files.all()}
    assert set(stored) == {"docx", "xlsx", "pdf"}
    assert all(file.sha256 == hashlib.sha256(bytes(file.data)).hexdigest()
               for file in frozen.files.all())

    # The records change after submission: one more event, a facility work costs more.
    TrafficPublicityEventFactory(date=datetime.date(2024, 11, 20))
    records.delete()
    TrafficPublicityEventFactory(date=datetime.date(2024, 12, 1))
    TrafficFacilityWorkFactory(quantity=1, cost_yuan=Decimal("15000.00"))

    again = ProgressReport.objects.get(pk=report["id"])
    assert again.content == frozen.content
    for fmt, data in stored.items():
        download = client.get(reverse("reports-api:progressreport-file",
                                      args=[report["id"], fmt]))
        assert download.status_code == 200
        assert download.content == data, fmt
    assert "交通安全宣传活动2场" in docx_text(stored["docx"])

    drift = client.get(reverse("reports-api:progressreport-drift", args=[report["id"]]))
    assert drift.status_code == 200
    moved = {row["key"]: row for row in drift.json()["figures"]}
    assert set(moved) == {"traffic.events.count", "traffic.facilities.sets",
                          "traffic.facilities.cost"}
    assert moved["traffic.events.count"]["reported_value"] == "2"
    assert moved["traffic.events.count"]["current_value"] == "3"
    assert moved["traffic.events.count"]["difference"] == "1"
    assert moved["traffic.facilities.sets"]["difference_display"] == "+1"
    # 25,000 → 40,000 yuan: +1.5 万元, as the report writes money.
    assert moved["traffic.facilities.cost"]["difference"] == "15000.00"
    assert moved["traffic.facilities.cost"]["difference_display"] == "+1.5"
    assert moved["traffic.events.count"]["link"].endswith(
        "/api/v1/safety/traffic-events/?year=2024")


def test_a_draft_reads_the_records_again_a_submitted_report_does_not(records, sysadmin):
    client = api_client(sysadmin)
    report = generate(client)
    TrafficPublicityEventFactory(date=datetime.date(2024, 10, 1))
    regenerate = reverse("reports-api:progressreport-regenerate", args=[report["id"]])
    assert client.post(regenerate).status_code == 200
    draft = ProgressReport.objects.get(pk=report["id"])
    assert figure(draft.content, "safety", "traffic.events.count")["value"] == "3"

    submit = reverse("reports-api:progressreport-submit", args=[report["id"]])
    assert client.post(submit).status_code == 200
    refused = client.post(regenerate)
    assert refused.status_code == 400
    assert "冻结" in str(refused.json())
    again = client.post(submit)
    assert again.status_code == 400
    assert "已经报送" in str(again.json())
    assert ProgressReport.objects.get(pk=report["id"]).files.count() == 3


def test_a_draft_has_no_drift_of_its_own_until_the_records_change(records, sysadmin):
    client = api_client(sysadmin)
    report = generate(client)
    drift = reverse("reports-api:progressreport-drift", args=[report["id"]])
    assert client.get(drift).json()["figures"] == []


def test_the_submitted_note_is_chinese_when_the_administrator_browses_in_english(records,
                                                                                  sysadmin):
    client = api_client(sysadmin, language="en")
    report = generate(client)
    submit = reverse("reports-api:progressreport-submit", args=[report["id"]])
    assert client.post(submit).status_code == 200
    docx = client.get(reverse("reports-api:progressreport-file", args=[report["id"], "docx"]))
    text = docx_text(docx.content)
    assert "已报送" in text
    assert "Submitted" not in text


def test_a_submit_names_the_version_its_reader_previewed(records, sysadmin):
    """Two users on one draft: one reads the figures again after the other previewed it.
    The other's submit, made on what they saw, is refused, and the report stays a draft."""
    client, other = api_client(sysadmin), api_client(make_user("sysadmin2", roles.SYSTEM_ADMIN))
    report = generate(client)
    detail = reverse("reports-api:progressreport-detail", args=[report["id"]])
    seen = client.get(detail)
    assert seen["ETag"] == '"1"' and seen.json()["version"] == 1
    again = other.post(reverse("reports-api:progressreport-regenerate", args=[report["id"]]),
                       HTTP_IF_MATCH=seen["ETag"])
    assert again.status_code == 200 and again.json()["version"] == 2
    submit = reverse("reports-api:progressreport-submit", args=[report["id"]])
    stale = client.post(submit, HTTP_IF_MATCH=seen["ETag"])
    assert stale.status_code == 412, stale.content
    stale_body = client.post(submit, {"version": 1}, format="json")
    assert stale_body.status_code == 409, stale_body.content
    assert ProgressReport.objects.get(pk=report["id"]).status == "draft"
    fresh = client.post(submit, HTTP_IF_MATCH=client.get(detail)["ETag"])
    assert fresh.status_code == 200, fresh.content
    assert fresh.json()["status"] == "submitted" and fresh.json()["version"] == 3

"""The safety part of the 2024 demo (``manage.py load_demo``), through the summary endpoint
and the lists its links open. The demo is loaded once per test session (twice, for the
duplicate check: tests/support/demo.py); each test runs in a savepoint of it.

The brief's figures: 750+ expert inspections, 4,500+ hazards (written at once through the
core's bulk paths), the traffic work and road deaths."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from safety.models import Hazard
from tests.support.demo import row_counts

pytestmark = pytest.mark.django_db

SAFETY_MODELS = ["safety.Inspection", "safety.Hazard", "safety.EnforcementCase",
                 "safety.TrafficPublicityEvent", "safety.TrafficPersuasion",
                 "safety.TrafficFacilityWork"]


@pytest.fixture
def api(demo, leader, api_client_for):
    return api_client_for(leader, "en")


@pytest.fixture
def summary(api):
    response = api.get(reverse("safety-api:summary"), {"year": 2024})
    assert response.status_code == 200, response.content
    return response.json()


def count_at(api, link):
    response = api.get(link)
    assert response.status_code == 200, link
    return response.json()["count"]


def test_the_demo_loads_every_safety_record_once(demo):
    assert "demo data loaded: safety" in demo.output
    for label in SAFETY_MODELS:
        assert demo.first[label] > 0, label
        assert demo.second[label] == demo.first[label], label


def test_the_traffic_figures_are_the_briefs(summary, api):
    traffic = summary["traffic"]
    assert traffic["events"]["count"] >= 60
    assert int(traffic["persuasions"]["persuasions"]) >= 200
    assert int(traffic["facilities"]["sets"]) >= 100
    assert traffic["facilities"]["cost"] == "190000.00"  # 19 万元
    for figure in (traffic["events"], traffic["persuasions"], traffic["facilities"]):
        assert count_at(api, figure["link"]) == figure["count"]


def test_road_deaths_fell_57_1_percent(summary):
    assert summary["road_deaths"]["yoy_growth"] == "-57.14"


def test_the_hazards_are_a_realistic_mix(summary, api):
    hazards = summary["hazards"]
    assert hazards["found"]["count"] == Hazard.objects.count()
    assert hazards["verified"]["count"] > 0 and hazards["open"]["count"] > 0
    assert hazards["overdue"]["count"] > 0 and hazards["major"]["found"]["count"] > 0
    assert hazards["repeats"]["count"] >= 1
    assert summary["inspections"]["expert"]["count"] > 0
    for figure in (hazards["found"], hazards["overdue"], hazards["repeats"],
                   summary["inspections"]["expert"]):
        assert count_at(api, figure["link"]) == figure["count"]


def test_loading_again_keeps_a_hazard_edited_since(demo, api_client_for, safety_editor):
    # The sample one (the replayed ones came by inspection), still open.
    hazard = Hazard.objects.get(title="脚手架未设防护网", channel="")
    response = api_client_for(safety_editor, "en").patch(
        reverse("safety-api:hazard-detail", args=[hazard.pk]),
        {"measures": "更换灭火器并建立月检制度", "version": hazard.version}, format="json")
    assert response.status_code == 200, response.json()
    before = row_counts()
    call_command("load_demo", "--no-users", stdout=StringIO())
    assert row_counts() == before
    assert Hazard.objects.get(pk=hazard.pk).measures == "更换灭火器并建立月检制度"


def test_at_least_750_expert_inspections(summary, api):
    expert = summary["inspections"]["expert"]
    assert expert["count"] >= 750
    assert count_at(api, expert["link"]) == expert["count"]


def test_at_least_4500_hazards_with_90_found_with_the_traffic_police(summary, api):
    hazards = summary["hazards"]
    assert hazards["found"]["count"] >= 4500
    # 联合交警排查隐患90余处: the traffic hazards of the traffic-safety inspections, not
    # all the year's traffic hazards.
    traffic = next(item for item in hazards["by_category"]
                   if item["category"]["value"] == "traffic")
    assert 90 <= summary["traffic"]["hazards"]["count"] < 100 < traffic["count"]
    assert 0 < hazards["major"]["overdue"]["count"] < hazards["major"]["found"]["count"]
    for figure in (hazards["found"], summary["traffic"]["hazards"], hazards["major"]["found"]):
        assert count_at(api, figure["link"]) == figure["count"]


def test_the_replayed_hazards_have_their_log_and_deadlines(demo):
    from cuizhai.core.models import WorkflowTransition

    closed = Hazard.objects.filter(status="closed", channel="inspection").first()
    log = WorkflowTransition.objects.filter(content_type__model="hazard",
                                            object_id=closed.pk).order_by("at")
    assert [t.action for t in log] == ["report", "assign", "start", "resolve", "verify"]
    assert [t.at for t in log][-1] == closed.closed_at
    assert closed.resolution_due is not None and closed.verified_by is not None


def test_a_few_percent_of_the_hazards_are_repeats(summary, api):
    hazards = summary["hazards"]
    share = hazards["repeats"]["count"] / hazards["found"]["count"]
    assert 0.01 <= share <= 0.05, share
    assert count_at(api, hazards["repeats"]["link"]) == hazards["repeats"]["count"]


def test_every_expert_inspection_is_completed_with_its_checklists_results(demo):
    from django.db.models import Count, Q

    from safety.models import Inspection

    expert = Inspection.objects.filter(depth="dissecting",
                                       inspectors__kind="safety_expert").distinct()
    sheets = expert.annotate(
        answered=Count("results", distinct=True),
        failed=Count("results", filter=Q(results__passed=False), distinct=True),
        found=Count("hazards", distinct=True))
    rows = list(sheets.values_list("status", "answered", "failed", "found"))
    assert len(rows) >= 750
    year = [row for row in rows if row[3] >= 6]  # the year's, six or seven hazards each
    assert len(year) >= 750
    assert {(status, answered) for status, answered, _failed, _found in year} == {
        ("completed", 8)}
    # A criterion fails where a hazard of its kind was found: at least one, at most one
    # per hazard.
    assert all(1 <= failed <= found for _status, _answered, failed, found in year)


def test_every_hazard_of_the_year_has_a_person_of_the_register_responsible(demo):
    from cuizhai.core.models import Person

    year = Hazard.objects.filter(channel="inspection")
    assert year.count() >= 4500
    assert not year.filter(responsible_person="").exists()
    names = set(year.values_list("responsible_person", flat=True))
    assert names <= set(Person.objects.values_list("name", flat=True))
    assert len(names) > 5
    at_enterprises = year.filter(enterprise__isnull=False)
    assert at_enterprises.exists()
    assert not at_enterprises.filter(responsible_enterprise__isnull=True).exists()

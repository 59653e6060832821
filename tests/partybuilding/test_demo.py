"""The party-building part of the 2024 demo: the brief's figures through the summary
endpoint, every link followed; loaded twice, nothing duplicated (tests/projects/test_demo.py
checks that for every model)."""

import pytest
from django.urls import reverse

from partybuilding.models import Attendance, EvaluationProblem

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(demo, dashboard_user, api_client_for):
    client = api_client_for(dashboard_user, "en")
    response = client.get(reverse("partybuilding-api:summary"), {"year": 2024})
    assert response.status_code == 200
    return client, response.json()


def test_the_command_loads_party_building(demo):
    assert "demo data loaded: partybuilding" in demo.output
    assert demo.first["partybuilding.Attendance"] == demo.second["partybuilding.Attendance"]
    assert demo.first["partybuilding.EvaluationProblem"] == demo.second[
        "partybuilding.EvaluationProblem"]


def test_the_briefs_figures(summary):
    _client, body = summary
    assert body["elections"]["count"] == 3  # 凤凰, 清宁, 河润
    assert body["committees_evaluated"]["count"] == 69
    problems = body["evaluation_problems"]
    assert problems["found"]["count"] >= 130
    assert problems["closed"]["count"] == problems["found"]["count"]  # all rectified
    assets = body["asset_problems"]
    assert assets["found"]["count"] == assets["closed"]["count"] == 17
    assert len([kind for kind in assets["by_kind"] if kind["count"]]) == 3
    kinds = {item["kind"]["value"]: item["count"] for item in body["training"]["by_kind"]}
    assert (kinds["micro_class"], kinds["lecture"], kinds["youth_talk"]) == (46, 12, 3)
    assert int(body["training"]["village_cadre_training"]["person_times"]) >= 5200
    assert body["cadres"]["reserve"]["count"] >= 200
    assert body["cadres"]["young_placed"]["count"] == 15


def test_every_figure_links_to_its_records(summary):
    client, body = summary

    def figures(node):
        if isinstance(node, dict) and "link" in node:
            yield node
        elif isinstance(node, dict):
            for child in node.values():
                yield from figures(child)
        elif isinstance(node, list):
            yield from node

    for figure in figures({k: v for k, v in body.items() if k != "year"}):
        assert "?" in figure["link"]  # every figure is of the year or a filter
        listed = client.get(f"{figure['link']}&limit=1")
        assert listed.status_code == 200, figure["link"]
        assert listed.json()["count"] == figure["count"], figure["link"]


def test_the_demo_staff_who_move_its_items_cannot_log_in(demo):
    from cuizhai.core.models import WorkflowTransition

    movers = {t.actor for t in WorkflowTransition.objects.filter(
        content_type__app_label="partybuilding").select_related("actor")}
    assert len(movers) == 2
    assert not any(user.has_usable_password() for user in movers)


def test_the_named_person_times_are_attendance_rows(demo):
    # Named village-cadre person-times are rows of the sign-in sheets, present or late.
    named = Attendance.objects.filter(session__kind="village_cadre",
                                      status__in=("present", "late")).count()
    assert named >= 5200
    assert EvaluationProblem.objects.filter(source_result__isnull=False).count() >= 130


def test_the_young_cadres_placed_at_projects_are_at_major_project_sites(demo):
    from partybuilding.models import Placement
    from projects.selectors import major_project_sites

    at_projects = Placement.objects.filter(project__isnull=False)
    assert at_projects.count() == 11
    assert not at_projects.exclude(project__in=major_project_sites()).exists()


def test_the_subdistrict_s_cadres_sign_in_to_micro_classes_and_lectures(summary):
    client, body = summary
    hours = client.get(reverse("partybuilding-api:traininghours-list"),
                       {"year": 2024, "kind": "cadre", "is_active": "true", "limit": 100})
    cadres = hours.json()["results"]
    assert len(cadres) >= 30
    assert [row["name"] for row in cadres if float(row["hours"]) == 0] == []
    for kind in ("micro_class", "lecture"):
        sessions = client.get(reverse("partybuilding-api:trainingsession-list"),
                              {"year": 2024, "kind": kind, "limit": 100}).json()["results"]
        assert sessions and all(session["named_count"] > 0 for session in sessions), kind
        signed_in = client.get(reverse("partybuilding-api:attendance-list"), {
            "year": 2024, "session_kind": kind, "person_kind": "cadre",
            "status": ["present", "late"], "limit": 1}).json()["count"]
        assert signed_in >= len(sessions) * 5, kind
    # The brief's figures stay: the sheets add named attendances, not sessions.
    kinds = {item["kind"]["value"]: item["count"] for item in body["training"]["by_kind"]}
    assert (kinds["micro_class"], kinds["lecture"]) == (46, 12)
    assert int(body["training"]["village_cadre_training"]["person_times"]) >= 5200

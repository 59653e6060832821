"""Evidence files (ID-card scans, site photos) are for the offices an item concerns (issue
9 §5): its owner office, the office handling it, the leaders and the system administrator
— never the dashboard account, nor the other offices although they may view the item.
The log's links show only what the user may download; the names stay visible."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence
from tests.factories import evidence_photo
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def problem(projects_editor, safety_editor):
    """A projects problem handed to the safety office, resolved with an ID-card scan."""
    problem = f.report_problem(by=projects_editor, title="Resident's complaint")
    problem = closed_loop.closed_loop_assign(problem, by=projects_editor,
                                             assignee=safety_editor)
    return closed_loop.closed_loop_resolve(problem, by=safety_editor, note="Visited.",
                                           evidence=[evidence_photo("身份证.jpg")])


@pytest.fixture
def people(projects_editor, safety_editor, leader, admin_user_, make_user, dashboard_user):
    return {
        "owner office": projects_editor,
        "handling office": safety_editor,
        "handling colleague": make_user("safety-colleague", roles.office_group("safety")),
        "leader": leader,
        "system administrator": admin_user_,
        "other office": make_user("resettlement-clerk", roles.office_group("resettlement")),
        "dashboard": dashboard_user,
    }


MAY_DOWNLOAD = {"owner office", "handling office", "handling colleague", "leader",
                "system administrator"}


def download_url(evidence):
    return reverse("core-api:evidence-download", args=[evidence.pk])


def transitions_url(problem):
    return reverse("projects-api:projectproblem-transitions", args=[problem.pk])


@pytest.mark.parametrize("who", ["owner office", "handling office", "handling colleague",
                                 "leader", "system administrator", "other office",
                                 "dashboard"])
def test_evidence_downloads_are_scoped_to_the_item_s_offices(who, problem, people,
                                                             api_client_for):
    evidence = TransitionEvidence.objects.get()
    client = api_client_for(people[who])

    assert client.get(transitions_url(problem)).status_code == 200  # all may view the item
    response = client.get(download_url(evidence))

    assert response.status_code == (200 if who in MAY_DOWNLOAD else 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_the_dashboard_token_gets_no_file(problem, dashboard_user):
    token = Token.objects.create(user=dashboard_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.get(download_url(TransitionEvidence.objects.get())).status_code == 404


@pytest.mark.parametrize("who", ["owner office", "other office", "dashboard"])
def test_the_log_links_only_what_the_user_may_download(who, problem, people,
                                                       api_client_for):
    response = api_client_for(people[who]).get(transitions_url(problem))

    files = [file for step in response.json() for file in step["evidence"]]
    assert [file["name"] for file in files] == ["身份证.jpg"]
    if who == "owner office":
        assert files[0]["url"].endswith(download_url(TransitionEvidence.objects.get()))
    else:
        assert files[0]["url"] is None


@pytest.mark.parametrize("who", ["owner office", "other office"])
def test_the_admin_log_links_only_what_the_user_may_download(who, problem, people):
    client = Client()
    client.force_login(people[who])

    response = client.get(reverse("admin:projects_projectproblem_change", args=[problem.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "身份证.jpg" in html
    link = f'href="{download_url(TransitionEvidence.objects.get())}"'
    assert (link in html) == (who == "owner office")

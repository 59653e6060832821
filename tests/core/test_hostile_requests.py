"""Requests that once crashed the API (HTTP 500) get a clear 4xx answer in JSON."""

from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from cuizhai.core import roles
from tests.projects.factories import ProjectFactory

BIG = "9" * 20  # beyond a 64-bit integer


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True))
    return client


def test_a_lone_surrogate_in_a_choice_is_a_400(admin_client):
    response = admin_client.post(
        reverse("projects-api:project-list"), '{"stage": "\\ud800", "name": "x"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_json_nested_thousands_deep_is_a_400(admin_client):
    response = admin_client.post(
        reverse("projects-api:project-list"), "[" * 3000 + "]" * 3000,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_year_one_in_a_datetime_field_is_a_400_on_that_field(admin_client):
    project = ProjectFactory()
    response = admin_client.post(
        reverse("projects-api:projectproblem-list"),
        {"project": project.pk, "title": "x", "reported_at": "0001-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "reported_at" in response.json()


@pytest.mark.parametrize("params", [
    {"campaign_id": BIG},
    {"campaign_id": BIG, "format": "csv"},
    {"campaign_id": BIG, "format": "xlsx"},
])
def test_an_id_beyond_64_bits_in_a_filter_is_a_400(admin_client, params):
    response = admin_client.get(reverse("core-api:campaignoutput-list"), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_format_on_a_record_answers_json(admin_client, export_format):
    project = ProjectFactory(total_investment=Decimal("100"))
    response = admin_client.get(
        reverse("projects-api:project-detail", args=[project.pk]), {"format": export_format}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == project.code


def test_an_export_format_on_the_summary_answers_json(admin_client):
    response = admin_client.get(reverse("projects-api:summary"), {"year": 2024, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_refused_export_is_a_json_403(client, make_user):
    client.force_login(make_user("nobody"))
    response = client.get(reverse("projects-api:project-list"), {"format": "xlsx"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_unexpected_api_error_answers_json_not_the_html_page(make_user, client):
    client.raise_request_exception = False
    client.force_login(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True))
    with mock.patch("projects.api.views.ProjectViewSet.list", side_effect=RuntimeError("boom")):
        response = client.get(reverse("projects-api:project-list"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "boom" not in response.content.decode()

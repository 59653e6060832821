"""Dashboards on another origin (CORS) and a trial behind plain HTTP on a LAN."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.test_settings import PRODUCTION, settings_of

DASHBOARD = "https://dashboard.example.org"


@pytest.mark.django_db
def test_cors_is_off_unless_origins_are_configured(client):
    response = client.options(
        reverse("core-api:department-list"), HTTP_ORIGIN=DASHBOARD,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=[DASHBOARD])
def test_a_configured_dashboard_gets_its_preflight_answered_without_credentials(client):
    response = client.options(
        reverse("core-api:department-list"), HTTP_ORIGIN=DASHBOARD,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == DASHBOARD
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=[DASHBOARD])
def test_another_origin_is_not_allowed(client):
    response = client.options(
        reverse("core-api:department-list"), HTTP_ORIGIN="https://evil.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in response


def test_cors_origins_come_from_the_environment(tmp_path):
    values = settings_of({**PRODUCTION, "DJANGO_CORS_ALLOWED_ORIGINS": DASHBOARD}, tmp_path)
    assert values["CORS_ALLOWED_ORIGINS"] == [DASHBOARD]
    assert settings_of(PRODUCTION, tmp_path)["CORS_ALLOWED_ORIGINS"] == []


def test_a_lan_trial_without_tls_can_switch_secure_cookies_off(tmp_path):
    values = settings_of(
        {**PRODUCTION, "DJANGO_SECURE_COOKIES": "0", "DJANGO_SECURE_SSL_REDIRECT": "0"},
        tmp_path,
    )
    assert values["SESSION_COOKIE_SECURE"] is False

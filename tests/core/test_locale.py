"""The admin speaks Chinese unless the user switches; the API follows Accept-Language."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.fixture
def staff_client(client, admin_user_):
    client.force_login(admin_user_)
    return client


def test_admin_is_chinese_even_for_an_english_browser(staff_client):
    response = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert "崔寨街道重点工作管理系统" in response.content.decode()


def test_language_switch_turns_the_admin_english(staff_client):
    switched = staff_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("admin:index")}
    )
    assert switched.status_code == 302
    assert staff_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = staff_client.get(reverse("admin:index"))
    assert response.headers["Content-Language"] == "en"
    assert "Cuizhai Works" in response.content.decode()


def test_admin_pages_offer_the_language_switch(staff_client):
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert 'id="language-switch"' in page
    assert 'value="en"' in page and 'value="zh-hans"' in page


@pytest.mark.parametrize(
    ("accept_language", "expected"), [("", "zh-hans"), ("en", "en"), ("zh-CN", "zh-hans")]
)
def test_api_follows_accept_language(client, db, accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/api/v1/", **headers)
    assert response.status_code == 401
    assert response.headers["Content-Language"] == expected

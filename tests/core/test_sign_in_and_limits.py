"""Sign-in, sessions and request limits: password guessing is stopped, an idle session ends,
the API's schema is for role holders, and ``If-Match: *`` cannot skip the version check."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from cuizhai.core import roles
from tests.factories import DepartmentFactory

PASSWORD = "pass-123456"  # the conftest's make_user password


def _login(client, username, password, **extra):
    return client.post(
        reverse("admin:login") + extra.pop("query", ""),
        {"username": username, "password": password}, **extra,
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_wrong_passwords_block_the_account_even_for_the_right_one(client, make_user):
    make_user("clerk", roles.office_group("projects"))
    answers = [_login(client, "clerk", "wrong-guess").status_code for _attempt in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # the form again, then the block
    blocked = _login(client, "clerk", PASSWORD)
    assert blocked.status_code == 429
    assert "登录失败次数过多" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_guessing_many_accounts_from_one_address_blocks_the_address(client, make_user):
    make_user("clerk", roles.office_group("projects"))
    for number in range(5):
        _login(client, f"guess-{number}", "wrong", REMOTE_ADDR="10.9.9.9")
    assert _login(client, "clerk", PASSWORD, REMOTE_ADDR="10.9.9.9").status_code == 429
    # Another address is not blocked: the clerk signs in from the office PC.
    assert _login(client, "clerk", PASSWORD, REMOTE_ADDR="10.1.1.1").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_good_login_clears_the_count_of_earlier_mistakes(client, make_user):
    make_user("clerk", roles.office_group("projects"))
    for _attempt in range(4):
        _login(client, "clerk", "typo")
    assert _login(client, "clerk", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        _login(client, "clerk", "typo")
    assert _login(client, "clerk", PASSWORD).status_code == 302


def test_a_refused_next_lands_on_the_admin_not_a_404(client, make_user):
    make_user("clerk", roles.office_group("projects"))
    response = _login(client, "clerk", PASSWORD, query="?next=https://evil.example.com/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_an_idle_session_ends_and_each_request_restarts_the_count(client, make_user):
    make_user("clerk", roles.office_group("projects"))
    _login(client, "clerk", PASSWORD)
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    response = client.get(reverse("admin:index"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 2 * 60 * 60


def test_the_idle_clock_is_written_at_most_once_a_minute(client, make_user):
    """An unchanged session is not written back on every request (an UPDATE and a commit
    each): its expiry moves when the last write is a minute old; the cookie always goes."""
    from django.contrib.sessions.models import Session

    make_user("clerk", roles.office_group("projects"))
    _login(client, "clerk", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    first = expiry()
    started = time.time()
    with mock.patch("cuizhai.core.sessions.seconds_now", return_value=started + 30):
        response = client.get(reverse("admin:index"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 2 * 60 * 60
    assert expiry() == first  # not written
    with mock.patch("cuizhai.core.sessions.seconds_now", return_value=started + 61):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert expiry() > first  # a minute on: the idle clock is written again


@pytest.fixture
def throttled():
    cache.clear()
    with mock.patch.dict(AnonRateThrottle.THROTTLE_RATES, {"anon": "3/minute", "user": "5/minute",
                                                           "failed_token": "3/minute"}):
        yield
    cache.clear()


def test_an_address_guessing_tokens_is_throttled(client, make_user, throttled):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=make_user("dashboard", roles.DASHBOARD, is_staff=False))
    url = reverse("core-api:department-list")
    wrong = [client.get(url, HTTP_AUTHORIZATION=f"Token wrong{n}").status_code
             for n in range(4)]
    assert wrong == [401, 401, 401, 429]
    # Even the right token waits until the address's count has cooled off...
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 429
    # ...while another address is served.
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}",
                      REMOTE_ADDR="10.1.1.1").status_code == 200


def test_each_account_is_throttled_on_its_own(api_client_for, make_user, throttled):
    assert UserRateThrottle.THROTTLE_RATES["user"] == "5/minute"
    first = api_client_for(make_user("one", roles.LEADERS))
    second = api_client_for(make_user("two", roles.LEADERS))
    url = reverse("core-api:department-list")
    assert [first.get(url).status_code for _ in range(6)] == [200] * 5 + [429]
    assert second.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_need_a_role(client, make_user, path):
    client.force_login(make_user("no-role"))
    assert client.get(path).status_code == 403
    client.force_login(make_user("dashboard", roles.DASHBOARD, is_staff=False))
    assert client.get(path).status_code == 200


def test_if_match_star_does_not_skip_the_version_check(api_client_for, make_user):
    department = DepartmentFactory(name="旧名称")
    client = api_client_for(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True))
    response = client.patch(
        reverse("core-api:department-detail", args=[department.pk]), {"name": "新名称"},
        HTTP_IF_MATCH="*",
    )
    assert response.status_code == 428
    department.refresh_from_db()
    assert department.name == "旧名称"

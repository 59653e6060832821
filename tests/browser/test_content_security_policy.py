"""Under the Content-Security-Policy every page still works: nothing is refused, the
language switch switches, the API docs render."""

import pytest
from django.urls import reverse

from cuizhai.core import roles

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PAGES = [
    reverse("admin:index"),
    reverse("admin:projects_project_changelist"),
    reverse("admin:projects_project_add"),
    reverse("admin:projects_projectproblem_changelist"),
    "/api/v1/projects/projects/",
    "/api/docs/",
]


def refusals(page):
    return [m.text for m in page.console_messages
            if m.type == "error" and ("Content Security Policy" in m.text
                                      or "Refused" in m.text)]


def test_every_page_works_under_the_policy(page_as, live_server, make_user):
    page = page_as(make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True))
    for path in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert refusals(page) == [], path
    page.goto(live_server.url + "/api/docs/")
    # The schema of every resource is generated on the first request: give it time.
    page.wait_for_selector(".swagger-ui .info .title", timeout=90000)


def test_the_language_switch_still_switches(page_as, live_server, make_user):
    page = page_as(make_user("clerk", roles.office_group("projects")))
    page.goto(live_server.url + reverse("admin:index"))
    assert "崔寨" in page.content()
    with page.expect_navigation():
        page.select_option("#language-switch select", "en")
    assert "Cuizhai Works" in page.content()
    assert refusals(page) == []


def test_permissions_policy_is_sent(client, make_user):
    client.force_login(make_user("clerk", roles.office_group("projects")))
    response = client.get(reverse("admin:index"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]

"""The browsable API (HTML) renders every resource for writers and readers alike.

A writer's page carries the POST/PUT forms, whose <select> of a related field once crashed
(HTTP 500) on the brief ``{"id", "display"}`` read form of related fields.
"""


import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from cuizhai.core import roles

HTML = {"HTTP_ACCEPT": "text/html"}


def _api_routes():
    """(namespace, url name) of every list route under /api/v1/<app>/."""
    api_v1 = next(
        p for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "api/v1/"
    )
    for app in api_v1.url_patterns:
        if not isinstance(app, URLResolver) or not app.namespace:
            continue
        for pattern in app.url_patterns:
            if isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-list"):
                if "format" not in str(pattern.pattern):
                    yield app.namespace, pattern.name


ROUTES = sorted(set(_api_routes()))


def test_every_app_resource_is_checked():
    namespaces = {namespace for namespace, _name in ROUTES}
    assert {"core-api", "projects-api"} <= namespaces
    assert len(ROUTES) >= 16


@pytest.mark.parametrize(
    "role", [roles.SYSTEM_ADMIN, roles.office_group("projects"), roles.LEADERS]
)
@pytest.mark.parametrize(("namespace", "name"), ROUTES)
def test_list_and_detail_render_as_html(demo, client, make_user, role, namespace, name):
    client.force_login(make_user("browser", role, is_superuser=role == roles.SYSTEM_ADMIN))
    url = reverse(f"{namespace}:{name}")
    page = client.get(url, **HTML)
    assert page.status_code == 200, page.content[:500]
    assert page["Content-Type"].startswith("text/html")
    results = client.get(url, {"limit": 1}).json()["results"]
    assert results, f"the demo has no {name}"
    try:
        detail = reverse(f"{namespace}:{name.removesuffix('-list')}-detail",
                         args=[results[0]["id"]])
    except NoReverseMatch:
        # No detail page: the 督办 board (items of several kinds) links to each item's own;
        # a list-only report (training hours per person) has none.
        if name == "supervision-item-list":
            assert "url" in results[0]
        return
    page = client.get(detail, **HTML)
    assert page.status_code == 200, page.content[:500]
    if role == roles.SYSTEM_ADMIN and "PATCH" in page["Allow"]:
        # The administrator may change everything that can be changed (a read-only list
        # such as the source villages' figures has no form): the page carries the edit
        # form whose related-field <select> once crashed.
        assert b'name="version"' in page.content or b"<select" in page.content

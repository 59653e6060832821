"""Every API URL of every app that declares an API refuses a request without credentials
with exactly 401 (README: "Without credentials: 401"), before any lookup or method check."""

from importlib import import_module

import pytest
from django.urls import reverse

from cuizhai.core.base.api.root import api_apps

pytestmark = pytest.mark.django_db


def api_urls():
    """Each named URL of each declared API, a detail's ``pk`` filled in; format-suffix
    copies left out."""
    for config in api_apps():
        for pattern in import_module(config.api_urls).urlpatterns:
            groups = set(pattern.pattern.regex.groupindex)
            if not pattern.name or "format" in groups or groups - {"pk"}:
                continue
            kwargs = {"pk": 1} if "pk" in groups else {}
            yield reverse(f"{config.label}-api:{pattern.name}", kwargs=kwargs)


URLS = sorted(set(api_urls()))


def test_the_walk_finds_the_apis():
    assert "/api/v1/core/" in URLS and "/api/v1/projects/summary/" in URLS
    assert "/api/v1/projects/project-problems/1/assign/" in URLS
    assert len(URLS) > 50


@pytest.mark.parametrize("url", ["/api/v1/", *URLS])
def test_a_stranger_gets_401(client, url):
    response = client.get(url)
    assert response.status_code == 401, (url, response.status_code)
    assert response["WWW-Authenticate"] == "Token"

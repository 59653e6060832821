"""Every list endpoint answers, field by field, what DRF's own ``Serializer.to_representation``
answers (``cuizhai.core.base.api.representation`` only does its lookups once per list):
on the demo data, in Chinese and in English, as the system administrator and as a leader
who may not see personal data (masked fields)."""

from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework import serializers

from cuizhai.core.base.api.serializers import TrackedModelSerializer
from cuizhai.core.base.api.viewsets import TrackedModelViewSet

pytestmark = pytest.mark.django_db


def list_url_names(patterns=None, namespace=""):
    """``namespace:name`` of every API list of tracked records."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from list_url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            viewset = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None) or {}
            if (viewset is not None and issubclass(viewset, TrackedModelViewSet)
                    and actions.get("get") == "list" and "<" not in str(pattern.pattern)):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name


LIST_URLS = sorted(set(list_url_names()))


def drf_representation(serializer, instance):
    return serializers.ModelSerializer.to_representation(serializer, instance)


def compare(client, url, monkeypatch):
    ours = client.get(url)
    if ours.status_code == 403 and not ours.wsgi_request.user.is_superuser:
        return 0  # a list the leader may not read
    assert ours.status_code == 200, ours.content[:300]
    with monkeypatch.context() as patched:
        patched.setattr(TrackedModelSerializer, "to_representation", drf_representation)
        theirs = client.get(url)
    assert theirs.status_code == 200
    ours, theirs = ours.json(), theirs.json()
    assert ours["count"] == theirs["count"]
    assert len(ours["results"]) == len(theirs["results"])
    for number, (mine, drf) in enumerate(zip(ours["results"], theirs["results"],
                                             strict=True)):
        assert list(mine) == list(drf), f"{url} row {number}: fields or their order differ"
        for name in drf:
            assert mine[name] == drf[name], f"{url} row {number} field {name!r}"
    return len(ours["results"])


def test_every_list_endpoint_is_found():
    assert len(LIST_URLS) >= 15
    assert {"projects-api:project-list", "projects-api:projectproblem-list",
            "core-api:enterprise-list"} <= set(LIST_URLS)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_list_answers_as_drf_does(demo, admin_user_, leader, api_client_for,
                                        monkeypatch, language):
    compared = {}
    for user in (admin_user_, leader):
        client = api_client_for(user, language)
        for name in LIST_URLS:
            url = f"{reverse(name)}?{urlencode({'limit': 1000})}"
            compared[name] = compared.get(name, 0) + compare(client, url, monkeypatch)
    empty = sorted(name for name, rows in compared.items() if not rows)
    # The demo fills nearly every list: a comparison over no rows proves nothing.
    assert len(empty) <= len(LIST_URLS) // 4, empty

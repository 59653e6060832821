"""ViewPermission: a read-only endpoint computed from a model needs only view permission."""

import pytest
from django.urls import reverse

from cuizhai.core import roles

pytestmark = pytest.mark.django_db

SUMMARY = reverse("projects-api:summary")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_is_not_allowed_for_anyone_who_may_read(method, api_client_for,
                                                        leader, projects_editor):
    # The leaders hold no add/change permission, the projects office does: both get the
    # same answer, because a summary cannot be written at all.
    for user in (leader, projects_editor):
        client = api_client_for(user)
        assert client.get(SUMMARY, {"year": 2024}).status_code == 200
        assert getattr(client, method)(SUMMARY, {}, format="json").status_code == 405


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_view_permission_it_is_refused(method, make_user, api_client_for):
    nobody = api_client_for(make_user("nobody"))
    assert getattr(nobody, method)(SUMMARY, {"year": 2024}).status_code == 403
    assert getattr(api_client_for(), method)(SUMMARY, {"year": 2024}).status_code == 401


def test_a_user_with_only_view_permission_on_projects_reads_it(make_user, api_client_for):
    dashboard = make_user("dashboard", roles.DASHBOARD, is_staff=False)
    assert api_client_for(dashboard).get(SUMMARY, {"year": 2024}).status_code == 200

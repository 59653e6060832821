"""The projects API's resource paths follow the model names; the first release's short
paths redirect to them (308) for one release, and so does ``enterprises/``, moved to the
core's registers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core.models import Enterprise
from projects.models import FundingLine
from tests.projects import factories as f

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/projects/"
# basename (the model name) → its path.
PATHS = {
    "project": "projects",
    "fundingline": "funding-lines",
    "milestone": "milestones",
    "projectproblem": "project-problems",
    "monthlyprogress": "monthly-progress",
    "visit": "visits",
    "enterpriseneed": "enterprise-needs",
    "supportoutcome": "support-outcomes",
}
OLD_PATHS = {"funding": "funding-lines", "progress": "monthly-progress",
             "problems": "project-problems", "needs": "enterprise-needs"}
CORE_ROOT = "/api/v1/core/"


@pytest.fixture
def editor_client(projects_editor, api_client_for):
    return api_client_for(projects_editor)


def test_each_resource_path_follows_its_model_name(editor_client):
    for basename, segment in PATHS.items():
        assert reverse(f"projects-api:{basename}-list") == f"{ROOT}{segment}/"
    index = editor_client.get(ROOT).json()
    assert {url.removeprefix(f"http://testserver{ROOT}") for url in index.values()} == {
        f"{segment}/" for segment in PATHS.values()
    }


@pytest.mark.parametrize(("old", "new"), OLD_PATHS.items())
def test_an_old_path_redirects_to_the_new_one_with_its_query(old, new, editor_client):
    response = editor_client.get(f"{ROOT}{old}/", {"year": "2024", "limit": "5"})

    assert response.status_code == 308
    assert response["Location"] == f"{ROOT}{new}/?year=2024&limit=5"


def test_a_detail_action_behind_an_old_path_redirects_too(editor_client):
    line = f.FundingLineFactory()
    response = editor_client.get(f"{ROOT}funding/{line.pk}/history/")
    assert response.status_code == 308
    assert response["Location"] == f"{ROOT}funding-lines/{line.pk}/history/"


def test_a_write_through_an_old_path_arrives_with_its_method_and_body(editor_client):
    line = f.FundingLineFactory(amount=Decimal("10"))

    response = editor_client.patch(f"{ROOT}funding/{line.pk}/",
                                   {"amount": "12.50", "version": line.version},
                                   format="json", follow=True)

    assert response.status_code == 200, response.json()
    assert response.redirect_chain == [(f"{ROOT}funding-lines/{line.pk}/", 308)]
    assert FundingLine.objects.get(pk=line.pk).amount == Decimal("12.50")


def test_the_old_paths_are_not_in_the_schema(editor_client):
    paths = editor_client.get(reverse("schema"), {"format": "json"}).json()["paths"]
    assert f"{ROOT}funding-lines/" in paths
    assert not any(path.startswith(tuple(f"{ROOT}{old}/" for old in OLD_PATHS))
                   for path in paths)


def test_enterprises_moved_to_the_core_and_the_old_path_redirects_there(editor_client):
    assert reverse("core-api:enterprise-list") == f"{CORE_ROOT}enterprises/"
    assert "enterprises" in editor_client.get(CORE_ROOT).json()
    enterprise = f.EnterpriseFactory()

    response = editor_client.get(f"{ROOT}enterprises/", {"visited_year": "2024", "limit": "5"})
    assert response.status_code == 308
    assert response["Location"] == f"{CORE_ROOT}enterprises/?visited_year=2024&limit=5"
    detail = editor_client.get(f"{ROOT}enterprises/{enterprise.pk}/history/")
    assert detail.status_code == 308
    assert detail["Location"] == f"{CORE_ROOT}enterprises/{enterprise.pk}/history/"


def test_a_write_through_the_old_enterprises_path_arrives_at_the_core(editor_client):
    enterprise = f.EnterpriseFactory(park="")

    response = editor_client.patch(f"{ROOT}enterprises/{enterprise.pk}/",
                                   {"park": "新能源新材料产业园", "version": enterprise.version},
                                   format="json", follow=True)

    assert response.status_code == 200, response.json()
    assert response.redirect_chain == [(f"{CORE_ROOT}enterprises/{enterprise.pk}/", 308)]
    assert Enterprise.objects.get(pk=enterprise.pk).park == "新能源新材料产业园"
    assert (response.json()["visit_count"], response.json()["open_need_count"]) == (0, 0)


def test_the_old_enterprises_path_is_not_in_the_schema(editor_client):
    paths = editor_client.get(reverse("schema"), {"format": "json"}).json()["paths"]
    assert f"{CORE_ROOT}enterprises/" in paths
    assert not any(path.startswith(f"{ROOT}enterprises/") for path in paths)

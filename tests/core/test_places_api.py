"""Departments, communities and villages through the API (kept by the system admin)."""

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.models import Community, Department, Village
from tests.factories import CampaignFactory, CommunityFactory, DepartmentFactory, VillageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(make_user, api_client_for):
    return api_client_for(make_user("sa", roles.SYSTEM_ADMIN), language="en")


def test_department_create_read_update_delete(admin_client):
    url = reverse("core-api:department-list")
    created = admin_client.post(url, {"name": "项目办", "code": "projects",
                                      "phone": "0531-8888"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body == {"id": body["id"], "name": "项目办", "code": "projects",
                    "phone": "0531-8888", "is_active": True, "version": 1}
    detail = reverse("core-api:department-detail", args=[body["id"]])
    assert admin_client.get(detail).json() == body
    changed = admin_client.put(detail, {"name": "项目服务办", "code": "projects",
                                        "is_active": False, "version": 1}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2
    department = Department.objects.get()
    assert (department.name, department.is_active, department.phone) == ("项目服务办", False,
                                                                        "0531-8888")
    assert admin_client.delete(detail).status_code == 204
    assert not Department.objects.exists()


def test_department_name_and_code_are_unique(admin_client):
    DepartmentFactory(name="安全办", code="safety")
    response = admin_client.post(reverse("core-api:department-list"),
                                 {"name": "安全办", "code": "safety"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "code"}
    assert Department.objects.count() == 1


def test_department_code_must_be_a_slug(admin_client):
    response = admin_client.post(reverse("core-api:department-list"),
                                 {"name": "安全办", "code": "安全 办"}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()


def test_community_create_and_update(admin_client):
    url = reverse("core-api:community-list")
    response = admin_client.post(url, {"name": "怡河社区", "address": "怡河路"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["kind"]["value"] == "ideal"
    detail = reverse("core-api:community-detail", args=[response.json()["id"]])
    response = admin_client.patch(detail, {"kind": "urban", "version": 1}, format="json")
    assert response.status_code == 200
    assert Community.objects.get().kind == "urban"


def test_village_code_has_twelve_digits(admin_client):
    response = admin_client.post(reverse("core-api:village-list"),
                                 {"name": "东万村", "code": "37011"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == ["A village code has exactly 12 digits."]
    assert not Village.objects.exists()


def test_only_a_relocated_village_has_a_resettlement_community(admin_client):
    community = CommunityFactory()
    response = admin_client.post(
        reverse("core-api:village-list"),
        {"name": "程袁村", "code": "370112000001", "is_relocated": False,
         "resettled_in": community.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Only a relocated village can have a resettlement community."]
    }
    assert not Village.objects.exists()


def test_unrelocating_a_village_that_has_a_community_is_refused(admin_client):
    village = VillageFactory(is_relocated=True, resettled_in=CommunityFactory())
    response = admin_client.patch(reverse("core-api:village-detail", args=[village.pk]),
                                  {"is_relocated": False, "version": 1}, format="json")
    assert response.status_code == 400
    village.refresh_from_db()
    assert village.is_relocated and village.version == 1


def test_a_community_with_villages_cannot_be_deleted(admin_client):
    community = CommunityFactory(name="凤凰社区")
    VillageFactory(is_relocated=True, resettled_in=community, name="高道口村")
    response = admin_client.delete(reverse("core-api:community-detail", args=[community.pk]))
    assert response.status_code == 409
    assert "高道口村" in response.json()["detail"]
    assert Community.objects.filter(pk=community.pk).exists()


def test_a_department_responsible_for_a_campaign_cannot_be_deleted(admin_client):
    department = DepartmentFactory()
    CampaignFactory(department=department)
    response = admin_client.delete(reverse("core-api:department-detail", args=[department.pk]))
    assert response.status_code == 409
    assert Department.objects.filter(pk=department.pk).exists()


def test_a_stale_delete_is_refused(admin_client):
    department = DepartmentFactory()
    Department.objects.filter(pk=department.pk).update(version=2)
    response = admin_client.delete(reverse("core-api:department-detail", args=[department.pk]),
                                   {"version": 1}, format="json")
    assert response.status_code == 409
    assert Department.objects.filter(pk=department.pk).exists()


def test_the_api_root_lists_the_core_resources(admin_client):
    root = admin_client.get("/api/v1/")
    assert root.status_code == 200
    core_root = admin_client.get(root.json()["core"])
    assert core_root.status_code == 200
    assert {"departments", "communities", "villages", "indicators", "indicator-values",
            "campaigns", "campaign-outputs"} <= set(core_root.json())

"""Roles: the groups, what each may do through the API, and how models join them."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cuizhai.core import roles
from cuizhai.core.models import (
    Community,
    Department,
    IndicatorValue,
    Village,
)
from tests.factories import (
    DepartmentFactory,
    IndicatorValueFactory,
)
from tests.workflow_app.apps import installed_as_office_app

pytestmark = pytest.mark.django_db

# The office groups by name, as the apps declare them (a rename would orphan the groups).
OFFICE_OF_APP = {"projects": "项目办", "resettlement": "拆迁安置办", "safety": "安全办",
                 "partybuilding": "党建办"}
OFFICES = list(OFFICE_OF_APP.values())
# The office leader groups the apps declare (AppConfig.office_lead_group).
LEAD_GROUPS = {"安全办负责人"}
ALL_GROUPS = {roles.SYSTEM_ADMIN, roles.LEADERS, roles.DASHBOARD, *OFFICES, *LEAD_GROUPS}

def group_codenames():
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        for group in Group.objects.prefetch_related("permissions__content_type")
    }


def perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def business_models(label):
    return [m for m in apps.get_app_config(label).get_models()
            if not hasattr(m, "instance_type")]


# --- the groups ---------------------------------------------------------------------------

def test_every_role_group_exists_after_migrate():
    assert ALL_GROUPS <= set(Group.objects.values_list("name", flat=True))


def test_sync_roles_twice_gives_the_same_groups_and_permissions():
    call_command("sync_roles")
    first = group_codenames()
    call_command("sync_roles")
    assert group_codenames() == first
    assert Group.objects.filter(name__in=ALL_GROUPS).count() == len(ALL_GROUPS)


def test_sync_roles_restores_permissions_changed_by_hand():
    leaders = Group.objects.get(name=roles.LEADERS)
    expected = group_codenames()[roles.LEADERS]
    leaders.permissions.add(Permission.objects.get(codename="delete_department"))
    leaders.permissions.remove(Permission.objects.get(codename="view_campaign"))
    call_command("sync_roles")
    assert group_codenames()[roles.LEADERS] == expected


def test_leaders_and_dashboard_hold_only_view_permissions():
    codenames = group_codenames()
    for name in (roles.LEADERS, roles.DASHBOARD):
        assert codenames[name], name
        assert all(c.split(".")[1].startswith("view_") for c in codenames[name]), name
        assert perm(Department, "view") in codenames[name]
        assert perm(IndicatorValue, "view") in codenames[name]


def test_system_admin_holds_every_permission():
    assert group_codenames()[roles.SYSTEM_ADMIN] == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }


def test_historical_models_get_no_permissions_of_their_own():
    codenames = group_codenames()
    assert perm(Department, "view") in codenames[roles.LEADERS]
    assert not any("historical" in c for c in codenames[roles.LEADERS])


# --- role_permissions() follows the app registry -------------------------------------------

def test_the_apps_declare_the_office_groups():
    assert {label: roles.office_group(label) for label in OFFICE_OF_APP} == OFFICE_OF_APP
    assert set(roles.offices()) == set(OFFICES)
    assert set(roles.role_descriptions()) == ALL_GROUPS
    assert all(roles.role_descriptions().values())


def test_every_model_of_each_office_app_is_in_its_office_group():
    granted = {name: {f"{p.content_type.app_label}.{p.codename}"
                      for p in qs.select_related("content_type")}
               for name, qs in roles.role_permissions().items()}
    assert any(business_models(label) for label in OFFICE_OF_APP)
    for label, office in OFFICE_OF_APP.items():
        for model in business_models(label):
            for action in ("view", "add", "change"):
                assert perm(model, action) in granted[office], (office, model)
            for other in set(OFFICES) - {office}:
                assert perm(model, "view") in granted[other]
                assert perm(model, "change") not in granted[other]


def office_edits(office):
    """The core registers an office's apps say it edits (``AppConfig.office_edits``)."""
    return {label for config in roles.offices()[office] for label in config.office_edits}


def test_an_office_edits_the_core_registers_its_app_declares_and_no_other():
    assert {office: office_edits(office) for office in OFFICES} == {
        office: ({"core.Enterprise"} if office in (roles.office_group("projects"),
                                                   roles.office_group("safety")) else set())
        for office in OFFICES
    }


def test_core_models_are_viewable_by_every_office_and_shared_ones_editable():
    granted = {name: {f"{p.content_type.app_label}.{p.codename}"
                      for p in qs.select_related("content_type")}
               for name, qs in roles.role_permissions().items()}
    core_models = business_models("core")
    assert core_models
    for office in OFFICES:
        for model in core_models:
            assert perm(model, "view") in granted[office], (office, model)
            shared = ("core", model._meta.model_name) in roles.SHARED_EDITABLE_MODELS or (
                model._meta.label in office_edits(office))
            assert (perm(model, "add") in granted[office]) is shared, (office, model)
            assert (perm(model, "change") in granted[office]) is shared, (office, model)
            assert perm(model, "delete") not in granted[office]
        for model in (Department, Community, Village):
            assert perm(model, "change") not in granted[office]


def test_a_model_of_an_app_joins_that_apps_office_group_at_sync():
    # The test-only app "workflow_app" stands for an app that gained a model: once its
    # AppConfig declares an office, the next sync gives that office every permission on it,
    # without any list of models or offices being edited.
    from tests.workflow_app.models import SampleTicket

    assert perm(SampleTicket, "view") not in group_codenames()[roles.LEADERS]
    with installed_as_office_app():
        call_command("sync_roles")
        codenames = group_codenames()
    for action in ("view", "add", "change"):
        assert perm(SampleTicket, action) in codenames["样例办"]
    assert perm(SampleTicket, "view") in codenames[roles.LEADERS]
    assert perm(SampleTicket, "change") not in codenames[roles.LEADERS]
    assert perm(SampleTicket, "view") in codenames["项目办"]
    assert perm(SampleTicket, "change") not in codenames["项目办"]


# --- through the API (each resource's role matrix is in its contract: test_resources.py) ---

def test_dashboard_token_reads_a_list_with_its_rows(dashboard_user):
    token = Token.objects.create(user=dashboard_user)
    IndicatorValueFactory(value=Decimal("95800"), year=2024, month=11)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(reverse("core-api:indicatorvalue-list"))
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_wrong_token_is_refused(dashboard_user):
    Token.objects.create(user=dashboard_user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(reverse("core-api:department-list")).status_code == 401


def test_a_user_without_any_role_sees_nothing(make_user, api_client_for):
    client = api_client_for(make_user("nobody"))
    DepartmentFactory()
    assert client.get(reverse("core-api:department-list")).status_code == 403
    assert client.post(reverse("core-api:campaign-list"),
                       {"name": "新行动", "area": "safety", "year": 2024},
                       format="json").status_code == 403


def test_office_editor_can_read_history_it_may_view(projects_editor, api_client_for):
    department = DepartmentFactory()
    response = api_client_for(projects_editor).get(
        reverse("core-api:department-history", args=[department.pk])
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        reverse("core-api:api-root"),
        *[reverse(f"core-api:{basename}-list") for basename in (
            "department", "community", "village", "indicator", "indicatorvalue", "campaign",
            "campaignoutput")],
        reverse("schema"),
        reverse("swagger-ui"),
    ],
)
def test_anonymous_is_refused_everywhere(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert b"swagger" not in response.content.lower()

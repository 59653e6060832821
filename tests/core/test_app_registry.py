"""An app registers itself: the core reads each app's office, API and areas from its
AppConfig, and names no app itself."""

import types

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import include, path, reverse

from cuizhai.core import roles
from cuizhai.core.base.api.root import api_urlpatterns
from cuizhai.core.base.apps import BusinessAppConfig, business_apps, check_business_apps
from cuizhai.core.choices import area_choices
from cuizhai.core.models import Campaign, Indicator
from tests.factories import CampaignFactory, admin_form_data
from tests.workflow_app.apps import SampleOfficeConfig, installed_as_office_app

pytestmark = pytest.mark.django_db

# The values stored in Indicator.area and Campaign.area: they must stay declared.
AREAS = ["projects", "economy", "resettlement", "safety", "partybuilding"]


def local_configs():
    return [next(c for c in apps.get_app_configs() if c.name == entry)
            for entry in settings.LOCAL_APPS]


# --- what the apps declare ---------------------------------------------------------------------

def test_every_local_app_is_built_on_the_business_app_config():
    configs = local_configs()
    assert all(isinstance(config, BusinessAppConfig) for config in configs), configs
    assert [c.label for c in business_apps()] == [c.label for c in configs]


def test_the_areas_are_those_the_apps_declare():
    assert [value for value, _label in area_choices()] == AREAS
    assert dict(apps.get_app_config("projects").areas).keys() == {"projects", "economy"}


def test_a_test_only_app_keeps_its_plain_config():
    # SampleOfficeConfig says default = False: listing "tests.workflow_app" stays plain.
    config = apps.get_app_config("workflow_app")
    assert type(config) is not SampleOfficeConfig
    assert not isinstance(config, BusinessAppConfig)


def test_two_apps_declaring_one_area_fail_the_system_check(monkeypatch):
    assert check_business_apps() == []
    with installed_as_office_app():
        monkeypatch.setattr(SampleOfficeConfig, "areas", (("economy", "Economy again"),))
        monkeypatch.setattr(SampleOfficeConfig, "closed_loop_items", {"SampleTicket": "economy"})
        errors = check_business_apps()
    assert [error.id for error in errors] == ["core.E001"]
    assert "'projects'" in errors[0].msg and "'workflow_app'" in errors[0].msg


# --- areas: validated against the registry on every write ------------------------------------

@pytest.mark.parametrize(
    ("basename", "data"),
    [
        ("indicator", {"code": "x", "name": "新指标", "unit": "万元", "area": "nowhere"}),
        ("campaign", {"name": "新行动", "area": "nowhere", "year": 2024}),
    ],
)
def test_the_api_refuses_an_area_no_app_declares(basename, data, admin_user_, api_client_for):
    model = {"indicator": Indicator, "campaign": Campaign}[basename]
    client = api_client_for(admin_user_, language="en")

    response = client.post(reverse(f"core-api:{basename}-list"), data, format="json")

    assert response.status_code == 400
    assert response.json() == {"area": ['"nowhere" is not a valid choice.']}
    assert not model.objects.exists()


def test_the_admin_refuses_an_area_no_app_declares(client, admin_user_):
    client.force_login(admin_user_)
    url = reverse("admin:core_campaign_add")
    data = admin_form_data(client.get(url))
    data.update({"name": "新行动", "area": "nowhere", "year": "2024"})

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("area")
    assert not Campaign.objects.exists()


def test_an_area_filter_value_no_app_declares_is_a_clear_400(leader, api_client_for):
    response = api_client_for(leader, language="en").get(
        reverse("core-api:campaign-list"), {"area": "nowhere"}
    )
    assert response.status_code == 400
    assert "area" in response.json()


def test_an_installed_app_brings_its_area(admin_user_, api_client_for):
    client = api_client_for(admin_user_, language="en")
    data = {"name": "样例行动", "area": "sample", "year": 2024}
    url = reverse("core-api:campaign-list")
    assert client.post(url, data, format="json").status_code == 400

    with installed_as_office_app():
        response = client.post(url, data, format="json")
        listed = client.get(url, {"area": "sample"})

    assert response.status_code == 201, response.json()
    assert response.json()["area"] == {"value": "sample", "label": "Sample work"}
    assert listed.json()["count"] == 1
    assert Campaign.objects.get().area == "sample"


def test_the_area_labels_follow_the_language(leader, api_client_for):
    campaign = CampaignFactory(area="economy")
    url = reverse("core-api:campaign-detail", args=[campaign.pk])
    assert api_client_for(leader, language="en").get(url).json()["area"]["label"] == "Economy"
    assert api_client_for(leader).get(url).json()["area"]["label"] == "经济运行"


# --- the API: one segment per app that declares its URLs ---------------------------------------

def test_the_api_root_lists_the_apps_that_declare_an_api(leader, api_client_for):
    index = api_client_for(leader).get("/api/v1/").json()
    assert index == {
        "core": "http://testserver/api/v1/core/",
        "projects": "http://testserver/api/v1/projects/",
        "resettlement": "http://testserver/api/v1/resettlement/",
        "safety": "http://testserver/api/v1/safety/",
        "partybuilding": "http://testserver/api/v1/partybuilding/",
        "reports": "http://testserver/api/v1/reports/",
    }


def test_an_app_declaring_its_api_is_served_under_its_label(admin_user_, api_client_for):
    with installed_as_office_app():
        urlconf = types.ModuleType("registry_urls")
        urlconf.urlpatterns = [path("api/v1/", include(api_urlpatterns()))]
        with override_settings(ROOT_URLCONF=urlconf):
            client = api_client_for(admin_user_)
            index = client.get("/api/v1/").json()
            tickets = client.get(reverse("workflow_app-api:sampleticket-list"))

    assert index["workflow_app"] == "http://testserver/api/v1/workflow_app/"
    assert tickets.status_code == 200
    assert tickets.json()["count"] == 0


# --- roles: the offices as declared ------------------------------------------------------------

def test_sync_roles_shows_each_group_and_what_it_may_do(capsys):
    call_command("sync_roles")
    output = capsys.readouterr().out
    for group, description in roles.role_descriptions().items():
        assert f"{group}: {description}" in output
    assert "项目办: " in output

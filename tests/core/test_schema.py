"""The OpenAPI schema and the interactive docs."""

import json
import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from drf_spectacular.validation import validate_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory, force_authenticate

CORE_PATHS = [
    "/api/v1/core/departments/",
    "/api/v1/core/departments/{id}/",
    "/api/v1/core/departments/{id}/history/",
    "/api/v1/core/communities/",
    "/api/v1/core/villages/",
    "/api/v1/core/indicators/",
    "/api/v1/core/indicator-values/",
    "/api/v1/core/indicator-values/{id}/",
    "/api/v1/core/campaigns/",
    "/api/v1/core/campaign-outputs/",
]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    """The schema as /api/schema/ serves it, generated once for this module's checks."""
    request = APIRequestFactory().get(reverse("schema"), {"format": "json"})
    # The schema is the same for every holder of a role: read it as the administrator.
    force_authenticate(request, user=get_user_model()(username="reader", is_superuser=True))
    # Called without the middleware, the view would use whatever language an earlier test
    # left active (an English request makes titles vanish): use the site's default.
    with django_db_blocker.unblock(), translation.override(settings.LANGUAGE_CODE):
        response = SpectacularAPIView.as_view()(request)
        response.render()
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.django_db
def test_schema_is_valid_openapi_3_for_a_logged_in_user(client, leader):
    client.force_login(leader)
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate_schema(document)  # raises on an invalid document
    assert set(CORE_PATHS) <= set(document["paths"])


def test_schema_has_the_core_paths_and_methods(schema):
    assert set(CORE_PATHS) <= set(schema["paths"])
    departments = schema["paths"]["/api/v1/core/departments/{id}/"]
    assert {"get", "put", "patch", "delete"} <= set(departments)
    assert set(schema["paths"]["/api/v1/core/campaigns/"]) >= {"get", "post"}


def test_schema_documents_filters_pagination_and_export(schema):
    parameters = {p["name"] for p in
                  schema["paths"]["/api/v1/core/indicator-values/"]["get"]["parameters"]}
    assert {"limit", "offset", "ordering", "q", "year", "month", "indicator_id", "area",
            "format"} <= parameters


def test_schema_shows_choices_read_as_value_and_label_written_as_the_value(schema):
    components = schema["components"]["schemas"]
    area = components["Campaign"]["properties"]["area"]
    assert area["type"] == "object"
    assert set(area["properties"]) == {"value", "label"}
    assert area["properties"]["value"]["enum"] == [
        "projects", "economy", "resettlement", "safety", "partybuilding"]
    written = json.dumps(components["CampaignRequest"]["properties"]["area"])
    assert '"$ref": "#/components/schemas/AreaEnum"' in written
    assert components["AreaEnum"]["enum"] == area["properties"]["value"]["enum"]


def test_schema_shows_related_records_read_as_brief_objects_written_by_id(schema):
    components = schema["components"]["schemas"]
    indicator = components["IndicatorValue"]["properties"]["indicator"]
    assert indicator["type"] == "object"
    assert set(indicator["properties"]) == {"id", "display", "code", "unit"}
    assert indicator["properties"]["id"]["type"] == "integer"
    assert components["IndicatorValueRequest"]["properties"]["indicator"]["type"] == "integer"
    community = components["Village"]["properties"]["resettled_in"]
    assert community["nullable"] is True and community["type"] == "object"
    assert components["VillageRequest"]["properties"]["resettled_in"] == {
        "type": "integer", "nullable": True,
        "title": components["VillageRequest"]["properties"]["resettled_in"]["title"]}


def test_a_read_only_brief_object_has_its_fields_typed_and_may_be_null(schema):
    # Found by Schemathesis: a read-only related field has no queryset, so its brief
    # fields were typed as strings (a criterion's position is a number), and a null one
    # (no assessor yet, a person of no village) was outside the schema.
    components = schema["components"]["schemas"]
    criterion = components["CriterionResult"]["properties"]["criterion"]
    assert criterion["properties"]["position"]["type"] == "integer"
    assert components["Inspection"]["properties"]["completed_by"]["nullable"] is True
    hours = components["TrainingHours"]["properties"]
    assert hours["village"]["nullable"] is True and hours["quota"]["nullable"] is True


def test_schema_shows_decimals_as_strings(schema):
    value = schema["components"]["schemas"]["CampaignOutput"]["properties"]["value"]
    assert (value["type"], value["format"]) == ("string", "decimal")


@pytest.mark.django_db
def test_schema_yaml_is_served_too(client, leader):
    client.force_login(leader)
    response = client.get(reverse("schema"))
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


@pytest.mark.django_db
def test_schema_generation_has_no_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    captured = capsys.readouterr()
    assert "Warning" not in captured.err and "Error" not in captured.err


@pytest.mark.django_db
def test_docs_page_uses_only_local_assets(client, leader):
    client.force_login(leader)
    response = client.get(reverse("swagger-ui"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", page)
    urls += re.findall(r"""["'](https?://[^"']+)["']""", page)
    assert urls
    assert all(not urlparse(url).netloc for url in urls), urls
    assert not re.search(r"https?://", page), "an absolute URL in the docs page"
    # The page's set-up is a script of its own (no inline script under the CSP): it loads
    # the schema from this site.
    script_url = next(url for url in urls if "script" in url and "static" not in url)
    script = client.get(script_url).content.decode()
    assert reverse("schema") in script
    assert not re.search(r"https?://", script), "an absolute URL in the docs script"


@pytest.mark.django_db
def test_docs_assets_are_served_from_the_sidecar_files(client, leader):
    from django.contrib.staticfiles import finders

    client.force_login(leader)
    page = client.get(reverse("swagger-ui")).content.decode()
    assets = re.findall(r"""["']/static/([^"']+\.(?:js|css|png))["']""", page)
    assert assets
    for asset in assets:
        assert finders.find(asset), asset


@pytest.mark.django_db
def test_an_empty_filter_is_documented_and_read_as_not_given(schema, leader, api_client_for):
    parameters = {p["name"]: p for p in
                  schema["paths"]["/api/v1/core/communities/"]["get"]["parameters"]}
    assert parameters["id"]["allowEmptyValue"] is True
    assert "allowEmptyValue" not in parameters["kind"]  # refused: not one of the choices
    assert "allowEmptyValue" not in parameters["limit"]  # pagination is not a filter
    from cuizhai.core.models import Community

    Community.objects.create(name="凤凰社区", kind="ideal")
    Community.objects.create(name="城市社区", kind="urban")
    client = api_client_for(leader)
    url = "/api/v1/core/communities/"
    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        return {row["name"] for row in body.get("results", body)}

    assert names({"id": "", "q": ""}) == {"凤凰社区", "城市社区"}
    assert client.get(url, {"kind": ""}).status_code == 400
    assert names({"kind": "urban"}) == {"城市社区"}

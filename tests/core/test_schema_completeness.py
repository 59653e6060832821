"""The schema documents every answer the API gives (issue 9 §7): the error statuses of each
operation with their body, the values that may be null, the exports as files of the lists.
``make fuzz`` (Schemathesis against a live server) holds the server to the same schema;
these tests keep the schema itself from losing it."""

import json
import re

import jsonschema
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory, force_authenticate

from tests.factories import DepartmentFactory, IndicatorValueFactory

METHODS = ("get", "post", "put", "patch", "delete")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_TYPES = {"text/csv", XLSX_TYPE}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    request = APIRequestFactory().get(reverse("schema"), {"format": "json"})
    force_authenticate(request, user=get_user_model()(username="reader", is_superuser=True))
    with django_db_blocker.unblock(), translation.override(settings.LANGUAGE_CODE):
        response = SpectacularAPIView.as_view()(request)
        response.render()
    assert response.status_code == 200
    return json.loads(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def expected_statuses(path, method, operation):
    statuses = {"400", "401", "403", "404", "429"}
    if method != "get":
        statuses.add("409")
    if "requestBody" in operation:
        statuses.add("415")
    if "{id}" in path and method in ("put", "patch", "delete", "post"):
        statuses |= {"412", "428"}
    return statuses


def resolve(schema, ref):
    name = ref.rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


def test_the_schema_has_every_app_operation(schema):
    ops = list(operations(schema))
    assert len(ops) > 100
    assert ("/api/v1/projects/project-problems/{id}/resolve/", "post") in {
        (p, m) for p, m, _ in ops}


def test_every_operation_documents_its_error_statuses_with_their_body(schema):
    missing = {}
    for path, method, operation in operations(schema):
        absent = expected_statuses(path, method, operation) - set(operation["responses"])
        if absent:
            missing[f"{method.upper()} {path}"] = sorted(absent)
        for status in expected_statuses(path, method, operation) & set(operation["responses"]):
            response = operation["responses"][status]
            assert response["description"], (path, method, status)
            ref = response["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ValidationError" if status == "400" else "/Error"), (
                path, method, status)
    assert not missing, missing


def test_version_checked_operations_document_the_if_match_header(schema):
    item = schema["paths"]["/api/v1/core/departments/{id}/"]
    for method in ("put", "patch", "delete"):
        headers = [p["name"] for p in item[method]["parameters"] if p["in"] == "header"]
        assert headers == ["If-Match"], method
        assert {"412", "428"} <= set(item[method]["responses"])
    step = schema["paths"]["/api/v1/projects/project-problems/{id}/assign/"]["post"]
    assert {"409", "412", "428"} <= set(step["responses"])
    create = schema["paths"]["/api/v1/core/departments/"]["post"]
    assert not {"412", "428"} & set(create["responses"])
    assert not [p for p in create.get("parameters", []) if p["in"] == "header"]


def test_error_bodies_have_a_detail_and_field_messages(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    assert error["properties"]["detail"]["type"] == "string"
    assert error["properties"]["version"]["type"] == "integer"
    invalid = schema["components"]["schemas"]["ValidationError"]
    assert invalid["properties"]["non_field_errors"]["items"]["type"] == "string"
    assert invalid["additionalProperties"]


@pytest.mark.parametrize("component, field", [
    ("IndicatorValue", "mom_growth"),
    ("IndicatorValue", "previous_period_value"),
    ("IndicatorValue", "yoy_growth"),
    ("IndicatorValue", "same_period_last_year"),
    ("Transition", "from_status"),
    ("MonthlyProgress", "cumulative_percent"),
])
def test_values_that_may_be_null_are_nullable(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_a_choice_that_may_be_blank_reads_as_nullable(schema):
    # A required choice is never null.
    assert not schema["components"]["schemas"]["Transition"]["properties"]["to_status"].get(
        "nullable")


def test_exports_are_files_of_lists_only(schema):
    for path, method, operation in operations(schema):
        ok = operation["responses"].get("200") or operation["responses"].get("201") or {}
        types = set(ok.get("content", {}))
        names = {p["name"] for p in operation.get("parameters", [])}
        is_list = method == "get" and "results" in json.dumps(ok) or (
            method == "get" and "Paginated" in json.dumps(ok))
        if is_list and "{id}" not in path:
            assert EXPORT_TYPES <= types, path
            for media_type in EXPORT_TYPES:
                assert ok["content"][media_type]["schema"] == {"type": "string",
                                                               "format": "binary"}
            assert "format" in names, path
        elif "/files/" in path:
            # A record's own documents (a progress report's DOCX, XLSX and PDF), each in
            # its type: not an export of a list.
            assert method == "get" and "format" not in names, path
            assert all(ok["content"][media_type]["schema"] == {"type": "string",
                                                               "format": "binary"}
                       for media_type in types), path
        elif types == {XLSX_TYPE}:
            # Another layout of a list (ExportLayout, e.g. the safety ledger): always a file.
            assert method == "get" and "{id}" not in path and "format" not in names, path
            assert ok["content"][XLSX_TYPE]["schema"] == {"type": "string", "format": "binary"}
        else:
            assert not EXPORT_TYPES & types, (method, path)
            assert "format" not in names, (method, path)


def test_decimal_patterns_need_a_digit(schema):
    pattern = schema["components"]["schemas"]["IndicatorValueRequest"]["properties"]["value"][
        "pattern"]
    for good in ("12", "-12.5", "0.1234", ".5", "12."):
        assert re.fullmatch(pattern, good), good
    for bad in ("", "-", ".", "1.23456", "abc"):
        assert not re.fullmatch(pattern, bad), bad


def test_pagination_parameters_have_their_bounds(schema):
    parameters = {p["name"]: p["schema"] for p in
                  schema["paths"]["/api/v1/core/departments/"]["get"]["parameters"]}
    assert parameters["limit"]["minimum"] == 1
    assert parameters["offset"]["minimum"] == 0


def test_summary_year_has_its_range(schema):
    year = next(p for p in schema["paths"]["/api/v1/projects/summary/"]["get"]["parameters"]
                if p["name"] == "year")
    assert (year["schema"]["minimum"], year["schema"]["maximum"]) == (2000, 2100)
    # ?year= or ?period= (one of them, else a 400): neither alone is required.
    assert not year.get("required")
    for path in ("/api/v1/projects/summary/", "/api/v1/safety/series/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert names == {"year", "period"}, path


# --- the live answers match what the schema says --------------------------------------------

def validator(schema, component):
    document = {"$ref": f"#/components/schemas/{component}", "components": schema["components"]}
    return jsonschema.Draft4Validator(document)


@pytest.mark.django_db
def test_real_error_answers_match_the_documented_bodies(schema, admin_user_, projects_editor,
                                                        api_client_for):
    client = api_client_for(admin_user_)
    department = DepartmentFactory()
    url = reverse("core-api:department-detail", args=[department.pk])
    answers = {
        "428": client.patch(url, {"name": "新名称"}, format="json"),
        "412": client.patch(url, {"name": "新名称"}, format="json", HTTP_IF_MATCH='"99"'),
        "409": client.patch(url, {"name": "新名称", "version": 99}, format="json"),
        "404": client.get(reverse("core-api:department-detail", args=[999999])),
        "400": client.post(reverse("core-api:department-list"), {}, format="json"),
        "401": api_client_for().get(reverse("core-api:department-list")),
        "403": api_client_for(projects_editor).delete(url),
        "415": client.post(reverse("core-api:department-list"), "x",
                           content_type="text/plain"),
    }
    for status, response in answers.items():
        assert str(response.status_code) == status, (status, response.content)
        component = "ValidationError" if status == "400" else "Error"
        validator(schema, component).validate(response.json())


@pytest.mark.django_db
def test_null_values_are_answered_and_documented(schema, leader, api_client_for):
    value = IndicatorValueFactory(year=2024, month=1)  # no earlier value: no growth
    body = api_client_for(leader).get(
        reverse("core-api:indicatorvalue-detail", args=[value.pk])).json()
    assert body["mom_growth"] is None and body["previous_period_value"] is None
    document = {"$ref": "#/components/schemas/IndicatorValue",
                "components": schema["components"]}
    # OpenAPI 3.0's "nullable" said in JSON Schema: null is one of the types.
    document = json.loads(json.dumps(document), object_hook=_openapi_nullable)
    jsonschema.Draft4Validator(document).validate(body)


def _openapi_nullable(node):
    if node.get("nullable") and "type" in node:
        node["type"] = [node["type"], "null"]
    return node


# --- answers the schema relies on ------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("params, name", [
    ({"limit": "abc"}, "limit"),
    ({"limit": "0"}, "limit"),
    ({"limit": "true"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"offset": "5e-324"}, "offset"),
    ({"offset": "1_0"}, "offset"),
])
def test_a_page_parameter_that_is_not_a_whole_number_in_range_is_a_400(
        leader, api_client_for, params, name):
    response = api_client_for(leader).get(reverse("core-api:department-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.django_db
def test_an_unknown_api_url_answers_json(leader, client):
    client.force_login(leader)
    response = client.get("/api/v1/core/departments/not.a.record/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]
    assert client.get("/admin/no-such-page/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("params, name", [
    ({"id": "0.5"}, "id"),
    ({"is_active": "null"}, "is_active"),
    ({"is_active": "yes"}, "is_active"),
])
def test_a_filter_value_of_another_type_than_the_schema_says_is_a_400(
        leader, api_client_for, params, name):
    response = api_client_for(leader).get(reverse("core-api:department-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


@pytest.mark.django_db
@pytest.mark.parametrize("value, count", [("true", 1), ("1", 1), ("False", 1), ("0", 1),
                                          ("", 2)])
def test_yes_no_filters_take_true_false_1_0(leader, api_client_for, value, count):
    DepartmentFactory(is_active=True)
    DepartmentFactory(is_active=False)
    response = api_client_for(leader).get(reverse("core-api:department-list"),
                                          {"is_active": value})
    assert response.json()["count"] == count


@pytest.mark.django_db
def test_too_many_query_parameters_is_a_json_400(leader, client):
    client.force_login(leader)
    query = "&".join(f"id={i}" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"/api/v1/core/departments/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.django_db
def test_an_export_refuses_a_malformed_page_parameter_too(leader, api_client_for):
    response = api_client_for(leader).get(reverse("core-api:department-list"),
                                          {"format": "csv", "offset": "-1"})
    assert response.status_code == 400
    assert list(response.json()) == ["offset"]

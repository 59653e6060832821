"""API reads run without the request's transaction (no BEGIN/COMMIT round trips); every
other API action still runs in one transaction, rolled back when it is refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cuizhai.core.models import Department

pytestmark = pytest.mark.django_db(transaction=True)


def statements(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    return response, [q["sql"].split()[0].upper() for q in queries.captured_queries]


@pytest.fixture
def api(admin_user_, api_client_for):
    return api_client_for(admin_user_, "en")


def test_a_list_a_record_and_its_history_are_read_without_a_transaction(api):
    department = Department.objects.create(name="项目服务中心", code="XM")
    for url in (reverse("core-api:department-list"),
                reverse("core-api:department-detail", args=[department.pk]),
                reverse("core-api:department-history", args=[department.pk])):
        response, sql = statements(api, "get", url)
        assert response.status_code == 200, url
        assert "BEGIN" not in sql and "COMMIT" not in sql, (url, sql)
        assert "SELECT" in sql


def test_a_summary_is_read_without_a_transaction(api):
    response, sql = statements(api, "get", reverse("projects-api:summary"), data={"year": 2024})
    assert response.status_code == 200
    assert "BEGIN" not in sql and "COMMIT" not in sql, sql
    refused, sql = statements(api, "post", reverse("projects-api:summary"), data={})
    assert refused.status_code == 405


def test_a_write_runs_in_one_transaction(api):
    response, sql = statements(api, "post", reverse("core-api:department-list"),
                               data={"name": "规划建设部", "code": "GH"}, format="json")
    assert response.status_code == 201, response.content
    assert sql[0] == "BEGIN" and sql[-1] == "COMMIT"
    assert "INSERT" in sql
    assert Department.objects.filter(code="GH").exists()


def test_a_refused_write_changes_nothing(api):
    Department.objects.create(name="规划建设部", code="GH")
    response, sql = statements(api, "post", reverse("core-api:department-list"),
                               data={"name": "规划建设部", "code": "GH"}, format="json")
    assert response.status_code == 400
    assert Department.objects.filter(code="GH").count() == 1

"""``SelectorViewSet``: the rows of a list come from its selector, called on every request."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.routers import DefaultRouter

from cuizhai.core.api.views import IndicatorValueViewSet
from tests.projects import factories as f

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(day):
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_what_is_overdue_is_decided_on_the_day_of_the_request(projects_editor, api_client_for):
    milestone = f.MilestoneFactory(planned_date=datetime.date(2024, 6, 10), done_date=None)
    client = api_client_for(projects_editor, "en")
    url = reverse("projects-api:milestone-detail", args=[milestone.pk])
    with on(datetime.date(2024, 6, 10)):
        assert client.get(url).json()["is_overdue"] is False
    with on(datetime.date(2024, 6, 11)):
        assert client.get(url).json()["is_overdue"] is True


def test_a_router_names_the_routes_after_the_selectors_model():
    router = DefaultRouter()
    router.register("values", IndicatorValueViewSet)
    assert {url.name for url in router.urls} >= {"indicatorvalue-list", "indicatorvalue-detail"}


"""Campaigns (专项行动) and their measured outputs."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.models import Campaign, CampaignOutput
from tests.factories import CampaignFactory, CampaignOutputFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(projects_editor, api_client_for):
    return api_client_for(projects_editor, language="en")


def test_a_campaign_shows_its_outputs_nested(editor):
    office = DepartmentFactory(name="项目办")
    byd = CampaignFactory(name="比亚迪周边服务", area="projects", year=2024, department=office,
                          start_date=date(2024, 3, 1), end_date=date(2024, 12, 31))
    spaces = CampaignOutputFactory(campaign=byd, metric="新增车位", unit="个",
                                   value=Decimal("3600"))
    vendors = CampaignOutputFactory(campaign=byd, metric="入驻流动摊贩", unit="个",
                                    value=Decimal("112"))
    CampaignOutputFactory(metric="其他行动的成果")
    body = editor.get(reverse("core-api:campaign-detail", args=[byd.pk])).json()
    assert body["outputs"] == [
        {"id": spaces.pk, "metric": "新增车位", "unit": "个", "value": "3600.00"},
        {"id": vendors.pk, "metric": "入驻流动摊贩", "unit": "个", "value": "112.00"},
    ]
    assert body["department"] == {"id": office.pk, "display": "项目办"}
    assert body["area"] == {"value": "projects", "label": "Projects"}
    assert (body["start_date"], body["end_date"]) == ("2024-03-01", "2024-12-31")


def test_outputs_create_read_update(editor):
    byd = CampaignFactory()
    url = reverse("core-api:campaignoutput-list")
    created = editor.post(url, {"campaign": byd.pk, "metric": "清理违停车辆", "unit": "辆",
                                "value": "3000"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["campaign"] == {"id": byd.pk, "display": str(byd)}
    assert body["value"] == "3000.00"
    detail = reverse("core-api:campaignoutput-detail", args=[body["id"]])
    assert editor.get(detail).json() == body
    changed = editor.patch(detail, {"value": "3150", "version": 1}, format="json")
    assert changed.status_code == 200
    assert CampaignOutput.objects.get().value == Decimal("3150")
    nested = editor.get(reverse("core-api:campaign-detail", args=[byd.pk])).json()["outputs"]
    assert nested[0]["value"] == "3150.00"


def test_outputs_are_deleted_by_the_system_admin(make_user, api_client_for, editor):
    output = CampaignOutputFactory()
    detail = reverse("core-api:campaignoutput-detail", args=[output.pk])
    assert editor.delete(detail).status_code == 403
    admin = api_client_for(make_user("sa", roles.SYSTEM_ADMIN))
    assert admin.delete(detail).status_code == 204
    assert not CampaignOutput.objects.exists()


def test_deleting_a_campaign_deletes_its_outputs(make_user, api_client_for):
    output = CampaignOutputFactory()
    admin = api_client_for(make_user("sa", roles.SYSTEM_ADMIN))
    response = admin.delete(reverse("core-api:campaign-detail", args=[output.campaign_id]))
    assert response.status_code == 204
    assert not CampaignOutput.objects.exists()


def test_a_negative_output_is_refused_in_english(editor):
    response = editor.post(reverse("core-api:campaignoutput-list"),
                           {"campaign": CampaignFactory().pk, "metric": "车位", "unit": "个",
                            "value": "-1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["An output cannot be negative."]}
    assert not CampaignOutput.objects.exists()


def test_a_negative_output_is_refused_in_chinese_by_default(projects_editor, api_client_for):
    output = CampaignOutputFactory(value=Decimal("5"))
    response = api_client_for(projects_editor).patch(
        reverse("core-api:campaignoutput-detail", args=[output.pk]),
        {"value": "-5", "version": 1}, format="json")
    assert response.status_code == 400
    with translation.override("zh-hans"):
        expected = str(next(c for c in CampaignOutput._meta.constraints
                            if c.name == "core_campaignoutput_value_not_negative"
                            ).violation_error_message)
    assert response.json() == {"non_field_errors": [expected]}
    output.refresh_from_db()
    assert (output.value, output.version) == (Decimal("5"), 1)


def test_the_same_metric_twice_in_a_campaign_is_refused(editor):
    output = CampaignOutputFactory(metric="车位")
    response = editor.post(reverse("core-api:campaignoutput-list"),
                           {"campaign": output.campaign_id, "metric": "车位", "unit": "个",
                            "value": "1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This campaign already records that metric."]
    }


def test_an_output_needs_an_existing_campaign(editor):
    response = editor.post(reverse("core-api:campaignoutput-list"),
                           {"campaign": 424242, "metric": "车位", "unit": "个", "value": "1"},
                           format="json")
    assert response.status_code == 400
    assert response.json() == {"campaign": ["No record with id 424242."]}


def test_an_end_date_before_the_start_is_refused(editor):
    response = editor.post(reverse("core-api:campaign-list"),
                           {"name": "扬尘治理", "area": "safety", "year": 2024,
                            "start_date": "2024-06-01", "end_date": "2024-05-31"},
                           format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The end date cannot be before the start date."]
    }
    assert not Campaign.objects.exists()


def test_moving_the_start_after_the_end_is_refused(editor):
    campaign = CampaignFactory(start_date=date(2024, 3, 1), end_date=date(2024, 4, 1))
    response = editor.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                            {"start_date": "2024-05-01", "version": 1}, format="json")
    assert response.status_code == 400
    campaign.refresh_from_db()
    assert (campaign.start_date, campaign.version) == (date(2024, 3, 1), 1)


def test_a_one_day_campaign_and_open_dates_are_fine(editor):
    url = reverse("core-api:campaign-list")
    one_day = editor.post(url, {"name": "崔寨青年说", "area": "partybuilding", "year": 2024,
                                "start_date": "2024-05-04", "end_date": "2024-05-04"},
                          format="json")
    open_ended = editor.post(url, {"name": "网格化巡查", "area": "safety", "year": 2024,
                                   "start_date": "2024-01-01"}, format="json")
    assert one_day.status_code == open_ended.status_code == 201


def test_campaign_names_are_unique(editor):
    CampaignFactory(name="扬尘治理")
    response = editor.post(reverse("core-api:campaign-list"),
                           {"name": "扬尘治理", "area": "safety", "year": 2024}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_outputs_cannot_be_written_through_the_campaign(editor):
    campaign = CampaignFactory()
    response = editor.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                            {"outputs": [{"metric": "x", "unit": "个", "value": "1"}],
                             "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["outputs"] == []
    assert not CampaignOutput.objects.exists()

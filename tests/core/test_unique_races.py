"""A unique key taken at the same moment (a double click): the late request gets the usual
400 "already exists" on the field, never a 500, and nothing of it is saved."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models
from django.urls import reverse

from cuizhai.core.base.services.records import record_create
from cuizhai.core.models import Campaign, Department, IndicatorValue
from tests.factories import CampaignFactory, IndicatorFactory, IndicatorValueFactory
from tests.support.writes import replace_service

CAMPAIGNS = reverse("core-api:campaign-list")
TAKEN = {"name": ["Campaign with this Name already exists."]}


@pytest.fixture
def client_en(projects_editor, api_client_for):
    return api_client_for(projects_editor, language="en")


def someone_else_saves_after_the_checks(monkeypatch, model, other_row):
    """Let the service's checks pass, then save ``other_row()`` before the service saves:
    what a second request committing in between does."""
    checked = model.full_clean

    def full_clean_then_the_other_saves(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        monkeypatch.setattr(model, "full_clean", checked)
        other_row()

    monkeypatch.setattr(model, "full_clean", full_clean_then_the_other_saves)


@pytest.mark.django_db
def test_a_name_taken_between_the_checks_and_the_save_gets_400_on_the_field(
    client_en, monkeypatch
):
    someone_else_saves_after_the_checks(
        monkeypatch, Campaign, lambda: Campaign.objects.create(name="比亚迪周边服务", year=2024,
                                                                 area="projects"))

    response = client_en.post(CAMPAIGNS, {"name": "比亚迪周边服务", "area": "projects",
                                          "year": 2024}, format="json")

    assert response.status_code == 400, response.content
    assert response.json() == TAKEN


@pytest.mark.django_db
def test_the_message_is_translated(projects_editor, api_client_for, monkeypatch):
    someone_else_saves_after_the_checks(
        monkeypatch, Campaign, lambda: Campaign.objects.create(name="扬尘治理", year=2024,
                                                                 area="safety"))

    response = api_client_for(projects_editor).post(
        CAMPAIGNS, {"name": "扬尘治理", "area": "safety", "year": 2024}, format="json")

    assert response.status_code == 400
    assert response.json() == {"name": ["具有 名称 的 专项行动 已存在。"]}


@pytest.mark.django_db
def test_a_rename_to_a_name_taken_meanwhile_gets_400_and_changes_nothing(
    client_en, monkeypatch
):
    campaign = CampaignFactory(name="旧名")
    someone_else_saves_after_the_checks(
        monkeypatch, Campaign, lambda: CampaignFactory(name="新名"))

    response = client_en.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                               {"name": "新名", "version": 1}, format="json")

    assert response.status_code == 400
    assert response.json() == TAKEN
    campaign.refresh_from_db()
    assert (campaign.name, campaign.version, campaign.history.count()) == ("旧名", 1, 1)


@pytest.mark.django_db
def test_a_value_for_a_month_entered_meanwhile_gets_the_constraints_message(
    client_en, monkeypatch
):
    indicator = IndicatorFactory(code="budget-revenue")
    someone_else_saves_after_the_checks(
        monkeypatch, IndicatorValue,
        lambda: IndicatorValueFactory(indicator=indicator, year=2024, month=11))

    response = client_en.post(reverse("core-api:indicatorvalue-list"), {
        "indicator": indicator.pk, "year": 2024, "month": 11, "value": "9.58",
    }, format="json")

    assert response.status_code == 400, response.content
    [message] = response.json()["non_field_errors"]
    expected = IndicatorValue._meta.constraints[0].violation_error_message
    assert message == str(expected)


@pytest.mark.django_db
def test_a_refusal_the_checks_cannot_explain_is_still_a_clear_error(monkeypatch):
    def refused_by_the_database(self, *args, **kwargs):
        raise IntegrityError("foreign key violated")

    monkeypatch.setattr(Department, "save", refused_by_the_database)

    with pytest.raises(ValidationError) as refused:
        record_create(model=Department, data={"name": "项目办", "code": "projects"})

    assert refused.value.code == "concurrent_conflict"


@pytest.mark.django_db
def test_an_integrity_error_that_reaches_the_api_is_a_409_not_a_500(client_en, monkeypatch):
    def refused_by_the_database(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    replace_service(monkeypatch, models.Model, "create", refused_by_the_database)

    response = client_en.post(CAMPAIGNS, {"name": "x", "area": "projects", "year": 2024},
                              format="json")

    assert response.status_code == 409
    assert response.json() == {"detail": "Another change was saved at the same moment and "
                                         "conflicts with this one. Reload and try again."}


# --- two requests at once (PostgreSQL: the second insert waits for the first) --------------
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_of_two_simultaneous_creates_of_one_name_one_is_201_the_other_400(
    projects_editor, api_client_for, monkeypatch
):
    # Both requests pass every check before either saves, as in a real double click.
    both_checked = threading.Barrier(2, timeout=10)
    checked = Campaign.full_clean
    waited = threading.local()

    def full_clean_then_wait_for_the_other(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        if not getattr(waited, "done", False):
            waited.done = True
            both_checked.wait()

    monkeypatch.setattr(Campaign, "full_clean", full_clean_then_wait_for_the_other)
    responses = []

    def click():
        try:
            client = api_client_for(projects_editor, language="en")
            responses.append(client.post(CAMPAIGNS, {"name": "比亚迪周边服务",
                                                     "area": "projects", "year": 2024},
                                         format="json"))
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(20)

    assert sorted(r.status_code for r in responses) == [201, 400]
    refused = next(r for r in responses if r.status_code == 400)
    assert refused.json() == TAKEN
    assert list(Campaign.objects.values_list("name", flat=True)) == ["比亚迪周边服务"]
    assert Campaign.history.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_a_value_entered_twice_at_once_is_saved_once(projects_editor, api_client_for):
    indicator = IndicatorFactory()
    start = threading.Barrier(2, timeout=10)
    responses = []

    def click():
        try:
            client = api_client_for(projects_editor, language="en")
            start.wait()
            responses.append(client.post(reverse("core-api:indicatorvalue-list"), {
                "indicator": indicator.pk, "year": 2024, "month": 11, "value": "390.2",
            }, format="json"))
        finally:
            connection.close()

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join(20)

    # Whichever check catches the second (the serializer, the service or the database),
    # the answer is the same 400 and one row stays.
    assert sorted(r.status_code for r in responses) == [201, 400]
    assert IndicatorValue.objects.get().value == Decimal("390.2")

"""No lost updates: of two people editing the same record, the second is told, and the
first one's change stays — through the API (version / If-Match) and in the admin."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from cuizhai.core.base.exceptions import StaleVersion
from cuizhai.core.base.services.records import record_update
from cuizhai.core.models import Campaign, Department, IndicatorValue
from tests.factories import (
    CampaignFactory,
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    admin_form_data,
)

STALE_MESSAGE = (
    "This record was changed by someone else while you were editing it "
    "(it is now at version 2). Reload it and make your change again."
)


@pytest.fixture
def office_clients(make_user, api_client_for):
    from cuizhai.core import roles

    first = make_user("first", roles.office_group("projects"))
    second = make_user("second", roles.office_group("safety"))
    return api_client_for(first, language="en"), api_client_for(second, language="en")


# --- API (ETag, 428, a stale version or If-Match on every resource: its contract in
# test_resources.py) ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_second_put_from_the_same_version_gets_409_and_the_first_edit_stays(office_clients):
    first, second = office_clients
    campaign = CampaignFactory(name="扬尘治理", area="safety", year=2024)
    url = reverse("core-api:campaign-detail", args=[campaign.pk])
    read_by_first, read_by_second = first.get(url).json(), second.get(url).json()
    assert read_by_first["version"] == read_by_second["version"] == 1

    response = first.put(url, {"name": "扬尘治理", "area": "safety", "year": 2024,
                               "description": "first", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'

    response = second.put(url, {"name": "扬尘治理", "area": "safety", "year": 2024,
                                "description": "second", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": STALE_MESSAGE, "version": 2}
    campaign.refresh_from_db()
    assert (campaign.description, campaign.version) == ("first", 2)


@pytest.mark.django_db
def test_the_version_read_after_a_conflict_lets_the_second_editor_save(office_clients):
    first, second = office_clients
    campaign = CampaignFactory()
    url = reverse("core-api:campaign-detail", args=[campaign.pk])
    first.patch(url, {"description": "first", "version": 1}, format="json")
    conflict = second.patch(url, {"description": "second", "version": 1}, format="json")
    retry = second.patch(url, {"description": "second", "version": conflict.json()["version"]},
                         format="json")
    assert retry.status_code == 200
    assert retry.json()["version"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch"])
def test_an_edit_without_version_or_if_match_gets_428(office_clients, method):
    first, _second = office_clients
    campaign = CampaignFactory(name="原名", area="safety", year=2024)
    url = reverse("core-api:campaign-detail", args=[campaign.pk])
    response = getattr(first, method)(url, {"name": "新名", "area": "safety", "year": 2024},
                                      format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    campaign.refresh_from_db()
    assert (campaign.name, campaign.version) == ("原名", 1)


@pytest.mark.django_db
def test_a_refused_edit_changes_nothing_even_with_other_errors(office_clients):
    first, _second = office_clients
    campaign = CampaignFactory()
    Campaign.objects.filter(pk=campaign.pk).update(version=2)
    response = first.patch(reverse("core-api:campaign-detail", args=[campaign.pk]),
                           {"year": "soon", "version": 1}, format="json")
    assert response.status_code in (400, 409)
    campaign.refresh_from_db()
    assert (campaign.year, campaign.version) == (2024, 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_two_simultaneous_saves_of_the_same_version_one_wins():
    department = DepartmentFactory(phone="0")
    first_claimed, outcome = threading.Event(), {}

    def first_editor():
        try:
            with transaction.atomic():
                fresh = Department.objects.get(pk=department.pk)
                record_update(instance=fresh, data={"phone": "1"}, expected_version=1)
                first_claimed.set()
                # Hold the row while the second editor tries its save.
                threading.Event().wait(0.5)
        finally:
            first_claimed.set()
            connection.close()

    def second_editor():
        first_claimed.wait(5)
        try:
            fresh = Department.objects.get(pk=department.pk)
            fresh.version = 1  # it was read before the first save
            record_update(instance=fresh, data={"phone": "2"}, expected_version=1)
            outcome["second"] = "saved"
        except StaleVersion as error:
            outcome["second"] = error.current_version
        finally:
            connection.close()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": 2}
    department.refresh_from_db()
    assert (department.phone, department.version) == ("1", 2)


# --- admin ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_admin_second_save_from_an_old_form_is_refused(admin_client_en):
    department = DepartmentFactory(name="项目办", phone="0")
    url = reverse("admin:core_department_change", args=[department.pk])
    first_form = admin_form_data(admin_client_en.get(url))
    second_form = admin_form_data(admin_client_en.get(url))
    assert first_form["loaded_version"] == second_form["loaded_version"] == "1"

    response = admin_client_en.post(url, {**first_form, "phone": "1111"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert (department.phone, department.version) == ("1111", 2)

    response = admin_client_en.post(url, {**second_form, "phone": "2222"})
    assert response.status_code == 200
    assert "This record was changed by someone else" in response.content.decode()
    assert response.context["adminform"].form.non_field_errors()
    department.refresh_from_db()
    assert (department.phone, department.version) == ("1111", 2)


@pytest.mark.django_db
def test_admin_save_without_loaded_version_is_refused(admin_client_en):
    department = DepartmentFactory(phone="0")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(admin_client_en.get(url))
    del data["loaded_version"]
    response = admin_client_en.post(url, {**data, "phone": "1"})
    assert response.status_code == 200
    department.refresh_from_db()
    assert department.phone == "0"


@pytest.mark.django_db
def test_admin_save_after_an_api_edit_is_refused(admin_client_en, projects_editor,
                                                 api_client_for):
    campaign = CampaignFactory(description="")
    url = reverse("admin:core_campaign_change", args=[campaign.pk])
    form = admin_form_data(admin_client_en.get(url))
    api_client_for(projects_editor).patch(reverse("core-api:campaign-detail",
                                                  args=[campaign.pk]),
                                          {"description": "api", "version": 1}, format="json")
    response = admin_client_en.post(url, {**form, "description": "admin"})
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.description == "api"


@pytest.mark.django_db
def test_an_inline_edit_in_the_admin_moves_the_rows_version(admin_client_en, projects_editor,
                                                            api_client_for):
    indicator = IndicatorFactory()
    value = IndicatorValueFactory(indicator=indicator, year=2024, month=1, value=Decimal("1"))
    url = reverse("admin:core_indicator_change", args=[indicator.pk])
    form = admin_form_data(admin_client_en.get(url))
    row = next(k for k, v in form.items() if k.endswith("-id") and v == str(value.pk))
    prefix = row.removesuffix("-id")
    response = admin_client_en.post(url, {**form, f"{prefix}-value": "5"})
    assert response.status_code == 302, response.context and response.context["errors"]
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("5"), 2)
    # An API client that read the value before the admin edit is told.
    response = api_client_for(projects_editor).patch(
        reverse("core-api:indicatorvalue-detail", args=[value.pk]),
        {"value": "9", "version": 1}, format="json")
    assert response.status_code == 409
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("5")


@pytest.mark.django_db
def test_admin_save_racing_another_save_is_rolled_back_and_explained(admin_client_en,
                                                                     monkeypatch):
    from cuizhai.core.base.admin.forms import VersionedAdminForm

    department = DepartmentFactory(phone="0")
    url = reverse("admin:core_department_change", args=[department.pk])
    form = admin_form_data(admin_client_en.get(url))
    checked = VersionedAdminForm.clean

    def clean_then_someone_else_saves(self):
        cleaned = checked(self)
        Department.objects.filter(pk=department.pk).update(phone="other", version=2)
        return cleaned

    monkeypatch.setattr(VersionedAdminForm, "clean", clean_then_someone_else_saves)
    response = admin_client_en.post(url, {**form, "phone": "mine"})
    # The page is shown again with the service's refusal, not saved and not redirected.
    assert response.status_code == 200
    assert "This record was changed by someone else" in response.content.decode()
    assert response.context["adminform"].form.non_field_errors()
    # The other editor's save is simulated inside this request, so it is rolled back
    # with it; what matters is that "mine" was not written over it.
    department.refresh_from_db()
    assert department.phone != "mine"

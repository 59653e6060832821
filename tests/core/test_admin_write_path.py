"""The admin writes through the services: the page's record through its admin's hooks,
every inline row through its inline's hooks with the version it was loaded at, and the
history page's revert like any other edit. A refused write is shown on the page, on the
field or row concerned, and nothing of the page is saved."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import checks
from django.test import Client
from django.urls import reverse

from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.models import Department, Indicator, IndicatorValue
from tests.factories import (
    DepartmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OfficeStaffFactory,
    admin_form_data,
)
from tests.workflow_app.models import SampleSite, SampleTicket

STALE = "This record was changed by someone else"

pytestmark = pytest.mark.django_db


def english(user):
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def row_prefix(data, record):
    """The inline prefix (``values-0``) of ``record``'s row in the page data."""
    key = next(k for k, v in data.items() if k.endswith("-id") and v == str(record.pk))
    return key.removesuffix("-id")


def row_errors(response, record):
    for inline in response.context["inline_admin_formsets"]:
        for form in inline.formset.forms:
            if form.instance.pk == record.pk and type(form.instance) is type(record):
                return [str(m) for errors in form.errors.values() for m in errors]
    raise AssertionError(f"no row of {record!r} on the page")


# --- a plain inline: indicator values under their indicator -------------------------------

@pytest.fixture
def indicator_page(admin_user_):
    indicator = IndicatorFactory(name="一般公共预算收入")
    value = IndicatorValueFactory(indicator=indicator, year=2024, month=1, value=Decimal("1"))
    client = english(admin_user_)
    url = reverse("admin:core_indicator_change", args=[indicator.pk])
    return indicator, value, client, url, admin_form_data(client.get(url))


def test_a_stale_inline_row_is_refused_on_its_row_and_nothing_is_saved(
    indicator_page, projects_editor, api_client_for
):
    """The lost update of issue 6: the API changes a value from 1 to 9; a page of the
    indicator loaded before is then saved with an unrelated change to that row."""
    indicator, value, client, url, stale = indicator_page
    changed = api_client_for(projects_editor).patch(
        reverse("core-api:indicatorvalue-detail", args=[value.pk]),
        {"value": "9", "version": 1}, format="json")
    assert changed.status_code == 200, changed.content
    row = row_prefix(stale, value)
    stale[f"{row}-source"] = "统计局月报"
    stale["name"] = "一般公共预算收入（改）"
    stale.update({"values-TOTAL_FORMS": str(int(stale["values-TOTAL_FORMS"]) + 1),
                  "values-1-year": "2024", "values-1-month": "2", "values-1-value": "3"})

    response = client.post(url, stale)

    assert response.status_code == 200
    assert any(STALE in m for m in row_errors(response, value)), row_errors(response, value)
    assert response.context["adminform"].form.non_field_errors()
    value.refresh_from_db()
    assert (value.value, value.source, value.version) == (Decimal("9"), "", 2)
    indicator.refresh_from_db()
    assert (indicator.name, indicator.version) == ("一般公共预算收入", 1)
    assert IndicatorValue.objects.count() == 1


def test_an_inline_row_deleted_from_a_stale_page_is_refused(indicator_page, projects_editor,
                                                            api_client_for):
    indicator, value, client, url, stale = indicator_page
    api_client_for(projects_editor).patch(
        reverse("core-api:indicatorvalue-detail", args=[value.pk]),
        {"value": "9", "version": 1}, format="json")
    stale[f"{row_prefix(stale, value)}-DELETE"] = "on"

    response = client.post(url, stale)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert any(STALE in m for m in errors), errors
    assert IndicatorValue.objects.get(pk=value.pk).value == Decimal("9")


def test_inline_rows_are_changed_added_and_deleted_through_the_services(indicator_page,
                                                                        admin_user_):
    indicator, value, client, url, data = indicator_page
    gone = IndicatorValueFactory(indicator=indicator, year=2023, month=12)
    data = admin_form_data(client.get(url))
    data[f"{row_prefix(data, value)}-value"] = "5"
    data[f"{row_prefix(data, gone)}-DELETE"] = "on"
    data.update({"values-TOTAL_FORMS": str(int(data["values-TOTAL_FORMS"]) + 1),
                 "values-2-year": "2024", "values-2-month": "2", "values-2-value": "7"})

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    value.refresh_from_db()
    assert (value.value, value.version) == (Decimal("5"), 2)
    assert value.history.first().history_user == admin_user_
    assert not IndicatorValue.objects.filter(pk=gone.pk).exists()
    assert indicator.values.get(month=2).value == Decimal("7")


# --- a closed-loop inline: tickets under their site ---------------------------------------

@pytest.fixture
def site_page(admin_user_):
    from cuizhai.core.base.services.closed_loop import closed_loop_report

    site = SampleSite.objects.create(name="清宁社区工地")
    ticket = closed_loop_report(model=SampleTicket, by=admin_user_, title="Dust on site 5",
                                site=site)
    client = english(admin_user_)
    url = reverse("admin:workflow_app_samplesite_change", args=[site.pk])
    return site, ticket, client, url, admin_form_data(client.get(url))


def test_a_stale_closed_loop_row_is_refused_and_nothing_is_saved(site_page, admin_user_,
                                                                 api_client_for):
    site, ticket, client, url, stale = site_page
    changed = api_client_for(admin_user_).patch(
        reverse("sample-api:sampleticket-detail", args=[ticket.pk]),
        {"title": "Dust on site 5, north gate", "version": 1}, format="json")
    assert changed.status_code == 200, changed.content
    stale[f"{row_prefix(stale, ticket)}-location"] = "north gate"
    stale["name"] = "清宁社区工地（一期）"

    response = client.post(url, stale)

    assert response.status_code == 200
    assert any(STALE in m for m in row_errors(response, ticket))
    ticket.refresh_from_db()
    assert (ticket.title, ticket.location, ticket.version) == (
        "Dust on site 5, north gate", "", 2)
    site.refresh_from_db()
    assert (site.name, site.version) == ("清宁社区工地", 1)


def test_a_closed_loop_row_is_reported_and_edited_through_the_workflow_services(
    site_page, admin_user_
):
    site, ticket, client, url, data = site_page
    data[f"{row_prefix(data, ticket)}-location"] = "north gate"
    data.update({"tickets-TOTAL_FORMS": str(int(data["tickets-TOTAL_FORMS"]) + 1),
                 "tickets-1-title": "Blocked fire exit", "tickets-1-description": "",
                 "tickets-1-location": ""})

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    ticket.refresh_from_db()
    assert (ticket.location, ticket.version, ticket.status) == ("north gate", 2, "reported")
    new = SampleTicket.objects.get(title="Blocked fire exit")
    assert (new.site, new.reported_by) == (site, admin_user_)
    assert new.response_due is not None and new.resolution_due is not None
    assert list(new.transitions.values_list("action", flat=True)) == ["report"]


# --- the history page ---------------------------------------------------------------------

@pytest.mark.parametrize("who", ["leader", "projects_editor"])
def test_history_form_of_a_department_cannot_be_posted_with_view_permission(
    request, who, admin_user_
):
    department = DepartmentFactory(name="安全办", phone="1")
    url = reverse("admin:core_department_change", args=[department.pk])
    data = admin_form_data(english(admin_user_).get(url))
    english(admin_user_).post(url, {**data, "phone": "2"})
    first = department.history.get(version=1)
    client = english(request.getfixturevalue(who))
    revert_url = reverse("admin:core_department_simple_history",
                         args=[department.pk, first.history_id])
    page = client.get(revert_url)
    old = admin_form_data(page)

    response = client.post(revert_url, {**old, "name": "改名", "loaded_version": "2"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    department.refresh_from_db()
    assert (department.name, department.phone, department.version) == ("安全办", "2", 2)


def test_a_revert_goes_through_the_update_hook(admin_user_, monkeypatch):
    department = DepartmentFactory(phone="1")
    client = english(admin_user_)
    url = reverse("admin:core_department_change", args=[department.pk])
    client.post(url, {**admin_form_data(client.get(url)), "phone": "2"})
    first = department.history.get(version=1)
    revert_url = reverse("admin:core_department_simple_history",
                         args=[department.pk, first.history_id])
    calls = []
    hook = TrackedModelAdmin.update_record

    def spy(self, request, instance, data, *, expected_version):
        calls.append((instance.phone, data["phone"], expected_version))
        return hook(self, request, instance, data, expected_version=expected_version)

    monkeypatch.setattr(TrackedModelAdmin, "update_record", spy)

    response = client.post(revert_url, admin_form_data(client.get(revert_url)))

    assert response.status_code == 302
    # The stored record ("2") is handed to the hook, with the old value as the edit.
    assert calls == [("2", "1", 2)]
    assert Department.objects.get(pk=department.pk).phone == "1"


# --- configuration --------------------------------------------------------------------------

def test_an_inline_of_tracked_rows_must_write_through_the_services():
    class PlainInline(admin.TabularInline):
        model = IndicatorValue

    class CarelessAdmin(TrackedModelAdmin):
        inlines = [PlainInline]

    site = admin.AdminSite(name="check-only")
    errors = CarelessAdmin(Indicator, site).check()

    assert [e.id for e in errors if e.level >= checks.ERROR] == ["core.E101"]


def test_an_answered_items_page_saved_in_chinese_keeps_its_report_time(admin_user_):
    """The Chinese page shows the report time to the minute: saved as shown, it is not a
    move of the report time (which the service refuses once the item was answered)."""
    from cuizhai.core.base.services.closed_loop import closed_loop_assign, closed_loop_report

    ticket = closed_loop_report(model=SampleTicket, by=admin_user_, title="Dust on site 5")
    ticket = closed_loop_assign(ticket, by=admin_user_, assignee=OfficeStaffFactory())
    client = Client()
    client.force_login(admin_user_)
    url = reverse("admin:workflow_app_sampleticket_change", args=[ticket.pk])
    data = admin_form_data(client.get(url))

    response = client.post(url, {**data, "location": "北门"})

    assert response.status_code == 302, response.context and response.context["errors"]
    saved = SampleTicket.objects.get(pk=ticket.pk)
    assert (saved.location, saved.reported_at) == ("北门", ticket.reported_at)


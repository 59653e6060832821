"""Taking units back from the housing-unit list (selected or handed over → available): the
system administrator's action, with a reason, through ``housing_unit_take_back`` — all the
chosen units or none; a clerk is not offered it and cannot post it."""

import pytest
from django.urls import reverse

from cuizhai.core import roles
from resettlement.models import Handover, HousingUnit, Selection
from tests.resettlement import factories as f
from tests.support.admin import admin_browser
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:resettlement_housingunit_changelist"


@pytest.fixture
def sysadmin(client):
    return admin_browser(client, make_user("sysadmin", roles.SYSTEM_ADMIN), "zh-hans")


def choose(browser, units, **extra):
    return browser.post(reverse(CHANGELIST), {
        "action": "take_back_units", "_selected_action": [unit.pk for unit in units],
        **extra})


def test_the_administrator_takes_units_back_with_a_reason(sysadmin):
    handed_over, selected = f.handed_over_unit(), f.SelectionFactory().unit

    page = choose(sysadmin, [handed_over, selected])
    assert page.status_code == 200
    html = page.content.decode()
    assert "收回安置房" in html and str(handed_over) in html and "收回理由" in html

    done = choose(sysadmin, [handed_over, selected], apply="1", reason="户主放弃该房，重新选房")

    assert done.status_code == 302
    assert set(HousingUnit.objects.filter(pk__in=[handed_over.pk, selected.pk])
               .values_list("status", flat=True)) == {"available"}
    assert not Selection.objects.exists() and not Handover.objects.exists()
    last = HousingUnit.history.filter(id=handed_over.pk).latest("history_id")
    assert last.history_change_reason == "户主放弃该房，重新选房"


def test_without_a_reason_nothing_is_taken_back(sysadmin):
    unit = f.handed_over_unit()

    page = choose(sysadmin, [unit], apply="1", reason="  ")

    assert page.status_code == 200
    assert "收回已选或已交付的安置房须填写理由。" in page.content.decode()
    unit.refresh_from_db()
    assert unit.status == "handed_over" and Handover.objects.filter(unit=unit).exists()


def test_one_unit_refused_keeps_every_unit(sysadmin):
    rehoused_in = f.handed_over_unit()
    household = rehoused_in.selection.household
    household.status, household.vacated_date, household.demolished_date = (
        "rehoused", household.contract_date, household.contract_date)
    household.save()
    other = f.handed_over_unit()

    page = choose(sysadmin, [other, rehoused_in], apply="1", reason="更正")

    assert page.status_code == 200
    assert str(rehoused_in) in page.content.decode()
    assert set(HousingUnit.objects.filter(pk__in=[other.pk, rehoused_in.pk])
               .values_list("status", flat=True)) == {"handed_over"}


def test_a_clerk_is_neither_offered_the_action_nor_able_to_post_it(client):
    clerk = admin_browser(client, make_user("clerk", roles.office_group("resettlement")),
                          "zh-hans")
    unit = f.handed_over_unit()

    listing = clerk.get(reverse(CHANGELIST))
    assert "take_back_units" not in listing.content.decode()
    response = choose(clerk, [unit], apply="1", reason="试图撤回")

    assert response.status_code in (200, 302)
    unit.refresh_from_db()
    assert unit.status == "handed_over"

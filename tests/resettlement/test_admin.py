"""The resettlement admin as the office uses it, in Chinese: every page opens, the rows on
a household's and a building's page go through the services (a taken unit, a duplicate
ID number, a unit above the top floor are refused on their row and nothing of the page is
saved), the batch handover actions hand over all or nothing, and the life cycle's
refusal shows on the status field."""

import datetime

import pytest
from django.urls import reverse

from cuizhai.core import roles
from resettlement import models, services
from resettlement.models import Handover, Household, HouseholdMember, HousingUnit, Selection
from tests.factories import admin_form_data
from tests.resettlement import factories as f
from tests.support.admin import admin_browser
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

MODELS = [models.Building, models.ServiceCentre, models.CommunityScenario, models.Household,
          models.HouseholdMember, models.HousingUnit, models.Selection, models.Handover,
          models.RepairRequest, models.HelpLineTicket, models.LandAcquisition,
          models.MerchantDemolition]


def admin_url(model, view, *args):
    return reverse(f"admin:resettlement_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def office(client):
    return admin_browser(client, make_user("clerk", roles.office_group("resettlement")),
                         "zh-hans")


def row_errors(response, prefix):
    formset = next(i.formset for i in response.context["inline_admin_formsets"]
                   if i.formset.prefix == prefix)
    return [str(m) for form in formset.forms for errors in form.errors.values()
            for m in errors]


def add_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_list_and_add_page_opens_in_chinese(office, model):
    f.handed_over_unit()
    f.report_repair()
    f.report_ticket()
    listing = office.get(admin_url(model, "changelist"))
    assert listing.status_code == 200
    assert str(model._meta.verbose_name_plural) in listing.content.decode()
    assert office.get(admin_url(model, "add")).status_code == 200


def test_the_household_page_shows_members_and_selections_as_rows(office):
    household = f.HouseholdFactory()
    f.HouseholdMemberFactory(household=household)
    f.SelectionFactory(household=household)
    page = office.get(admin_url(Household, "change", household.pk))
    assert page.status_code == 200
    prefixes = [i.formset.prefix for i in page.context["inline_admin_formsets"]]
    assert prefixes == ["members", "selections"]


def test_a_selection_row_for_a_taken_unit_is_refused_and_nothing_saved(office):
    household = f.HouseholdFactory()
    taken = f.SelectionFactory().unit
    url = admin_url(Household, "change", household.pk)
    data = admin_form_data(office.get(url))
    data["note"] = "同时修改的备注"
    add_row(data, "members", name="高某", relation="spouse",
            id_number=f.synthetic_id(801, datetime.date(1970, 7, 7)))
    add_row(data, "selections", unit=taken.pk, selected_on="2024-05-03", order_number="4")

    response = office.post(url, data)

    assert response.status_code == 200
    assert row_errors(response, "selections") == ["该安置房已被其他户选定。"]
    assert not HouseholdMember.objects.filter(household=household).exists()
    assert Household.objects.get(pk=household.pk).note == ""
    assert Selection.objects.count() == 1


def test_rows_that_pass_are_saved_through_the_services(office):
    household = f.HouseholdFactory()
    unit = f.HousingUnitFactory()
    url = admin_url(Household, "change", household.pk)
    data = admin_form_data(office.get(url))
    add_row(data, "selections", unit=unit.pk, selected_on="2024-05-03", order_number="4")

    response = office.post(url, data)

    assert response.status_code == 302
    assert HousingUnit.objects.get(pk=unit.pk).status == "selected"
    assert Selection.objects.get().history.first().history_user.username == "clerk"


def test_a_member_row_with_a_duplicate_id_number_is_refused(office):
    number = f.synthetic_id(802, datetime.date(1980, 8, 8))
    f.HouseholdMemberFactory(id_number=number)
    household = f.HouseholdFactory()
    url = admin_url(Household, "change", household.pk)
    data = admin_form_data(office.get(url))
    add_row(data, "members", name="花某", relation="child", id_number=number)

    response = office.post(url, data)

    assert response.status_code == 200
    assert row_errors(response, "members") == ["该身份证号的人员已是某被安置户的成员。"]
    assert HouseholdMember.objects.count() == 1


def test_a_unit_row_above_the_top_floor_is_refused(office):
    building = f.BuildingFactory(floors=6)
    url = admin_url(models.Building, "change", building.pk)
    data = admin_form_data(office.get(url))
    add_row(data, "units", entrance="1", floor="7", room="701", area="90", layout="2b1l")

    response = office.post(url, data)

    assert response.status_code == 200
    assert row_errors(response, "units") == [f"{building}共 6 层。"]
    assert not HousingUnit.objects.exists()


def test_an_illegal_move_shows_on_the_status_field(office):
    household = f.HouseholdFactory()  # signed
    url = admin_url(Household, "change", household.pk)
    data = admin_form_data(office.get(url))
    data.update(status="demolished", vacated_date="2024-04-01", demolished_date="2024-05-01")

    response = office.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "被安置户不能从“已签约”变为“已拆除”。"]
    assert Household.objects.get().status == "signed"


def test_the_building_action_hands_over_its_selected_units(office):
    building = f.BuildingFactory()
    for _ in range(2):
        f.SelectionFactory(unit__building=building)
    empty = f.BuildingFactory()

    refused = office.post(admin_url(models.Building, "changelist"), {
        "action": "hand_over_selected_units", "_selected_action": [building.pk, empty.pk]},
        follow=True)
    assert f"{empty}没有已选待交付的安置房。" in refused.content.decode()
    assert not Handover.objects.exists()

    done = office.post(admin_url(models.Building, "changelist"), {
        "action": "hand_over_selected_units", "_selected_action": [building.pk]}, follow=True)
    assert "2 套安置房已交付" in done.content.decode()
    assert HousingUnit.objects.filter(status="handed_over").count() == 2


def test_the_unit_action_hands_over_all_or_none(office):
    selected, available = f.SelectionFactory().unit, f.HousingUnitFactory()
    response = office.post(admin_url(HousingUnit, "changelist"), {
        "action": "hand_over_units", "_selected_action": [selected.pk, available.pk]},
        follow=True)
    assert "本批均未交付" in response.content.decode()
    assert not Handover.objects.exists()


def test_a_repair_cannot_be_reported_on_a_unit_not_handed_over(office):
    unit = f.SelectionFactory().unit
    url = admin_url(models.RepairRequest, "add")
    data = admin_form_data(office.get(url))
    data.update(title="卫生间漏水", unit=unit.pk, category="leak", severity="general",
                reported_at_0="2024-10-08", reported_at_1="10:00:00")

    response = office.post(url, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["unit"] == [f"房修诉求只能针对已交付的安置房；{unit} 尚未交付。"]
    assert not models.RepairRequest.objects.exists()


def test_a_member_row_deleted_from_a_stale_page_is_refused(office):
    # Someone changes the member after the page was loaded: deleting the row would delete
    # a version the clerk has not seen (as for every inline row, delete included).
    member = f.HouseholdMemberFactory(name="花某")
    url = admin_url(Household, "change", member.household.pk)
    stale = admin_form_data(office.get(url))
    services.member_update(member=member, data={"name": "花某某"}, expected_version=1)
    prefix = next(key for key, value in stale.items()
                  if key.startswith("members-") and key.endswith("-id")
                  and value == str(member.pk)).removesuffix("-id")
    stale[f"{prefix}-DELETE"] = "on"

    response = office.post(url, stale)

    assert response.status_code == 200
    assert HouseholdMember.objects.get(pk=member.pk).name == "花某某"

"""The resettlement API as its users meet it: the rules answered with the documented
statuses and translated messages, the unit's way back and the batch handover, the counted
village figures, 亩 and m², and every filter of the lists."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from resettlement.models import Handover, Household, HousingUnit, Selection
from tests.factories import CommunityFactory, VillageFactory
from tests.resettlement import factories as f
from tests.support.clients import role_client

pytestmark = pytest.mark.django_db

OFFICE = roles.office_group("resettlement")


def url(basename, *args, action="list"):
    return reverse(f"resettlement-api:{basename}-{action}", args=args)


@pytest.fixture
def office():
    return role_client(OFFICE)


@pytest.fixture
def sysadmin():
    return role_client(roles.SYSTEM_ADMIN)


# --- the rules through the API ----------------------------------------------------------------

def test_a_taken_unit_is_refused_in_chinese_and_nothing_changes():
    unit = f.SelectionFactory().unit
    client = role_client(OFFICE, language="zh-hans")
    response = client.post(url("selection"), {"household": f.HouseholdFactory().pk,
                                              "unit": unit.pk, "selected_on": "2024-05-02",
                                              "order_number": 9}, format="json")
    assert response.status_code == 400
    assert response.json() == {"unit": [f"安置房 {unit} 已被选走，不能再选。"]}
    assert Selection.objects.count() == 1


def test_a_selection_takes_the_unit(office):
    unit, household = f.HousingUnitFactory(), f.HouseholdFactory()
    response = office.post(url("selection"), {"household": household.pk, "unit": unit.pk,
                                              "selected_on": "2024-05-02", "order_number": 1},
                           format="json")
    assert response.status_code == 201, response.json()
    unit_read = office.get(url("housingunit", unit.pk, action="detail")).json()
    assert unit_read["status"]["value"] == "selected"
    assert unit_read["household"]["id"] == household.pk


def test_the_household_life_cycle_through_the_api(office, sysadmin):
    household = f.HouseholdFactory(status="vacated", vacated_date=datetime.date(2024, 4, 1))
    detail = url("household", household.pk, action="detail")

    skipped = office.patch(detail, {"status": "rehoused", "version": 1}, format="json")
    assert skipped.status_code == 409
    back = office.patch(detail, {"status": "registered", "version": 1}, format="json")
    assert back.status_code == 409
    no_reason = sysadmin.patch(detail, {"status": "signed", "version": 1}, format="json")
    assert no_reason.status_code == 400
    assert list(no_reason.json()) == ["reason"]
    assert Household.objects.get().status == "vacated"

    moved = sysadmin.patch(detail, {"status": "signed", "version": 1, "reason": "腾房未完成"},
                           format="json")
    assert moved.status_code == 200
    assert moved.json()["status"]["value"] == "signed"
    history = sysadmin.get(url("household", household.pk, action="history")).json()
    assert history[0]["reason"] == "腾房未完成"


def test_a_unit_is_taken_back_by_the_system_admin_only_with_a_reason(office, sysadmin):
    unit = f.handed_over_unit()
    take_back = url("housingunit", unit.pk, action="take-back")

    assert office.post(take_back, {"status": "selected", "reason": "钥匙交错"},
                       format="json").status_code == 409
    assert sysadmin.post(take_back, {"status": "selected"}, format="json").json() == {
        "reason": ["This field is required."]}
    assert Handover.objects.count() == 1

    response = sysadmin.post(take_back, {"status": "selected", "reason": "钥匙交错"},
                             format="json")
    assert response.status_code == 200
    assert response.json()["status"]["value"] == "selected"
    assert not Handover.objects.exists()


def test_a_selection_or_handover_is_not_deleted_but_its_unit_taken_back(sysadmin):
    handover = f.HandoverFactory()
    for basename, pk in (("handover", handover.pk), ("selection", handover.unit.selection.pk)):
        response = sysadmin.delete(url(basename, pk, action="detail"))
        assert response.status_code == 409
        assert "taking its unit back" in response.json()["detail"]
    assert Handover.objects.exists() and Selection.objects.exists()


def test_a_batch_handover_of_a_building(office):
    building = f.BuildingFactory()
    units = [f.SelectionFactory(unit__building=building).unit for _ in range(3)]
    f.HousingUnitFactory(building=building)
    response = office.post(url("handover", action="batch"),
                           {"building": building.pk, "handed_over_on": "2024-09-20"},
                           format="json")
    assert response.status_code == 201, response.json()
    assert sorted(row["unit"]["id"] for row in response.json()) == sorted(u.pk for u in units)
    assert HousingUnit.objects.filter(status="handed_over").count() == 3


def test_a_batch_handover_with_an_unselected_unit_changes_nothing(office):
    selected, available = f.SelectionFactory().unit, f.HousingUnitFactory()
    response = office.post(url("handover", action="batch"),
                           {"units": [selected.pk, available.pk],
                            "handed_over_on": "2024-09-20"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"units": [
        f"Unit {available} is Available, not selected: nothing was handed over."]}
    assert not Handover.objects.exists()
    assert HousingUnit.objects.get(pk=selected.pk).status == "selected"


@pytest.mark.parametrize("body", [{}, {"building": "BUILDING", "units": ["UNIT"]}])
def test_a_batch_names_a_building_or_units(office, body):
    unit = f.SelectionFactory().unit
    body = {key: unit.building_id if value == "BUILDING" else [unit.pk]
            for key, value in body.items()}
    response = office.post(url("handover", action="batch"),
                           {**body, "handed_over_on": "2024-09-20"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"units": ["Name either a building or a list of units."]}


def test_the_batch_needs_the_right_to_add_handovers():
    unit = f.SelectionFactory().unit
    response = role_client(roles.LEADERS).post(
        url("handover", action="batch"), {"units": [unit.pk], "handed_over_on": "2024-09-20"},
        format="json")
    assert response.status_code == 403
    assert not Handover.objects.exists()


def test_a_repair_on_a_unit_not_handed_over_is_refused(office):
    unit = f.SelectionFactory().unit
    response = office.post(url("repairrequest"), {"unit": unit.pk, "category": "leak",
                                                  "title": "漏水"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["unit"]


def test_a_repeat_repair_request_is_flagged(office):
    unit = f.handed_over_unit()
    flags = [office.post(url("repairrequest"), {"unit": unit.pk, "category": "leak",
                                                "title": f"漏水{n}"}, format="json")
             .json()["is_repeat"] for n in range(2)]
    assert flags == [False, True]


# --- figures counted from the records ---------------------------------------------------------

def test_a_source_village_counts_its_households_and_residents(office):
    village = VillageFactory(relocated=True)
    household = f.HouseholdFactory(village=village)
    f.HouseholdMemberFactory.create_batch(4, household=household)
    f.SelectionFactory(household=household)
    f.HouseholdFactory(village=village, status="registered", contract_date=None)
    VillageFactory(relocated=False)  # not a source village

    rows = office.get(url("sourcevillage")).json()["results"]
    assert [(r["id"], r["household_count"], r["resident_count"],
             r["eligible_household_count"], r["selected_household_count"])
            for r in rows] == [(village.pk, 2, 4, 1, 1)]
    assert office.post(url("sourcevillage"), {"name": "x"}, format="json").status_code == 405


@pytest.mark.parametrize(("mu", "square_metres"), [("1.00", "666.67"), ("2085.00",
                                                                         "1390000.00")])
def test_a_parcel_reads_in_mu_and_square_metres(office, mu, square_metres):
    parcel = f.LandAcquisitionFactory(area_mu=Decimal(mu))
    row = office.get(url("landacquisition", parcel.pk, action="detail")).json()
    assert (row["area_mu"], row["area_square_metres"]) == (mu, square_metres)
    exported = office.get(url("landacquisition"), {"format": "csv"})
    assert square_metres in b"".join(exported.streaming_content).decode("utf-8-sig")


# --- every filter -----------------------------------------------------------------------------

@pytest.fixture
def households():
    community = CommunityFactory(name="凤凰社区")
    village = VillageFactory(name="高道口村", is_relocated=True, resettled_in=community)
    other = VillageFactory(name="王河村", relocated=True)
    cadre = f.PersonFactory(name="张干部")
    chosen = f.HouseholdFactory(code="A", village=village, cadre=cadre, split_status="pending")
    f.SelectionFactory(household=chosen)
    waiting = f.HouseholdFactory(code="B", village=village)
    registered = f.HouseholdFactory(code="C", village=other, status="registered",
                                    contract_date=None, split_status="disputed",
                                    split_note="份额争议")
    return {"community": community, "village": village, "cadre": cadre, "chosen": chosen,
            "waiting": waiting, "registered": registered}


def codes(client, **params):
    response = client.get(url("household"), params)
    assert response.status_code == 200, response.json()
    return sorted(row["code"] for row in response.json()["results"])


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "registered"}, ["C"]),
    ({"split_status": ["pending", "disputed"]}, ["A", "C"]),
    ({"village": "高道口村"}, ["A", "B"]),
    ({"community": "凤凰社区"}, ["A", "B"]),
    ({"cadre": "张干部"}, ["A"]),
    ({"eligible": "true"}, ["A", "B"]),
    ({"eligible": "false"}, ["C"]),
    ({"has_selected": "true"}, ["A"]),
    ({"has_selected": "false"}, ["B", "C"]),
    ({"contract_year": 2024}, ["A", "B"]),
])
def test_household_filters(office, households, params, expected):
    assert codes(office, **params) == expected


def test_household_filters_by_id(office, households):
    assert codes(office, village_id=households["village"].pk) == ["A", "B"]
    assert codes(office, community_id=households["community"].pk) == ["A", "B"]
    assert codes(office, cadre_id=households["cadre"].pk) == ["A"]


def test_an_id_number_is_found_whole_never_by_a_part(office, households):
    number = households["waiting"].head_id_number
    assert codes(office, head_id_number=number) == ["B"]
    assert codes(office, q=number.lower()) == ["B"]
    assert codes(office, q=number[:10]) == []
    assert codes(office, head_id_number=number[:10]) == []


def test_housing_unit_filters(office):
    building = f.BuildingFactory(number="9号楼")
    selected = f.SelectionFactory(unit__building=building).unit
    available = f.HousingUnitFactory(layout="3b2l")
    handed = f.handed_over_unit()

    def ids(**params):
        response = office.get(url("housingunit"), params)
        assert response.status_code == 200, response.json()
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(status="available") == [available.pk]
    assert ids(status=["selected", "handed_over"]) == sorted([selected.pk, handed.pk])
    assert ids(layout="3b2l") == [available.pk]
    assert ids(building="9号楼") == [selected.pk]
    assert ids(building_id=building.pk) == [selected.pk]
    assert ids(community_id=handed.building.community_id) == [handed.pk]
    assert ids(community=handed.building.community.name) == [handed.pk]


def test_repair_and_ticket_filters(office):
    unit = f.handed_over_unit()
    leak, again = f.report_repair(unit=unit), f.report_repair(unit=unit)
    crack = f.report_repair(category="crack")
    helper = f.PersonFactory(kind="helper", name="帮办员甲")
    civil = f.report_ticket(scenario="civil_affairs", helper=helper)
    f.report_ticket(scenario="resettlement")

    def ids(basename, **params):
        response = office.get(url(basename), params)
        assert response.status_code == 200, response.json()
        return sorted(row["id"] for row in response.json()["results"])

    assert ids("repairrequest", category="crack") == [crack.pk]
    assert ids("repairrequest", is_repeat="true") == [again.pk]
    assert ids("repairrequest", community_id=unit.building.community_id) == sorted(
        [leak.pk, again.pk])
    assert ids("repairrequest", building_id=crack.unit.building_id) == [crack.pk]
    assert ids("helplineticket", scenario="civil_affairs") == [civil.pk]
    assert ids("helplineticket", helper="帮办员甲") == [civil.pk]
    assert ids("helplineticket", helper_id=helper.pk) == [civil.pk]


def test_land_merchant_and_community_filters(office):
    village = VillageFactory(name="东万村")
    parcel = f.LandAcquisitionFactory(village=village, acquired_on=datetime.date(2023, 5, 1))
    f.LandAcquisitionFactory()
    signed = f.MerchantDemolitionFactory(agreement_signed_on=datetime.date(2024, 5, 1),
                                         compensation=Decimal("20"))
    f.MerchantDemolitionFactory(street="青宁路", demolished_on=datetime.date(2023, 1, 5))
    centre = f.ServiceCentreFactory(completed_on=datetime.date(2024, 6, 30))
    f.ServiceCentreFactory()
    scenario = f.CommunityScenarioFactory(scenario="health", state="in_place")
    f.CommunityScenarioFactory()

    def ids(basename, **params):
        response = office.get(url(basename), params)
        assert response.status_code == 200, response.json()
        return sorted(row["id"] for row in response.json()["results"])

    assert ids("landacquisition", village="东万村") == [parcel.pk]
    assert ids("landacquisition", year=2023) == [parcel.pk]
    assert ids("merchantdemolition", has_agreement="true") == [signed.pk]
    assert ids("merchantdemolition", year=2024, street="中心大街") == [signed.pk]
    assert ids("servicecentre", completed="true") == [centre.pk]
    assert ids("communityscenario", scenario="health", state="in_place") == [scenario.pk]

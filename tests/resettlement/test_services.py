"""The resettlement rules, held by ``resettlement.services``: the household life cycle, one
household per unit (the race too), the unit's status and its way back, the batch handover,
repair requests (handed-over units, repeat flag, deadlines by category), help-line
channels, 亩/m² and the counts computed from the records."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.exceptions import IllegalTransition, StaleVersion
from resettlement import selectors, services
from resettlement.models import (
    Handover,
    Household,
    HouseholdMember,
    HousingUnit,
    RepairRequest,
    Selection,
)
from resettlement.models.land import mu_to_square_metres
from tests.factories import VillageFactory
from tests.resettlement import factories as f
from tests.support.clock import at
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages as written in the source; the Chinese ones are checked through the API
    and the admin."""
    with translation.override("en"):
        yield


@pytest.fixture
def clerk(db):
    return make_user("resettlement-clerk", roles.office_group("resettlement"))


@pytest.fixture
def sysadmin(db):
    return make_user("sysadmin", roles.SYSTEM_ADMIN)


def codes(error):
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def household_data(**fields):
    return {"code": "GDK-001", "village": VillageFactory(relocated=True),
            "head_name": "王某", "head_id_number": f.synthetic_id(1), "entitled_area":
            Decimal("120"), **fields}


# --- households -----------------------------------------------------------------------------

def test_a_household_walks_its_life_cycle_and_each_step_needs_its_date(clerk):
    household = services.household_create(data=household_data(), by=clerk)
    assert household.status == "registered"

    with pytest.raises(ValidationError) as refused:
        services.household_update(household=household, data={"status": "signed"},
                                  expected_version=household.version, by=clerk)
    assert refused.value.messages == ["A signed household needs its contract date."]

    steps = [("signed", "contract_date", datetime.date(2024, 3, 1)),
             ("vacated", "vacated_date", datetime.date(2024, 4, 1)),
             ("demolished", "demolished_date", datetime.date(2024, 5, 1))]
    for status, field, day in steps:
        household = services.household_update(
            household=household, data={"status": status, field: day},
            expected_version=household.version, by=clerk)
    assert Household.objects.get().status == "demolished"


def test_a_missing_step_date_is_refused_with_its_message(clerk):
    with pytest.raises(ValidationError) as refused:
        services.household_create(data=household_data(status="signed"), by=clerk)
    assert refused.value.messages == ["A signed household needs its contract date."]
    assert not Household.objects.exists()


def test_a_household_cannot_skip_a_step(clerk):
    household = services.household_create(data=household_data(), by=clerk)
    with pytest.raises(IllegalTransition) as refused:
        services.household_update(
            household=household, data={"status": "vacated", "contract_date":
                                       datetime.date(2024, 3, 1),
                                       "vacated_date": datetime.date(2024, 4, 1)},
            expected_version=household.version, by=clerk)
    assert "cannot go from" in refused.value.messages[0]
    assert Household.objects.get().status == "registered"


def test_only_the_system_admin_moves_a_household_back_and_gives_a_reason(clerk, sysadmin):
    household = f.HouseholdFactory(status="vacated", vacated_date=datetime.date(2024, 4, 1))
    with pytest.raises(IllegalTransition):
        services.household_update(household=household, data={"status": "signed"},
                                  expected_version=household.version, by=clerk)
    with pytest.raises(ValidationError) as refused:
        services.household_update(household=household, data={"status": "signed"},
                                  expected_version=household.version, by=sysadmin)
    assert codes(refused.value) == {"reason": ["reason_required"]}

    services.household_update(household=household, data={"status": "signed"},
                              expected_version=household.version, by=sysadmin,
                              reason="腾房日期登记错误")
    household.refresh_from_db()
    assert household.status == "signed"
    assert household.history.first().history_change_reason == "腾房日期登记错误"


def test_a_household_is_rehoused_once_a_unit_is_handed_over(clerk):
    household = f.HouseholdFactory(status="demolished", vacated_date=datetime.date(2024, 4, 1),
                                   demolished_date=datetime.date(2024, 5, 1))
    selection = f.SelectionFactory(household=household)
    with pytest.raises(ValidationError) as refused:
        services.household_update(household=household, data={"status": "rehoused"},
                                  expected_version=household.version, by=clerk)
    assert codes(refused.value) == {"status": ["rehoused_without_handover"]}

    services.handover_create(data={"unit": selection.unit,
                                   "handed_over_on": datetime.date(2024, 9, 1)}, by=clerk)
    services.household_update(household=household, data={"status": "rehoused"},
                              expected_version=household.version, by=clerk)
    assert Household.objects.get().status == "rehoused"


def test_an_id_number_with_a_wrong_check_character_is_refused(clerk):
    good = f.synthetic_id(7)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as refused:
        services.household_create(data=household_data(head_id_number=bad), by=clerk)
    assert codes(refused.value) == {"head_id_number": ["id_number_check_character"]}
    assert not Household.objects.exists()


def test_a_resident_is_a_member_of_one_household_only(clerk):
    number = f.synthetic_id(11, datetime.date(1988, 8, 8))
    f.HouseholdMemberFactory(id_number=number)
    with pytest.raises(ValidationError) as refused:
        services.member_create(data={"household": f.HouseholdFactory(), "name": "李某",
                                     "relation": "spouse", "id_number": number}, by=clerk)
    assert refused.value.messages == [
        "A resident with this ID number is already a member of a household."]


def test_the_id_number_is_found_by_its_hash_only(clerk):
    member = f.HouseholdMemberFactory()
    from cuizhai.core.base.models.personal import hash_lookup

    found = type(member).objects.filter(**hash_lookup(type(member), "id_number",
                                                      member.id_number.lower()))
    assert list(found) == [member]


# --- selection ------------------------------------------------------------------------------

def select(household, unit, by, order=1):
    return services.selection_create(data={"household": household, "unit": unit,
                                           "selected_on": datetime.date(2024, 5, 1),
                                           "order_number": order}, by=by)


def test_a_selection_takes_the_unit_and_a_second_household_is_told_it_is_taken(clerk):
    unit = f.HousingUnitFactory()
    select(f.HouseholdFactory(), unit, clerk)
    assert HousingUnit.objects.get().status == "selected"

    with pytest.raises(ValidationError) as refused:
        select(f.HouseholdFactory(), unit, clerk, order=2)
    assert codes(refused.value) == {"unit": ["unit_taken"]}
    assert refused.value.messages == [
        f"Unit {unit} is no longer available: it has already been selected."]
    assert Selection.objects.count() == 1


def test_a_household_that_has_not_signed_cannot_select(clerk):
    unit = f.HousingUnitFactory()
    with pytest.raises(ValidationError) as refused:
        select(f.HouseholdFactory(status="registered", contract_date=None), unit, clerk)
    assert codes(refused.value) == {"household": ["household_not_signed"]}
    assert HousingUnit.objects.get().status == "available"


def test_a_selection_keeps_its_unit(clerk):
    selection = f.SelectionFactory()
    with pytest.raises(ValidationError) as refused:
        services.selection_update(selection=selection, data={"unit": f.HousingUnitFactory()},
                                  expected_version=selection.version, by=clerk)
    assert codes(refused.value) == {"unit": ["selection_fixed"]}


def _race(select_one):
    """Run ``select_one(i)`` in two threads that start together; return what each got."""
    start = threading.Barrier(2, timeout=10)
    outcomes = []

    def run(i):
        try:
            start.wait()
            select_one(i)
            outcomes.append("selected")
        except ValidationError as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_of_two_simultaneous_selections_of_a_unit_one_wins_the_other_is_told():
    clerk = make_user("resettlement-clerk", roles.office_group("resettlement"))
    unit = f.HousingUnitFactory()
    households = [f.HouseholdFactory(), f.HouseholdFactory()]

    outcomes = _race(lambda i: select(households[i], unit, clerk, order=i + 1))

    assert len(outcomes) == 2 and outcomes.count("selected") == 1
    refused = next(o for o in outcomes if o != "selected")
    assert refused.messages == [
        f"Unit {unit} is no longer available: it has already been selected."]
    assert Selection.objects.count() == 1
    assert HousingUnit.objects.get().status == "selected"


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_the_database_holds_one_household_per_unit_even_without_the_row_lock(monkeypatch):
    """Were the lock ever lost, the one-to-one column still refuses the second, with the
    same kind of clear message."""
    clerk = make_user("resettlement-clerk", roles.office_group("resettlement"))
    unit = f.HousingUnitFactory()
    households = [f.HouseholdFactory(), f.HouseholdFactory()]
    both_checked = threading.Barrier(2, timeout=10)
    monkeypatch.setattr(services, "_locked_unit", lambda unit: HousingUnit.objects.get(
        pk=unit.pk))
    checked = Selection.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        both_checked.wait()

    monkeypatch.setattr(Selection, "full_clean", full_clean_then_wait)

    outcomes = _race(lambda i: select(households[i], unit, clerk, order=i + 1))

    assert len(outcomes) == 2 and outcomes.count("selected") == 1
    refused = [o for o in outcomes if o != "selected"]
    assert refused[0].messages == ["This unit has already been selected by another household."]
    assert Selection.objects.count() == 1


# --- handover and the unit's way back -------------------------------------------------------

def test_a_unit_is_handed_over_once_and_only_once_selected(clerk):
    available = f.HousingUnitFactory()
    with pytest.raises(ValidationError) as refused:
        services.handover_create(data={"unit": available,
                                       "handed_over_on": datetime.date(2024, 9, 1)}, by=clerk)
    assert codes(refused.value) == {"unit": ["unit_not_selected"]}

    unit = f.SelectionFactory().unit
    services.handover_create(data={"unit": unit, "handed_over_on": datetime.date(2024, 9, 1),
                                   "water_reading": Decimal("1.5")}, by=clerk)
    assert HousingUnit.objects.get(pk=unit.pk).status == "handed_over"
    with pytest.raises(ValidationError) as refused:
        services.handover_create(data={"unit": unit,
                                       "handed_over_on": datetime.date(2024, 9, 2)}, by=clerk)
    assert refused.value.messages == [f"Unit {unit} has already been handed over."]
    assert Handover.objects.count() == 1


def test_a_batch_handover_with_one_unselected_unit_hands_over_nothing(clerk):
    selected = [f.SelectionFactory().unit for _ in range(3)]
    available = f.HousingUnitFactory()
    with pytest.raises(ValidationError) as refused:
        services.handover_batch(units=[*selected, available],
                                handed_over_on=datetime.date(2024, 9, 1), by=clerk)
    assert refused.value.messages == [
        f"Unit {available} is Available, not selected: nothing was handed over."]
    assert not Handover.objects.exists()
    assert set(HousingUnit.objects.values_list("status", flat=True)) == {"selected",
                                                                          "available"}


def test_a_batch_handover_of_a_building_hands_over_its_selected_units(clerk):
    building = f.BuildingFactory()
    selected = [f.SelectionFactory(unit__building=building).unit for _ in range(3)]
    f.HousingUnitFactory(building=building)  # not selected: stays available
    f.SelectionFactory()  # another building's

    handovers = services.handover_batch(building=building,
                                        handed_over_on=datetime.date(2024, 9, 1), by=clerk)

    assert sorted(h.unit_id for h in handovers) == sorted(u.pk for u in selected)
    assert HousingUnit.objects.filter(status="handed_over").count() == 3
    assert HousingUnit.objects.filter(building=building, status="available").count() == 1


def test_a_building_without_selected_units_is_refused(clerk):
    building = f.BuildingFactory()
    with pytest.raises(ValidationError) as refused:
        services.handover_batch(building=building, handed_over_on=datetime.date(2024, 9, 1),
                                by=clerk)
    assert codes(refused.value) == {"building": ["nothing_to_hand_over"]}


def test_only_the_system_admin_takes_a_unit_back_with_a_reason(clerk, sysadmin):
    unit = f.handed_over_unit()
    with pytest.raises(IllegalTransition):
        services.housing_unit_take_back(unit=unit, status="selected", by=clerk, reason="错交")
    with pytest.raises(ValidationError) as refused:
        services.housing_unit_take_back(unit=unit, status="selected", by=sysadmin, reason="")
    assert codes(refused.value) == {"reason": ["reason_required"]}
    assert Handover.objects.count() == 1

    services.housing_unit_take_back(unit=unit, status="selected", by=sysadmin,
                                    reason="钥匙交错户")
    assert HousingUnit.objects.get().status == "selected"
    assert not Handover.objects.exists()
    assert HousingUnit.objects.get().history.first().history_change_reason == "钥匙交错户"

    services.housing_unit_take_back(unit=unit, status="available", by=sysadmin,
                                    reason="户主放弃该套")
    assert HousingUnit.objects.get().status == "available"
    assert not Selection.objects.exists()


def test_a_units_status_is_not_edited_by_hand(clerk):
    unit = f.HousingUnitFactory()
    with pytest.raises(ValidationError) as refused:
        services.housing_unit_update(unit=unit, data={"status": "handed_over"},
                                     expected_version=unit.version, by=clerk)
    assert codes(refused.value) == {"status": ["status_not_editable"]}


def test_a_unit_above_the_top_floor_is_refused(clerk):
    building = f.BuildingFactory(floors=6)
    with pytest.raises(ValidationError) as refused:
        services.housing_unit_create(data={"building": building, "entrance": "1", "floor": 7,
                                           "room": "701", "area": Decimal("90"),
                                           "layout": "2b1l"}, by=clerk)
    assert codes(refused.value) == {"floor": ["floor_above_building"]}


# --- repair requests and help-line tickets --------------------------------------------------

def report_repair(unit, by, category="leak", reported_at=None):
    return services.repair_request_report(
        by=by, title="卫生间漏水", unit=unit, category=category,
        reported_at=reported_at or at(2024, 10, 8, 10), reporter_name="王某",
        reporter_phone="13800000001", channel="help_line")


def test_a_repair_is_requested_on_a_handed_over_unit_only(clerk):
    with pytest.raises(ValidationError) as refused:
        report_repair(f.SelectionFactory().unit, clerk)
    assert codes(refused.value) == {"unit": ["unit_not_handed_over"]}
    assert not RepairRequest.objects.exists()


def test_a_second_request_of_the_same_category_on_a_unit_is_a_repeat(clerk):
    unit, other_unit = f.handed_over_unit(), f.handed_over_unit()
    first = report_repair(unit, clerk)
    again = report_repair(unit, clerk, reported_at=at(2024, 10, 9, 10))
    crack = report_repair(unit, clerk, category="crack")
    elsewhere = report_repair(other_unit, clerk)
    assert [r.is_repeat for r in (first, again, crack, elsewhere)] == [False, True, False,
                                                                       False]

    # Reclassified as a crack, the second becomes a repeat of the crack reported before it.
    moved = services.repair_request_update(item=again, data={"category": "crack"},
                                           expected_version=again.version, by=clerk)
    assert moved.is_repeat is True
    first = services.repair_request_update(item=first, data={"category": "plumbing"},
                                           expected_version=first.version, by=clerk)
    assert first.is_repeat is False


@pytest.mark.parametrize(("category", "resolution_due"), [
    # Reported Tuesday 8 October 2024, after the National Day holiday; Saturday 12
    # October was a make-up working day.
    ("leak", at(2024, 10, 11, 23, 59, 59)),       # 3 working days
    ("plumbing", at(2024, 10, 14, 23, 59, 59)),   # 5
    ("doors_windows", at(2024, 10, 16, 23, 59, 59)),  # 7
    ("other", at(2024, 10, 21, 23, 59, 59)),      # 10
    ("crack", at(2024, 10, 28, 23, 59, 59)),      # 15
])
def test_the_deadline_depends_on_the_category(clerk, category, resolution_due):
    item = report_repair(f.handed_over_unit(), clerk, category=category)
    assert item.response_due == at(2024, 10, 9, 10)
    assert item.resolution_due == resolution_due


def test_a_help_line_ticket_comes_by_the_help_line_unless_told_otherwise(clerk):
    ticket = services.help_line_ticket_report(by=clerk, title="物业费咨询",
                                              scenario="community_management",
                                              reported_at=at(2024, 10, 8, 10))
    assert ticket.channel == "help_line"
    assert ticket.resolution_due == at(2024, 10, 14, 23, 59, 59)
    with pytest.raises(ValidationError) as refused:
        services.help_line_ticket_report(by=clerk, title="x", scenario="resettlement",
                                         channel="inspection")
    assert "A help-line ticket comes by the help line" in " ".join(refused.value.messages)


def test_a_help_line_ticket_names_a_helper_not_any_person(clerk):
    cadre = f.PersonFactory(kind="cadre")
    with pytest.raises(ValidationError) as refused:
        services.help_line_ticket_report(by=clerk, title="x", scenario="resettlement",
                                         helper=cadre)
    assert list(refused.value.error_dict) == ["helper"]
    helper = f.PersonFactory(kind="helper")
    ticket = services.help_line_ticket_report(by=clerk, title="x", scenario="resettlement",
                                              helper=helper)
    assert ticket.helper == helper


# --- derived figures -------------------------------------------------------------------------

@pytest.mark.parametrize(("mu", "square_metres"), [
    ("1", "666.67"), ("3", "2000.00"), ("0.15", "100.00"), ("2085", "1390000.00"),
])
def test_square_metres_are_derived_from_mu(mu, square_metres):
    assert mu_to_square_metres(Decimal(mu)) == Decimal(square_metres)
    assert f.LandAcquisitionFactory(area_mu=Decimal(mu)).area_square_metres == \
        Decimal(square_metres)


def test_a_village_counts_its_households_residents_and_selections():
    village, other = VillageFactory(relocated=True), VillageFactory(relocated=True)
    selected = f.HouseholdFactory(village=village)
    f.SelectionFactory(household=selected)
    f.SelectionFactory(household=selected)  # two units: still one household that selected
    waiting = f.HouseholdFactory(village=village)
    f.HouseholdFactory(village=village, status="registered", contract_date=None)  # not eligible
    for household, members in ((selected, 3), (waiting, 2)):
        f.HouseholdMemberFactory.create_batch(members, household=household)
    f.HouseholdMemberFactory(household=f.HouseholdFactory(village=other))  # decoy

    row = selectors.source_village_list().get(pk=village.pk)
    assert (row.household_count, row.resident_count, row.eligible_household_count,
            row.selected_household_count) == (3, 5, 2, 1)
    community = selectors.resettlement_community_list().get(pk=village.resettled_in_id)
    assert (community.village_count, community.household_count, community.resident_count) == \
        (1, 3, 5)


# --- many at once (an import, the demo) -------------------------------------------------------

def test_a_unit_list_is_created_whole_or_not_at_all(clerk):
    from cuizhai.core.base.exceptions import RowsRefused

    building = f.BuildingFactory(floors=6)
    rows = [{"building": building, "entrance": "1", "floor": floor, "room": f"{floor}01",
             "area": Decimal("90"), "layout": "2b1l"} for floor in range(1, 8)]
    rows.append({**rows[0], "room": "102", "status": "handed_over"})
    with pytest.raises(RowsRefused) as refused:
        services.housing_unit_bulk_create(rows=rows, by=clerk)
    assert {index: list(error.message_dict) for index, error in refused.value.rows.items()} \
        == {6: ["floor"], 7: ["status"]}
    assert not HousingUnit.objects.exists()

    created = services.housing_unit_bulk_create(rows=rows[:6], by=clerk)
    assert [unit.status for unit in created] == ["available"] * 6
    assert HousingUnit.objects.count() == 6


def test_households_created_at_once_follow_the_one_household_rule(clerk):
    from cuizhai.core.base.exceptions import RowsRefused

    village = VillageFactory(relocated=True)
    rows = [household_data(code=f"B-{n}", village=village, head_id_number=f.synthetic_id(n))
            for n in range(3)]
    rows.append(household_data(code="B-9", village=village, status="rehoused",
                               head_id_number=f.synthetic_id(9),
                               contract_date=datetime.date(2024, 3, 1),
                               vacated_date=datetime.date(2024, 4, 1),
                               demolished_date=datetime.date(2024, 5, 1)))
    with pytest.raises(RowsRefused) as refused:
        services.household_bulk_create(rows=rows, by=clerk)
    assert {i: list(e.message_dict) for i, e in refused.value.rows.items()} == {3: ["status"]}
    assert len(services.household_bulk_create(rows=rows[:3], by=clerk)) == 3
    assert Household.objects.filter(head_id_number_hash="").count() == 0


def test_a_member_is_not_deleted_from_a_version_the_caller_has_not_seen():
    member = f.HouseholdMemberFactory()
    services.member_update(member=member, data={"name": "改名"}, expected_version=1)
    with pytest.raises(StaleVersion):
        services.member_delete(member=HouseholdMember.objects.get(pk=member.pk),
                               expected_version=1)
    assert HouseholdMember.objects.filter(pk=member.pk).exists()

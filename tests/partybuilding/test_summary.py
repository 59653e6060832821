"""GET /api/v1/partybuilding/summary/?year=: every figure on a small data set counted by
hand, with decoys from the year before, other kinds and statuses; every figure's ``link``
followed, its ``count`` compared."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.assessments import assessment_complete, assessment_record_result
from cuizhai.core.choices import PersonKind
from partybuilding import services
from tests.factories import OfficeStaffFactory, VillageFactory
from tests.partybuilding import factories as f
from tests.support.clock import at, clock
from tests.support.summaries import answer, counts, follow_months, linked_counts

pytestmark = pytest.mark.django_db

SUMMARY = reverse("partybuilding-api:summary")
PARTYBUILDING_API = "http://testserver/api/v1/partybuilding/"
CADRE = PersonKind.CADRE  # subdistrict cadres: no quota is set for them here


def evaluation(village, year, *, complete=True):
    template = f.evaluation_template("10")
    row = services.evaluation_create(data={
        "village": village, "template": template, "year": year,
        "assessed_on": datetime.date(year, 6, 30)})
    if complete:
        assessment_record_result(row, criterion=template.criteria.get(), score=Decimal("6"))
        row = assessment_complete(row)
    return row


def problem(evaluation_, reported, state):
    """A problem of ``evaluation_`` reported at ``reported`` and taken, in time, to
    ``state`` (reported, assigned, resolved or closed)."""
    owner, worker = OfficeStaffFactory(office="党建办"), OfficeStaffFactory(office="党建办")
    item = f.report_evaluation_problem(evaluation=evaluation_, reported_at=reported, by=owner)
    return walk(item, reported, state, owner, worker)


def asset_problem(reported, state, kind, amount):
    owner, worker = OfficeStaffFactory(office="党建办"), OfficeStaffFactory(office="党建办")
    item = f.report_asset_problem(reported_at=reported, kind=kind, by=owner,
                                  amount_yuan=Decimal(amount))
    return walk(item, reported, state, owner, worker)


def walk(item, reported, state, owner, worker):
    if state == "reported":
        return item
    with clock(reported + datetime.timedelta(hours=2)):
        item = closed_loop.closed_loop_assign(item, by=owner, assignee=worker)
    if state == "assigned":
        return item
    with clock(reported + datetime.timedelta(days=3)):
        item = closed_loop.closed_loop_resolve(item, by=worker, note="已整改")
    if state == "resolved":
        return item
    with clock(reported + datetime.timedelta(days=4)):
        return closed_loop.closed_loop_verify(item, by=owner)


def attend(session, person, status="present"):
    return services.attendance_create(data={"session": session, "person": person,
                                            "status": status})


@pytest.fixture
def data_2024(make_user):
    # Elections: 凤凰 and 清宁 in 2024; 河润's of 2023 is a decoy. -------------------------
    f.ElectionFactory(held_on=datetime.date(2024, 6, 18))
    f.ElectionFactory(held_on=datetime.date(2024, 7, 2))
    f.ElectionFactory(held_on=datetime.date(2023, 6, 1))

    # Evaluations: two completed in 2024, one still in progress, one of 2023. --------------
    v1, v2, v3 = VillageFactory(), VillageFactory(), VillageFactory()
    e1, e2 = evaluation(v1, 2024), evaluation(v2, 2024)
    evaluation(v3, 2024, complete=False)
    e_2023 = evaluation(v1, 2023)
    problem(e1, at(2024, 7, 1, 9), "closed")     # P1
    problem(e1, at(2024, 7, 1, 10), "reported")  # P2: open, long overdue
    problem(e1, at(2024, 7, 2, 9), "resolved")   # P3: resolved in time, not yet verified
    problem(e2, at(2024, 7, 3, 9), "assigned")   # P4: open, long overdue
    problem(e_2023, at(2023, 7, 3, 9), "closed")  # found in 2023

    # 三资 problems: two of funds and one of contracts in 2024; one of 2023. ---------------
    asset_problem(at(2024, 3, 1, 9), "closed", "funds", "1000.50")
    asset_problem(at(2024, 3, 2, 9), "assigned", "funds", "2000")
    asset_problem(at(2024, 4, 1, 9), "closed", "contracts", "0")
    asset_problem(at(2023, 4, 1, 9), "closed", "assets", "500")

    # Training: the quota of village cadres in 2024 is 5 hours. ----------------------------
    services.training_quota_create(data={"year": 2024, "person_kind": "village_cadre",
                                         "hours": Decimal("5")},
                                   by=make_user("sysadmin", "系统管理员"))
    x, y, z = (f.PersonFactory(name="示例·甲"), f.PersonFactory(name="示例·乙"),
               f.PersonFactory(name="示例·丙"))
    f.PersonFactory(name="示例·离任", is_active=False)  # no hours, but not asked to train
    grid = f.PersonFactory(name="示例·网格员", kind=PersonKind.GRID_WORKER)  # no quota
    s1 = f.SessionFactory(kind="village_cadre", hours=Decimal("3"), head_count=40,
                          held_on=datetime.date(2024, 3, 5))
    attend(s1, x)
    attend(s1, y, "late")
    attend(s1, z, "absent")
    attend(s1, grid)
    s2 = f.SessionFactory(kind="micro_class", hours=Decimal("2"),
                          held_on=datetime.date(2024, 4, 9))
    attend(s2, x)
    f.SessionFactory(kind="youth_talk", hours=Decimal("1.5"), head_count=30,
                     held_on=datetime.date(2024, 5, 4))
    s4 = f.SessionFactory(kind="village_cadre", hours=Decimal("2"), head_count=10,
                          held_on=datetime.date(2024, 11, 20))
    attend(s4, y, "excused")
    last_year = f.SessionFactory(kind="village_cadre", hours=Decimal("4"), head_count=100,
                                 held_on=datetime.date(2023, 11, 20))
    attend(last_year, z)  # 2023's hours do not count for 2024

    # Cadres: two reserve; young cadres placed in 2024: 甲 (twice) and 丁 (34 that year). --
    f.CadreFactory(person__kind=CADRE, is_reserve=True,
                   reserve_since=datetime.date(2023, 3, 1))
    f.CadreFactory(person__kind=CADRE, is_reserve=True,
                   reserve_since=datetime.date(2024, 3, 1))
    young = f.CadreFactory(person__kind=CADRE, person__birth_year=1995)
    f.PlacementFactory(cadre=young, start_date=datetime.date(2024, 3, 1))
    f.PlacementFactory(cadre=young, start_date=datetime.date(2024, 9, 1))
    thirty_four = f.CadreFactory(person__kind=CADRE, person__birth_year=1990)
    f.PlacementFactory(cadre=thirty_four, start_date=datetime.date(2024, 5, 1))
    f.PlacementFactory(cadre=f.CadreFactory(person__kind=CADRE, person__birth_year=1989),
                       start_date=datetime.date(2024, 5, 1))  # 35 in 2024: not young
    f.PlacementFactory(cadre=f.CadreFactory(person__kind=CADRE, person__birth_year=1992),
                       start_date=datetime.date(2023, 5, 1))  # placed in 2023


EXPECTED_COUNTS = {
    ("elections",): 2,
    ("committees_evaluated",): 2,  # e1, e2 (the third is in progress)
    ("evaluation_problems", "found"): 4,  # P1–P4
    ("evaluation_problems", "closed"): 1,  # P1
    ("evaluation_problems", "open"): 2,  # P2, P4 (P3 is resolved)
    ("evaluation_problems", "overdue"): 2,  # P2, P4
    ("asset_problems", "found"): 3,
    ("asset_problems", "closed"): 2,
    ("asset_problems", "open"): 1,
    ("asset_problems", "by_kind", "funds"): 2,
    ("asset_problems", "by_kind", "assets"): 0,
    ("asset_problems", "by_kind", "resources"): 0,
    ("asset_problems", "by_kind", "contracts"): 1,
    ("training", "all"): 4,
    ("training", "by_kind", "micro_class"): 1,
    ("training", "by_kind", "lecture"): 0,
    ("training", "by_kind", "village_cadre"): 2,
    ("training", "by_kind", "youth_talk"): 1,
    ("training", "by_kind", "theory_study"): 0,
    ("training", "village_cadre_training"): 2,
    ("training", "youth_talks"): 1,
    ("training", "below_quota"): 2,  # 乙 (3 of 5 hours), 丙 (none: absent)
    ("cadres", "reserve"): 2,
    ("cadres", "young_placed"): 2,  # 甲 once however many placements, 丁
}


@pytest.fixture
def summary(data_2024, dashboard_user, api_client_for):
    client = api_client_for(dashboard_user, "en")
    return client, answer(client, SUMMARY, {"year": 2024})


def test_every_count_is_what_we_count_by_hand(summary):
    _client, body = summary
    assert body["year"] == 2024
    assert counts(body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_each_count_links_to_the_records_behind_it(summary):
    client, body = summary
    assert linked_counts(client, body, EXPECTED_COUNTS,
                         prefix=PARTYBUILDING_API) == EXPECTED_COUNTS


def test_person_times_are_named_attendances_plus_head_counts(summary):
    client, body = summary
    everything = body["training"]["all"]
    # Named: 甲, 乙 (late), the grid worker at S1 and 甲 at S2; 丙 absent and 乙 excused
    # are not. Head-counts 40 + 30 + 10. Hours 3 × 3 + 2.
    assert (everything["named"], everything["head_count"], everything["person_times"],
            everything["hours"]) == ("4", "80", "84", "11.0")
    village = body["training"]["village_cadre_training"]
    assert (village["named"], village["head_count"], village["person_times"],
            village["hours"]) == ("3", "50", "53", "9.0")
    rows = client.get(village["link"]).json()["results"]
    assert sum(row["person_times"] for row in rows) == 53


def test_the_amount_of_the_asset_problems(summary):
    _client, body = summary
    assert body["asset_problems"]["found"]["amount_yuan"] == "3000.50"
    assert body["asset_problems"]["found"]["units"] == {"amount_yuan": "yuan"}


def test_the_people_below_quota_and_the_hours_they_lack(summary):
    client, body = summary
    rows = client.get(body["training"]["below_quota"]["link"]).json()["results"]
    assert {(row["name"], row["hours"], row["hours_lacking"]) for row in rows} == {
        ("示例·乙", "3.0", "2.0"), ("示例·丙", "0.0", "5.0")}


def test_a_year_without_records_counts_nothing(dashboard_user, api_client_for):
    body = api_client_for(dashboard_user).get(SUMMARY, {"year": 2030}).json()
    assert body["evaluation_problems"]["found"]["count"] == 0
    assert body["training"]["all"]["person_times"] == "0"


def test_the_summary_needs_a_year(dashboard_user, api_client_for):
    assert api_client_for(dashboard_user).get(SUMMARY).status_code == 400


# --- periods -----------------------------------------------------------------------------------
EXPECTED_SECOND_QUARTER = {
    **{path: EXPECTED_COUNTS[path] for path in EXPECTED_COUNTS
       if path[0] in ("committees_evaluated", "evaluation_problems", "cadres")
       or path == ("training", "below_quota")},  # per year (the period's) or states
    ("elections",): 1,  # 18 June (2 July is the third quarter)
    ("asset_problems", "found"): 1,  # 1 April, contracts
    ("asset_problems", "closed"): 1,
    ("asset_problems", "open"): 0,
    ("asset_problems", "by_kind", "funds"): 0,
    ("asset_problems", "by_kind", "contracts"): 1,
    ("training", "all"): 2,  # micro class 9 April, youth talk 4 May
    ("training", "by_kind", "micro_class"): 1,
    ("training", "by_kind", "village_cadre"): 0,
    ("training", "by_kind", "youth_talk"): 1,
    ("training", "village_cadre_training"): 0,
    ("training", "youth_talks"): 1,
}


def test_a_quarter_counted_by_hand_and_each_link_lists_them(summary):
    client, _year = summary
    body = answer(client, SUMMARY, {"period": "2024-Q2"})
    assert body["period"]["code"] == "2024-Q2"
    assert counts(body, EXPECTED_SECOND_QUARTER) == EXPECTED_SECOND_QUARTER
    assert linked_counts(client, body, EXPECTED_SECOND_QUARTER,
                         prefix=PARTYBUILDING_API) == EXPECTED_SECOND_QUARTER
    assert body["elections"]["link"].endswith("?held_after=2024-04-01&held_before=2024-06-30")
    everything = body["training"]["all"]
    # 甲 at the micro class; the youth talk's 30 by head-count; 2 hours for 甲.
    assert (everything["named"], everything["head_count"], everything["person_times"],
            everything["hours"]) == ("1", "30", "31", "2.0")
    assert body["asset_problems"]["found"]["amount_yuan"] == "0.00"


# --- monthly series ------------------------------------------------------------------------------
SERIES = reverse("partybuilding-api:series")


def test_the_training_series_counted_by_hand_each_month_with_its_link(summary):
    client, _year = summary
    training = answer(client, SERIES, {"year": 2024})["training"]
    assert {m["month"]: (m["count"], m["person_times"], m["hours"])
            for m in training if m["count"]} == {
        "2024-03": (1, "43", "9.0"),  # S1: 甲, 乙 (late), the grid worker + 40 by head-count
        "2024-04": (1, "1", "2.0"),  # S2: 甲
        "2024-05": (1, "30", "0.0"),  # the youth talk, by head-count only
        "2024-11": (1, "10", "0.0"),  # S4: 乙 excused, 10 by head-count
    }
    for month, listed in zip(training, follow_months(client, training), strict=True):
        rows = listed["results"]
        assert len(rows) == month["count"], month["link"]
        assert sum(row["person_times"] for row in rows) == int(month["person_times"])

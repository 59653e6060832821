"""GET /api/v1/safety/summary/?year=: every figure on a small data set counted by hand.

The records below are made through the services, with decoys from 2023 and 2025, and every
expected figure is written out as a literal. Following each figure's ``link`` must give a
list whose ``count`` is that figure.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import IndicatorPeriodKind
from tests.factories import IndicatorFactory, IndicatorValueFactory, VillageFactory
from tests.projects.factories import EnterpriseFactory, ProjectFactory
from tests.safety import factories as f
from tests.support.clock import at, clock
from tests.support.summaries import answer, counts, follow_months, linked_counts, nonzero_months
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SUMMARY = reverse("safety-api:summary")
SAFETY_API = "http://testserver/api/v1/safety/"


def hazard(title, reported, *, assigned=None, resolved=None, verified=None, **fields):
    """A hazard reported at ``reported`` and taken through the loop at the given moments."""
    clerk, worker = make_user("clerk", "安全办"), make_user("worker", "安全办")
    leader = make_user("leader", "安全办", "安全办负责人")
    with clock(reported):
        item = f.report_hazard(by=clerk, title=title, reported_at=reported, **fields)
    if assigned:
        with clock(assigned):
            item = closed_loop.closed_loop_assign(item, by=clerk, assignee=worker)
    if resolved:
        with clock(resolved):
            item = closed_loop.closed_loop_resolve(item, by=worker, note="已整改")
    if verified:
        with clock(verified):
            item = closed_loop.closed_loop_verify(item, by=leader)
    return item


@pytest.fixture
def data_2024(db):
    plant, other_plant = EnterpriseFactory(), EnterpriseFactory()
    village = VillageFactory()
    project = ProjectFactory()
    expert, cadre = f.ExpertFactory(), f.CadreFactory()

    # Inspections: I1 fire (expert, dissecting), I2 traffic (routine, cadre only: with the
    # traffic police), I3 production (expert, dissecting); the 2023 one is a decoy. -------
    inspection_1 = f.make_inspection(enterprise=plant, kind="fire", depth="dissecting",
                                     assessed_on=datetime.date(2024, 1, 10),
                                     inspectors=[expert, cadre])
    inspection_2 = f.make_inspection(site="村口", village=village, kind="traffic",
                                     depth="routine", assessed_on=datetime.date(2024, 3, 5),
                                     inspectors=[cadre])
    f.make_inspection(project=project, enterprise=None, kind="production",
                      depth="dissecting", assessed_on=datetime.date(2024, 11, 20),
                      inspectors=[expert])
    f.make_inspection(kind="production", assessed_on=datetime.date(2023, 12, 20),
                      inspectors=[expert])

    # Hazards. D1 (2023) makes H1 a repeat, H1 makes H2 one; D2 is 2025. ----------------
    hazard("D1", at(2023, 12, 20, 9), enterprise=plant, category="electrical")
    hazard("H1", at(2024, 1, 10, 10), inspection=inspection_1, category="electrical",
           assigned=at(2024, 1, 10, 11), resolved=at(2024, 1, 15, 9),
           verified=at(2024, 1, 16, 9))                        # closed, on time
    hazard("H2", at(2024, 6, 3, 9), enterprise=plant, category="electrical")  # open, late
    hazard("H3", at(2024, 3, 5, 9), inspection=inspection_2, category="traffic",
           severity="major", assigned=at(2024, 3, 5, 10),
           resolved=at(2024, 3, 20, 9))                        # resolved, on time; on I2
    hazard("H4", at(2024, 12, 31, 23, 30), project=project, category="fire",
           severity="major", assigned=at(2025, 1, 1, 1))      # open, late
    # H5: a traffic hazard reported directly, not found with the traffic police.
    hazard("H5", at(2024, 7, 1, 9), site="路口", village=village, category="traffic",
           assigned=at(2024, 7, 1, 10), resolved=at(2024, 8, 30, 9),
           verified=at(2024, 9, 1, 9))                        # closed, resolved late
    hazard("D2", at(2025, 1, 2, 9), enterprise=other_plant, category="dust")

    # Enforcement, traffic work. -----------------------------------------------------------
    f.EnforcementCaseFactory(date=datetime.date(2024, 4, 8), measure="fine",
                             fine_yuan=Decimal("5000"))
    f.EnforcementCaseFactory(date=datetime.date(2024, 8, 1))
    f.EnforcementCaseFactory(date=datetime.date(2023, 5, 1), measure="fine",
                             fine_yuan=Decimal("2000"))
    event = f.TrafficPublicityEventFactory(date=datetime.date(2024, 4, 12), audience_count=80)
    f.TrafficPublicityEventFactory(date=datetime.date(2024, 9, 10), audience_count=120)
    f.TrafficPublicityEventFactory(date=datetime.date(2023, 9, 10), audience_count=500)
    f.TrafficPersuasionFactory(date=datetime.date(2024, 4, 12), setting="event", event=event,
                               count=4)
    f.TrafficPersuasionFactory(date=datetime.date(2024, 5, 2), count=7)
    f.TrafficPersuasionFactory(date=datetime.date(2025, 1, 5), count=3)
    f.TrafficFacilityWorkFactory(date=datetime.date(2024, 6, 1), quantity=2,
                                 cost_yuan=Decimal("3600"))
    f.TrafficFacilityWorkFactory(date=datetime.date(2024, 10, 1), kind="mirrors", quantity=3,
                                 cost_yuan=Decimal("2400"))
    f.TrafficFacilityWorkFactory(date=datetime.date(2023, 10, 1), quantity=9,
                                 cost_yuan=Decimal("9999"))

    # Road deaths: 7 in 2023, 3 in 2024 (to December; November is an earlier entry). ------
    road = IndicatorFactory(code="road-deaths", name="道路交通事故死亡人数", area="safety",
                            unit="人", period_kind=IndicatorPeriodKind.CUMULATIVE)
    IndicatorValueFactory(indicator=road, year=2023, month=12, value=Decimal("7"))
    IndicatorValueFactory(indicator=road, year=2024, month=11, value=Decimal("2"))
    IndicatorValueFactory(indicator=road, year=2024, month=12, value=Decimal("3"))


EXPECTED_COUNTS = {
    ("inspections", "all"): 3,
    ("inspections", "expert"): 2,  # I1, I3
    ("inspections", "dissecting"): 2,  # I1, I3
    ("inspections", "by_kind", "fire"): 1,
    ("inspections", "by_kind", "traffic"): 1,
    ("inspections", "by_kind", "production"): 1,
    ("inspections", "by_kind", "dust"): 0,
    ("hazards", "found"): 5,  # H1–H5 (H4 at 23:30 on 31 December, office time)
    ("hazards", "rectified"): 3,  # H1, H5 closed; H3 resolved
    ("hazards", "verified"): 2,  # H1, H5
    ("hazards", "open"): 2,  # H2, H4
    ("hazards", "overdue"): 3,  # H2, H4 open past their deadlines; H5 resolved late
    ("hazards", "repeats"): 2,  # H1 (after D1), H2 (after H1)
    ("hazards", "major", "found"): 2,  # H3, H4
    ("hazards", "major", "verified"): 0,
    ("hazards", "major", "overdue"): 1,  # H4
    ("hazards", "by_level", "general"): 3,
    ("hazards", "by_level", "major"): 2,
    ("hazards", "by_category", "electrical"): 2,
    ("hazards", "by_category", "traffic"): 2,
    ("hazards", "by_category", "fire"): 1,
    ("hazards", "by_category", "dust"): 0,
    ("hazards", "by_month", 1): 1,
    ("hazards", "by_month", 2): 0,
    ("hazards", "by_month", 3): 1,
    ("hazards", "by_month", 6): 1,
    ("hazards", "by_month", 7): 1,
    ("hazards", "by_month", 12): 1,
    ("enforcement",): 2,
    ("traffic", "events"): 2,
    ("traffic", "hazards"): 1,  # H3, on the traffic inspection I2 (not H5, reported directly)
    ("traffic", "persuasions"): 2,
    ("traffic", "facilities"): 2,
}


@pytest.fixture
def summary(data_2024):
    from tests.support.clients import api_client

    client = api_client(make_user("dashboard", roles.DASHBOARD, is_staff=False), "en")
    return client, answer(client, SUMMARY, {"year": 2024})


def test_every_count_is_what_we_count_by_hand(summary):
    _client, body = summary
    assert body["year"] == 2024
    assert counts(body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_each_count_links_to_the_records_behind_it(summary):
    client, body = summary
    assert linked_counts(client, body, EXPECTED_COUNTS, prefix=SAFETY_API) == EXPECTED_COUNTS


def test_the_rates(summary):
    _client, body = summary
    assert body["inspections"]["expert"]["rate"] == "66.67"  # 2 of 3
    assert body["hazards"]["rectified"]["rate"] == "60.00"  # 3 of 5
    assert body["hazards"]["verified"]["rate"] == "40.00"  # 2 of 5
    assert body["hazards"]["major"]["verified"]["rate"] == "0.00"


def test_the_median_days_from_report_to_verification(summary):
    client, body = summary
    # Calendar days: H1 10 Jan 10:00 → 16 Jan 9:00 (5.96), H5 1 Jul → 1 Sep (62): 33.98.
    assert body["hazards"]["verified"]["median_days_to_close"] == "34.0"
    first_quarter = client.get(SUMMARY, {"period": "2024-Q1"}).json()
    assert first_quarter["hazards"]["verified"]["median_days_to_close"] == "6.0"  # H1
    assert client.get(SUMMARY, {"period": "2024-Q2"}).json()[
        "hazards"]["verified"]["median_days_to_close"] is None  # none verified


def test_the_amounts_and_their_links(summary):
    client, body = summary
    assert body["enforcement"]["fines"] == "5000.00"  # not 2023's 2,000
    assert body["traffic"]["events"]["audience"] == "200"  # 80 + 120
    assert body["traffic"]["persuasions"]["persuasions"] == "11"  # 4 + 7
    facilities = body["traffic"]["facilities"]
    assert (facilities["sets"], facilities["cost"]) == ("5", "6000.00")
    assert facilities["units"] == {"sets": "sets", "cost": "yuan"}
    rows = client.get(facilities["link"]).json()["results"]
    assert sum(Decimal(r["cost_yuan"]) for r in rows) == Decimal("6000.00")
    assert sum(r["quantity"] for r in rows) == 5


def test_road_deaths_year_on_year(summary):
    client, body = summary
    deaths = body["road_deaths"]
    assert (deaths["month"], Decimal(deaths["value"])) == (12, Decimal("3"))
    assert Decimal(deaths["same_period_last_year"]) == Decimal("7")
    assert deaths["yoy_growth"] == "-57.14"  # (3 − 7) / 7
    listed = client.get(deaths["link"]).json()
    assert [(v["year"], v["month"]) for v in listed["results"]] == [(2024, 12), (2024, 11)]


def test_a_year_without_data_has_zeros_and_no_rates(api_client_for, dashboard_user):
    body = api_client_for(dashboard_user).get(SUMMARY, {"year": 2030}).json()
    assert body["hazards"]["found"]["count"] == 0
    assert body["hazards"]["rectified"]["rate"] is None
    assert body["road_deaths"] is None


# --- periods -----------------------------------------------------------------------------------
EXPECTED_FIRST_HALF = {
    ("inspections", "all"): 2,  # I1 (10 Jan), I2 (5 Mar); I3 is in November
    ("inspections", "expert"): 1,  # I1
    ("inspections", "dissecting"): 1,  # I1
    ("inspections", "by_kind", "fire"): 1,
    ("inspections", "by_kind", "traffic"): 1,
    ("inspections", "by_kind", "production"): 0,
    ("hazards", "found"): 3,  # H1 (Jan), H3 (Mar), H2 (Jun)
    ("hazards", "rectified"): 2,  # H1 closed, H3 resolved
    ("hazards", "verified"): 1,  # H1
    ("hazards", "open"): 1,  # H2
    ("hazards", "overdue"): 1,  # H2
    ("hazards", "repeats"): 2,  # H1, H2
    ("hazards", "major", "found"): 1,  # H3
    ("hazards", "major", "verified"): 0,
    ("hazards", "major", "overdue"): 0,
    ("hazards", "by_level", "general"): 2,
    ("hazards", "by_level", "major"): 1,
    ("hazards", "by_category", "electrical"): 2,
    ("hazards", "by_category", "traffic"): 1,
    ("hazards", "by_category", "fire"): 0,
    ("hazards", "by_month", 1): 1,
    ("hazards", "by_month", 3): 1,
    ("hazards", "by_month", 6): 1,
    ("hazards", "by_month", 7): 0,  # after the period
    ("hazards", "by_month", 12): 0,
    ("enforcement",): 1,  # 8 April
    ("traffic", "events"): 1,  # 12 April
    ("traffic", "hazards"): 1,  # H3
    ("traffic", "persuasions"): 2,  # 12 April, 2 May
    ("traffic", "facilities"): 1,  # 1 June
}


def test_january_to_june_counted_by_hand_and_each_link_lists_them(summary):
    client, _year = summary
    body = answer(client, SUMMARY, {"period": "2024-01..2024-06"})
    assert counts(body, EXPECTED_FIRST_HALF) == EXPECTED_FIRST_HALF
    assert linked_counts(client, body, EXPECTED_FIRST_HALF,
                         prefix=SAFETY_API) == EXPECTED_FIRST_HALF
    assert body["hazards"]["found"]["link"].endswith(
        "?reported_after=2024-01-01&reported_before=2024-06-30")
    assert body["hazards"]["rectified"]["rate"] == "66.67"  # 2 of 3
    assert body["enforcement"]["fines"] == "5000.00"
    assert body["traffic"]["persuasions"]["persuasions"] == "11"
    facilities = body["traffic"]["facilities"]
    assert (facilities["sets"], facilities["cost"]) == ("2", "3600.00")
    assert body["road_deaths"] is None  # nothing entered for 2024 up to June


def test_the_road_deaths_of_a_period_are_as_of_its_last_month(summary):
    client, _year = summary
    deaths = client.get(SUMMARY, {"period": "2024-Q4"}).json()["road_deaths"]
    assert (deaths["month"], Decimal(deaths["value"])) == (12, Decimal("3"))
    deaths = client.get(SUMMARY, {"period": "2024-01..2024-11"}).json()["road_deaths"]
    assert (deaths["month"], Decimal(deaths["value"])) == (11, Decimal("2"))


# --- monthly series ------------------------------------------------------------------------------
SERIES = reverse("safety-api:series")


def test_the_monthly_series_counted_by_hand_each_month_with_its_link(summary):
    client, _year = summary
    body = answer(client, SERIES, {"year": 2024})
    nonzero = nonzero_months(body, ("hazards_found", "hazards_rectified", "inspections"))
    assert nonzero == {
        # H1 Jan, H3 Mar, H2 Jun, H5 Jul, H4 at 23:30 on 31 December (not D1, D2)
        "hazards_found": {"2024-01": 1, "2024-03": 1, "2024-06": 1, "2024-07": 1,
                          "2024-12": 1},
        "hazards_rectified": {"2024-01": 1, "2024-03": 1, "2024-07": 1},  # H1, H3, H5
        "inspections": {"2024-01": 1, "2024-03": 1, "2024-11": 1},
    }
    for key in nonzero:
        follow_months(client, body[key])

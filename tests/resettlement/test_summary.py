"""GET /api/v1/resettlement/summary/?year=: every figure on a small data set counted by hand.

The data set is built record by record, with decoys from the year before and from places
that are not resettlement's (an urban community, a village not relocated), and each
expected figure is written out as a literal. Following each figure's ``link`` gives a list
whose ``count`` is that figure.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.cache import records_changed
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.summary import Figure, Summary
from cuizhai.core.choices import IndicatorPeriodKind
from resettlement.selectors import HOTLINE_12345_INDICATOR, HOUSEHOLDS
from tests.factories import (
    CommunityFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OfficeStaffFactory,
    VillageFactory,
)
from tests.resettlement import factories as f
from tests.support.clock import at, clock
from tests.support.summaries import (
    answer,
    captions,
    counts,
    follow_months,
    linked_counts,
    nonzero_months,
)

pytestmark = pytest.mark.django_db

SUMMARY = reverse("resettlement-api:summary")
OFFICE = roles.office_group("resettlement")
D = datetime.date


def walk(item, *, assigned=None, resolved=None, verified=None, satisfaction=""):
    """``item`` taken through the workflow services at the given moments."""
    owner, worker = OfficeStaffFactory(office=OFFICE), OfficeStaffFactory(office=OFFICE)
    if assigned:
        with clock(assigned):
            item = closed_loop.closed_loop_assign(item, by=owner, assignee=worker)
    if resolved:
        with clock(resolved):
            item = closed_loop.closed_loop_resolve(item, by=worker, note="已修复")
    if verified:
        with clock(verified):
            item = closed_loop.closed_loop_verify(item, by=owner, satisfaction=satisfaction)
    return item


def household(code, village, status, members, **fields):
    dates = {"contract_date": D(2024, 3, 1) if status != "registered" else None,
             "vacated_date": D(2024, 4, 1) if status in ("demolished", "rehoused") else None,
             "demolished_date": D(2024, 5, 1) if status in ("demolished", "rehoused") else None}
    record = f.HouseholdFactory(code=code, village=village, status=status,
                                **{**dates, **fields})
    f.HouseholdMemberFactory.create_batch(members, household=record)
    return record


def unit_of(record, building, *, handed_over_on=None):
    status = "handed_over" if handed_over_on else "selected"
    selection = f.SelectionFactory(household=record, unit__building=building,
                                   unit__status=status)
    if handed_over_on:
        f.HandoverFactory(unit=selection.unit, handed_over_on=handed_over_on)
    return selection.unit


@pytest.fixture
def data_2024():
    fenghuang = CommunityFactory(name="凤凰社区")
    qingning = CommunityFactory(name="清宁社区")
    CommunityFactory(name="城区社区", kind="urban")  # decoy: not an ideal community
    v1 = VillageFactory(name="高道口村", is_relocated=True, resettled_in=fenghuang)
    v2 = VillageFactory(name="韩家村", is_relocated=True, resettled_in=qingning)
    VillageFactory(name="未搬迁村")  # decoy: not relocated
    b1, b2 = f.BuildingFactory(community=fenghuang), f.BuildingFactory(community=qingning)

    h1 = household("H1", v1, "rehoused", 3)
    h2 = household("H2", v1, "demolished", 2)
    household("H3", v1, "signed", 1)  # eligible, has not selected
    h4 = household("H4", v2, "signed", 2)
    household("H5", v2, "registered", 4)  # not eligible
    u1 = unit_of(h1, b1, handed_over_on=D(2024, 9, 1))
    u2 = unit_of(h2, b1, handed_over_on=D(2023, 12, 20))  # handed over the year before
    unit_of(h4, b2)  # selected, not handed over
    u5 = unit_of(h4, b2, handed_over_on=D(2024, 11, 2))  # H4's second unit
    f.HousingUnitFactory(building=b2)  # available

    # Repairs: R1 and R6 closed (2 and 4 days), R2 a repeat left open, R3 resolved on time,
    # R5 open; R4 is of 2023.
    r1 = f.report_repair(unit=u1, category="leak", reported_at=at(2024, 10, 8, 10))
    walk(r1, assigned=at(2024, 10, 8, 11), resolved=at(2024, 10, 9, 10),
         verified=at(2024, 10, 10, 10))
    f.report_repair(unit=u1, category="leak", reported_at=at(2024, 10, 20, 10))
    r3 = f.report_repair(unit=u5, category="crack", reported_at=at(2024, 11, 4, 10))
    walk(r3, assigned=at(2024, 11, 4, 12), resolved=at(2024, 11, 6, 10))
    f.report_repair(unit=u2, category="other", reported_at=at(2023, 12, 28, 10))
    f.report_repair(unit=u5, category="plumbing", reported_at=at(2024, 12, 30, 10))
    r6 = f.report_repair(unit=u5, category="doors_windows", reported_at=at(2024, 11, 10, 10))
    walk(r6, assigned=at(2024, 11, 10, 11), resolved=at(2024, 11, 11, 10),
         verified=at(2024, 11, 14, 10))

    f.LandAcquisitionFactory(area_mu=Decimal("120.50"), acquired_on=D(2024, 3, 1))
    f.LandAcquisitionFactory(area_mu=Decimal("200.00"), acquired_on=D(2024, 8, 1))
    f.LandAcquisitionFactory(area_mu=Decimal("50.00"), acquired_on=D(2023, 8, 1))
    f.MerchantDemolitionFactory(demolished_on=D(2024, 6, 1))
    f.MerchantDemolitionFactory(demolished_on=D(2024, 7, 1))
    f.MerchantDemolitionFactory(demolished_on=D(2023, 7, 1))

    helper = f.PersonFactory(kind="helper")
    f.PersonFactory(kind="helper")
    f.PersonFactory(kind="helper", is_active=False)  # no longer a helper
    f.PersonFactory(kind="cadre")
    t1 = f.report_ticket(scenario="community_management", helper=helper,
                         reported_at=at(2024, 10, 8, 10))
    walk(t1, assigned=at(2024, 10, 8, 11), resolved=at(2024, 10, 9, 10),
         verified=at(2024, 10, 10, 10), satisfaction="satisfied")
    f.report_ticket(scenario="community_management", reported_at=at(2024, 12, 2, 10))  # open
    t3 = f.report_ticket(scenario="civil_affairs", reported_at=at(2024, 11, 4, 10))
    walk(t3, assigned=at(2024, 11, 4, 11), resolved=at(2024, 11, 5, 10))
    t4 = f.report_ticket(scenario="civil_affairs", reported_at=at(2023, 11, 4, 10))
    walk(t4, assigned=at(2023, 11, 4, 11), resolved=at(2023, 11, 5, 10),
         verified=at(2023, 11, 6, 10), satisfaction="dissatisfied")

    hotline = IndicatorFactory(code=HOTLINE_12345_INDICATOR, area="resettlement", unit="件",
                               period_kind=IndicatorPeriodKind.MONTHLY)
    IndicatorValueFactory(indicator=hotline, year=2024, month=10, value=Decimal("100"))
    IndicatorValueFactory(indicator=hotline, year=2024, month=11, value=Decimal("65"))
    return {"fenghuang": fenghuang, "qingning": qingning, "v1": v1, "v2": v2}


EXPECTED_COUNTS = {
    ("communities",): 2,  # 凤凰, 清宁 (not the urban one)
    ("source_villages",): 2,
    ("rehoused",): 1,  # H1
    ("selection", "eligible"): 4,  # H1–H4 (H5 has not signed)
    ("selection", "selected"): 3,  # H1, H2, H4 (H3 has not chosen)
    ("handovers", "in_year"): 2,  # U1, U5 (U2 in 2023)
    ("handovers", "cumulative"): 3,
    ("repairs", "open"): 2,  # R2, R5
    ("repairs", "closed"): 2,  # R1, R6
    ("repairs", "overdue"): 2,  # R2, R5: open past their deadlines
    ("repairs", "repeat"): 1,  # R2: U1's second leak
    ("land",): 2,
    ("merchants",): 2,
    ("help_line", "received"): 3,  # T1–T3 (T4 in 2023)
    ("help_line", "resolved"): 2,  # T1, T3
    ("help_line", "on_time"): 2,
    ("help_line", "satisfaction"): 1,  # T1, asked back
    ("help_line", "helpers"): 2,  # active helpers
    ("help_line_by_scenario", "community_management", "received"): 2,
    ("help_line_by_scenario", "community_management", "resolved"): 1,
    ("help_line_by_scenario", "civil_affairs", "received"): 1,
    ("help_line_by_scenario", "civil_affairs", "on_time"): 1,
    ("help_line_by_scenario", "elderly_care", "received"): 0,
}


@pytest.fixture
def summary(data_2024, dashboard_user, api_client_for):
    client = api_client_for(dashboard_user, "en")
    return client, answer(client, SUMMARY, {"year": 2024}), data_2024


def test_every_count_is_what_we_count_by_hand(summary):
    _client, body, _data = summary
    assert body["year"] == 2024
    assert counts(body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_each_count_links_to_the_records_behind_it(summary):
    client, body, _data = summary
    assert linked_counts(client, body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_the_rates_residents_and_area(summary):
    _client, body, _data = summary
    assert body["selection"]["selected"]["rate"] == "75.00"  # 3 of 4
    assert body["rehoused"]["residents"] == "3"  # H1's members
    assert body["land"]["area_mu"] == "320.50"
    assert body["land"]["units"] == {"area_mu": "亩"}
    assert body["help_line"]["on_time"]["rate"] == "100.00"
    assert body["help_line"]["satisfaction"]["rate"] == "100.00"
    # From report to verification (calendar days): R1 2 days, R6 4 days.
    assert body["repairs"]["closed"]["median_days_to_close"] == "3.0"
    assert body["repairs"]["closed"]["units"] == {"median_days_to_close": "days"}


def test_the_selection_rate_of_each_village(summary):
    client, body, data = summary
    rows = {row["village"]["display"]: row for row in body["selection_by_village"]}
    assert {name: (row["eligible"]["count"], row["selected"]["count"],
                   row["selected"]["rate"]) for name, row in rows.items()} == {
        "高道口村": (3, 2, "66.67"), "韩家村": (1, 1, "100.00")}
    for row in rows.values():
        for key in ("eligible", "selected"):
            assert client.get(row[key]["link"]).json()["count"] == row[key]["count"]


def test_the_handovers_of_each_community(summary):
    client, body, _data = summary
    rows = {row["community"]["display"]: row for row in body["handovers_by_community"]}
    assert {name: (row["in_year"]["count"], row["cumulative"]["count"])
            for name, row in rows.items()} == {"凤凰社区": (1, 2), "清宁社区": (1, 1)}
    for row in rows.values():
        for key in ("in_year", "cumulative"):
            assert client.get(row[key]["link"]).json()["count"] == row[key]["count"]


def test_the_12345_tickets_month_on_month(summary):
    client, body, _data = summary
    hotline = body["hotline_12345"]
    assert (hotline["month"], hotline["value"], hotline["previous_period_value"],
            hotline["mom_growth"]) == (11, "65.0000", "100.0000", "-35.00")
    assert client.get(hotline["link"]).json()["count"] == 2


def test_a_year_without_records_has_no_rates(dashboard_user, api_client_for):
    body = api_client_for(dashboard_user, "en").get(SUMMARY, {"year": 2024}).json()
    assert body["selection"]["selected"]["rate"] is None
    assert body["repairs"]["closed"]["median_days_to_close"] is None
    assert body["hotline_12345"] is None


@pytest.mark.parametrize("query", [{}, {"year": "2024x"}, {"year": 1999}])
def test_the_year_is_required_and_checked(query, dashboard_user, api_client_for):
    assert api_client_for(dashboard_user).get(SUMMARY, query).status_code == 400


def test_the_summary_needs_a_role(make_user, api_client_for):
    assert api_client_for(make_user("nobody")).get(SUMMARY, {"year": 2024}).status_code == 403


# --- periods -----------------------------------------------------------------------------------
EXPECTED_NOVEMBER = {
    **{path: count for path, count in EXPECTED_COUNTS.items()
       if path in {("communities",), ("source_villages",), ("rehoused",),
                   ("selection", "eligible"), ("selection", "selected"),
                   ("handovers", "cumulative"), ("help_line", "helpers")}},  # states
    ("handovers", "in_year"): 1,  # U5 on 2 November
    ("repairs", "open"): 0,  # R3 (resolved), R6 (closed) were reported in November
    ("repairs", "closed"): 1,  # R6
    ("repairs", "overdue"): 0,
    ("repairs", "repeat"): 0,
    ("land",): 0,  # March and August
    ("merchants",): 0,
    ("help_line", "received"): 1,  # T3
    ("help_line", "resolved"): 1,
    ("help_line", "on_time"): 1,
    ("help_line", "satisfaction"): 0,
    ("help_line_by_scenario", "community_management", "received"): 0,
    ("help_line_by_scenario", "civil_affairs", "received"): 1,
    ("help_line_by_scenario", "civil_affairs", "on_time"): 1,
}


def test_a_month_counted_by_hand_and_each_link_lists_them(data_2024, dashboard_user,
                                                         api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = answer(client, SUMMARY, {"period": "2024-11"})
    assert counts(body, EXPECTED_NOVEMBER) == EXPECTED_NOVEMBER
    assert linked_counts(client, body, EXPECTED_NOVEMBER) == EXPECTED_NOVEMBER
    assert body["handovers"]["in_year"]["link"].endswith(
        "?handed_over_after=2024-11-01&handed_over_before=2024-11-30")
    rows = {row["community"]["display"]: row for row in body["handovers_by_community"]}
    assert {name: (row["in_year"]["count"], row["cumulative"]["count"])
            for name, row in rows.items()} == {"凤凰社区": (0, 2), "清宁社区": (1, 1)}
    for row in rows.values():
        assert client.get(row["in_year"]["link"]).json()["count"] == row["in_year"]["count"]
    assert body["hotline_12345"]["month"] == 11
    assert body["repairs"]["closed"]["median_days_to_close"] == "4.0"  # R6 only


def test_the_12345_value_of_a_period_is_its_last_month_s(data_2024, dashboard_user,
                                                         api_client_for):
    body = api_client_for(dashboard_user, "en").get(SUMMARY, {"period": "2024-10"}).json()
    assert (body["hotline_12345"]["month"], body["hotline_12345"]["value"]) == (10, "100.0000")


def test_land_and_merchants_of_the_first_half(data_2024, dashboard_user, api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = client.get(SUMMARY, {"period": "2024-01..2024-06"}).json()
    assert (body["land"]["count"], body["land"]["area_mu"]) == (1, "120.50")  # 1 March
    assert body["merchants"]["count"] == 1  # 1 June, the last day of the period included
    assert body["merchants"]["link"].endswith(
        "?demolished_after=2024-01-01&demolished_before=2024-06-30")
    for key in ("land", "merchants"):
        assert client.get(body[key]["link"]).json()["count"] == 1


# --- monthly series ------------------------------------------------------------------------------
SERIES = reverse("resettlement-api:series")


def test_the_monthly_series_counted_by_hand_each_month_with_its_link(data_2024, dashboard_user,
                                                                     api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = answer(client, SERIES, {"year": 2024})
    nonzero = nonzero_months(body, ("handovers", "repairs_reported", "tickets_received"))
    assert nonzero == {
        "handovers": {"2024-09": 1, "2024-11": 1},  # U1, U5 (U2 in December 2023)
        "repairs_reported": {"2024-10": 2, "2024-11": 2, "2024-12": 1},  # R1 R2, R3 R6, R5
        "tickets_received": {"2024-10": 1, "2024-11": 1, "2024-12": 1},  # T1, T3, T2
    }
    for key in nonzero:
        follow_months(client, body[key])


@pytest.mark.parametrize(("language", "words"), [("en", ("year",)), ("zh-hans", ("年内", "当年"))])
def test_a_month_s_captions_do_not_say_the_year(language, words, dashboard_user, api_client_for):
    body = api_client_for(dashboard_user, language).get(SUMMARY, {"period": "2024-11"}).json()
    found = captions(body)
    assert found
    assert [c for c in found if any(word in c.lower() for word in words)] == []


# --- queries -----------------------------------------------------------------------------------
def summary_queries(client):
    records_changed()  # computed, not the cached answer
    with CaptureQueriesContext(connection) as captured:
        assert client.get(SUMMARY, {"year": 2024}).status_code == 200
    return len(captured)


def test_the_summary_costs_the_same_queries_whatever_the_number_of_villages(
        data_2024, dashboard_user, api_client_for):
    # A figure per village and per community: their villages and communities are read once
    # for all the figures (issue 10: one query per figure, 90 of 110 at one tenth of the
    # city), the figures over one list in one aggregate query.
    client = api_client_for(dashboard_user, "en")
    summary_queries(client)  # the session's first request
    assert summary_queries(client) == 19
    for _ in range(5):
        VillageFactory(relocated=True)
    assert summary_queries(client) == 19


def test_a_figure_of_an_unknown_village_is_refused_not_counted(data_2024):
    wrong = Summary("Wrong", {"x": Figure(HOUSEHOLDS, {"village_id": 999_999}, caption="x")})
    with pytest.raises(ImproperlyConfigured, match="village_id"):
        wrong.evaluate(year=2024)

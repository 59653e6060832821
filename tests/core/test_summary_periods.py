"""Periods and monthly series of cuizhai.core.base.summary, on the test-only SampleTicket:
a figure of what happened takes the period through its list's date filters (so its link
still lists its records), a year keeps its year filter, and a series' twelve months cost
no more queries than one figure."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from cuizhai.core.base.api.summary import SummaryView, summary_serializer
from cuizhai.core.base.summary import (
    YEAR,
    During,
    Figure,
    Listing,
    MedianDays,
    Monthly,
    Percent,
    Period,
    Rows,
    Summary,
)
from tests.core.test_summary_module import ticket
from tests.support.clock import at
from tests.workflow_app.api import SampleTicketFilterSet
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db
D = datetime.date

TICKETS = Listing("sample-api:sampleticket-list",
                  lambda: SampleTicket.objects.with_timeliness(), SampleTicketFilterSet)
REPORTED = {"reported_year": During("reported")}
RAISED = Figure(TICKETS, REPORTED, caption="Tickets raised")
SUMMARY = Summary("PeriodTickets", {
    "raised": RAISED,
    "open": Figure(TICKETS, {**REPORTED, "is_open": True}, caption="Open", count=Rows(),
                   rate=Percent(of=RAISED)),
    "in_the_year": Figure(TICKETS, {"reported_year": YEAR}, caption="In the period's year"),
    "all_time": Figure(TICKETS, caption="Every ticket"),
    "per_month": Monthly(TICKETS, REPORTED, caption="Raised per month"),
    "answered_per_month": Monthly(TICKETS, {**REPORTED, "is_open": False},
                                  caption="Resolved per month"),
})


# --- Period ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "start", "end"), [
    ("2024", D(2024, 1, 1), D(2024, 12, 31)),
    ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
    ("2024-q4", D(2024, 10, 1), D(2024, 12, 31)),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),  # a leap year
    ("2024-01..2024-11", D(2024, 1, 1), D(2024, 11, 30)),
    ("2023-11..2024-02", D(2023, 11, 1), D(2024, 2, 29)),
    (" 2024-11 ", D(2024, 11, 1), D(2024, 11, 30)),
])
def test_a_period_is_read_from_its_text(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(str(period)) == period


def test_a_period_is_written_in_its_shortest_form():
    assert str(Period.year(2024)) == "2024"
    assert str(Period.quarter(2024, 4)) == "2024-Q4"
    assert str(Period.month(2024, 11)) == "2024-11"
    assert str(Period.months(2024, 11)) == "2024-01..2024-11"  # 1—11月
    assert str(Period.months(2024, 3)) == "2024-Q1"  # 1—3月 is the first quarter
    assert str(Period.between(2024, 2, 2024, 4)) == "2024-02..2024-04"  # not a quarter


def test_the_same_period_last_year_and_the_period_before():
    assert Period.month(2024, 11).year_before() == Period.month(2023, 11)  # 同比
    assert Period.month(2024, 1).previous() == Period.month(2023, 12)  # 环比
    assert Period.quarter(2024, 1).previous() == Period.quarter(2023, 4)
    assert Period.year(2024).previous() == Period.year(2023)
    assert Period.months(2024, 11).year_before() == Period.months(2023, 11)
    assert Period.months(2024, 11).previous() == Period.between(2023, 2, 2023, 12)
    assert [str(m) for m in Period.quarter(2024, 4).months_in()] == [
        "2024-10", "2024-11", "2024-12"]


@pytest.mark.parametrize("text", ["", "2024-13", "2024-00", "2024-Q0", "2024-Q5", "24-11",
                                  "2024-1", "2024-11..2024-01", "2024-11..", "1999", "2101",
                                  "2024-11-01", "２０２４"])
def test_anything_else_is_refused_with_a_translated_message(text):
    with pytest.raises(ValidationError) as error:
        Period.parse(text)
    with translation.override("zh-hans"):
        message = error.value.messages[0]
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message


def test_a_period_is_made_of_whole_months():
    with pytest.raises(ValueError):
        Period(D(2024, 1, 2), D(2024, 1, 31))
    with pytest.raises(ValueError):
        Period(D(2024, 3, 1), D(2024, 2, 29))


# --- figures over a period ----------------------------------------------------------------------
@pytest.fixture
def tickets():
    """March: two (one resolved); June: one; 2023: one; all by the module's ticket()."""
    ticket("in time", at(2024, 3, 1, 9), answered=at(2024, 3, 1, 11),
           resolved=at(2024, 3, 2, 9))
    ticket("late", at(2024, 3, 31, 23), answered=at(2024, 4, 3, 15))
    ticket("never", at(2024, 6, 1, 9))
    ticket("last year", at(2023, 5, 1, 9))


@pytest.fixture
def listed(admin_user_):
    """The count of the list a link gives, read through the API."""
    client = APIClient()
    client.force_authenticate(admin_user_)

    def count(link):
        response = client.get(link)
        assert response.status_code == 200, link
        return response.json()["count"]

    return count


def test_a_month_counts_its_records_and_links_to_them(tickets, listed):
    figures = SUMMARY.evaluate(period=Period.month(2024, 3))
    assert figures["raised"]["count"] == 2  # 23:00 on 31 March is still March (office time)
    assert figures["raised"]["link"] == (
        "/api/v1/sample/tickets/?reported_after=2024-03-01&reported_before=2024-03-31")
    assert figures["open"]["count"] == 1
    assert figures["open"]["rate"] == 50
    assert figures["in_the_year"]["count"] == 3  # YEAR: the year the period ends in
    assert figures["all_time"]["count"] == 4  # no period: a state
    for key in ("raised", "open", "in_the_year", "all_time"):
        assert listed(figures[key]["link"]) == figures[key]["count"], key


def test_a_year_keeps_its_year_filter(tickets):
    by_year = SUMMARY.evaluate(year=2024)
    assert by_year == SUMMARY.evaluate(period=Period.year(2024))
    assert by_year["raised"]["link"] == "/api/v1/sample/tickets/?reported_year=2024"
    assert by_year["raised"]["count"] == 3


def test_a_run_of_months_across_the_new_year(tickets, listed):
    figures = SUMMARY.evaluate(period=Period.between(2023, 5, 2024, 3))
    assert figures["raised"]["count"] == 3
    assert figures["in_the_year"]["count"] == 3  # 2024's
    assert listed(figures["raised"]["link"]) == 3


# --- monthly series -----------------------------------------------------------------------------
def test_a_series_has_a_figure_per_month_each_with_its_link(tickets, listed):
    series = SUMMARY.evaluate(year=2024)["per_month"]
    assert [month["month"] for month in series] == [f"2024-{m:02}" for m in range(1, 13)]
    assert {month["month"]: month["count"] for month in series if month["count"]} == {
        "2024-03": 2, "2024-06": 1}
    for month in series:
        assert listed(month["link"]) == month["count"], month["month"]
    assert series[2]["link"] == (
        "/api/v1/sample/tickets/?reported_after=2024-03-01&reported_before=2024-03-31")
    assert series[1]["link"].endswith("reported_before=2024-02-29")
    resolved = SUMMARY.evaluate(year=2024)["answered_per_month"]
    assert [month["count"] for month in resolved][2] == 1


def test_a_series_over_a_period_has_its_months_only(tickets):
    series = SUMMARY.evaluate(period=Period.quarter(2024, 2))["per_month"]
    assert [(month["month"], month["count"]) for month in series] == [
        ("2024-04", 0), ("2024-05", 0), ("2024-06", 1)]


def test_a_series_costs_one_query_per_list(tickets):
    with CaptureQueriesContext(connection) as queries:
        SUMMARY.evaluate(year=2024)
    assert len(queries) == 1  # six figures and 24 months over one list


def test_a_series_needs_the_period():
    with pytest.raises(ImproperlyConfigured):
        Monthly(TICKETS, {"reported_year": YEAR}, caption="No period")


# --- the median days to close -------------------------------------------------------------------
def test_the_median_days_between_two_moments(tickets):
    summary = Summary("Median", {
        "resolved": Figure(TICKETS, {**REPORTED, "is_open": False}, caption="Resolved",
                           count=Rows(), median_days=MedianDays("reported_at",
                                                                "resolved_at")),
        "none": Figure(TICKETS, {**REPORTED, "is_open": False}, caption="None",
                       count=Rows(), median_days=MedianDays("reported_at", "resolved_at")),
    })
    figures = summary.evaluate(year=2024)
    assert figures["resolved"]["median_days"] == 1  # 9:00 to 9:00 the next day
    with translation.override("en"):
        assert figures["resolved"]["units"] == {"median_days": "days"}
    assert summary.evaluate(year=2030)["none"]["median_days"] is None


# --- the API ------------------------------------------------------------------------------------
class PeriodTicketsView(SummaryView):
    summary = SUMMARY
    queryset = SampleTicket.objects.none()
    serializer_class = summary_serializer(SUMMARY)


def get(user, query, language="en"):
    request = APIRequestFactory().get("/summary/", query, HTTP_ACCEPT_LANGUAGE=language)
    force_authenticate(request, user=user)
    with translation.override(language):
        response = PeriodTicketsView.as_view()(request)
        response.render()
    return response


def test_the_view_serves_a_period_and_its_series(tickets, admin_user_):
    response = get(admin_user_, {"period": "2024-Q1"})
    assert response.status_code == 200, response.data
    body = response.data
    assert (body["year"], dict(body["period"])) == (2024, {
        "code": "2024-Q1", "start": "2024-01-01", "end": "2024-03-31"})
    assert body["raised"]["count"] == 2
    assert [(row["month"], row["count"]) for row in body["per_month"]] == [
        ("2024-01", 0), ("2024-02", 0), ("2024-03", 2)]
    assert body["per_month"][2]["link"] == ("http://testserver/api/v1/sample/tickets/"
                                            "?reported_after=2024-03-01"
                                            "&reported_before=2024-03-31")


def test_the_view_answers_a_bad_period_with_a_400_in_the_user_s_language(admin_user_):
    response = get(admin_user_, {"period": "2024-Q5"}, "zh-hans")
    assert response.status_code == 400
    assert "统计期" in str(response.data["period"][0])
    assert get(admin_user_, {}).status_code == 400
    assert "period" in get(admin_user_, {"year": 2024, "period": "2024"}).data

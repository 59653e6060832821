"""cuizhai.core.base.summary on the test-only SampleTicket: a figure declared once gives
both its value and its link, the figures over one list cost one query, and a declaration
the list's FilterSet would not read is refused instead of counting every row."""


import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIRequestFactory, force_authenticate

from cuizhai.core.base.api.summary import SummaryView, summary_serializer
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.summary import YEAR, Breakdown, Figure, Listing, Percent, Rows, Summary
from cuizhai.core.choices import Timeliness, WorkflowStatus
from tests.factories import OfficeStaffFactory, UserFactory, with_model_rights
from tests.support.clock import at, clock
from tests.workflow_app.api import SampleTicketFilterSet
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db


TICKETS = Listing("sample-api:sampleticket-list",
                  lambda: SampleTicket.objects.with_timeliness(), SampleTicketFilterSet)
RAISED = Figure(TICKETS, {"reported_year": YEAR}, caption="Tickets raised")
TICKETS_SUMMARY = Summary("SampleTicketsSummary", {
    "raised": RAISED,
    "tickets": {
        "answered_in_time": Figure(TICKETS, {"reported_year": YEAR, "responded_in_time": True},
                                   caption="Answered in time", count=Rows(),
                                   rate=Percent(of=RAISED)),
        "open": Figure(TICKETS, {"reported_year": YEAR, "is_open": True}, caption="Open"),
        "done": Figure(TICKETS, {"reported_year": YEAR,
                                 "status": [WorkflowStatus.RESOLVED, WorkflowStatus.CLOSED]},
                       caption="Resolved or closed"),
        "overdue": Figure(TICKETS, {"timeliness": Timeliness.OVERDUE}, caption="Overdue"),
    },
    "all_time": Figure(TICKETS, caption="Every ticket"),
    "by_status": Breakdown(TICKETS, "status", WorkflowStatus, {"reported_year": YEAR}),
})


def ticket(title, reported, *, answered=None, resolved=None):
    # The office in charge of tickets assigns them to office staff.
    worker = OfficeStaffFactory()
    checker = with_model_rights(UserFactory(), SampleTicket)
    item = closed_loop.closed_loop_report(model=SampleTicket, by=checker, title=title,
                                          reported_at=reported)
    if answered:
        with clock(answered):
            item = closed_loop.closed_loop_assign(item, by=checker, assignee=worker)
    if resolved:
        with clock(resolved):
            item = closed_loop.closed_loop_resolve(item, by=worker, note="done")
    return item


@pytest.fixture
def tickets():
    """2024: answered in 2 hours and resolved; answered after 30 hours; never answered.
    2023: one more, never answered."""
    ticket("in time", at(2024, 3, 1, 9), answered=at(2024, 3, 1, 11),
           resolved=at(2024, 3, 2, 9))
    ticket("late", at(2024, 3, 2, 9), answered=at(2024, 3, 3, 15))
    ticket("never", at(2024, 6, 1, 9))
    ticket("last year", at(2023, 5, 1, 9))


def test_each_value_is_counted_as_its_link_lists(tickets, admin_user_, api_client_for):
    figures = TICKETS_SUMMARY.evaluate(year=2024)
    assert figures["raised"]["count"] == 3
    assert figures["tickets"]["answered_in_time"]["count"] == 1
    assert figures["tickets"]["open"]["count"] == 2
    assert figures["tickets"]["done"]["count"] == 1
    assert figures["tickets"]["overdue"]["count"] == 3  # all open ones, 2023's too
    assert figures["all_time"]["count"] == 4
    assert [(row["status"], row["count"]) for row in figures["by_status"]] == [
        ("reported", 1), ("assigned", 1), ("in_progress", 0), ("resolved", 1), ("closed", 0)]

    client = api_client_for(admin_user_)
    for figure in [figures["raised"], *figures["tickets"].values(), figures["all_time"],
                   *figures["by_status"]]:
        response = client.get(figure["link"])
        assert response.status_code == 200, figure["link"]
        assert response.json()["count"] == figure["count"], figure["link"]


def test_the_link_carries_the_declared_parameters(tickets):
    figures = TICKETS_SUMMARY.evaluate(year=2024)
    assert figures["tickets"]["done"]["link"] == (
        "/api/v1/sample/tickets/?reported_year=2024&status=resolved&status=closed")
    assert figures["tickets"]["open"]["link"].endswith("?reported_year=2024&is_open=true")
    assert figures["all_time"]["link"] == "/api/v1/sample/tickets/"


def test_a_percentage_of_another_figure(tickets):
    figures = TICKETS_SUMMARY.evaluate(year=2024)
    answered = figures["tickets"]["answered_in_time"]
    assert str(answered["rate"]) == "33.33"  # 1 of 3
    assert answered["units"] == {"rate": "%"}
    assert TICKETS_SUMMARY.evaluate(year=2030)["tickets"]["answered_in_time"]["rate"] is None


def test_the_figures_over_one_list_cost_one_query(tickets):
    with CaptureQueriesContext(connection) as queries:
        TICKETS_SUMMARY.evaluate(year=2024)
    assert len(queries) == 1
    other = Listing("sample-api:sampleticket-list", SampleTicket.objects.all,
                    SampleTicketFilterSet)
    two_lists = Summary("TwoLists", {"a": RAISED, "b": Figure(other, caption="b")})
    with CaptureQueriesContext(connection) as queries:
        two_lists.evaluate(year=2024)
    assert len(queries) == 2


def test_a_parameter_the_list_does_not_filter_on_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured, match="no filter reported_in"):
        Figure(TICKETS, {"reported_in": YEAR}, caption="typo")


def test_a_value_the_list_would_ignore_is_refused_instead_of_counting_everything(tickets):
    wrong = Summary("Wrong", {"x": Figure(TICKETS, {"status": "finished"}, caption="x")})
    with pytest.raises(ImproperlyConfigured, match="status"):
        wrong.evaluate(year=2024)


class TicketsSummaryView(SummaryView):
    summary = TICKETS_SUMMARY
    queryset = SampleTicket.objects.none()
    serializer_class = summary_serializer(TICKETS_SUMMARY)


def test_the_view_serves_absolute_links_and_translated_labels(tickets, admin_user_):
    request = APIRequestFactory().get("/summary/", {"year": 2024}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    force_authenticate(request, user=admin_user_)
    with translation.override("zh-hans"):
        response = TicketsSummaryView.as_view()(request)
        response.render()
    assert response.status_code == 200
    body = response.data
    assert body["year"] == 2024
    assert body["raised"]["link"] == "http://testserver/api/v1/sample/tickets/?reported_year=2024"
    assert body["raised"]["caption"] == "Tickets raised"
    closed = body["by_status"][4]
    assert closed["status"] == {"value": "closed", "label": "已销号"}
    assert closed["caption"] == "已销号"
    assert body["tickets"]["answered_in_time"]["rate"] == "33.33"


def test_the_view_checks_the_year(admin_user_):
    request = APIRequestFactory().get("/summary/", {"year": "soon"})
    force_authenticate(request, user=admin_user_)
    response = TicketsSummaryView.as_view()(request)
    assert response.status_code == 400
    assert "year" in response.data


def test_every_summary_is_served_outside_a_request_transaction():
    """Read-only: ATOMIC_REQUESTS would add a BEGIN and a COMMIT (two round trips to the
    database) to an answer the cache serves after one query."""
    from django.urls import resolve, reverse

    view = resolve(reverse("projects-api:summary")).func
    assert view._non_atomic_requests == {"default"}
    assert TicketsSummaryView.as_view()._non_atomic_requests == {"default"}

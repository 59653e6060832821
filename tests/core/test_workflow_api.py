"""The closed loop (闭环) through the API, on the test-only SampleTicket.

SampleTicket lives in the test app ``workflow_app``, which no role group covers, so its
owners are given the ticket permissions explicitly. What every closed-loop item keeps (each
action in each status, the refusals, four eyes, deadlines, timeliness, query counts) is its
contract, declared below; the rest of this file is what the contract does not say.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from cuizhai.core import roles
from cuizhai.core.models import Department
from tests.support.clock import at
from tests.support.closed_loop import (
    ASSIGNED,
    CLOSED,
    IN_PROGRESS,
    REPORTED,
    RESOLVED,
    snapshot,
    walk,
)
from tests.support.contracts import ClosedLoopContract
from tests.support.users import with_model_rights
from tests.workflow_app.models import SampleTicket


# Reported on Monday 2024-05-06 at 09:30: answered within 24 hours; resolved within 5 working
# days, counted by hand: 7, 8, 9, 10, and Saturday 11 May (the Labour Day make-up working day).
class TestSampleTicketLoop(ClosedLoopContract):
    namespace, basename, model = "sample-api", "sampleticket", SampleTicket
    reported_at = at(2024, 5, 6, 9, 30)
    response_due = at(2024, 5, 7, 9, 30)
    resolution_due = at(2024, 5, 11, 23, 59, 59)

    def report_data(self):
        return {"location": "凤凰社区"}


# --- helpers -------------------------------------------------------------------------------
def grant(user, *codenames):
    """Give ``user`` SampleTicket permissions; returns a fresh object (no permission cache)."""
    return with_model_rights(user, SampleTicket, actions=[c.split("_")[0] for c in codenames])


def can_edit_tickets(user):
    return with_model_rights(user, SampleTicket)


def action_url(ticket, action):
    return reverse(f"sample-api:sampleticket-{action}", args=[ticket.pk])


def transitions_url(ticket):
    return reverse("sample-api:sampleticket-transitions", args=[ticket.pk])


LIST_URL = "/api/v1/sample/tickets/"


def ticket_in(status, people, **fields):
    """A ticket walked through the services up to ``status``: the worker resolves it and
    the reporter verifies it, so the acting editor is neither."""
    from cuizhai.core.base.services import closed_loop

    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=people.reporter,
                                            title=f"Ticket {status}", **fields)
    return walk(ticket, status, owner=people.reporter, worker=people.worker)


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        # Tickets are owned by whoever may change them; the worker is the editors' colleague.
        reporter=can_edit_tickets(make_user("reporter")),
        worker=make_user("worker", roles.office_group("projects")),
        editor=can_edit_tickets(make_user("editor", roles.office_group("projects"))),
        other_editor=can_edit_tickets(make_user("other-editor", roles.office_group("projects"))),
    )


@pytest.fixture
def department(db):
    return Department.objects.create(name="城市管理办公室", code="city-management")


# --- reporting -------------------------------------------------------------------------------
def test_the_report_time_is_fixed_once_the_item_is_answered(people, api_client_for):
    ticket = ticket_in(ASSIGNED, people)
    before = snapshot(ticket)
    deadlines = (ticket.response_due, ticket.resolution_due)
    client = api_client_for(people.editor, language="en")
    detail = f"{LIST_URL}{ticket.pk}/"
    read = client.get(detail).json()

    moved = client.patch(detail, {"reported_at": (ticket.reported_at - timedelta(days=3))
                                  .isoformat(), "version": read["version"]}, format="json")

    assert moved.status_code == 400
    assert moved.json() == {
        "reported_at": ["The report time cannot change once the item has been answered."]
    }
    assert snapshot(ticket) == before
    # The rest of the record can still be corrected, sending the report time back as read.
    fixed = client.patch(detail, {"title": "Street lamp out at gate 2", "version": read["version"],
                                  "reported_at": read["reported_at"]}, format="json")
    assert fixed.status_code == 200, fixed.json()
    ticket.refresh_from_db()
    assert ticket.title == "Street lamp out at gate 2"
    assert (ticket.response_due, ticket.resolution_due) == deadlines


def test_illegal_action_message_names_the_action_and_status(people, api_client_for):
    ticket = ticket_in(CLOSED, people)

    response = api_client_for(people.editor, language="en").post(
        action_url(ticket, "start"), {}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "“Start work” is not allowed while the item is “Verified and closed”."
    )


def test_assign_to_a_department(people, department, api_client_for):
    ticket = ticket_in(REPORTED, people)

    response = api_client_for(people.editor).post(
        action_url(ticket, "assign"), {"department": department.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["handling_department"]["id"] == department.pk
    assert response.json()["assignee"] is None
    ticket.refresh_from_db()
    assert ticket.handling_department == department
    assert ticket.responded_at is not None


def test_reassigning_keeps_the_first_response_time(people, department, api_client_for):
    ticket = ticket_in(ASSIGNED, people)
    first_response = ticket.responded_at

    response = api_client_for(people.editor).post(
        action_url(ticket, "assign"), {"assignee": people.other_editor.pk}, format="json"
    )

    assert response.status_code == 200, response.json()
    ticket.refresh_from_db()
    assert ticket.assignee == people.other_editor
    assert ticket.responded_at == first_response


# --- the log of every step -------------------------------------------------------------------
def test_a_full_loop_with_a_return_is_logged_step_by_step(people, department, api_client_for):
    editor = api_client_for(people.editor)
    checker = api_client_for(people.other_editor)
    created = editor.post(LIST_URL, {"title": "Broken fence"}, format="json").json()
    ticket = SampleTicket.objects.get(pk=created["id"])

    steps = [
        (editor, "assign", {"department": department.pk, "note": "City management."}),
        (editor, "start", {}),
        (editor, "resolve", {"note": "Fence repaired."}),
        (checker, "return", {"note": "One panel still loose."}),
        (editor, "resolve", {"note": "Loose panel fixed."}),
        (checker, "verify", {"note": "Checked on site."}),
    ]
    for client, action, payload in steps:
        response = client.post(action_url(ticket, action), payload, format="json")
        assert response.status_code == 200, (action, response.json())

    ticket.refresh_from_db()
    assert ticket.status == CLOSED
    assert ticket.resolved_by == people.editor
    assert ticket.verified_by == people.other_editor
    assert ticket.resolution == "Loose panel fixed."
    assert ticket.closed_at >= ticket.resolved_at >= ticket.responded_at >= ticket.reported_at
    assert ticket.version == 1 + len(steps)

    log = api_client_for(people.other_editor).get(transitions_url(ticket))
    assert log.status_code == 200
    rows = log.json()
    assert [
        (r["action"]["value"], (r["from_status"] or {}).get("value"), r["to_status"]["value"],
         r["actor"]["id"], r["note"]) for r in rows
    ] == [
        ("report", None, REPORTED, people.editor.pk, ""),
        ("assign", REPORTED, ASSIGNED, people.editor.pk, "City management."),
        ("start", ASSIGNED, IN_PROGRESS, people.editor.pk, ""),
        ("resolve", IN_PROGRESS, RESOLVED, people.editor.pk, "Fence repaired."),
        ("return", RESOLVED, IN_PROGRESS, people.other_editor.pk, "One panel still loose."),
        ("resolve", IN_PROGRESS, RESOLVED, people.editor.pk, "Loose panel fixed."),
        ("verify", RESOLVED, CLOSED, people.other_editor.pk, "Checked on site."),
    ]
    times = [datetime.fromisoformat(r["at"]) for r in rows]
    assert times == sorted(times)
    assert all(r["evidence"] == [] for r in rows)


# --- four eyes -------------------------------------------------------------------------------
def test_after_a_return_the_new_resolver_is_the_one_who_may_not_verify(people,
                                                                        api_client_for):
    ticket = ticket_in(RESOLVED, people)  # resolved by the worker
    editor, other = api_client_for(people.editor), api_client_for(people.other_editor)
    assert editor.post(action_url(ticket, "return"), {"note": "Redo."},
                       format="json").status_code == 200
    assert other.post(action_url(ticket, "resolve"), {"note": "Redone."},
                      format="json").status_code == 200

    assert other.post(action_url(ticket, "verify"), {}, format="json").status_code == 400
    assert editor.post(action_url(ticket, "verify"), {}, format="json").status_code == 200


# --- permissions -----------------------------------------------------------------------------
def test_an_office_group_without_the_ticket_permissions_sees_nothing(people, make_user,
                                                                     api_client_for):
    # Role groups cover the business apps only; nobody granted workflow_app to this user.
    stranger = make_user("safety-clerk", roles.office_group("safety"))
    ticket = ticket_in(ASSIGNED, people)
    before = snapshot(ticket)
    client = api_client_for(stranger)

    assert client.get(LIST_URL).status_code == 403
    assert client.post(action_url(ticket, "start"), {}, format="json").status_code == 403
    assert snapshot(ticket) == before


def test_creating_needs_the_add_permission(make_user, api_client_for):
    changer = grant(make_user("changer"), "view_sampleticket", "change_sampleticket")

    response = api_client_for(changer).post(LIST_URL, {"title": "Noise"}, format="json")

    assert response.status_code == 403
    assert not SampleTicket.objects.exists()


def test_the_shared_closed_loop_filters_serve_every_closed_loop_list(api_client_for, make_user):
    """is_open and responded_in_time come from the core's ClosedLoopFilterSet."""
    from cuizhai.core.base.services import closed_loop
    from tests.workflow_app.models import SampleTicket

    user = make_user("ticket-viewer", roles.office_group("projects"))
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="workflow_app", codename__in=["view_sampleticket",
                                                              "change_sampleticket"]))
    answered = closed_loop.closed_loop_report(model=SampleTicket, by=user, title="answered")
    closed_loop.closed_loop_assign(answered, by=user, assignee=user)
    closed_loop.closed_loop_report(model=SampleTicket, by=user, title="late",
                                       reported_at=timezone.now() - timedelta(hours=30))
    client = api_client_for(user)

    def titles(**params):
        response = client.get(reverse("sample-api:sampleticket-list"), params)
        assert response.status_code == 200, response.json()
        return {row["title"] for row in response.json()["results"]}

    assert titles(responded_in_time="true") == {"answered"}
    assert titles(responded_in_time="false") == {"late"}
    assert titles(is_open="true") == {"answered", "late"}
    by_title = {row["title"]: row for row in
                client.get(reverse("sample-api:sampleticket-list")).json()["results"]}
    assert by_title["answered"]["responded_in_time"] is True
    assert by_title["late"]["responded_in_time"] is False

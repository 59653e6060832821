"""The closed loop (闭环) through the API, on the test-only SampleTicket.

SampleTicket lives in the test app ``workflow_app``, which no role group covers, so each
test grants the ticket permissions to its users explicitly.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import Department, WorkflowTransition
from tests.workflow_app.models import SampleTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED = (
    "reported", "assigned", "in_progress", "resolved", "closed"
)
STATUSES = (REPORTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED)
ACTIONS = ("assign", "start", "resolve", "verify", "return")

# The legal moves of the issue, written out by hand: (status, action) → new status.
# Anything not listed must be refused.
LEGAL = {
    (REPORTED, "assign"): ASSIGNED,
    (ASSIGNED, "assign"): ASSIGNED,  # re-assign to someone else
    (ASSIGNED, "start"): IN_PROGRESS,
    (ASSIGNED, "resolve"): RESOLVED,  # a quick fix needs no separate "start"
    (IN_PROGRESS, "resolve"): RESOLVED,
    (RESOLVED, "verify"): CLOSED,
    (RESOLVED, "return"): IN_PROGRESS,
}


# --- helpers -------------------------------------------------------------------------------
def grant(user, *codenames):
    """Give ``user`` SampleTicket permissions; returns a fresh object (no permission cache)."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="workflow_app", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)


def can_edit_tickets(user):
    return grant(user, "view_sampleticket", "add_sampleticket", "change_sampleticket")


def log_of(ticket):
    return WorkflowTransition.objects.filter(
        content_type=ContentType.objects.get_for_model(SampleTicket), object_id=ticket.pk
    )


def action_url(ticket, action):
    return reverse(f"sample-api:sampleticket-{action}", args=[ticket.pk])


def transitions_url(ticket):
    return reverse("sample-api:sampleticket-transitions", args=[ticket.pk])


LIST_URL = "/api/v1/sample/tickets/"


def report(by, title="Street lamp out", **fields):
    return closed_loop.closed_loop_report(model=SampleTicket, by=by, title=title, **fields)


def ticket_in(status, people, **fields):
    """A ticket walked through the services up to ``status``: the worker resolves it and
    the reporter verifies it, so the acting editor is neither."""
    ticket = report(people.reporter, title=f"Ticket {status}", **fields)
    if status == REPORTED:
        return ticket
    ticket = closed_loop.closed_loop_assign(ticket, by=people.reporter, assignee=people.worker)
    if status == ASSIGNED:
        return ticket
    ticket = closed_loop.closed_loop_start(ticket, by=people.worker)
    if status == IN_PROGRESS:
        return ticket
    ticket = closed_loop.closed_loop_resolve(ticket, by=people.worker, note="Replaced the bulb.")
    if status == RESOLVED:
        return ticket
    return closed_loop.closed_loop_verify(ticket, by=people.reporter)


def snapshot(ticket):
    """What must not move when a request is refused."""
    ticket = SampleTicket.objects.get(pk=ticket.pk)
    return {
        "status": ticket.status,
        "version": ticket.version,
        "assignee": ticket.assignee_id,
        "department": ticket.handling_department_id,
        "resolved_at": ticket.resolved_at,
        "resolved_by": ticket.resolved_by_id,
        "closed_at": ticket.closed_at,
        "verified_by": ticket.verified_by_id,
        "log": list(log_of(ticket).values_list("pk", flat=True)),
        "history": ticket.history.count(),
    }


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


def payload_for(action, people):
    return {
        "assign": {"assignee": people.other_editor.pk, "note": "Please handle today."},
        "start": {},
        "resolve": {"note": "Replaced the lamp head."},
        "verify": {"note": "Checked on site."},
        "return": {"note": "Still dark at night."},
    }[action]


# --- reporting -------------------------------------------------------------------------------
def test_reporting_sets_the_24_hour_response_clock_and_logs_the_report(people, api_client_for):
    reported_at = datetime(2024, 5, 6, 9, 30, tzinfo=SHANGHAI)

    response = api_client_for(people.editor).post(
        LIST_URL,
        {"title": "Dust on site 3", "location": "凤凰社区", "reported_at": reported_at.isoformat()},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"]["value"] == REPORTED
    assert body["version"] == 1
    assert body["allowed_actions"] == ["assign"]
    assert body["reported_by"]["id"] == people.editor.pk
    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.response_due == reported_at + timedelta(hours=24)
    assert ticket.response_due == datetime(2024, 5, 7, 9, 30, tzinfo=SHANGHAI)
    assert list(log_of(ticket).values_list("action", "from_status", "to_status", "actor")) == [
        ("report", "", REPORTED, people.editor.pk)
    ]


def test_status_and_deadlines_cannot_be_written_by_the_client(people, api_client_for):
    response = api_client_for(people.editor).post(
        LIST_URL,
        {"title": "Blocked drain", "status": CLOSED, "resolution_due": "2030-01-01T00:00:00Z",
         "resolved_at": "2024-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    ticket = SampleTicket.objects.get(pk=response.json()["id"])
    assert ticket.status == REPORTED
    assert ticket.resolved_at is None
    assert ticket.resolution_due.year < 2030


def test_a_report_time_in_the_future_is_refused(people, api_client_for):
    tomorrow = timezone.now() + timedelta(days=1)

    response = api_client_for(people.editor, language="en").post(
        LIST_URL, {"title": "Not yet happened", "reported_at": tomorrow.isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"reported_at": ["The report time cannot be in the future."]}
    assert not SampleTicket.objects.exists()


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


# --- the whole status × action matrix -------------------------------------------------------
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_every_action_in_every_status(status, action, people, api_client_for):
    ticket = ticket_in(status, people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        action_url(ticket, action), payload_for(action, people), format="json"
    )

    if (status, action) in LEGAL:
        new_status = LEGAL[(status, action)]
        assert response.status_code == 200, response.json()
        assert response.json()["status"]["value"] == new_status
        assert response.json()["version"] == before["version"] + 1
        assert response["ETag"] == f'"{before["version"] + 1}"'
        ticket.refresh_from_db()
        assert ticket.status == new_status
        assert ticket.version == before["version"] + 1
        new_log = log_of(ticket).exclude(pk__in=before["log"])
        assert list(new_log.values_list("action", "from_status", "to_status", "actor", "note")) == [
            (action, status, new_status, people.editor.pk, payload_for(action, people).get(
                "note", ""))
        ]
    else:
        assert response.status_code == 409, response.json()
        assert response.json()["detail"]
        assert snapshot(ticket) == before


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


@pytest.mark.parametrize(
    ("action", "payload", "field"),
    [
        ("assign", {}, "assignee"),
        ("assign", {"assignee": None, "department": None}, "assignee"),
        ("resolve", {}, "note"),
        ("resolve", {"note": "   "}, "note"),
        ("return", {"note": ""}, "note"),
    ],
)
def test_actions_that_need_input_refuse_without_it(action, payload, field, people,
                                                   api_client_for):
    status = {"assign": REPORTED, "resolve": IN_PROGRESS, "return": RESOLVED}[action]
    ticket = ticket_in(status, people)
    before = snapshot(ticket)

    response = api_client_for(people.editor, language="en").post(
        action_url(ticket, action), payload, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()
    assert snapshot(ticket) == before


def test_assign_to_an_unknown_user_is_refused(people, api_client_for):
    ticket = ticket_in(REPORTED, people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        action_url(ticket, "assign"), {"assignee": 999_999}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()
    assert snapshot(ticket) == before


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
def test_the_resolver_cannot_verify_their_own_work(people, api_client_for):
    ticket = ticket_in(IN_PROGRESS, people)
    client = api_client_for(people.editor, language="en")
    assert client.post(action_url(ticket, "resolve"), {"note": "Done."},
                       format="json").status_code == 200
    before = snapshot(ticket)

    response = client.post(action_url(ticket, "verify"), {"note": "Looks fine."}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The person who resolved an item cannot also verify it."]
    }
    assert snapshot(ticket) == before
    # Somebody else may sign it off.
    response = api_client_for(people.other_editor).post(action_url(ticket, "verify"), {},
                                                        format="json")
    assert response.status_code == 200
    assert response.json()["status"]["value"] == CLOSED


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
@pytest.mark.parametrize("action", ACTIONS)
def test_view_permission_alone_cannot_act(action, people, make_user, api_client_for):
    # Of another office than the worker's: not the office handling the ticket.
    viewer = grant(make_user("viewer", roles.office_group("safety")), "view_sampleticket")
    status = {"assign": REPORTED, "start": ASSIGNED, "resolve": IN_PROGRESS,
              "verify": RESOLVED, "return": RESOLVED}[action]
    ticket = ticket_in(status, people)
    before = snapshot(ticket)
    client = api_client_for(viewer)

    assert client.get(f"{LIST_URL}{ticket.pk}/").status_code == 200
    assert client.get(transitions_url(ticket)).status_code == 200
    response = client.post(action_url(ticket, action), payload_for(action, people), format="json")

    assert response.status_code == 403
    assert snapshot(ticket) == before


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


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_cannot_act(action, people, api_client_for):
    ticket = ticket_in(RESOLVED, people)
    before = snapshot(ticket)
    client = api_client_for(None)

    assert client.get(LIST_URL).status_code == 401
    assert client.get(transitions_url(ticket)).status_code == 401
    response = client.post(action_url(ticket, action), payload_for(action, people), format="json")

    assert response.status_code == 401
    assert snapshot(ticket) == before


def test_creating_needs_the_add_permission(make_user, api_client_for):
    changer = grant(make_user("changer"), "view_sampleticket", "change_sampleticket")

    response = api_client_for(changer).post(LIST_URL, {"title": "Noise"}, format="json")

    assert response.status_code == 403
    assert not SampleTicket.objects.exists()


# --- stale edits -----------------------------------------------------------------------------
def test_a_stale_version_in_the_body_is_refused(people, api_client_for):
    ticket = ticket_in(ASSIGNED, people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        action_url(ticket, "start"), {"version": ticket.version - 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["version"] == ticket.version
    assert snapshot(ticket) == before


def test_a_stale_if_match_is_refused(people, api_client_for):
    ticket = ticket_in(IN_PROGRESS, people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        action_url(ticket, "resolve"), {"note": "Done."}, format="json",
        HTTP_IF_MATCH=f'"{ticket.version - 1}"',
    )

    assert response.status_code == 412
    assert response.json()["version"] == ticket.version
    assert snapshot(ticket) == before


def test_the_current_if_match_is_accepted(people, api_client_for):
    ticket = ticket_in(IN_PROGRESS, people)
    client = api_client_for(people.editor)
    etag = client.get(f"{LIST_URL}{ticket.pk}/")["ETag"]

    response = client.post(action_url(ticket, "resolve"), {"note": "Done."}, format="json",
                           HTTP_IF_MATCH=etag)

    assert response.status_code == 200, response.json()
    assert response["ETag"] == f'"{ticket.version + 1}"'


def test_of_two_editors_holding_the_same_version_only_the_first_moves_it(people,
                                                                         api_client_for):
    ticket = ticket_in(ASSIGNED, people)
    read_version = api_client_for(people.editor).get(f"{LIST_URL}{ticket.pk}/").json()["version"]

    first = api_client_for(people.editor).post(
        action_url(ticket, "start"), {"version": read_version}, format="json"
    )
    after_first = snapshot(ticket)
    second = api_client_for(people.other_editor).post(
        action_url(ticket, "resolve"), {"version": read_version, "note": "Done."}, format="json"
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert snapshot(ticket) == after_first
    assert after_first["status"] == IN_PROGRESS


# --- timeliness and times taken --------------------------------------------------------------
def test_timeliness_and_hours_taken_are_listed_and_filterable(people, settings,
                                                              api_client_for):
    settings.CUIZHAI_DUE_SOON_HOURS = 6
    now = timezone.now()
    # Unanswered for 30 days: both clocks have run out.
    report(people.reporter, "Forgotten", reported_at=now - timedelta(days=30))
    # Unanswered for 25 hours: the 24-hour response clock has run out.
    report(people.reporter, "Unanswered", reported_at=now - timedelta(hours=25))
    # Unanswered for 20 hours: 4 hours left to respond, within the 6-hour warning.
    report(people.reporter, "Answer soon", reported_at=now - timedelta(hours=20))
    # Answered after 30 hours, and well within its working-day deadline.
    answered = report(people.reporter, "Answered late", reported_at=now - timedelta(hours=30))
    closed_loop.closed_loop_assign(answered, by=people.reporter, assignee=people.worker)
    # Resolved after 50 hours: on time.
    quick = report(people.reporter, "Quick fix", reported_at=now - timedelta(hours=50))
    quick = closed_loop.closed_loop_assign(quick, by=people.reporter, assignee=people.worker)
    quick = closed_loop.closed_loop_resolve(quick, by=people.worker, note="Done.")
    # Resolved 30 days after the report: finished, but late.
    slow = report(people.reporter, "Slow fix", reported_at=now - timedelta(days=30))
    slow = closed_loop.closed_loop_assign(slow, by=people.reporter, assignee=people.worker)
    slow = closed_loop.closed_loop_resolve(slow, by=people.worker, note="Done at last.")
    closed_loop.closed_loop_verify(slow, by=people.reporter)
    client = api_client_for(people.editor)

    rows = {r["title"]: r for r in client.get(LIST_URL).json()["results"]}

    assert {title: r["timeliness"]["value"] for title, r in rows.items()} == {
        "Forgotten": "overdue",
        "Unanswered": "overdue",
        "Answer soon": "due_soon",
        "Answered late": "on_time",
        "Quick fix": "on_time",
        "Slow fix": "overdue",
    }
    assert rows["Answered late"]["response_hours_taken"] == 30.0
    assert rows["Answered late"]["resolution_hours_taken"] is None
    assert rows["Quick fix"]["resolution_hours_taken"] == 50.0
    assert rows["Slow fix"]["resolution_hours_taken"] == 720.0
    assert rows["Forgotten"]["response_hours_taken"] is None

    def titles(query):
        response = client.get(f"{LIST_URL}?{query}")
        assert response.status_code == 200, response.json()
        return {r["title"] for r in response.json()["results"]}

    assert titles("timeliness=overdue") == {"Forgotten", "Unanswered", "Slow fix"}
    assert titles("timeliness=due_soon") == {"Answer soon"}
    assert titles("timeliness=on_time") == {"Answered late", "Quick fix"}
    assert client.get(f"{LIST_URL}?timeliness=late").status_code == 400


# --- query counts ----------------------------------------------------------------------------
def make_tickets(people, department, count):
    """``count`` tickets spread over every status, with every relation filled in."""
    for n in range(count):
        status = STATUSES[n % len(STATUSES)]
        ticket = ticket_in(status, people)
        if status != REPORTED:
            ticket.handling_department = department
            ticket.save(update_fields=["handling_department"])


def test_the_list_runs_a_fixed_number_of_queries(people, department, api_client_for,
                                                 django_assert_max_num_queries):
    client = api_client_for(people.editor)
    client.get(LIST_URL)  # warm the user's permission cache
    make_tickets(people, department, 3)
    # The page's ids, then its rows with their annotations (core pagination).
    with django_assert_max_num_queries(5) as few:
        assert len(client.get(LIST_URL).json()["results"]) == 3

    make_tickets(people, department, 20)
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(LIST_URL).json()["results"]) == 23


def test_the_transition_log_runs_a_fixed_number_of_queries(people, api_client_for,
                                                           django_assert_max_num_queries):
    client = api_client_for(people.editor)
    short = ticket_in(REPORTED, people)
    long = ticket_in(CLOSED, people)
    client.get(transitions_url(short))  # warm the user's permission cache

    with django_assert_max_num_queries(6) as one_step:  # 5, and the count of its pages
        assert len(client.get(transitions_url(short)).json()) == 1
    with django_assert_max_num_queries(len(one_step)):
        assert len(client.get(transitions_url(long)).json()) == 5


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

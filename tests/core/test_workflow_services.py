"""The workflow services and the timeliness the database derives, on a controlled clock.

SampleTicket: 24-hour response clock, 5 working days to resolve. Reported on Tuesday
2024-10-08 at 10:00 (Beijing), its resolution deadline is worked out by hand:
Wed 9 1, Thu 10 2, Fri 11 3, Sat 12 (National Day make-up day) 4, [Sun 13 off], Mon 14 5
→ Monday 2024-10-14 23:59:59.
"""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from cuizhai.core import roles
from cuizhai.core.base.exceptions import IllegalTransition, StaleVersion
from cuizhai.core.base.services import closed_loop
from tests.factories import OfficeStaffFactory, with_model_rights
from tests.support.clock import at as office_time
from tests.support.clock import clock
from tests.support.users import make_user
from tests.workflow_app.models import SampleTicket


def at(month, day, hour=0, minute=0, second=0):
    return office_time(2024, month, day, hour, minute, second)


REPORTED_AT = at(10, 8, 10)
RESPONSE_DUE = at(10, 9, 10)
RESOLUTION_DUE = at(10, 14, 23, 59, 59)


@pytest.fixture
def reporter(db):
    # The office in charge of tickets: it assigns, verifies and returns them.
    return with_model_rights(make_user("reporter", is_staff=False), SampleTicket)


@pytest.fixture
def worker(db):
    # Office staff a ticket is assigned to: they start and resolve it.
    return OfficeStaffFactory(username="worker", office=roles.office_group("safety"))


def report(reporter, title="Loose manhole cover"):
    with clock(REPORTED_AT):
        return closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title=title,
                                           reported_at=REPORTED_AT)


def assign(ticket, reporter, worker, when):
    with clock(when):
        return closed_loop.closed_loop_assign(ticket, by=reporter, assignee=worker)


def resolve(ticket, worker, when):
    with clock(when):
        return closed_loop.closed_loop_resolve(ticket, by=worker, note="Cover fixed.")


def timeliness_at(ticket, now):
    return SampleTicket.objects.with_timeliness(now=now).get(pk=ticket.pk).timeliness


def test_deadlines_are_stored_at_report(reporter):
    ticket = report(reporter)

    assert ticket.response_due == RESPONSE_DUE
    assert ticket.resolution_due == RESOLUTION_DUE
    assert ticket.resolution_due_provisional is False


# --- timeliness --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(10, 8, 11), "on_time"),               # 23 hours to respond, warning is 6
        (at(10, 9, 4, 0), "on_time"),             # exactly 6 hours left: not yet "soon"
        (at(10, 9, 4, 0, 1), "due_soon"),         # 5h59m59s left
        (at(10, 9, 10, 0, 0), "due_soon"),        # the last second of the clock
        (at(10, 9, 10, 0, 1), "overdue"),         # nobody responded within 24 hours
    ],
)
def test_an_unanswered_item_runs_on_the_response_clock(now, expected, reporter, settings):
    settings.CUIZHAI_DUE_SOON_HOURS = 6
    ticket = report(reporter)

    assert timeliness_at(ticket, now) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(10, 10, 12), "on_time"),
        (at(10, 13, 23, 59, 59), "on_time"),      # exactly 24 hours left
        (at(10, 14, 0, 0, 0), "due_soon"),
        (at(10, 14, 23, 59, 59), "due_soon"),
        (at(10, 15, 0, 0, 0), "overdue"),
    ],
)
def test_an_answered_item_runs_on_the_resolution_deadline(now, expected, reporter, worker,
                                                           settings):
    settings.CUIZHAI_DUE_SOON_HOURS = 24
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))

    assert timeliness_at(ticket, now) == expected


def test_the_warning_window_is_a_setting(reporter, worker, settings):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))
    now = at(10, 12, 12)  # 2 days and 12 hours before the deadline

    settings.CUIZHAI_DUE_SOON_HOURS = 24
    assert timeliness_at(ticket, now) == "on_time"
    settings.CUIZHAI_DUE_SOON_HOURS = 72
    assert timeliness_at(ticket, now) == "due_soon"


def test_a_late_response_is_overdue_even_before_the_resolution_deadline(reporter, settings):
    settings.CUIZHAI_DUE_SOON_HOURS = 6
    ticket = report(reporter)

    assert timeliness_at(ticket, at(10, 10, 12)) == "overdue"


def test_a_finished_item_is_judged_by_when_it_was_resolved(reporter, worker):
    on_time = assign(report(reporter, "On time"), reporter, worker, at(10, 8, 11))
    on_time = resolve(on_time, worker, at(10, 14, 23, 59, 59))
    late = assign(report(reporter, "Late"), reporter, worker, at(10, 8, 11))
    late = resolve(late, worker, at(10, 15, 0, 0, 1))
    with clock(at(10, 16, 9)):
        closed_loop.closed_loop_verify(late, by=reporter)
    long_after = at(12, 31)

    assert timeliness_at(on_time, long_after) == "on_time"
    assert timeliness_at(late, long_after) == "overdue"
    assert set(
        SampleTicket.objects.with_timeliness(now=long_after).filter(timeliness="overdue")
        .values_list("title", flat=True)
    ) == {"Late"}


def test_times_taken_to_respond_and_resolve(reporter, worker):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 13, 30))
    with clock(at(10, 9, 9)):
        ticket = closed_loop.closed_loop_start(ticket, by=worker)
    ticket = resolve(ticket, worker, at(10, 11, 10))

    annotated = SampleTicket.objects.with_timeliness(now=at(10, 20)).get(pk=ticket.pk)

    assert annotated.response_time == timedelta(hours=3, minutes=30)
    assert annotated.resolution_time == timedelta(days=3)


def test_open_and_responded_in_time(reporter, worker):
    fast = assign(report(reporter, "Fast"), reporter, worker, at(10, 9, 10))  # 24h exactly
    slow = assign(report(reporter, "Slow"), reporter, worker, at(10, 9, 10, 0, 1))
    resolve(slow, worker, at(10, 10))
    report(reporter, "Waiting")

    assert set(SampleTicket.objects.responded_in_time().values_list("title", flat=True)) == {
        fast.title
    }
    assert set(SampleTicket.objects.open().values_list("title", flat=True)) == {
        "Fast", "Waiting"
    }


# --- the services' own rules -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status_path", "allowed"),
    [
        ([], ["assign"]),
        (["assign"], ["assign", "start", "resolve"]),
        (["assign", "start"], ["resolve"]),
        (["assign", "start", "resolve"], ["verify", "return"]),
        (["assign", "start", "resolve", "verify"], []),
    ],
    ids=["reported", "assigned", "in_progress", "resolved", "closed"],
)
def test_allowed_actions(status_path, allowed, reporter, worker):
    ticket = report(reporter)
    for step in status_path:
        ticket = {
            "assign": lambda t: closed_loop.closed_loop_assign(t, by=reporter, assignee=worker),
            "start": lambda t: closed_loop.closed_loop_start(t, by=worker),
            "resolve": lambda t: closed_loop.closed_loop_resolve(t, by=worker, note="Done."),
            "verify": lambda t: closed_loop.closed_loop_verify(t, by=reporter),
        }[step](ticket)

    assert [str(a) for a in closed_loop.allowed_actions(ticket)] == allowed


def test_an_illegal_step_raises_and_changes_nothing(reporter):
    ticket = report(reporter)

    with pytest.raises(IllegalTransition) as refused:
        closed_loop.closed_loop_verify(ticket, by=reporter)

    assert refused.value.code == "illegal_transition"
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version, ticket.transitions.count()) == ("reported", 1, 1)


def test_a_stale_version_raises_and_changes_nothing(reporter, worker):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))

    with pytest.raises(StaleVersion) as refused:
        closed_loop.closed_loop_start(ticket, by=worker, expected_version=1)

    assert refused.value.current_version == 2
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version, ticket.transitions.count()) == ("assigned", 2, 2)


def test_a_return_reopens_the_item_and_forgets_the_resolver(reporter, worker):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))
    ticket = resolve(ticket, worker, at(10, 9, 9))
    with clock(at(10, 9, 15)):
        ticket = closed_loop.closed_loop_return(ticket, by=reporter, note="Cover rocks.")

    ticket.refresh_from_db()
    assert ticket.status == "in_progress"
    assert ticket.resolved_at is None
    assert ticket.resolved_by is None
    assert ticket.is_open
    # Open again, it is measured against its deadline once more.
    assert timeliness_at(ticket, at(10, 15)) == "overdue"


def test_every_step_is_kept_in_the_records_history(reporter, worker):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))
    ticket = resolve(ticket, worker, at(10, 9, 9))

    assert list(ticket.history.order_by("history_id").values_list("status", "version")) == [
        ("reported", 1), ("assigned", 2), ("resolved", 3)
    ]


def test_moving_the_report_time_moves_the_deadlines(reporter):
    ticket = report(reporter)

    ticket = closed_loop.closed_loop_update(ticket, data={"reported_at": at(9, 27, 10)},
                                         expected_version=1)

    # Fri Sep 27 + 5: Sun 29 (make-up) 1, Mon 30 2, [Oct 1-7 off], Tue 8 3, Wed 9 4, Thu 10 5
    ticket.refresh_from_db()
    assert ticket.response_due == at(9, 28, 10)
    assert ticket.resolution_due == at(10, 10, 23, 59, 59)
    assert ticket.version == 2


def test_editing_other_fields_keeps_the_deadlines(reporter):
    ticket = report(reporter)

    closed_loop.closed_loop_update(ticket, data={"title": "Manhole cover missing"},
                                expected_version=1)

    ticket.refresh_from_db()
    assert ticket.title == "Manhole cover missing"
    assert (ticket.response_due, ticket.resolution_due) == (RESPONSE_DUE, RESOLUTION_DUE)


def test_the_report_time_cannot_move_once_answered(reporter, worker):
    ticket = assign(report(reporter), reporter, worker, at(10, 8, 11))

    with clock(at(10, 9)), pytest.raises(ValidationError) as refused:
        closed_loop.closed_loop_update(ticket, data={"reported_at": at(10, 7, 10)},
                                    expected_version=2)

    assert refused.value.error_dict["reported_at"][0].code == "report_time_locked"
    ticket.refresh_from_db()
    assert (ticket.reported_at, ticket.resolution_due, ticket.version) == (
        REPORTED_AT, RESOLUTION_DUE, 2)


def test_a_report_time_may_run_a_few_minutes_ahead_but_not_more(reporter):
    with clock(at(10, 8, 10)):
        closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title="Phone clock",
                                    reported_at=at(10, 8, 10, 4))
        with pytest.raises(ValidationError) as refused:
            closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title="Typo",
                                        reported_at=at(10, 18, 10))

    assert refused.value.error_dict["reported_at"][0].code == "reported_in_future"
    assert list(SampleTicket.objects.values_list("title", flat=True)) == ["Phone clock"]


# --- what the database itself refuses ----------------------------------------------------------
def test_the_database_refuses_an_unknown_status(reporter):
    ticket = report(reporter)

    with pytest.raises(IntegrityError), transaction.atomic():
        SampleTicket.objects.filter(pk=ticket.pk).update(status="lost")


def test_the_database_refuses_a_finished_item_without_a_resolution_time(reporter):
    ticket = report(reporter)

    with pytest.raises(IntegrityError), transaction.atomic():
        SampleTicket.objects.filter(pk=ticket.pk).update(status="closed")


def test_the_database_refuses_a_resolution_before_the_report(reporter):
    ticket = report(reporter)

    with pytest.raises(IntegrityError), transaction.atomic():
        SampleTicket.objects.filter(pk=ticket.pk).update(resolved_at=at(10, 1))


# --- two people at the same moment (PostgreSQL: real row locks) --------------------------------
# pytest-django runs transactional tests last; the flush after this one only removes data
# (the seeded calendar) that this test does not need.
@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql_only
def test_of_two_simultaneous_steps_exactly_one_is_taken():
    reporter = with_model_rights(make_user("reporter", is_staff=False), SampleTicket)
    first, second = (OfficeStaffFactory(username=name, office=roles.office_group("safety"))
                     for name in ("first", "second"))
    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title="Race")
    ticket = closed_loop.closed_loop_assign(ticket, by=reporter, assignee=first)
    start_together = threading.Barrier(2)
    outcomes = {}

    def take_step(user):
        try:
            start_together.wait()
            closed_loop.closed_loop_start(ticket, by=user, expected_version=ticket.version)
            outcomes[user.username] = "started"
        except ValidationError as error:  # IllegalTransition or StaleVersion
            outcomes[user.username] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=take_step, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["illegal_transition", "started"]
    ticket.refresh_from_db()
    assert (ticket.status, ticket.version) == ("in_progress", 3)
    assert list(ticket.transitions.values_list("action", flat=True)) == [
        "report", "assign", "start"
    ]

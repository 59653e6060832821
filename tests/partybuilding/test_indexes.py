"""The attendances list's first page is read session by session from the sessions' date
index, each session's attendees sorted by name on their own, instead of joining and sorting
every attendance (issue 10: 744 ms for the first page of 996,000 attendances at one tenth
of the city). The tables are built and analysed in the test, so that the plan does not
depend on statistics earlier tests left."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from cuizhai.core.choices import PersonKind
from partybuilding import selectors
from partybuilding.api import views
from partybuilding.models import Attendance, TrainingSession
from tests.partybuilding import factories as f
from tests.support.plans import analyse, plan

pytestmark = pytest.mark.django_db




@pytest.fixture
def sessions_with_attendees():
    """60 sessions over five years, each with the same 40 people."""
    people = f.PersonFactory.create_batch(40)
    sessions = TrainingSession.objects.bulk_create(
        f.SessionFactory.build(held_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * n))
        for n in range(60))
    Attendance.objects.bulk_create(
        Attendance(session=session, person=person, hours=session.hours)
        for session in sessions for person in people)
    analyse(TrainingSession, Attendance)


def test_the_attendances_first_page_walks_the_sessions_date_index(sessions_with_attendees):
    if connection.vendor != "postgresql":
        pytest.skip("An incremental sort is PostgreSQL's")
    viewset = views.AttendanceViewSet
    page = viewset.selector().order_by(*viewset.ordering)[:50]
    explained = plan(page)
    assert "partybuilding_session_held_idx" in explained
    assert "Incremental Sort" in explained


def test_the_sessions_of_a_year_are_read_from_the_date_index(sessions_with_attendees):
    assert "partybuilding_session_held_idx" in plan(
        TrainingSession.objects.filter(held_on__year=2024).values("pk"))


@pytest.fixture
def many_sessions_few_each():
    """As in an office: many sessions a year, each person at a few of them (200 sessions
    of 2024, 5 of 100 people at each: 10 attendances a person)."""
    people = f.PersonFactory.create_batch(100)
    sessions = TrainingSession.objects.bulk_create(
        f.SessionFactory.build(held_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
        for n in range(200))
    Attendance.objects.bulk_create(
        Attendance(session=session, person=people[(5 * n + k) % 100], hours=session.hours)
        for n, session in enumerate(sessions) for k in range(5))
    analyse(TrainingSession, Attendance)


def test_a_persons_hours_of_a_year_are_read_from_the_person_index(many_sessions_few_each):
    # The people below their quota: each one's hours summed from the index alone.
    if connection.vendor != "postgresql":
        pytest.skip("A covering index (INCLUDE) is PostgreSQL's")
    f.QuotaFactory(year=2024, person_kind=PersonKind.VILLAGE_CADRE, hours=Decimal("40"))
    people = selectors.below_quota(2024).values("pk")
    assert "partybuilding_person_hours_idx" in plan(people)

"""The attendances list paged by ``?cursor=`` (issue 10): ordered by its session (newest
first, the session's own order) and then by the attendee's name, columns of related records
that cannot be empty, so a client walking every page finds each page through the sessions'
index however deep it is — and sees each row once, in the order the offset pages give."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuizhai.core import roles
from tests.partybuilding import factories as f
from tests.support.clients import role_client

pytestmark = pytest.mark.django_db

ATTENDANCES = "/api/v1/partybuilding/attendances/"


@pytest.fixture
def attendances():
    people = [f.PersonFactory(name=name) for name in ("王芳", "李娜", "张伟", "赵敏")]
    for day in (3, 10, 10, 24):  # two sessions on one day: ordered by their ids
        session = f.SessionFactory(held_on=datetime.date(2024, 5, day))
        for person in people[: 2 + day % 3]:
            f.AttendanceFactory(session=session, person=person)


def walk(client, params):
    seen, counts = [], set()
    url, query = ATTENDANCES, {**params, "limit": 3, "cursor": ""}
    while url:
        with CaptureQueriesContext(connection) as captured:
            body = client.get(url, query).json()
        seen += [row["id"] for row in body["results"]]
        counts.add(len(captured))
        url, query = body["next"], None
    return seen, counts


def test_the_cursor_walks_the_list_s_order_through_related_columns(attendances):
    client = role_client(roles.LEADERS)
    by_offset = [row["id"] for row in client.get(ATTENDANCES, {"limit": 100}).json()["results"]]
    client.get(ATTENDANCES)  # the user's permissions, read once

    by_cursor, counts = walk(client, {})

    assert by_cursor == by_offset
    assert len(by_cursor) == 10
    assert len(counts) == 1  # a fixed number of queries whatever the page


def test_another_order_pages_by_cursor_each_row_once(attendances):
    client = role_client(roles.LEADERS)
    by_offset = [row["id"] for row in
                 client.get(ATTENDANCES, {"limit": 100, "ordering": "-hours"}).json()["results"]]

    walked, _counts = walk(client, {"ordering": "-hours"})

    assert walked == by_offset and len(set(walked)) == 10

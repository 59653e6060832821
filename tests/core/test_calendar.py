"""Deadlines in working days on the Chinese statutory calendar (法定节假日 and 调休).

The expected dates are worked out by hand in each test, day by day, from the State
Council's published schedules:
- 2024 Spring Festival: Feb 10-17 off; Sunday Feb 4 and Sunday Feb 18 are working days.
- 2024 National Day: Oct 1-7 off; Sunday Sep 29 and Saturday Oct 12 are working days.
"""

from datetime import date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse

from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import CalendarDay, CalendarYear
from cuizhai.core.services.calendar import add_working_days, is_working_day
from tests.workflow_app.models import SampleTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIST_URL = "/api/v1/sample/tickets/"


def end_of(day):
    """A resolution deadline: the end of the office day in Beijing time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def editor(make_user):
    user = make_user("editor")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="workflow_app",
        codename__in=["view_sampleticket", "add_sampleticket", "change_sampleticket"],
    ))
    return type(user).objects.get(pk=user.pk)


def report_through_api(client, reported_at):
    """Report an item as it happens: a report time may not lie in the future, so the
    clock is set to the moment of the report."""
    with mock.patch("django.utils.timezone.now", return_value=reported_at):
        response = client.post(LIST_URL, {"title": "Hazard",
                                          "reported_at": reported_at.isoformat()},
                               format="json")
    assert response.status_code == 201, response.json()
    return response.json()


# --- the seeded table --------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_2024_schedule_is_seeded():
    assert CalendarYear.objects.filter(year=2024).exists()
    kinds = dict(CalendarDay.objects.filter(date__year=2024).values_list("date", "kind"))
    for day in range(10, 18):
        assert kinds[date(2024, 2, day)] == "holiday"
    for day in range(1, 8):
        assert kinds[date(2024, 10, day)] == "holiday"
    for makeup in (date(2024, 2, 4), date(2024, 2, 18), date(2024, 9, 29), date(2024, 10, 12)):
        assert kinds[makeup] == "makeup_workday"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 9, 27), True),   # Friday
        (date(2024, 9, 28), False),  # Saturday
        (date(2024, 9, 29), True),   # Sunday, make-up day
        (date(2024, 10, 1), False),  # National Day
        (date(2024, 10, 5), False),  # Saturday inside the holiday
        (date(2024, 10, 8), True),   # Tuesday, back to work
        (date(2024, 10, 12), True),  # Saturday, make-up day
        (date(2024, 10, 13), False),  # Sunday
        (date(2024, 2, 9), True),    # Friday, New Year's Eve: a normal working day in 2024
        (date(2024, 2, 18), True),   # Sunday, make-up day
    ],
)
def test_is_working_day(day, working):
    assert is_working_day(day) is working


# --- working-day arithmetic, worked out by hand ------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Fri Sep 27 + 5: Sun 29 (make-up) 1, Mon 30 2, [Oct 1-7 off], Tue 8 3, Wed 9 4, Thu 10 5
        (date(2024, 9, 27), 5, date(2024, 10, 10)),
        # Sat Sep 28 + 1: Sunday 29 is a make-up working day
        (date(2024, 9, 28), 1, date(2024, 9, 29)),
        # Mon Sep 30 + 1: the whole of Oct 1-7 is skipped
        (date(2024, 9, 30), 1, date(2024, 10, 8)),
        # Wed Oct 9 + 3: Thu 10 1, Fri 11 2, Sat 12 (make-up) 3
        (date(2024, 10, 9), 3, date(2024, 10, 12)),
        # Wed Oct 9 + 5: ... Sat 12 3, [Sun 13 off], Mon 14 4, Tue 15 5
        (date(2024, 10, 9), 5, date(2024, 10, 15)),
        # Reported on a holiday, Thu Oct 3 + 1: next working day is Tue Oct 8
        (date(2024, 10, 3), 1, date(2024, 10, 8)),
        # Fri Feb 2 + 1: [Sat 3 off], Sun Feb 4 (make-up) 1
        (date(2024, 2, 2), 1, date(2024, 2, 4)),
        # Thu Feb 8 + 2: Fri 9 1, [Feb 10-17 off], Sun 18 (make-up) 2
        (date(2024, 2, 8), 2, date(2024, 2, 18)),
        # Wed Feb 7 + 5: Thu 8 1, Fri 9 2, Sun 18 3, Mon 19 4, Tue 20 5
        (date(2024, 2, 7), 5, date(2024, 2, 20)),
        # Dragon Boat Festival, Jun 8-10 off with no make-up day; Mon Jun 3 + 5:
        # Tue 4 1, Wed 5 2, Thu 6 3, Fri 7 4, [Sat 8 - Mon 10 off], Tue 11 5
        (date(2024, 6, 3), 5, date(2024, 6, 11)),
        # Zero days: the same day
        (date(2024, 10, 3), 0, date(2024, 10, 3)),
    ],
)
def test_add_working_days_across_holidays_and_makeup_days(start, days, expected):
    result = add_working_days(start, days)

    assert result.date == expected
    assert result.provisional is False


@pytest.mark.django_db
def test_add_working_days_agrees_with_chinese_calendar_for_every_day_of_2024_and_2025():
    """A second, independent opinion: count with the chinese-calendar package directly."""

    def count_with_the_package(start, days):
        day = start
        while days:
            day += timedelta(days=1)
            if chinese_calendar.is_workday(day):
                days -= 1
        return day

    day = date(2024, 1, 1)
    while day <= date(2025, 12, 31):
        for days in (1, 5, 15):
            assert add_working_days(day, days).date == count_with_the_package(day, days), day
        day += timedelta(days=1)


@pytest.mark.django_db
def test_negative_days_are_a_programming_error():
    with pytest.raises(ValueError):
        add_working_days(date(2024, 1, 1), -1)


@pytest.mark.django_db
@pytest.mark.parametrize("days", [1, 5, 60])
def test_the_schedule_is_read_in_two_queries_whatever_the_span(days,
                                                               django_assert_num_queries):
    with django_assert_num_queries(2):
        add_working_days(date(2024, 9, 27), days)


# --- deadlines of reported items ---------------------------------------------------------------
def test_deadlines_of_an_item_reported_before_national_day(editor, api_client_for):
    body = report_through_api(api_client_for(editor), at(2024, 9, 27, 10, 0))

    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.response_due == at(2024, 9, 28, 10, 0)
    assert ticket.resolution_due == end_of(date(2024, 10, 10))
    assert ticket.resolution_due_provisional is False
    assert body["resolution_due_provisional"] is False


def test_deadlines_of_an_item_reported_before_spring_festival(editor, api_client_for):
    body = report_through_api(api_client_for(editor), at(2024, 2, 7, 16, 45))

    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.response_due == at(2024, 2, 8, 16, 45)
    assert ticket.resolution_due == end_of(date(2024, 2, 20))


def test_the_day_counts_in_beijing_time(editor, api_client_for):
    # 00:30 on Mon Sep 30 in Beijing is still Sunday Sep 29 in UTC. Counting from Sep 30:
    # Tue Oct 8 1, Wed 9 2, Thu 10 3, Fri 11 4, Sat 12 (make-up) 5.
    reported_at = at(2024, 9, 30, 0, 30)
    assert reported_at.astimezone(ZoneInfo("UTC")).day == 29

    body = report_through_api(api_client_for(editor), reported_at.astimezone(ZoneInfo("UTC")))

    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.resolution_due == end_of(date(2024, 10, 12))
    assert ticket.response_due == reported_at + timedelta(hours=24)


def test_moving_the_report_time_moves_the_deadlines(editor, api_client_for):
    client = api_client_for(editor)
    body = report_through_api(client, at(2024, 9, 27))

    # Corrected before anybody answered it.
    response = client.patch(f"{LIST_URL}{body['id']}/",
                            {"reported_at": at(2024, 10, 9).isoformat(), "version": 1},
                            format="json")

    assert response.status_code == 200, response.json()
    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.response_due == at(2024, 10, 10)
    assert ticket.resolution_due == end_of(date(2024, 10, 15))
    assert ticket.version == 2


# --- years without a schedule ------------------------------------------------------------------
def test_a_year_without_a_schedule_counts_weekends_only_and_is_provisional(editor,
                                                                           api_client_for):
    CalendarYear.objects.filter(year=2024).delete()  # its days go with it
    assert not CalendarDay.objects.filter(date__year=2024).exists()

    body = report_through_api(api_client_for(editor), at(2024, 9, 27))

    # Fri Sep 27 + 5, weekends only: Mon 30 1, Tue Oct 1 2, Wed 2 3, Thu 3 4, Fri 4 5.
    ticket = SampleTicket.objects.get(pk=body["id"])
    assert ticket.resolution_due == end_of(date(2024, 10, 4))
    assert ticket.resolution_due_provisional is True
    assert body["resolution_due_provisional"] is True


@pytest.mark.django_db
def test_a_span_running_into_an_unentered_year_is_provisional():
    assert CalendarYear.objects.filter(year=2026).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()

    # Tue Dec 29 2026 + 5: Wed 30 1, Thu 31 2, Fri Jan 1 2027 3 (not yet known to be a
    # holiday), Mon Jan 4 4, Tue Jan 5 5.
    result = add_working_days(date(2026, 12, 29), 5)
    assert (result.date, result.provisional) == (date(2027, 1, 5), True)
    # A span that stays inside 2026 is firm.
    assert add_working_days(date(2026, 12, 28), 3).provisional is False


def test_entering_a_years_schedule_in_the_admin_changes_later_deadlines(
    editor, admin_user_, client, api_client_for
):
    api = api_client_for(editor)
    assert not CalendarYear.objects.filter(year=2027).exists()
    # Thu Sep 30 2027 + 5, weekends only: Fri Oct 1 1, Mon 4 2, Tue 5 3, Wed 6 4, Thu 7 5.
    before = report_through_api(api, at(2027, 9, 30))
    assert before["resolution_due_provisional"] is True
    assert SampleTicket.objects.get(pk=before["id"]).resolution_due == end_of(date(2027, 10, 7))

    # Staff enter National Day 2027 as published: Oct 1-7 off, Sun Sep 26 and Sat Oct 9 worked.
    days = [(date(2027, 10, d), "holiday", "国庆节") for d in range(1, 8)]
    days += [(date(2027, 9, 26), "makeup_workday", "国庆节调休"),
             (date(2027, 10, 9), "makeup_workday", "国庆节调休")]
    form = {
        "year": "2027", "source": "国务院办公厅通知",
        "days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
    }
    for n, (day, kind, name) in enumerate(days):
        form.update({f"days-{n}-date": day.isoformat(), f"days-{n}-kind": kind,
                     f"days-{n}-name": name})
    client.force_login(admin_user_)
    response = client.post(reverse("admin:core_calendaryear_add"), form)
    assert response.status_code == 302, response.context["errors"]
    assert CalendarDay.objects.filter(schedule__year=2027).count() == 9

    # Thu Sep 30 2027 + 5 now: [Oct 1-7 off], Fri 8 1, Sat 9 (make-up) 2, Mon 11 3,
    # Tue 12 4, Wed 13 5.
    after = report_through_api(api, at(2027, 9, 30))
    assert after["resolution_due_provisional"] is False
    assert SampleTicket.objects.get(pk=after["id"]).resolution_due == end_of(date(2027, 10, 13))
    # The item reported before the schedule existed keeps the deadline it was given.
    assert SampleTicket.objects.get(pk=before["id"]).resolution_due == end_of(date(2027, 10, 7))


def test_the_admin_refuses_a_day_outside_the_schedules_year(admin_user_, client):
    client.force_login(admin_user_)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {
        "year": "2027", "source": "",
        "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "days-0-date": "2028-01-01", "days-0-kind": "holiday", "days-0-name": "元旦",
    }

    response = client.post(reverse("admin:core_calendaryear_add"), form)

    assert response.status_code == 200
    assert "The date must fall in the schedule" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date=date(2028, 1, 1)).exists()


@pytest.mark.django_db
def test_the_service_gives_items_the_calendars_deadline(django_user_model):
    reporter = django_user_model.objects.create_user("reporter")

    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title="Hazard",
                                         reported_at=at(2024, 2, 2, 18, 0))

    # Fri Feb 2 + 5: Sun 4 (make-up) 1, Mon 5 2, Tue 6 3, Wed 7 4, Thu 8 5.
    assert ticket.resolution_due == end_of(date(2024, 2, 8))
    assert ticket.response_due == at(2024, 2, 3, 18, 0)

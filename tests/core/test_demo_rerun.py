"""Loading the demo again never undoes a user's work (``cuizhai.core.base.demo.sync``): a
record edited since the demo wrote it is kept and reported, a record as the demo left it
takes the demo's new values, a missing or deleted demo record is created."""

import pytest
from django.urls import reverse

from cuizhai.core.base.demo import DEMO_CHANGE_REASON, kept_records, not_yet_created, sync
from cuizhai.core.base.services.closed_loop import closed_loop_report
from cuizhai.core.models import Department
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db

KEY = ["code"]


def offices(**names):
    return [{"code": code, "name": name, "phone": "0531-1"} for code, name in names.items()]


def load(rows):
    with kept_records() as kept:
        records = sync(Department, KEY, rows)
    return records, kept


@pytest.fixture
def loaded():
    load(offices(works="工程办", water="水务办"))
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def admin_api(admin_user_, api_client_for):
    return api_client_for(admin_user_, "en")


def edit(api, department, **change):
    department.refresh_from_db()
    response = api.patch(reverse("core-api:department-detail", args=[department.pk]),
                         {**change, "version": department.version}, format="json")
    assert response.status_code == 200, response.json()


def stored(department):
    department.refresh_from_db()
    return department.name, department.phone, department.version


def test_the_demo_writes_its_records_under_its_own_change_reason(loaded):
    assert set(Department.history.values_list("history_change_reason", flat=True)) == {
        DEMO_CHANGE_REASON}


def test_a_record_edited_through_the_api_since_is_kept_and_reported(loaded, admin_api):
    edit(admin_api, loaded["works"], name="工程建设办")

    records, kept = load(offices(works="工程办（新）", water="水务办"))

    assert stored(loaded["works"]) == ("工程建设办", "0531-1", 2)
    assert kept == [loaded["works"]]
    assert records[("works",)] == loaded["works"]
    assert loaded["works"].history.count() == 2  # the demo wrote nothing


def test_a_record_edited_and_edited_back_is_still_the_users(loaded, admin_api):
    edit(admin_api, loaded["works"], name="工程建设办")
    edit(admin_api, loaded["works"], name="工程办")

    _records, kept = load(offices(works="工程办", water="水务办"))
    assert kept == []  # nothing to write: it holds the demo's values
    _records, kept = load(offices(works="工程办（新）", water="水务办"))

    assert stored(loaded["works"]) == ("工程办", "0531-1", 3)
    assert kept == [loaded["works"]]


def test_a_record_changed_without_history_is_kept(loaded):
    Department.objects.filter(code="works").update(phone="0531-9")

    _records, kept = load(offices(works="工程办", water="水务办"))

    assert stored(loaded["works"]) == ("工程办", "0531-9", 1)
    assert kept == [loaded["works"]]


def test_a_record_as_the_demo_left_it_takes_the_demos_new_values(loaded, admin_api):
    edit(admin_api, loaded["water"], name="水务局")

    _records, kept = load(offices(works="工程建设办", water="水务办"))

    assert stored(loaded["works"]) == ("工程建设办", "0531-1", 2)
    assert loaded["works"].history.latest().history_change_reason == DEMO_CHANGE_REASON
    assert stored(loaded["water"])[0] == "水务局"
    assert kept == [loaded["water"]]


def test_a_record_the_demo_never_wrote_is_kept(db):
    users = Department.objects.create(code="works", name="用户建的工程办")

    records, kept = load(offices(works="工程办"))

    assert stored(users) == ("用户建的工程办", "", 1)
    assert kept == [users] and records == {("works",): users}


def test_a_record_whose_key_a_user_edited_is_not_created_again(loaded, admin_api):
    edit(admin_api, loaded["works"], code="building")

    records, kept = load(offices(works="工程办", water="水务办"))

    assert Department.objects.count() == 2
    assert records[("works",)] == loaded["works"]
    assert stored(loaded["works"]) == ("工程办", "0531-1", 2)
    assert kept == [loaded["works"]]


def test_a_deleted_demo_record_comes_back(loaded):
    loaded["works"].delete()

    records, kept = load(offices(works="工程办", water="水务办"))

    assert stored(records[("works",)]) == ("工程办", "0531-1", 1)
    assert records[("works",)].pk != loaded["works"].pk
    assert kept == []


def test_items_written_through_the_services_are_created_once_even_when_edited(make_user):
    officer = make_user("officer")
    rows = [{"title": "甲"}, {"title": "乙"}, {"title": "丙"}, {"title": "丁"}]
    first, second, third = (
        closed_loop_report(model=SampleTicket, by=officer, title=row["title"])
        for row in rows[:3]
    )
    second.title = "乙（改）"  # an edit with its history entry
    second.save()
    SampleTicket.objects.filter(pk=first.pk).update(title="甲（改）")  # an edit without one
    third.delete()

    assert not_yet_created(SampleTicket, ["title"], rows) == [{"title": "丙"}, {"title": "丁"}]

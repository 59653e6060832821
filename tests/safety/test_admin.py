"""The safety admin as the office uses it: every page opens, hazards are reported through
the service (deadline, log, photos), the lists show level, timeliness, repeats and
thumbnails and filter on them, with a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.choices import WorkflowStatus
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)
from tests.factories import JPEG_BYTES, VillageFactory
from tests.projects.factories import EnterpriseFactory
from tests.safety import factories as f
from tests.support.admin import admin_form_data
from tests.support.clock import at, clock
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SAFETY = roles.office_group("safety")
MODELS = [Hazard, Inspection, EnforcementCase, TrafficPublicityEvent, TrafficPersuasion,
          TrafficFacilityWork]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def some_records():
    f.report_hazard()
    f.make_inspection()
    f.EnforcementCaseFactory()
    f.TrafficPersuasionFactory(setting="event", event=f.TrafficPublicityEventFactory())
    f.TrafficFacilityWorkFactory()


@pytest.mark.parametrize("model", MODELS)
def test_the_office_opens_every_list_add_and_change_page(model):
    some_records()
    clerk = client_for(make_user("clerk", SAFETY))
    assert clerk.get(admin_url(model, "changelist")).status_code == 200
    assert clerk.get(admin_url(model, "add")).status_code == 200
    record = model.objects.first()
    assert clerk.get(admin_url(model, "change", record.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_a_leader_views_every_page_and_adds_nothing(model):
    some_records()
    leader = client_for(make_user("leader", roles.LEADERS))
    assert leader.get(admin_url(model, "changelist")).status_code == 200
    assert leader.get(admin_url(model, "add")).status_code == 403


def test_a_hazard_reported_in_the_admin_gets_its_deadline_log_and_photo():
    clerk = client_for(make_user("clerk", SAFETY))
    village = VillageFactory()
    form = admin_form_data(clerk.get(admin_url(Hazard, "add")))
    from django.core.files.uploadedfile import SimpleUploadedFile

    with clock(at(2024, 10, 8, 10)):
        response = clerk.post(admin_url(Hazard, "add"), {
            **form, "title": "村口缺少减速带", "category": "traffic", "severity": "major",
            "site": "村口", "village": village.pk, "reported_at_0": "2024-10-08",
            "reported_at_1": "10:00:00",
            "evidence_before": SimpleUploadedFile("村口.jpg", JPEG_BYTES, "image/jpeg"),
        })
    assert response.status_code == 302, response.content.decode()[:3000]
    hazard = Hazard.objects.get()
    assert hazard.resolution_due == at(2024, 11, 18, 23, 59, 59)
    log = hazard.transitions.get()
    assert (log.action, log.evidence.get().stage) == ("report", "before")


def test_a_hazard_on_an_inspection_of_another_target_is_refused_on_the_form():
    clerk = client_for(make_user("clerk", SAFETY))
    inspection = f.make_inspection()
    form = admin_form_data(clerk.get(admin_url(Hazard, "add")))
    response = clerk.post(admin_url(Hazard, "add"), {
        **form, "title": "灭火器过期", "category": "fire", "severity": "general",
        "inspection": inspection.pk, "enterprise": EnterpriseFactory().pk})
    assert response.status_code == 200
    assert "该检查的对象是另一处" in response.content.decode()
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("view", ["add", "change"])
def test_the_hazard_form_follows_a_finding_where_what_level_who_deadline_then_the_loop(view):
    hazard = f.report_hazard()
    clerk = client_for(make_user("clerk", SAFETY))
    args = (hazard.pk,) if view == "change" else ()
    response = clerk.get(admin_url(Hazard, view, *args))
    shown = [name for fieldset in response.context["adminform"]
             for line in fieldset for field in line
             for name in [field.field["name"] if isinstance(field.field, dict)
                          else field.field.name]]
    order = ["inspection", "enterprise", "site", "village", "title", "category", "severity",
             "responsible_enterprise", "responsible_department", "responsible_person",
             "measures", "resolution_due", "reported_at", "status", "verified_by_name"]
    assert [name for name in shown if name in order] == order
    assert [fieldset.name for fieldset in response.context["adminform"]][:2] == [
        "发现地点", "隐患情况"]


def rows(response):
    return [row.title for row in response.context["cl"].result_list]


def test_the_hazard_list_filters_overdue_due_soon_and_repeats():
    plant = EnterpriseFactory()
    with clock(at(2024, 1, 5, 9)):
        f.report_hazard(title="first", enterprise=plant, reported_at=at(2024, 1, 5, 9))
    with clock(at(2024, 3, 5, 9)):
        f.report_hazard(title="again", enterprise=plant, reported_at=at(2024, 3, 5, 9))
    f.report_hazard(title="new")
    clerk = client_for(make_user("clerk", SAFETY))
    url = admin_url(Hazard, "changelist")
    assert rows(clerk.get(url, {"repeat": "yes"})) == ["again"]
    assert sorted(rows(clerk.get(url, {"timeliness": "overdue"}))) == ["again", "first"]
    # Reported now, it is to be answered within a day: due soon.
    assert rows(clerk.get(url, {"timeliness": "due_soon"})) == ["new"]
    page = clerk.get(url).content.decode()
    assert "逾期" in page and "重复隐患" in page
    assert 'id="export-ledger"' in page


def test_the_hazard_list_shows_photo_thumbnails_to_the_office_with_fixed_queries():
    clerk = make_user("clerk", SAFETY)
    from django.core.files.uploadedfile import SimpleUploadedFile

    counts = []
    for total in (2, 12):
        while Hazard.objects.count() < total:
            f.report_hazard(by=clerk, evidence=[SimpleUploadedFile("现场.jpg", JPEG_BYTES,
                                                                   "image/jpeg")])
        client = client_for(type(clerk).objects.get(pk=clerk.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(admin_url(Hazard, "changelist"))
        assert response.content.decode().count('class="hazard-thumbnail"') == total
        counts.append(len(queries))
    assert counts[0] == counts[1]
    other_office = client_for(make_user("other", roles.office_group("projects")))
    assert 'class="hazard-thumbnail"' not in other_office.get(
        admin_url(Hazard, "changelist")).content.decode()


def test_an_inspection_added_in_the_admin_goes_through_the_service():
    clerk = client_for(make_user("clerk", SAFETY))
    expert = f.ExpertFactory()
    template = f.checklist()
    form = admin_form_data(clerk.get(admin_url(Inspection, "add")))
    response = clerk.post(admin_url(Inspection, "add"), {
        **form, "template": template.pk, "assessed_on": "2024-05-10", "kind": "fire",
        "depth": "dissecting", "enterprise": EnterpriseFactory().pk, "inspectors": [expert.pk]})
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection = Inspection.objects.get()
    assert list(inspection.inspectors.all()) == [expert]
    assert inspection.assessed_on == datetime.date(2024, 5, 10)
    assert inspection.history.get().history_user.username == "clerk"
    assert Hazard.objects.filter(status=WorkflowStatus.REPORTED).count() == 0


def test_a_failed_row_of_an_inspection_raises_a_hazard_at_the_inspected_enterprise():
    clerk = make_user("clerk", SAFETY)
    inspection = f.make_inspection(by=clerk, kind="fire")
    result = f.failed(inspection, 2, by=clerk, note="安全出口上锁")
    client = client_for(clerk)
    raise_url = reverse("admin:safety_inspection_raise_item", args=[inspection.pk, result.pk])
    page = client.get(admin_url(Inspection, "change", inspection.pk)).content.decode()
    assert raise_url in page

    response = client.post(raise_url)

    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert (hazard.title, hazard.description, hazard.category) == (
        "电气线路规范", "安全出口上锁", "fire")
    assert hazard.enterprise == inspection.enterprise and hazard.inspection == inspection

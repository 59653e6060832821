"""The assessment admin (``AssessmentAdmin``), through SampleInspection's admin pages: the
sheet as an inspector fills it in, every write through the assessment services."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.personal import ensure_personal_permissions, personal_permission
from cuizhai.core.base.services import assessments
from cuizhai.core.models import (
    ChecklistCriterion,
    ChecklistTemplate,
    CriterionPhoto,
    CriterionResult,
)
from tests.personal_contract import PersonalDataContract
from tests.support.admin import admin_browser, admin_form_data
from tests.support.users import with_model_rights
from tests.workflow_app.models import SampleInspection, SampleSite, SampleTicket

pytestmark = pytest.mark.django_db

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
CHANGELIST = reverse("admin:workflow_app_sampleinspection_changelist")
STALE = "This record was changed by someone else"


def change_url(inspection):
    return reverse("admin:workflow_app_sampleinspection_change", args=[inspection.pk])


def raise_url(inspection, result):
    return reverse("admin:workflow_app_sampleinspection_raise_item",
                   args=[inspection.pk, result.pk])


def photo(name="通道.jpg"):
    return SimpleUploadedFile(name, JPEG_BYTES, content_type="image/jpeg")


@pytest.fixture
def template():
    """A fire-safety checklist: two pass/fail lines and one scored out of 10 (pass mark 6),
    created out of order to show that the page follows the positions."""
    template = ChecklistTemplate.objects.create(code="AQ-XF", name="消防安全检查表",
                                                area="projects")
    for position, text, extra in ((2, "疏散通道畅通", {"kind": "score", "max_score": 10,
                                                         "pass_score": 6}),
                                  (1, "灭火器在有效期内", {}),
                                  (3, "消防栓可用", {})):
        ChecklistCriterion.objects.create(template=template, position=position, text=text,
                                          **extra)
    return template


def line(template, position):
    return ChecklistCriterion.objects.get(template=template, position=position)


@pytest.fixture
def inspector(make_user):
    user = with_model_rights(make_user("inspector"), SampleInspection)
    return with_model_rights(user, SampleTicket)


@pytest.fixture
def inspection(template, inspector):
    site = SampleSite.objects.create(name="化工园区一号仓库")
    return assessments.assessment_create(
        model=SampleInspection, by=inspector,
        data={"site": site, "template": template, "assessed_on": "2024-05-10"})


def page(client, inspection):
    response = client.get(change_url(inspection))
    assert response.status_code == 200
    return response, admin_form_data(response)


def row(data, criterion):
    """The prefix of ``criterion``'s row in the page's data."""
    key = next(k for k, v in data.items() if k.endswith("-criterion") and v == str(criterion.pk))
    return key.removesuffix("-criterion")


def row_errors(response, criterion):
    formset = next(f.formset for f in response.context["inline_admin_formsets"]
                   if f.formset.model is CriterionResult)
    form = next(f for f in formset.forms if getattr(f, "criterion", None) == criterion)
    return [str(m) for errors in form.errors.values() for m in errors]


def shown_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def recorded(inspection):
    return {r.criterion.position: (r.passed, r.score, r.note)
            for r in CriterionResult.objects.filter(object_id=inspection.pk)}


# --- the sheet --------------------------------------------------------------------------------

def test_the_page_lists_every_criterion_in_order_recorded_or_not(client, inspection, template,
                                                                  inspector):
    assessments.assessment_record_result(inspection, criterion=line(template, 2),
                                         score=Decimal("8"), by=inspector)
    response, _ = page(admin_browser(client, inspector), inspection)
    html = response.content.decode()
    positions = [html.index(text) for text in ("灭火器在有效期内", "疏散通道畅通", "消防栓可用")]
    assert positions == sorted(positions)
    assert "out of 10, passed from 6" in html


def test_results_are_saved_through_the_rows(client, inspection, template, inspector):
    client = admin_browser(client, inspector)
    _, data = page(client, inspection)
    data[f"{row(data, line(template, 1))}-outcome"] = "failed"
    data[f"{row(data, line(template, 1))}-note"] = "两具灭火器过期"
    data[f"{row(data, line(template, 1))}-photos"] = [photo("灭火器.jpg"), photo("标签.jpg")]
    data[f"{row(data, line(template, 2))}-outcome"] = "4"

    response = client.post(change_url(inspection), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert recorded(inspection) == {1: (False, None, "两具灭火器过期"), 2: (None, Decimal("4"), "")}
    result = CriterionResult.objects.get(criterion=line(template, 1))
    assert result.recorded_by == inspector  # through the service
    assert [p.original_name for p in result.photos.all()] == ["灭火器.jpg", "标签.jpg"]
    assert result.history.count() == 1
    # The totals, counted from the rows, on the page and in the list.
    html = client.get(change_url(inspection)).content.decode()
    assert "4 / 10" in html and "2 failed" in html
    listing = client.get(CHANGELIST).content.decode()
    assert "4 / 10" in listing and "2 failed" in listing

    # A correction of one row leaves the others as they are.
    _, data = page(client, inspection)
    data[f"{row(data, line(template, 2))}-outcome"] = "9"
    assert client.post(change_url(inspection), data).status_code == 302
    assert recorded(inspection)[2] == (None, Decimal("9"), "")
    assert result.photos.count() == 2 and CriterionResult.objects.get(pk=result.pk).version == 1


@pytest.mark.parametrize(("position", "value", "message"), [
    (2, "11", "The score must be between 0 and 10."),
    (2, "-1", "The score must be between 0 and 10."),
])
def test_a_refused_row_shows_the_services_message_and_nothing_is_saved(
        client, inspection, template, inspector, position, value, message):
    client = admin_browser(client, inspector)
    _, data = page(client, inspection)
    data[f"{row(data, line(template, 1))}-outcome"] = "passed"
    data[f"{row(data, line(template, position))}-outcome"] = value
    data["assessors"] = "王工"

    response = client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert any(message in m for m in row_errors(response, line(template, position)))
    assert recorded(inspection) == {}
    inspection.refresh_from_db()
    assert (inspection.assessors, inspection.version) == ("", 1)


def test_a_wrong_photo_is_refused_on_its_row(client, inspection, template, inspector):
    client = admin_browser(client, inspector)
    _, data = page(client, inspection)
    data[f"{row(data, line(template, 1))}-outcome"] = "failed"
    data[f"{row(data, line(template, 1))}-photos"] = SimpleUploadedFile(
        "照片.jpg", b"MZ\x90\x00" + b"\x00" * 64)

    response = client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert row_errors(response, line(template, 1)), response.content.decode()[:2000]
    assert not CriterionResult.objects.exists() and not CriterionPhoto.objects.exists()


def test_a_row_changed_since_the_page_was_loaded_is_refused(client, inspection, template,
                                                            inspector):
    assessments.assessment_record_result(inspection, criterion=line(template, 1), passed=True,
                                         by=inspector)
    client = admin_browser(client, inspector)
    _, stale = page(client, inspection)
    # Meanwhile, a colleague corrects criterion 1 and records criterion 3.
    assessments.assessment_record_result(inspection, criterion=line(template, 1),
                                         passed=False, note="过期", by=inspector)
    assessments.assessment_record_result(inspection, criterion=line(template, 3),
                                         passed=True, by=inspector)
    stale[f"{row(stale, line(template, 1))}-note"] = "正常"
    stale[f"{row(stale, line(template, 3))}-outcome"] = "failed"
    stale[f"{row(stale, line(template, 2))}-outcome"] = "7"

    response = client.post(change_url(inspection), stale)

    assert response.status_code == 200
    assert any(STALE in m for m in row_errors(response, line(template, 1)))
    assert any(STALE in m for m in row_errors(response, line(template, 3)))
    assert recorded(inspection) == {1: (False, None, "过期"), 3: (True, None, "")}


def test_completing_is_refused_while_a_criterion_has_no_result(client, inspection, template,
                                                               inspector):
    client = admin_browser(client, inspector)
    _, data = page(client, inspection)
    data[f"{row(data, line(template, 1))}-outcome"] = "passed"
    data["_complete"] = "Save and complete"

    response = client.post(change_url(inspection), data)

    assert response.status_code == 302
    (message,) = shown_messages(response)
    assert "Criteria without a result: 2. 疏散通道畅通; 3. 消防栓可用." in message
    inspection.refresh_from_db()
    assert not inspection.is_completed
    assert recorded(inspection) == {1: (True, None, "")}  # the page itself was saved


def test_a_completed_sheet_is_read_only(client, inspection, template, inspector):
    client = admin_browser(client, inspector)
    _, data = page(client, inspection)
    for position, value in ((1, "passed"), (2, "8"), (3, "failed")):
        data[f"{row(data, line(template, position))}-outcome"] = value
    data["_complete"] = "Save and complete"

    response = client.post(change_url(inspection), data)

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.is_completed and inspection.completed_by == inspector
    response, after = page(client, inspection)
    assert not any(k.endswith(("-outcome", "-note")) for k in after), after
    assert "_complete" not in response.content.decode()
    data[f"{row(data, line(template, 2))}-outcome"] = "2"
    assert client.post(change_url(inspection), data).status_code == 403
    assert recorded(inspection)[2] == (None, Decimal("8"), "")
    # Nor deleted, even by who may delete assessments.
    deleter = with_model_rights(inspector, SampleInspection, actions=("delete",))
    delete = reverse("admin:workflow_app_sampleinspection_delete", args=[inspection.pk])
    assert admin_browser(client, deleter).post(delete, {"post": "yes"}).status_code == 403
    assert SampleInspection.objects.filter(pk=inspection.pk).exists()


def test_a_new_assessment_is_made_on_the_current_checklist(client, template, inspector):
    client = admin_browser(client, inspector)
    site = SampleSite.objects.create(name="二号仓库")
    old = ChecklistTemplate.objects.create(code="AQ-OLD", name="旧表", area="projects",
                                           is_current=False)
    add = reverse("admin:workflow_app_sampleinspection_add")
    offered = client.get(add).content.decode()
    assert "消防安全检查表" in offered and "旧表" not in offered
    data = {**admin_form_data(client.get(add)), "site": site.pk, "template": template.pk,
            "assessed_on": "2024-06-01"}
    assert client.post(add, data).status_code == 302
    inspection = SampleInspection.objects.get(site=site)
    assert inspection.history.first().history_user == inspector
    data["template"] = old.pk
    assert client.post(add, data).status_code == 200
    assert SampleInspection.objects.count() == 1


# --- raising an item from a failed criterion ----------------------------------------------------

def test_a_failed_criterion_raises_an_item_from_its_row(client, inspection, template,
                                                        inspector):
    failed = assessments.assessment_record_result(
        inspection, criterion=line(template, 1), passed=False, note="两具灭火器过期",
        by=inspector)
    passed = assessments.assessment_record_result(inspection, criterion=line(template, 3),
                                                  passed=True, by=inspector)
    client = admin_browser(client, inspector)
    html = page(client, inspection)[0].content.decode()
    assert raise_url(inspection, failed) in html
    assert raise_url(inspection, passed) not in html

    response = client.post(raise_url(inspection, failed))

    assert response.status_code == 302 and response.url == change_url(inspection)
    ticket = SampleTicket.objects.get()
    assert (ticket.title, ticket.description, ticket.source_result) == (
        "灭火器在有效期内", "两具灭火器过期", failed)
    ticket_page = reverse("admin:workflow_app_sampleticket_change", args=[ticket.pk])
    assert ticket_page in shown_messages(response)[0]
    html = page(client, inspection)[0].content.decode()
    assert ticket_page in html and raise_url(inspection, failed) not in html
    # Once only; a passed criterion raises nothing.
    again = client.post(raise_url(inspection, failed))
    assert "already raised" in shown_messages(again)[0]
    client.post(raise_url(inspection, passed))
    assert SampleTicket.objects.count() == 1


def test_a_completed_sheet_still_raises_its_items(client, inspection, template, inspector):
    for position, values in ((1, {"passed": False}), (2, {"score": Decimal("3")}),
                             (3, {"passed": True})):
        assessments.assessment_record_result(inspection, criterion=line(template, position),
                                             by=inspector, **values)
    assessments.assessment_complete(inspection, by=inspector)
    scored = CriterionResult.objects.get(criterion=line(template, 2))
    client = admin_browser(client, inspector)
    assert raise_url(inspection, scored) in page(client, inspection)[0].content.decode()
    assert client.post(raise_url(inspection, scored)).status_code == 302
    assert SampleTicket.objects.get().source_result == scored


def test_only_who_may_change_assessments_raises_items(client, inspection, template, inspector,
                                                      make_user):
    failed = assessments.assessment_record_result(inspection, criterion=line(template, 1),
                                                  passed=False, by=inspector)
    reader = with_model_rights(make_user("reader"), SampleInspection, actions=("view",))
    client = admin_browser(client, reader)
    response, data = page(client, inspection)
    assert raise_url(inspection, failed) not in response.content.decode()
    assert not any(k.endswith("-outcome") for k in data)  # read-only rows
    assert client.post(raise_url(inspection, failed)).status_code == 403
    assert admin_browser(client, inspector).get(raise_url(inspection, failed)).status_code == 405
    stranger = admin_browser(client, make_user("stranger"))
    assert stranger.get(change_url(inspection)).status_code == 403
    assert stranger.post(raise_url(inspection, failed)).status_code == 404
    assert not SampleTicket.objects.exists()


# --- photos -----------------------------------------------------------------------------------

@pytest.fixture
def photographed(inspection, template, inspector):
    result = assessments.assessment_record_result(
        inspection, criterion=line(template, 1), passed=False, photos=[photo("灭火器.jpg")],
        by=inspector)
    return result.photos.get()


def test_photos_download_for_the_office_and_leaders(client, photographed, inspector,
                                                    make_user, api_client_for):
    download = reverse("core-api:criterion-photo-download", args=[photographed.pk])
    thumbnail = reverse("core-api:criterion-photo-thumbnail", args=[photographed.pk])
    leader = with_model_rights(make_user("a-leader", roles.LEADERS), SampleInspection,
                               actions=("view",))
    for user in (inspector, leader):
        response = api_client_for(user).get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == JPEG_BYTES
        assert "attachment" in response["Content-Disposition"]
        assert api_client_for(user).get(thumbnail).status_code == 200


def test_photos_are_not_downloaded_without_permission(photographed, make_user, api_client_for):
    download = reverse("core-api:criterion-photo-download", args=[photographed.pk])
    thumbnail = reverse("core-api:criterion-photo-thumbnail", args=[photographed.pk])
    reader = with_model_rights(make_user("reader"), SampleInspection, actions=("view",))
    dashboard = with_model_rights(make_user("board", roles.DASHBOARD), SampleInspection,
                                  actions=("view", "change"))
    for user in (reader, dashboard, make_user("stranger")):
        assert api_client_for(user).get(download).status_code == 404
        assert api_client_for(user).get(thumbnail).status_code == 404
    assert api_client_for().get(download).status_code in (401, 403)


def test_the_page_shows_thumbnails_to_those_who_may_see_them(client, photographed,
                                                             inspection, inspector, make_user):
    thumbnail = reverse("core-api:criterion-photo-thumbnail", args=[photographed.pk])
    html = page(admin_browser(client, inspector), inspection)[0].content.decode()
    assert thumbnail in html
    reader = with_model_rights(make_user("reader"), SampleInspection, actions=("view",))
    html = page(admin_browser(client, reader), inspection)[0].content.decode()
    assert thumbnail not in html and "灭火器.jpg" in html


# --- speed -------------------------------------------------------------------------------------

def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_a_fixed_number_of_queries(client, template, inspector):
    client = admin_browser(client, inspector)

    def add(count):
        for n in range(count):
            site = SampleSite.objects.create(name=f"仓库{n}")
            made = assessments.assessment_create(
                model=SampleInspection, by=inspector,
                data={"site": site, "template": template, "assessed_on": "2024-05-10"})
            assessments.assessment_record_result(made, criterion=line(template, 1),
                                                 passed=False, by=inspector)

    add(2)
    few = queries_of(client, CHANGELIST)
    add(5)
    assert queries_of(client, CHANGELIST) == few
    listing = client.get(CHANGELIST).content.decode()
    assert listing.count("1 failed") == listing.count("In progress (1 of 3 recorded)") == 7


def test_the_sheet_runs_a_fixed_number_of_queries(client, inspection, template, inspector):
    client = admin_browser(client, inspector)
    assessments.assessment_record_result(inspection, criterion=line(template, 1),
                                         passed=False, photos=[photo()], by=inspector)
    few = queries_of(client, change_url(inspection))
    first = CriterionResult.objects.get(criterion=line(template, 1))
    assessments.assessment_raise_item(first, by=inspector)
    assessments.assessment_record_result(inspection, criterion=line(template, 2),
                                         score=Decimal("2"), photos=[photo(), photo()],
                                         by=inspector)
    assessments.assessment_record_result(inspection, criterion=line(template, 3),
                                         passed=False, photos=[photo()], by=inspector)
    assert queries_of(client, change_url(inspection)) == few


def test_the_list_exports_with_its_totals(client, inspection, template, inspector,
                                          api_client_for):
    """A row per assessment with its totals (the criteria's results are on its page)."""
    import csv
    import io

    assessments.assessment_record_result(inspection, criterion=line(template, 2),
                                         score=Decimal("4"), by=inspector)
    assessments.assessment_record_result(inspection, criterion=line(template, 1),
                                         passed=False, by=inspector)
    client = admin_browser(client, inspector)
    for response in (client.get(reverse("admin:workflow_app_sampleinspection_export_csv")),
                     api_client_for(inspector, "en").get("/api/v1/sample/inspections/",
                                                         {"format": "csv"})):
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        (row,) = csv.DictReader(io.StringIO(body))
        assert (Decimal(row["Total score"]), Decimal(row["Maximum score"]),
                row["Failed criteria"]) == (4, 10, "2"), row
        assert "Results" not in row


# --- personal data: masked on every path of an assessment, its photos guarded ---------------

class TestSampleInspectionPersonalData(PersonalDataContract):
    model = SampleInspection
    api = "sample-api:sampleinspection"
    values = {"contact_phone": "13800005678"}
    changed = {"contact_phone": "13900004321"}

    def make(self, **values):
        template = ChecklistTemplate.objects.create(code="AQ-P", name="检查表", area="projects")
        ChecklistCriterion.objects.create(template=template, position=1, text="灭火器")
        site = SampleSite.objects.create(name="三号仓库")
        return assessments.assessment_create(model=SampleInspection, data={
            "site": site, "template": template, "assessed_on": "2024-05-10", **values})


def test_photos_of_an_assessment_holding_personal_data_need_its_permission(
        photographed, inspection, inspector, make_user, api_client_for):
    inspection = assessments.assessment_update(
        inspection, data={"contact_phone": "13800005678"},
        expected_version=SampleInspection.objects.get(pk=inspection.pk).version)
    download = reverse("core-api:criterion-photo-download", args=[photographed.pk])
    assert api_client_for(inspector).get(download).status_code == 404
    ensure_personal_permissions()
    inspector.user_permissions.add(Permission.objects.get(
        codename=personal_permission(SampleInspection).split(".", 1)[1]))
    inspector = type(inspector).objects.get(pk=inspector.pk)
    assert api_client_for(inspector).get(download).status_code == 200


def test_uploaded_files_are_stored_by_kind_year_and_month(photographed, inspector):
    """Checklist photos and workflow evidence share one uploaded-file base and keep their
    folders (``checklists/2026/11/…``, ``evidence/2026/11/…``)."""
    from datetime import datetime

    from cuizhai.core.base.services import closed_loop

    month = datetime.now().strftime("%Y/%m")
    assert photographed.file.name.startswith(f"checklists/{month}/")
    ticket = closed_loop.closed_loop_report(
        model=SampleTicket, by=inspector, title="灭火器过期",
        evidence=closed_loop.staged_evidence(before=[photo("现场.jpg")]))
    evidence = ticket.transitions.get().evidence.get()
    assert evidence.file.name.startswith(f"evidence/{month}/")
    assert (str(evidence), evidence.kind, evidence.is_photo) == ("现场.jpg", "jpeg", True)

"""Checklists and assessments, through the API of the core and of the test-only app."""

from decimal import Decimal

import pytest

from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, CriterionResult
from tests.factories import UserFactory, evidence_photo, with_model_rights
from tests.workflow_app.models import SampleInspection, SampleSite, SampleTicket

pytestmark = pytest.mark.django_db

TEMPLATES = "/api/v1/core/checklist-templates/"
CRITERIA = "/api/v1/core/checklist-criteria/"
INSPECTIONS = "/api/v1/sample/inspections/"


@pytest.fixture
def editor(projects_editor, api_client_for):
    return api_client_for(projects_editor)


@pytest.fixture
def template(editor):
    """A fire-safety checklist: one pass/fail line, one scored out of 10 (pass mark 6)."""
    response = editor.post(TEMPLATES, {"code": "AQ-XF", "name": "消防安全检查表",
                                       "area": "projects"}, format="json")
    assert response.status_code == 201, response.json()
    template = ChecklistTemplate.objects.get(pk=response.json()["id"])
    for data in ({"position": 1, "text": "灭火器在有效期内", "kind": "pass_fail"},
                 {"position": 2, "text": "疏散通道畅通", "kind": "score", "max_score": "10",
                  "pass_score": "6"}):
        created = editor.post(CRITERIA, {"template": template.pk, **data}, format="json")
        assert created.status_code == 201, created.json()
    return template


@pytest.fixture
def inspector(api_client_for):
    user = UserFactory(first_name="检查员")
    with_model_rights(user, SampleInspection)
    with_model_rights(user, SampleTicket)
    return api_client_for(with_model_rights(user, ChecklistTemplate, actions=("view",)))


@pytest.fixture
def inspection(template, inspector):
    site = SampleSite.objects.create(name="化工园区一号仓库")
    response = inspector.post(INSPECTIONS, {"site": site.pk, "template": template.pk,
                                            "assessed_on": "2024-05-10",
                                            "assessors": "王工、李工"}, format="json")
    assert response.status_code == 201, response.json()
    return SampleInspection.objects.get(pk=response.json()["id"])


def criterion(template, position):
    return ChecklistCriterion.objects.get(template=template, position=position)


def record(client, inspection, data, **kwargs):
    return client.post(f"{INSPECTIONS}{inspection.pk}/results/", data, **kwargs)


def test_a_template_reads_with_its_criteria_in_order(template, editor):
    body = editor.get(f"{TEMPLATES}{template.pk}/").json()
    assert [c["text"] for c in body["criteria"]] == ["灭火器在有效期内", "疏散通道畅通"]
    assert body["version_number"] == 1 and body["is_current"] is True


@pytest.mark.parametrize(("data", "field"), [
    ({"position": 3, "text": "x", "kind": "score"}, None),  # a score needs a maximum
    ({"position": 3, "text": "x", "kind": "pass_fail", "max_score": "5"}, None),
    ({"position": 3, "text": "x", "kind": "score", "max_score": "5", "pass_score": "6"}, None),
    ({"position": 1, "text": "x", "kind": "pass_fail"}, None),  # position taken
])
def test_bad_criteria_are_refused_in_words(template, editor, data, field):
    response = editor.post(CRITERIA, {"template": template.pk, **data}, format="json")
    assert response.status_code == 400, response.json()
    assert ChecklistCriterion.objects.filter(template=template).count() == 2


def test_results_scores_and_completion(template, inspection, inspector):
    response = record(inspector, inspection, {"criterion": criterion(template, 1).pk,
                                              "passed": True}, format="json")
    assert response.status_code == 200, response.json()
    response = record(inspector, inspection, {
        "criterion": criterion(template, 2).pk, "score": "4", "note": "通道堆放杂物",
        "photos": [evidence_photo("通道.jpg")]}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert Decimal(body["total_score"]) == 4 and Decimal(body["max_score"]) == 10
    assert body["failed_count"] == 1
    assert [(r["criterion"]["position"], r["failed"], r["photos"]) for r in body["results"]] \
        == [(1, False, []), (2, True, ["通道.jpg"])]

    done = inspector.post(f"{INSPECTIONS}{inspection.pk}/complete/")
    assert done.status_code == 200, done.json()
    assert done.json()["status"]["value"] == "completed"
    # A completed sheet is closed.
    again = record(inspector, inspection, {"criterion": criterion(template, 2).pk,
                                           "score": "9"}, format="json")
    assert again.status_code == 400
    assert CriterionResult.objects.get(criterion=criterion(template, 2)).score == 4


@pytest.mark.parametrize(("data", "field"), [
    ({"position": 1}, "passed"),                    # pass/fail without the answer
    ({"position": 1, "passed": True, "score": "3"}, "score"),
    ({"position": 2}, "score"),                     # a score without a score
    ({"position": 2, "score": "11"}, "score"),      # above the maximum
    ({"position": 2, "score": "-1"}, "score"),
])
def test_bad_results_are_refused_in_words(template, inspection, inspector, data, field):
    data = {**data, "criterion": criterion(template, data.pop("position")).pk}
    response = record(inspector, inspection, data, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not CriterionResult.objects.exists()


def test_a_criterion_of_another_checklist_is_refused(template, inspection, inspector, editor):
    other = editor.post(TEMPLATES, {"code": "AQ-DQ", "name": "电气检查表", "area": "projects"},
                        format="json").json()
    line = editor.post(CRITERIA, {"template": other["id"], "position": 1, "text": "线路老化",
                                  "kind": "pass_fail"}, format="json").json()
    response = record(inspector, inspection, {"criterion": line["id"], "passed": False},
                      format="json")
    assert response.status_code == 400 and "criterion" in response.json()


def test_completing_needs_every_result(template, inspection, inspector):
    record(inspector, inspection, {"criterion": criterion(template, 1).pk, "passed": True},
           format="json")
    response = inspector.post(f"{INSPECTIONS}{inspection.pk}/complete/")
    assert response.status_code == 400
    assert "疏散通道畅通" in str(response.json())
    inspection.refresh_from_db()
    assert not inspection.is_completed


def test_a_failed_criterion_raises_an_item_in_one_step(template, inspection, inspector):
    record(inspector, inspection, {"criterion": criterion(template, 1).pk, "passed": False,
                                   "note": "两具灭火器过期"}, format="json")
    url = f"{INSPECTIONS}{inspection.pk}/raise-item/"
    response = inspector.post(url, {"criterion": criterion(template, 1).pk}, format="json")
    assert response.status_code == 201, response.json()
    ticket = SampleTicket.objects.get(pk=response.json()["id"])
    assert ticket.title == "灭火器在有效期内" and ticket.description == "两具灭火器过期"
    assert ticket.site == inspection.site and ticket.status == "reported"
    assert ticket.source_result.assessment == inspection  # the link back
    assert ticket.response_due is not None  # deadlines set like any report
    # Once only.
    again = inspector.post(url, {"criterion": criterion(template, 1).pk}, format="json")
    assert again.status_code == 400 and SampleTicket.objects.count() == 1


def test_a_passed_or_unrecorded_criterion_raises_nothing(template, inspection, inspector):
    url = f"{INSPECTIONS}{inspection.pk}/raise-item/"
    assert inspector.post(url, {"criterion": criterion(template, 1).pk},
                          format="json").status_code == 400
    record(inspector, inspection, {"criterion": criterion(template, 2).pk, "score": "8"},
           format="json")
    assert inspector.post(url, {"criterion": criterion(template, 2).pk},
                          format="json").status_code == 400
    assert not SampleTicket.objects.exists()


def test_a_used_template_is_frozen_and_changes_as_a_new_version(template, inspection,
                                                                 inspector, editor):
    record(inspector, inspection, {"criterion": criterion(template, 1).pk, "passed": True},
           format="json")
    line = criterion(template, 1)
    refused = editor.patch(f"{CRITERIA}{line.pk}/", {"text": "灭火器压力正常"},
                           format="json", HTTP_IF_MATCH=f'"{line.version}"')
    assert refused.status_code == 400, refused.json()
    assert editor.patch(f"{TEMPLATES}{template.pk}/", {"name": "改名"}, format="json",
                        HTTP_IF_MATCH=f'"{template.version}"').status_code == 400
    assert editor.post(CRITERIA, {"template": template.pk, "position": 3, "text": "新增",
                                  "kind": "pass_fail"}, format="json").status_code == 400

    response = editor.post(f"{TEMPLATES}{template.pk}/new-version/")
    assert response.status_code == 201, response.json()
    new = response.json()
    assert new["version_number"] == 2 and new["is_current"] is True
    assert [c["text"] for c in new["criteria"]] == ["灭火器在有效期内", "疏散通道畅通"]
    new_line = criterion(ChecklistTemplate.objects.get(pk=new["id"]), 1)
    changed = editor.patch(f"{CRITERIA}{new_line.pk}/", {"text": "灭火器压力正常"},
                           format="json", HTTP_IF_MATCH=f'"{new_line.version}"')
    assert changed.status_code == 200, changed.json()
    # The inspection still reads the checklist it was made with.
    body = inspector.get(f"{INSPECTIONS}{inspection.pk}/").json()
    assert body["results"][0]["criterion"]["display"] == "1. 灭火器在有效期内"
    template.refresh_from_db()
    assert template.is_current is False
    # New assessments use the current version only.
    old = inspector.post(INSPECTIONS, {"site": inspection.site.pk, "template": template.pk,
                                       "assessed_on": "2024-06-01"}, format="json")
    assert old.status_code == 400 and "template" in old.json()


def test_a_stale_sheet_is_refused(template, inspection, inspector):
    stale = f'"{inspection.version}"'
    record(inspector, inspection, {"criterion": criterion(template, 1).pk, "passed": True},
           format="json", HTTP_IF_MATCH=stale)
    response = record(inspector, inspection, {"criterion": criterion(template, 1).pk,
                                               "passed": False}, format="json",
                      HTTP_IF_MATCH=stale)
    assert response.status_code in (409, 412)
    assert CriterionResult.objects.get().passed is True


def test_strangers_and_readers_cannot_record(template, inspection, api_client_for, leader):
    data = {"criterion": criterion(template, 1).pk, "passed": True}
    assert record(api_client_for(), inspection, data, format="json").status_code == 401
    reader = with_model_rights(UserFactory(), SampleInspection, actions=("view",))
    assert record(api_client_for(reader), inspection, data, format="json").status_code == 403
    assert not CriterionResult.objects.exists()


# --- the admin: templates and their criteria, through the same services ---------------------

def admin_page(client, template):
    from django.urls import reverse

    from tests.factories import admin_form_data

    url = reverse("admin:core_checklisttemplate_change", args=[template.pk])
    return url, admin_form_data(client.get(url))


def criterion_prefix(data, line):
    return next(key[:-3] for key, value in data.items()
                if key.endswith("-id") and str(value) == str(line.pk))


def test_the_admin_edits_criteria_until_the_checklist_is_used(template, inspection, inspector,
                                                              projects_editor, client):
    client.force_login(projects_editor)
    url, data = admin_page(client, template)
    line = criterion(template, 1)
    data[f"{criterion_prefix(data, line)}-text"] = "灭火器数量充足"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert criterion(template, 1).text == "灭火器数量充足"

    record(inspector, inspection, {"criterion": line.pk, "passed": True}, format="json")
    url, data = admin_page(client, template)
    data[f"{criterion_prefix(data, line)}-text"] = "又改了"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "创建新版本" in response.content.decode()
    assert criterion(template, 1).text == "灭火器数量充足"


def test_the_admin_action_creates_the_next_version(template, projects_editor, client):
    from django.urls import reverse

    client.force_login(projects_editor)
    response = client.post(reverse("admin:core_checklisttemplate_changelist"),
                           {"action": "new_version", "_selected_action": [template.pk]})
    assert response.status_code == 302
    versions = ChecklistTemplate.objects.filter(code="AQ-XF").order_by("version_number")
    assert [(t.version_number, t.is_current, t.criteria.count()) for t in versions] == [
        (1, False, 2), (2, True, 2)]

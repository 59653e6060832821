"""The safety rules through the API, as the office's clerks and its leader use it."""

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from safety.models import Hazard
from tests.projects.factories import EnterpriseFactory
from tests.safety import factories as f
from tests.support.clients import api_client
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SAFETY = roles.office_group("safety")


def url(basename, *args, action="detail"):
    return reverse(f"safety-api:{basename}-{action}", args=args)


def test_an_inspector_fills_in_the_checklist_and_raises_a_hazard_from_a_failed_line():
    inspector = api_client(make_user("inspector", SAFETY))
    expert = f.ExpertFactory()
    created = inspector.post(url("inspection", action="list"), {
        "template": f.checklist().pk, "assessed_on": "2024-05-10", "kind": "fire",
        "depth": "dissecting", "enterprise": EnterpriseFactory(name="济南温声玻璃有限公司").pk,
        "inspectors": [expert.pk]}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["is_expert"] is True
    assert body["inspectors"] == [{"id": expert.pk, "display": expert.name,
                                   "kind": "safety_expert"}]
    criteria = f.checklist().criteria.order_by("position")
    for criterion, passed in zip(criteria, (False, True, True), strict=True):
        recorded = inspector.post(url("inspection", body["id"], action="record-result"),
                                  {"criterion": criterion.pk, "passed": passed,
                                   "note": "" if passed else "消防通道堆放成品玻璃"},
                                  format="json")
        assert recorded.status_code == 200, recorded.json()

    raised = inspector.post(url("inspection", body["id"], action="raise-item"),
                            {"criterion": criteria[0].pk}, format="json")

    assert raised.status_code == 201, raised.json()
    hazard = Hazard.objects.get(pk=raised.json()["id"])
    assert raised.json()["url"].endswith(url("hazard", hazard.pk))
    assert (hazard.title, hazard.description, hazard.category) == (
        "消防通道畅通", "消防通道堆放成品玻璃", "fire")
    assert hazard.enterprise.name == "济南温声玻璃有限公司"
    listed = inspector.get(url("inspection", action="list")).json()["results"][0]
    assert (listed["failed_count"], listed["hazard_count"]) == (1, 1)
    again = inspector.post(url("inspection", body["id"], action="raise-item"),
                           {"criterion": criteria[0].pk}, format="json")
    assert again.status_code == 400 and Hazard.objects.count() == 1


def test_a_hazard_on_an_inspection_of_another_target_is_refused_in_words():
    clerk = api_client(make_user("clerk", SAFETY), "en")
    inspection = f.make_inspection()
    response = clerk.post(url("hazard", action="list"), {
        "title": "灭火器过期", "category": "fire", "inspection": inspection.pk,
        "enterprise": EnterpriseFactory().pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"inspection": [
        f"That inspection was of another target: “{inspection.enterprise}”."]}
    assert not Hazard.objects.exists()


def resolved_major_hazard():
    clerk, worker = make_user("clerk", SAFETY), make_user("worker", SAFETY)
    hazard = f.report_hazard(by=clerk, severity="major")
    hazard = closed_loop.closed_loop_assign(hazard, by=clerk, assignee=worker)
    return closed_loop.closed_loop_resolve(hazard, by=worker, note="已设置隔离并更换线路")


def test_only_the_offices_leader_verifies_a_major_hazard_and_never_its_rectifier():
    hazard = resolved_major_hazard()
    clerk = api_client(make_user("clerk", SAFETY), "en")
    assert "verify" not in clerk.get(url("hazard", hazard.pk)).json()["allowed_actions"]
    refused = clerk.post(url("hazard", hazard.pk, action="verify"), {}, format="json")
    assert refused.status_code == 403
    assert Hazard.objects.get(pk=hazard.pk).status == "resolved"

    rectifier = hazard.resolved_by
    rectifier.groups.add(*make_user("leader", SAFETY, "安全办负责人").groups.all())
    as_rectifier = api_client(type(rectifier).objects.get(pk=rectifier.pk), "en")
    assert "verify" not in as_rectifier.get(url("hazard", hazard.pk)).json()["allowed_actions"]
    assert as_rectifier.post(url("hazard", hazard.pk, action="verify"), {},
                             format="json").status_code == 400

    leader = api_client(make_user("leader", SAFETY, "安全办负责人"))
    assert "verify" in leader.get(url("hazard", hazard.pk)).json()["allowed_actions"]
    verified = leader.post(url("hazard", hazard.pk, action="verify"), {}, format="json")
    assert verified.status_code == 200, verified.json()
    assert verified.json()["status"]["value"] == "closed"


def test_the_board_lists_hazards_under_safety():
    f.report_hazard(title="塔吊限位失效", severity="major")
    board = api_client(make_user("leader", roles.LEADERS)).get(
        "/api/v1/core/items/", {"area": "safety"})
    assert board.status_code == 200
    rows = board.json()["results"]
    assert [(row["kind"]["value"] if isinstance(row["kind"], dict) else row["kind"],
             row["title"]) for row in rows] == [("safety.hazard", "塔吊限位失效")]


def photo_upload(name, content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import JPEG_BYTES

    return SimpleUploadedFile(name, JPEG_BYTES if content is None else content)


@pytest.mark.parametrize(("files", "message"), [
    ([photo_upload("现场.jpg", b"MZ\x90\x00" + b"\x00" * 64)],
     "现场.jpg: The file's content does not match its .jpg extension."),
    ([photo_upload(f"现场{n}.jpg") for n in range(11)],
     "A step takes at most 10 evidence files; 11 were sent."),
])
def test_a_hazards_photos_are_held_to_the_evidence_limits(settings, files, message):
    settings.CUIZHAI_MAX_FILES_PER_ACTION = 10
    clerk = api_client(make_user("clerk", SAFETY), language="en")
    response = clerk.post(url("hazard", action="list"), {
        "title": "配电箱未接地", "category": "electrical", "site": "崔寨大集",
        "village": f.VillageFactory().pk, "evidence_before": files}, format="multipart")
    assert response.status_code == 400
    assert message in str(response.json())
    assert not Hazard.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 20
    clerk = api_client(make_user("clerk", SAFETY), language="en")
    response = clerk.post(url("hazard", action="list"), {
        "title": "配电箱未接地", "category": "electrical", "site": "崔寨大集",
        "village": f.VillageFactory().pk, "evidence_after": [photo_upload("整改后.jpg")]},
        format="multipart")
    assert response.status_code == 400
    assert "整改后.jpg" in str(response.json())
    assert not Hazard.objects.exists()

"""Closed-loop items (issue 8 §3), through the API and the admin, on the test-only
SampleTicket: severity and per-item deadlines, evidence at report marked before/after
(HEIC photos too), outside reporters, satisfaction on verification, steps reserved to a
permission.

SampleTicket: 24 hours to respond and 5 working days to resolve; a major ticket 2 hours
and 2 working days; a blocked fire exit 1 working day, a permit question 20; verifying a
major ticket needs ``verify_major_sampleticket``.
"""

import io
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cuizhai.core import roles
from cuizhai.core.base.selectors import satisfaction_rates
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.summary import YEAR, Listing, Summary, satisfaction_figure
from cuizhai.core.models import TransitionEvidence
from tests.workflow_app.api import SampleTicketFilterSet
from tests.workflow_app.apps import installed_as_office_app
from tests.workflow_app.models import SampleTicket

SHANGHAI = ZoneInfo("Asia/Shanghai")
LIST_URL = "/api/v1/sample/tickets/"
# An iPhone photo's first bytes: box size, "ftyp", major brand "heic", compatible brands.
HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00" + b"\x00" * 64
# Fri 27 Sep 2024, 10:00: the National Day holiday (1-7 Oct) and its make-up Sunday 29 Sep
# and Saturday 12 Oct lie within the deadlines.
FRIDAY = datetime(2024, 9, 27, 10, 0, tzinfo=SHANGHAI)


def end_of(day):
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def photo(name="site.jpg", size=(1600, 1200), kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 40)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue())


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="workflow_app", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)


EDIT = ("view_sampleticket", "add_sampleticket", "change_sampleticket")


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        editor=grant(make_user("editor", roles.office_group("projects")), *EDIT),
        other_editor=grant(make_user("other-editor", roles.office_group("projects")), *EDIT),
        lead=grant(make_user("lead", roles.office_group("projects")), *EDIT,
                   "verify_major_sampleticket"),
        worker=grant(make_user("worker", roles.office_group("projects")), "view_sampleticket"),
        stranger=grant(make_user("stranger", roles.office_group("safety")), "view_sampleticket"),
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def report(by, title="Street lamp out", **fields):
    return closed_loop.closed_loop_report(model=SampleTicket, by=by, title=title, **fields)


def resolved(people, **fields):
    ticket = report(people.editor, **fields)
    ticket = closed_loop.closed_loop_assign(ticket, by=people.editor, assignee=people.worker)
    return closed_loop.closed_loop_resolve(ticket, by=people.worker, note="Fixed.")


def post(client, data, **kwargs):
    return client.post(LIST_URL, data, **kwargs)


# --- deadlines from the item --------------------------------------------------------------------
@pytest.mark.parametrize(("fields", "response_due", "resolution_due"), [
    # The class's clocks: 24 hours; Fri + 5 working days = Thu 10 Oct.
    ({}, FRIDAY + timedelta(hours=24), end_of(date(2024, 10, 10))),
    # Major: 2 hours; Sun 29 (make-up) 1, Mon 30 2.
    ({"severity": "major"}, FRIDAY + timedelta(hours=2), end_of(date(2024, 9, 30))),
    # A blocked fire exit: the class's response clock, 1 working day (Sun 29, make-up).
    ({"kind": "fire_exit"}, FRIDAY + timedelta(hours=24), end_of(date(2024, 9, 29))),
    # A permit question: 20 working days. Sep 29, 30 (2), Oct 8-12 (7, Sat 12 make-up),
    # 14-18 (12), 21-25 (17), 28, 29, 30 (20) → Wed 30 Oct.
    ({"kind": "permit"}, FRIDAY + timedelta(hours=24), end_of(date(2024, 10, 30))),
    # A major permit question: both rules match, the shortest clock of each applies.
    ({"kind": "permit", "severity": "major"}, FRIDAY + timedelta(hours=2),
     end_of(date(2024, 9, 30))),
])
def test_the_deadlines_come_from_the_items_severity_and_kind(people, api_client_for, fields,
                                                             response_due, resolution_due):
    response = post(api_client_for(people.editor),
                    {"title": "Fire exit blocked", "reported_at": FRIDAY.isoformat(), **fields},
                    format="json")

    assert response.status_code == 201, response.json()
    ticket = SampleTicket.objects.get(pk=response.json()["id"])
    assert (ticket.response_due, ticket.resolution_due) == (response_due, resolution_due)
    assert response.json()["severity"]["value"] == fields.get("severity", "general")


def test_reclassifying_an_item_moves_its_deadlines(people, api_client_for):
    ticket = report(people.editor, reported_at=FRIDAY)
    client = api_client_for(people.editor)
    url = f"{LIST_URL}{ticket.pk}/"

    response = client.patch(url, {"severity": "major", "version": ticket.version},
                            format="json")

    assert response.status_code == 200, response.json()
    ticket.refresh_from_db()
    assert ticket.response_due == FRIDAY + timedelta(hours=2)
    assert ticket.resolution_due == end_of(date(2024, 9, 30))
    assert ticket.history.first().severity == "major"


def test_an_edit_that_leaves_severity_and_kind_keeps_the_stored_deadlines(people,
                                                                          api_client_for):
    # An item reported before its class gained a rule keeps the deadlines it was given.
    ticket = report(people.editor, reported_at=FRIDAY, severity="major")
    stored = end_of(date(2024, 10, 31))
    SampleTicket.objects.filter(pk=ticket.pk).update(resolution_due=stored)

    response = api_client_for(people.editor).patch(
        f"{LIST_URL}{ticket.pk}/", {"title": "Street lamp out at gate 2",
                                    "version": ticket.version}, format="json")

    assert response.status_code == 200, response.json()
    assert SampleTicket.objects.get(pk=ticket.pk).resolution_due == stored


def test_an_unknown_severity_is_refused(people, api_client_for):
    response = post(api_client_for(people.editor, language="en"),
                    {"title": "Lamp", "severity": "catastrophic"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"severity": ['"catastrophic" is not a valid choice.']}


def test_the_list_filters_by_severity(people, api_client_for):
    major = report(people.editor, title="Gas smell", severity="major")
    report(people.editor, title="Lamp")

    response = api_client_for(people.editor).get(LIST_URL, {"severity": "major"})

    assert [row["id"] for row in response.json()["results"]] == [major.pk]


# --- evidence at report, before / after --------------------------------------------------------
def test_photos_sent_with_the_report_are_its_evidence_each_marked(people, api_client_for):
    client = api_client_for(people.editor, language="en")

    response = post(client, {
        "title": "Dust on site 3",
        "evidence_before": [photo("before.jpg")],
        "evidence_after": [SimpleUploadedFile("after.heic", HEIC_BYTES)],
        "evidence": [SimpleUploadedFile("letter.pdf", PDF_BYTES)],
    }, format="multipart")

    assert response.status_code == 201, response.json()
    ticket_id = response.json()["id"]
    log = client.get(reverse("sample-api:sampleticket-transitions", args=[ticket_id])).json()
    assert [entry["action"]["value"] for entry in log] == ["report"]
    files = {f["name"]: f for f in log[0]["evidence"]}
    assert {name: f["stage"]["value"] for name, f in files.items()} == {
        "letter.pdf": "before", "before.jpg": "before", "after.heic": "after"}
    assert files["after.heic"]["stage"]["label"] == "After rectification"
    assert files["before.jpg"]["thumbnail"].endswith(
        reverse("core-api:evidence-thumbnail", args=[
            TransitionEvidence.objects.get(original_name="before.jpg").pk]))
    assert files["letter.pdf"]["thumbnail"] is None


def test_files_not_marked_show_the_steps_phase(people, api_client_for):
    ticket = report(people.editor, evidence=[photo("found.jpg")])
    ticket = closed_loop.closed_loop_assign(ticket, by=people.editor, assignee=people.worker)

    response = api_client_for(people.worker).post(
        reverse("sample-api:sampleticket-resolve", args=[ticket.pk]),
        {"note": "Replaced.", "evidence": [photo("fixed.jpg")],
         "evidence_before": [photo("as-found.png", kind="PNG")]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert dict(TransitionEvidence.objects.values_list("original_name", "stage")) == {
        "found.jpg": "before", "fixed.jpg": "after", "as-found.png": "before"}


@pytest.mark.parametrize(("name", "content", "accepted"), [
    ("IMG_0001.HEIC", HEIC_BYTES, True),
    ("IMG_0001.heif", b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", True),
    ("IMG_0001.heic", JPEG_HEAD, False),  # a JPEG named .heic
    ("IMG_0001.jpg", HEIC_BYTES, False),  # a HEIC named .jpg
    ("movie.heic", b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp41", False),  # MP4
    ("setup.heic", EXE_BYTES, False),
])
def test_heic_photos_are_accepted_by_their_content(people, api_client_for, name, content,
                                                   accepted):
    upload = SimpleUploadedFile(name, content)
    response = post(api_client_for(people.editor, language="en"),
                    {"title": "Photo from a phone", "evidence": [upload]}, format="multipart")

    if accepted:
        assert response.status_code == 201, response.json()
        assert TransitionEvidence.objects.get().original_name == name
    else:
        assert response.status_code == 400
        extension = name[name.rindex("."):].lower()
        assert response.json() == {"evidence": [
            f"{name}: The file's content does not match its {extension} extension."]}
        assert not SampleTicket.objects.exists()
        assert not TransitionEvidence.objects.exists()


def test_evidence_is_not_added_by_editing_the_item(people, api_client_for):
    ticket = report(people.editor)

    response = api_client_for(people.editor, language="en").patch(
        f"{LIST_URL}{ticket.pk}/", {"evidence": [photo()], "version": ticket.version},
        format="multipart")

    assert response.status_code == 400
    assert "workflow step" in response.json()["evidence"][0]
    assert not TransitionEvidence.objects.exists()
    assert SampleTicket.objects.get(pk=ticket.pk).version == ticket.version


# --- thumbnails -------------------------------------------------------------------------------
def thumbnail_url(evidence):
    return reverse("core-api:evidence-thumbnail", args=[evidence.pk])


def test_a_photos_thumbnail_is_a_small_jpeg(people, api_client_for):
    report(people.editor, evidence=[photo("wide.png", size=(1200, 600), kind="PNG")])

    response = api_client_for(people.editor).get(
        thumbnail_url(TransitionEvidence.objects.get()))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as thumbnail:
        assert thumbnail.format == "JPEG"
        assert thumbnail.size == (240, 120)


def test_a_heic_photo_or_a_broken_one_shows_a_placeholder(people, api_client_for):
    report(people.editor, evidence=[SimpleUploadedFile("iphone.heic", HEIC_BYTES),
                                    SimpleUploadedFile("broken.jpg", JPEG_HEAD)])
    client = api_client_for(people.editor)

    for evidence in TransitionEvidence.objects.all():
        response = client.get(thumbnail_url(evidence))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert b"HEIC" in response.content


def test_thumbnails_are_for_photos_and_for_those_who_may_see_them(people, api_client_for):
    report(people.editor, evidence=[photo("site.jpg"),
                                    SimpleUploadedFile("reply.pdf", PDF_BYTES)])
    site = TransitionEvidence.objects.get(original_name="site.jpg")
    reply = TransitionEvidence.objects.get(original_name="reply.pdf")

    assert api_client_for(people.editor).get(thumbnail_url(reply)).status_code == 404
    # An office the item does not concern views the item but not its evidence.
    assert api_client_for(people.stranger).get(thumbnail_url(site)).status_code == 404
    assert api_client_for().get(thumbnail_url(site)).status_code == 401


# --- outside reporters --------------------------------------------------------------------------
def test_a_resident_who_reported_by_the_hotline_is_recorded(people, api_client_for):
    response = post(api_client_for(people.editor, language="en"), {
        "title": "Water leaking in building 3", "reporter_name": "王秀英",
        "reporter_phone": "13800001234", "channel": "hotline_12345",
    }, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    # Stored as given; personal data, shown masked to whoever lacks its permission.
    ticket = SampleTicket.objects.get(pk=body["id"])
    assert (ticket.reporter_name, ticket.reporter_phone) == ("王秀英", "13800001234")
    assert body["reporter_name"] == "王***"
    assert body["reporter_phone"] == "138****1234"
    assert body["channel"] == {"value": "hotline_12345", "label": "City hotline 12345"}
    assert body["reported_by"]["id"] == people.editor.pk  # who entered it


@pytest.mark.parametrize("phone", ["0531-88886666", "053188886666", "0531-88886666-123",
                                   "138-0000-1234"])
def test_landline_numbers_are_accepted(people, api_client_for, phone):
    response = post(api_client_for(people.editor), {"title": "Noise", "reporter_phone": phone},
                    format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("phone", ["1380000123", "23800001234", "phone me", "88886666"])
def test_a_wrong_phone_number_is_refused(people, api_client_for, phone):
    response = post(api_client_for(people.editor, language="en"),
                    {"title": "Noise", "reporter_phone": phone}, format="json")

    assert response.status_code == 400
    assert response.json() == {"reporter_phone": [
        "Enter a mobile number (11 digits, e.g. 13800001234) or a landline number with its "
        "area code (e.g. 0531-88001234)."]}


def test_the_list_filters_by_channel(people, api_client_for):
    walk_in = report(people.editor, title="Broken bench", channel="walk_in")
    report(people.editor, title="Lamp", channel="inspection")

    response = api_client_for(people.editor).get(LIST_URL, {"channel": "walk_in"})

    assert [row["id"] for row in response.json()["results"]] == [walk_in.pk]


# --- satisfaction on verification ---------------------------------------------------------------
def verify_url(ticket):
    return reverse("sample-api:sampleticket-verify", args=[ticket.pk])


def test_the_reporters_satisfaction_is_recorded_on_verification(people, api_client_for):
    ticket = resolved(people)

    response = api_client_for(people.other_editor, language="en").post(
        verify_url(ticket), {"note": "Called back.", "satisfaction": "basically_satisfied"},
        format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["satisfaction"] == {"value": "basically_satisfied",
                                               "label": "Basically satisfied"}
    assert SampleTicket.objects.get(pk=ticket.pk).satisfaction == "basically_satisfied"


def test_satisfaction_is_optional_and_only_on_verification(people, api_client_for):
    ticket = resolved(people)
    client = api_client_for(people.other_editor, language="en")

    on_return = client.post(reverse("sample-api:sampleticket-return", args=[ticket.pk]),
                            {"note": "Still dark.", "satisfaction": "dissatisfied"},
                            format="json")
    unknown = client.post(verify_url(ticket), {"satisfaction": "thrilled"}, format="json")

    assert on_return.status_code == 400
    assert on_return.json() == {"satisfaction": [
        "Satisfaction is recorded when the item is verified."]}
    assert unknown.status_code == 400
    assert SampleTicket.objects.get(pk=ticket.pk).status == "resolved"

    plain = client.post(verify_url(ticket), {}, format="json")
    assert plain.status_code == 200, plain.json()
    assert plain.json()["satisfaction"] is None


def test_satisfaction_cannot_be_written_on_the_item(people, api_client_for):
    response = post(api_client_for(people.editor),
                    {"title": "Lamp", "satisfaction": "satisfied"}, format="json")

    assert response.status_code == 201
    assert SampleTicket.objects.get().satisfaction == ""


def closed_with(people, answer, title):
    ticket = resolved(people, title=title)
    return closed_loop.closed_loop_verify(ticket, by=people.other_editor, satisfaction=answer)


@pytest.fixture
def answers(people):
    """Five verified tickets: 2 satisfied, 1 basically, 1 dissatisfied, 1 not asked; and a
    resolved one (not yet asked)."""
    for n, answer in enumerate(["satisfied", "satisfied", "basically_satisfied",
                                "dissatisfied", ""]):
        closed_with(people, answer, f"Ticket {n}")
    resolved(people, title="Waiting")


def test_the_satisfaction_rate_counts_satisfied_and_basically_satisfied(answers):
    assert satisfaction_rates(SampleTicket.objects.all()) == {
        "asked": 4, "satisfied": 2, "basically_satisfied": 1, "dissatisfied": 1,
        "rate": pytest.approx(75),
    }
    assert satisfaction_rates(SampleTicket.objects.none())["rate"] is None


def test_the_satisfaction_figure_links_to_the_items_asked(answers, people, api_client_for):
    tickets = Listing("sample-api:sampleticket-list",
                      lambda: SampleTicket.objects.with_timeliness(), SampleTicketFilterSet)
    year = timezone.localdate(SampleTicket.objects.first().reported_at).year
    summary = Summary("Sample", {"satisfaction": satisfaction_figure(
        tickets, {"reported_year": YEAR}, caption="Reporters asked back")})

    figure = summary.evaluate(year=year)["satisfaction"]

    assert (figure["count"], figure["satisfied"], figure["basically_satisfied"],
            figure["dissatisfied"]) == (4, 2, 1, 1)
    assert str(figure["rate"]) == "75.00"
    assert figure["units"] == {"rate": "%"}
    listed = api_client_for(people.editor).get(figure["link"]).json()
    assert listed["count"] == figure["count"]
    assert {row["satisfaction"]["value"] for row in listed["results"]} == {
        "satisfied", "basically_satisfied", "dissatisfied"}


# --- steps reserved to a permission -------------------------------------------------------------
def test_only_a_holder_of_the_permission_verifies_a_major_item(people, api_client_for):
    major = resolved(people, severity="major")
    general = resolved(people, title="Minor")

    refused = api_client_for(people.other_editor, language="en").post(
        verify_url(major), {}, format="json")

    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "Only those who hold “Can verify a major sample ticket” may “Verify and close” "
        "“Street lamp out”.")
    assert SampleTicket.objects.get(pk=major.pk).status == "resolved"
    # A general item is verified by the office as before; the lead verifies the major one.
    assert api_client_for(people.other_editor).post(
        verify_url(general), {}, format="json").status_code == 200
    assert api_client_for(people.lead).post(
        verify_url(major), {}, format="json").status_code == 200


def test_the_reserved_step_still_needs_the_office_rule(people, api_client_for):
    # The permission adds to the office rule: it does not let another office verify.
    major = resolved(people, severity="major")
    outsider = grant(people.stranger, "verify_major_sampleticket")

    response = api_client_for(outsider).post(verify_url(major), {}, format="json")

    assert response.status_code == 403


def test_the_role_table_grants_the_reserved_permission_to_the_office_leaders(db):
    with installed_as_office_app():
        call_command("sync_roles")
        groups = {name: set(Permission.objects.filter(group__name=name)
                            .values_list("codename", flat=True))
                  for name in ("样例办负责人", "样例办", roles.LEADERS)}
        descriptions = roles.role_descriptions()

    assert groups["样例办负责人"] == {"verify_major_sampleticket"}
    assert "verify_major_sampleticket" not in groups["样例办"]
    assert "verify_major_sampleticket" not in groups[roles.LEADERS]
    assert "样例办" in str(descriptions["样例办负责人"])


def test_a_rule_naming_an_undeclared_permission_fails_the_system_check(monkeypatch):
    assert SampleTicket.check() == []
    monkeypatch.setattr(SampleTicket, "action_permissions", {"verify": "verify_everything"})
    monkeypatch.setattr(SampleTicket, "deadline_rules", {"colour": {}})

    assert {error.id for error in SampleTicket.check()} == {"core.E011", "core.E012"}


# --- the admin ----------------------------------------------------------------------------------
def english(client, user):
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


ADD_URL = reverse("admin:workflow_app_sampleticket_add")


def grant_personal_data(user, model):
    from django.contrib.auth.models import Permission

    from cuizhai.core.base.personal import permission_codename

    user.user_permissions.add(Permission.objects.get(
        content_type__app_label=model._meta.app_label, codename=permission_codename(model)))


def test_the_admin_add_form_takes_the_reporter_and_photos(people, client):
    client = english(client, people.editor)
    assert 'name="evidence_before"' in client.get(ADD_URL).content.decode()

    response = client.post(ADD_URL, {
        "title": "Blocked fire exit", "description": "", "location": "清宁社区",
        "severity": "major", "kind": "fire_exit", "channel": "walk_in",
        "reporter_name": "李建国", "reporter_phone": "0531-88886666",
        "reported_at_0": "2024-09-27", "reported_at_1": "10:00:00",
        "evidence_before": [photo("exit.jpg")],
        "evidence_after": [SimpleUploadedFile("cleared.heic", HEIC_BYTES)],
    })

    assert response.status_code == 302, response.context["adminform"].form.errors
    ticket = SampleTicket.objects.get()
    assert (ticket.severity, ticket.channel, ticket.reporter_name) == (
        "major", "walk_in", "李建国")
    assert ticket.response_due == FRIDAY + timedelta(hours=2)
    assert dict(TransitionEvidence.objects.values_list("original_name", "stage")) == {
        "exit.jpg": "before", "cleared.heic": "after"}

    # The ticket holds a resident's phone: its files are shown to those who may see
    # personal data (granted one by one to this editor).
    page = client.get(reverse("admin:workflow_app_sampleticket_change", args=[ticket.pk]))
    assert f'src="{thumbnail_url(TransitionEvidence.objects.first())}"' not in page.content.decode()
    grant_personal_data(people.editor, SampleTicket)
    page = client.get(reverse("admin:workflow_app_sampleticket_change", args=[ticket.pk]))
    html = page.content.decode()
    for evidence in TransitionEvidence.objects.all():
        assert f'src="{thumbnail_url(evidence)}"' in html
    assert "Before rectification" in html and "After rectification" in html
    assert 'name="evidence_before"' not in html


def test_the_admin_add_form_refuses_a_renamed_file(people, client):
    client = english(client, people.editor)

    response = client.post(ADD_URL, {
        "title": "Blocked fire exit", "description": "", "location": "", "severity": "general",
        "reported_at_0": "2024-09-27", "reported_at_1": "10:00:00",
        "evidence_before": [SimpleUploadedFile("exit.heic", EXE_BYTES)],
    })

    assert response.status_code == 200
    assert "exit.heic: The file&#x27;s content does not match its .heic extension." in (
        response.content.decode())
    assert not SampleTicket.objects.exists()


def test_the_admin_list_shows_and_filters_severity(people, client):
    major = report(people.editor, title="Gas smell", severity="major")
    report(people.editor, title="Lamp")
    client = english(client, people.editor)
    changelist = reverse("admin:workflow_app_sampleticket_changelist")

    html = client.get(changelist).content.decode()
    filtered = client.get(changelist, {"severity__exact": "major"})

    # A major item stands out as a badge; a general one shows nothing.
    assert html.count('<span class="badge badge-danger">Major</span>') == 1
    assert "General</span>" not in html
    assert [t.pk for t in filtered.context["cl"].result_list] == [major.pk]


def test_the_step_page_records_satisfaction_and_keeps_reserved_steps_to_their_holders(
        people, client):
    major = resolved(people, severity="major")
    step = reverse("admin:workflow_app_sampleticket_transition", args=[major.pk])

    other = english(client, people.other_editor).get(step)
    assert other.status_code == 200
    assert "verify" not in dict(other.context["form"].fields["action"].choices)

    client = english(client, people.lead)
    response = client.post(step, {"action": "verify", "note": "Called back.",
                                  "satisfaction": "satisfied",
                                  "loaded_version": major.version})

    assert response.status_code == 302, response.context["form"].errors
    major.refresh_from_db()
    assert (major.status, major.satisfaction, major.verified_by) == (
        "closed", "satisfied", people.lead)


def test_the_migration_marks_existing_files_by_their_step(people):
    # Files stored before files were marked: those of a resolution, verification or
    # return show the situation after rectification, the others before it.
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cuizhai.core.migrations.0009_evidence_stage")
    ticket = report(people.editor, evidence=[photo("found.jpg")])
    ticket = closed_loop.closed_loop_assign(ticket, by=people.editor, assignee=people.worker,
                                            evidence=[photo("plan.jpg")])
    closed_loop.closed_loop_resolve(ticket, by=people.worker, note="Fixed.",
                                    evidence=[photo("fixed.jpg")])
    TransitionEvidence.objects.update(stage="before")  # as the column's default left them

    migration.stage_from_step(apps, None)

    assert dict(TransitionEvidence.objects.values_list("original_name", "stage")) == {
        "found.jpg": "before", "plan.jpg": "before", "fixed.jpg": "after"}

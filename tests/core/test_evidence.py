"""Evidence files (rectification photos, replies...) uploaded with a workflow step."""

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence
from tests.support.closed_loop import log_of
from tests.support.users import with_model_rights
from tests.workflow_app.models import SampleTicket

JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes():
    workbook = Workbook()
    workbook.active["A1"] = "隐患整改台账"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- helpers -------------------------------------------------------------------------------
def can_edit_tickets(user):
    return with_model_rights(user, SampleTicket)


def in_progress_ticket(people):
    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=people.reporter,
                                         title="Exposed wiring at site 7")
    ticket = closed_loop.closed_loop_assign(ticket, by=people.reporter, assignee=people.editor)
    return closed_loop.closed_loop_start(ticket, by=people.editor)


def stored_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def snapshot(ticket):
    ticket = SampleTicket.objects.get(pk=ticket.pk)
    return (ticket.status, ticket.version, ticket.resolved_at, ticket.resolution,
            list(log_of(ticket).values_list("pk", flat=True)), TransitionEvidence.objects.count())


def resolve_url(ticket):
    return reverse("sample-api:sampleticket-resolve", args=[ticket.pk])


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        # Tickets are owned by whoever may change them.
        reporter=can_edit_tickets(make_user("reporter")),
        editor=can_edit_tickets(make_user("editor", roles.office_group("safety"))),
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


# --- accepted ----------------------------------------------------------------------------------
def test_photos_and_documents_are_stored_with_the_step(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    files = {
        "整改前.jpg": JPEG_BYTES,
        "整改后.PNG": PNG_BYTES,
        "回复函.pdf": PDF_BYTES,
        "整改报告.docx": docx_bytes(),
        "台账.xlsx": xlsx_bytes(),
    }
    client = api_client_for(people.editor)

    response = client.post(
        resolve_url(ticket),
        {"note": "Wiring boxed in.", "evidence": [upload(n, c) for n, c in files.items()]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"]["value"] == "resolved"
    log = client.get(reverse("sample-api:sampleticket-transitions", args=[ticket.pk])).json()
    resolve_step = log[-1]
    assert resolve_step["action"]["value"] == "resolve"
    assert resolve_step["note"] == "Wiring boxed in."
    assert [(e["name"], e["size"]) for e in resolve_step["evidence"]] == [
        (name, len(content)) for name, content in files.items()
    ]
    # Downloaded through the permission-checked endpoint, never a public media URL.
    first = resolve_step["evidence"][0]
    assert "/media/" not in first["url"]
    download = client.get(first["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files["整改前.jpg"]
    # The stored files are the uploaded bytes, and the workbook still opens.
    records = TransitionEvidence.objects.filter(transition__action="resolve").order_by("pk")
    for record, content in zip(records, files.values(), strict=True):
        with record.file.open("rb") as stored:
            assert stored.read() == content
    assert len(stored_files(media_root)) == 5
    with records.get(original_name="台账.xlsx").file.open("rb") as stored:
        assert load_workbook(stored).active["A1"].value == "隐患整改台账"


def test_evidence_may_come_with_any_step(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    ticket = closed_loop.closed_loop_resolve(ticket, by=people.editor, note="Done.")

    response = api_client_for(people.editor).post(
        reverse("sample-api:sampleticket-return", args=[ticket.pk]),
        {"note": "Photo shows the box still open.", "evidence": [upload("复查.jpg", JPEG_BYTES)]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    step = log_of(ticket).last()
    assert step.action == "return"
    assert [e.original_name for e in step.evidence.all()] == ["复查.jpg"]


def test_a_long_chinese_file_name_is_kept(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    name = "崔寨街道安全生产隐患整改照片" * 8 + ".jpg"  # 116 characters

    response = api_client_for(people.editor).post(
        resolve_url(ticket), {"note": "Done.", "evidence": [upload(name, JPEG_BYTES)]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    record = TransitionEvidence.objects.get()
    assert record.original_name == name
    assert len(stored_files(media_root)) == 1


def test_a_file_exactly_at_the_size_limit_is_accepted(people, media_root, settings,
                                                      api_client_for):
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 1024
    ticket = in_progress_ticket(people)
    photo = JPEG_BYTES + b"\x00" * (1024 - len(JPEG_BYTES))

    response = api_client_for(people.editor).post(
        resolve_url(ticket), {"note": "Done.", "evidence": [upload("photo.jpg", photo)]},
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert TransitionEvidence.objects.get().size == 1024


# --- refused -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE_BYTES, "File type .exe is not accepted"),
        ("photo.jpg", EXE_BYTES, "The file's content does not match its .jpg extension."),
        ("scan.pdf", PNG_BYTES, "The file's content does not match its .pdf extension."),
        ("report.docx", PDF_BYTES, "The file's content does not match its .docx extension."),
        ("README", b"just text", "File type ? is not accepted"),
        ("photo.jpg", JPEG_BYTES + b"\x00" * 2000, "The file is too large"),
    ],
    ids=["exe", "exe-named-jpg", "png-named-pdf", "pdf-named-docx", "no-extension", "too-big"],
)
def test_an_unacceptable_file_refuses_the_whole_step(name, content, message, people,
                                                     media_root, settings, api_client_for):
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 1024
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = api_client_for(people.editor, language="en").post(
        resolve_url(ticket), {"note": "Done.", "evidence": [upload(name, content)]},
        format="multipart",
    )

    assert response.status_code == 400
    errors = response.json()["evidence"]
    assert len(errors) == 1
    assert errors[0].startswith(f"{name}: {message}")
    assert snapshot(ticket) == before
    assert stored_files(media_root) == []


def test_the_size_limit_is_named_in_the_message(people, media_root, settings, api_client_for):
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 1024
    ticket = in_progress_ticket(people)

    response = api_client_for(people.editor, language="en").post(
        resolve_url(ticket),
        {"note": "Done.", "evidence": [upload("photo.jpg", JPEG_BYTES + b"\x00" * 4096)]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["evidence"] == [
        "photo.jpg: The file is too large (4.1\xa0KB); the limit is 1.0\xa0KB."
    ]


def test_one_bad_file_among_good_ones_stores_none_of_them(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = api_client_for(people.editor, language="en").post(
        resolve_url(ticket),
        {"note": "Done.", "evidence": [
            upload("before.jpg", JPEG_BYTES),
            upload("after.png", PNG_BYTES),
            upload("photo.jpg", EXE_BYTES),
        ]},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["evidence"] == [
        "photo.jpg: The file's content does not match its .jpg extension."
    ]
    assert snapshot(ticket) == before
    assert stored_files(media_root) == []


def test_an_illegal_step_with_good_evidence_stores_nothing(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        reverse("sample-api:sampleticket-verify", args=[ticket.pk]),
        {"evidence": [upload("after.jpg", JPEG_BYTES)]},
        format="multipart",
    )

    assert response.status_code == 409
    assert snapshot(ticket) == before
    assert stored_files(media_root) == []


def test_a_stale_step_with_good_evidence_stores_nothing(people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = api_client_for(people.editor).post(
        resolve_url(ticket),
        {"note": "Done.", "version": ticket.version - 1,
         "evidence": [upload("after.jpg", JPEG_BYTES)]},
        format="multipart",
    )

    assert response.status_code == 409
    assert snapshot(ticket) == before
    assert stored_files(media_root) == []


def test_the_service_refuses_bad_evidence_before_changing_anything(people, media_root):
    """The admin and any other caller go through the same check as the API."""
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    with pytest.raises(ValidationError) as refused:
        closed_loop.closed_loop_resolve(
            ticket, by=people.editor, note="Done.",
            evidence=[upload("ok.pdf", PDF_BYTES), upload("virus.exe", EXE_BYTES)],
        )

    assert list(refused.value.message_dict) == ["evidence"]
    assert snapshot(ticket) == before
    assert stored_files(media_root) == []


def test_the_log_with_evidence_runs_a_fixed_number_of_queries(people, media_root, api_client_for,
                                                              django_assert_max_num_queries):
    plain = in_progress_ticket(people)
    with_photos = in_progress_ticket(people)
    with_photos = closed_loop.closed_loop_resolve(
        with_photos, by=people.editor, note="Done.",
        evidence=[upload(f"after-{n}.jpg", JPEG_BYTES) for n in range(3)],
    )
    closed_loop.closed_loop_return(with_photos, by=people.reporter, note="Redo.",
                                evidence=[upload("check.pdf", PDF_BYTES)])
    client = api_client_for(people.editor)

    def log_url(ticket):
        return reverse("sample-api:sampleticket-transitions", args=[ticket.pk])

    client.get(log_url(plain))  # warm the user's permission cache
    with django_assert_max_num_queries(6) as baseline:  # 5, and the count of its pages
        assert sum(len(step["evidence"]) for step in client.get(log_url(plain)).json()) == 0
    with django_assert_max_num_queries(len(baseline)):
        assert sum(len(step["evidence"]) for step in client.get(log_url(with_photos)).json()) == 4


def test_evidence_is_served_only_to_users_who_may_view_the_item(
    people, media_root, api_client_for, make_user
):
    ticket = in_progress_ticket(people)
    api_client_for(people.editor).post(
        resolve_url(ticket), {"note": "Done.", "evidence": [upload("a.jpg", JPEG_BYTES)]},
        format="multipart",
    )
    evidence = TransitionEvidence.objects.get()
    url = reverse("core-api:evidence-download", args=[evidence.pk])

    outsider = make_user("outsider")  # logged in, but no permission on tickets
    assert api_client_for(outsider).get(url).status_code == 404
    assert api_client_for().get(url).status_code == 401
    assert api_client_for(people.editor).get(url).status_code == 200
    missing = reverse("core-api:evidence-download", args=[evidence.pk + 1000])
    assert api_client_for(people.editor).get(missing).status_code == 404

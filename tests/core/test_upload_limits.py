"""Evidence uploads are refused while they arrive: a file past the size limit, the files of
one request past their total, more files than a step takes. The refusal is a 400 from the
API and a form error in the admin, and the handlers that store uploads never receive more
than the limits allow. The limits are shrunk here so that the files stay small."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence
from tests.core.test_evidence import can_edit_tickets, in_progress_ticket, snapshot
from tests.workflow_app.models import SampleTicket

KB = 1024
JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"


def jpeg(name, size):
    return SimpleUploadedFile(name, JPEG_HEAD + b"\x00" * (size - len(JPEG_HEAD)))


class StoredBytes(FileUploadHandler):
    """Stands where the storing handlers stand and counts what reaches them, per file."""

    received = {}

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        StoredBytes.received[self.file_name] = 0

    def receive_data_chunk(self, raw_data, start):
        StoredBytes.received[self.file_name] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def limits(settings):
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 100 * KB
    settings.CUIZHAI_IMPORT_MAX_BYTES = 100 * KB
    settings.CUIZHAI_MAX_REQUEST_UPLOAD_BYTES = 250 * KB
    settings.CUIZHAI_MAX_FILES_PER_ACTION = 3
    settings.FILE_UPLOAD_HANDLERS = [
        "cuizhai.core.base.uploads.LimitedUploadHandler",
        "tests.core.test_upload_limits.StoredBytes",
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    StoredBytes.received = {}
    return settings


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def people(make_user):
    return SimpleNamespace(
        # Tickets are owned by whoever may change them.
        reporter=can_edit_tickets(make_user("reporter")),
        editor=can_edit_tickets(make_user("editor", roles.office_group("safety"))),
    )


def resolve(client, ticket, files):
    return client.post(reverse("sample-api:sampleticket-resolve", args=[ticket.pk]),
                       {"note": "Wiring boxed in.", "evidence": files}, format="multipart")


def nothing_stored(media_root):
    return not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_files_within_the_limits_are_stored(limits, people, media_root, api_client_for):
    ticket = in_progress_ticket(people)

    response = resolve(api_client_for(people.editor, "en"), ticket,
                       [jpeg("a.jpg", 90 * KB), jpeg("b.jpg", 90 * KB)])

    assert response.status_code == 200, response.json()
    assert TransitionEvidence.objects.filter(size=90 * KB).count() == 2


def test_a_file_over_the_size_limit_is_refused_as_it_arrives(limits, people, media_root,
                                                              api_client_for):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = resolve(api_client_for(people.editor, "en"), ticket,
                       [jpeg("small.jpg", 2 * KB), jpeg("huge.jpg", 600 * KB)])

    assert response.status_code == 400
    assert response.json() == {"evidence": [
        "huge.jpg: The file is larger than 100.0\xa0KB, the most a file may have."
    ]}
    assert snapshot(ticket) == before
    assert nothing_stored(media_root)
    # The storing handlers got no more of it than the limit (one 64 KB chunk), not 600 KB.
    assert StoredBytes.received["huge.jpg"] <= 100 * KB


def test_files_over_the_request_total_are_refused(limits, people, media_root, api_client_for):
    """The probe's five 9 MB files in one step, scaled down: each file is allowed, not all
    of them together."""
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = resolve(api_client_for(people.editor, "en"), ticket,
                       [jpeg(f"photo-{n}.jpg", 90 * KB) for n in range(3)])

    assert response.status_code == 400
    assert response.json() == {"evidence": [
        "photo-2.jpg: The files sent together are larger than 250.0\xa0KB; send fewer at a time."
    ]}
    assert snapshot(ticket) == before
    assert nothing_stored(media_root)
    assert sum(StoredBytes.received.values()) <= 250 * KB


def test_a_body_declared_too_large_stores_none_of_its_files(limits, people, media_root,
                                                            api_client_for):
    limits.CUIZHAI_MAX_UPLOAD_BYTES = limits.CUIZHAI_IMPORT_MAX_BYTES = 2048 * KB
    ticket = in_progress_ticket(people)

    response = resolve(api_client_for(people.editor, "en"), ticket,
                       [jpeg("a.jpg", 700 * KB), jpeg("b.jpg", 700 * KB)])

    assert response.status_code == 400
    assert set(response.json()["evidence"]) == {
        f"{name}: The files sent together are larger than 250.0\xa0KB; send fewer at a time."
        for name in ("a.jpg", "b.jpg")
    }
    assert StoredBytes.received == {"a.jpg": 0, "b.jpg": 0}
    assert nothing_stored(media_root)


def test_more_files_than_a_step_takes_are_refused(limits, people, media_root, api_client_for):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)

    response = resolve(api_client_for(people.editor, "en"), ticket,
                       [jpeg(f"photo-{n}.jpg", KB) for n in range(5)])

    assert response.status_code == 400
    assert response.json() == {"evidence": ["A step takes at most 3 evidence files; 5 were sent."]}
    assert snapshot(ticket) == before
    assert nothing_stored(media_root)
    # The files past the limit were not even stored for the length of the request.
    assert StoredBytes.received["photo-3.jpg"] == StoredBytes.received["photo-4.jpg"] == 0


def test_the_count_holds_on_every_path(limits, people):
    """The service itself refuses, whatever called it (a command, an import to come)."""
    ticket = in_progress_ticket(people)

    with pytest.raises(Exception) as refused:
        closed_loop.closed_loop_resolve(ticket, by=people.editor, note="Done.",
                                        evidence=[jpeg(f"{n}.jpg", KB) for n in range(4)])

    assert refused.value.message_dict == {
        "evidence": ["A step takes at most 3 evidence files; 4 were sent."]
    }


def test_the_admin_step_shows_the_refusal_on_the_form(limits, people, media_root, client):
    ticket = in_progress_ticket(people)
    before = snapshot(ticket)
    client.force_login(people.editor)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("admin:workflow_app_sampleticket_transition", args=[ticket.pk]),
        {"action": "resolve", "note": "Nets in place.", "loaded_version": ticket.version,
         "evidence": [jpeg("huge.jpg", 600 * KB)]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == [
        "huge.jpg: The file is larger than 100.0\xa0KB, the most a file may have."
    ]
    assert snapshot(SampleTicket.objects.get(pk=ticket.pk)) == before
    assert nothing_stored(media_root)

"""Request size: evidence files are capped by CUIZHAI_MAX_UPLOAD_BYTES (per file), the
rest of a request's body by Django's DATA_UPLOAD_MAX_MEMORY_SIZE, left at its default."""

from types import SimpleNamespace

import pytest
from django.conf import global_settings

from cuizhai.core import roles
from tests.core.test_evidence import (
    JPEG_BYTES,
    can_edit_tickets,
    in_progress_ticket,
    resolve_url,
    upload,
)
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db


def test_the_body_cap_is_djangos_default(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == global_settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_an_evidence_file_is_not_counted_against_the_body_cap(settings, tmp_path, make_user,
                                                              api_client_for):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.CUIZHAI_MAX_UPLOAD_BYTES = 8 * 1024
    editor = can_edit_tickets(make_user("editor", roles.office_group("safety")))
    ticket = in_progress_ticket(SimpleNamespace(reporter=editor, editor=editor))
    photo = JPEG_BYTES + b"\x00" * (4 * 1024)

    response = api_client_for(editor).post(
        resolve_url(ticket), {"note": "Done.", "evidence": [upload("photo.jpg", photo)]},
        format="multipart",
    )

    assert response.status_code == 200, response.content
    assert SampleTicket.objects.get(pk=ticket.pk).status == "resolved"

"""Validators shared by every app."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.uploads import refusal_of

# Extension → the leading bytes a genuine file of that type starts with. Checking the
# content as well as the name stops an executable renamed to .jpg.
EVIDENCE_SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def validate_evidence_file(file):
    refusal = refusal_of(file)  # stopped while it arrived: nothing of it was kept
    if refusal is not None:
        raise refusal
    extension = Path(file.name).suffix.lower()
    if extension not in EVIDENCE_SIGNATURES:
        raise ValidationError(
            _("File type %(ext)s is not accepted; allowed: %(allowed)s."),
            code="file_type",
            params={"ext": extension or "?", "allowed": ", ".join(EVIDENCE_SIGNATURES)},
        )
    limit = settings.CUIZHAI_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(EVIDENCE_SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content does not match its %(ext)s extension."),
            code="file_content",
            params={"ext": extension},
        )

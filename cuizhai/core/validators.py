"""Validators shared by every app."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.uploads import refusal_of

# What a file's first bytes say it is. Checking the content as well as the name stops an
# executable renamed to .jpg.
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm",
                         b"hevs", b"mif1", b"msf1"})


def _is_heif(head):
    # An ISO media file: a box size, then "ftyp" and the major brand. Phones (iPhone HEIC,
    # Android HEIF) write one of the HEIF brands.
    return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS


CONTENT_KINDS = {
    "jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "heif": _is_heif,
    "pdf": lambda head: head.startswith(b"%PDF-"),
    "zip": lambda head: head.startswith(b"PK\x03\x04"),
}
# Extension → the kind of content a genuine file of that type has.
EVIDENCE_EXTENSIONS = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".heic": "heif", ".heif": "heif",
    ".pdf": "pdf", ".docx": "zip", ".xlsx": "zip",
}
IMAGE_KINDS = frozenset({"jpeg", "png", "heif"})
HEAD_BYTES = 16


def content_kind(file):
    """The kind of content of ``file`` by its first bytes (``"jpeg"``, ``"heif"``…), or None."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return next((kind for kind, matches in CONTENT_KINDS.items() if matches(head)), None)


def validate_evidence_file(file):
    refusal = refusal_of(file)  # stopped while it arrived: nothing of it was kept
    if refusal is not None:
        raise refusal
    extension = Path(file.name).suffix.lower()
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            _("File type %(ext)s is not accepted; allowed: %(allowed)s."),
            code="file_type",
            params={"ext": extension or "?", "allowed": ", ".join(EVIDENCE_EXTENSIONS)},
        )
    limit = settings.CUIZHAI_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if content_kind(file) != EVIDENCE_EXTENSIONS[extension]:
        raise ValidationError(
            _("The file's content does not match its %(ext)s extension."),
            code="file_content",
            params={"ext": extension},
        )


# A mobile number (11 digits, 1[3-9]…) or a landline, with or without its area code
# (0531-88886666, 88886666) and an extension (-123).
PHONE_PATTERN = r"^(1[3-9]\d{9}|(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?)$"

validate_phone = RegexValidator(
    PHONE_PATTERN,
    message=_("Enter a mobile number (11 digits) or a landline number such as "
              "0531-88886666."),
    code="invalid_phone",
)

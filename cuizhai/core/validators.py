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


# --- the unified social credit code (统一社会信用代码), GB 32100-2015 ---------------------------
# The 31 characters of the code, in value order (I, O, S, V and Z are not used).
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARSET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str):
    code = (value or "").upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARSET})
    if bad:
        raise ValidationError(
            _("A unified social credit code cannot contain %(chars)s."),
            code="credit_code_characters",
            params={"chars": ", ".join(bad)},
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of this credit code is wrong (expected %(expected)s): "
              "please check the code for a typing error."),
            code="credit_code_checksum",
            params={"expected": expected},
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

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

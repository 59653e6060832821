"""Personal values as text: how each kind is normalised, checked and masked, and the keyed
hash it is searched by. Pure functions, importable before the app registry is ready (the
log filter uses them); the field types in ``cuizhai.core.base.models.personal`` apply them.
"""

import datetime
import hashlib
import hmac
import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MASK = "*"


def mask_text(text):
    """Personal text: its first character, then ``***`` (张***, 凤凰社区***)."""
    return f"{text[0]}{MASK * 3}"


# --- resident ID numbers (GB 11643-1999) ----------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"
_ID_SHAPE = re.compile(r"[1-9]\d{16}[\dX]")


def id_check_character(first17):
    """The check character of the 17 digits (ISO 7064 MOD 11-2, as GB 11643 defines it)."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def normalise_resident_id(value):
    """Blanks removed, the check character ``x`` written ``X``."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\s+", "", value).upper()


def validate_resident_id(value):
    number = normalise_resident_id(value)
    if re.fullmatch(r"\d{15}", number):
        raise ValidationError(
            _("15-digit ID numbers (issued before 1999) are no longer valid: enter the "
              "18-digit number of the current resident ID card."),
            code="legacy_id_number",
        )
    if not _ID_SHAPE.fullmatch(number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits, then a digit or X."),
            code="id_number_format",
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900:
        raise ValidationError(
            _("Characters 7 to 14 of an ID number are the date of birth (YYYYMMDD): "
              "these are not a real date."),
            code="id_number_birth_date",
        )
    if number[17] != id_check_character(number[:17]):
        raise ValidationError(
            _("The last character of this ID number does not match the others (the "
              "GB 11643 check character): a character was probably mistyped."),
            code="id_number_check_character",
        )


def mask_resident_id(text):
    """``370***********1234``: the region's first three digits and the last four."""
    if len(text) < 8:
        return MASK * len(text)
    return f"{text[:3]}{MASK * (len(text) - 7)}{text[-4:]}"


# --- phone numbers ----------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010 and 020–029 have three digits, the others four (0531 Jinan); local
# numbers have 7 or 8 digits and do not start with 0 or 1.
_AREA_LOCAL = r"(0(?:10|2\d|[3-9]\d{2}))([2-9]\d{6,7})"
_LANDLINE_DIGITS = re.compile(_AREA_LOCAL)
_LANDLINE = re.compile(_AREA_LOCAL.replace(")(", ")-(") + r"(?:-(\d{1,6}))?")
_EXTENSION = re.compile(r"(.+?)(?:转|ext\.?|#)(\d{1,6})", re.IGNORECASE)


def _compact(value):
    text = re.sub(r"[\s\u3000]+", "", value)
    text = text.replace("（", "(").replace("）", ")").replace("－", "-").replace("—", "-")
    return re.sub(r"^(?:\+|00)86-?", "", text)


def normalise_mobile(value):
    """``13800001234``: blanks, hyphens and a +86 prefix removed."""
    if not isinstance(value, str):
        return value
    return re.sub(r"^86(?=1\d{10}$)", "", _compact(value).replace("-", ""))


def _landline_parts(text):
    digits = re.sub(r"[\-()]", "", text)
    if digits[:1] not in ("", "0"):
        digits = "0" + digits  # the area code written without its 0 after +86
    match = _LANDLINE_DIGITS.fullmatch(digits)
    return [match[1], match[2]] if match else None


def normalise_landline(value):
    """``0531-88001234`` (``0531-88001234-12`` with an extension)."""
    if not isinstance(value, str):
        return value
    text = _compact(value)
    parts = _landline_parts(text)
    if parts is None:
        extension = _EXTENSION.fullmatch(text)
        main, ext = (extension[1], extension[2]) if extension else text.rpartition("-")[::2]
        parts = _landline_parts(main) if main and ext.isdigit() and len(ext) <= 6 else None
        if parts is None:
            return text
        parts.append(ext)
    return "-".join(parts)


def validate_mobile(value):
    if not _MOBILE.fullmatch(normalise_mobile(value)):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19, e.g. 13800001234."),
            code="mobile_format",
        )


def _is_landline(number):
    return _LANDLINE.fullmatch(number) is not None


def validate_landline(value):
    if not _is_landline(normalise_landline(value)):
        raise ValidationError(
            _("A landline number is an area code and a 7- or 8-digit number, e.g. "
              "0531-88001234 (an extension after another hyphen)."),
            code="landline_format",
        )


def normalise_phone(value):
    if not isinstance(value, str):
        return value
    mobile = normalise_mobile(value)
    return mobile if _MOBILE.fullmatch(mobile) else normalise_landline(value)


def validate_phone(value):
    number = normalise_phone(value)
    if not (_MOBILE.fullmatch(number) or _is_landline(number)):
        raise ValidationError(
            _("Enter a mobile number (11 digits, e.g. 13800001234) or a landline number "
              "with its area code (e.g. 0531-88001234)."),
            code="phone_format",
        )


def mask_phone(text):
    """``138****5678``; a landline keeps its area code: ``0531-****1234``."""
    area, dash, rest = text.partition("-")
    if dash and area.startswith("0"):
        local = rest.split("-")[0]
        return f"{area}-{MASK * max(len(local) - 4, 0)}{local[-4:]}"
    if len(text) < 8:
        return MASK * len(text)
    return f"{text[:3]}{MASK * (len(text) - 7)}{text[-4:]}"


# --- searching by a keyed hash ----------------------------------------------------------

@cache
def _hash_key(secret_key, configured):
    if configured:
        return configured.encode()
    # Derived, so that a deployment has a key without one more setting; set
    # CUIZHAI_PERSONAL_HASH_KEY to keep searches working across a SECRET_KEY rotation.
    return hmac.new(secret_key.encode(), b"cuizhai.personal-data.search", hashlib.sha256).digest()


def keyed_hash(value):
    """HMAC-SHA256 of a normalised value, hex: what ``KeyedHashField`` stores and what an
    exact search compares with. Empty for an empty value."""
    if not value:
        return ""
    key = _hash_key(settings.SECRET_KEY, getattr(settings, "CUIZHAI_PERSONAL_HASH_KEY", ""))
    return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()



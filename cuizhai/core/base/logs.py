"""Personal data kept out of the logs: a filter on the console handler (see LOGGING in
``cuizhai/settings.py``). Imported while logging is configured, before the apps load."""

import logging
import re

from cuizhai.core.base.personal_values import mask_phone, mask_resident_id

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_in_text(text):
    """ID numbers and mobile numbers found anywhere in ``text``, masked."""
    text = _ID_NUMBER.sub(lambda m: mask_resident_id(m[0].upper()), text)
    return _MOBILE.sub(lambda m: mask_phone(m[0]), text)


class PersonalDataLogFilter(logging.Filter):
    """Masks ID numbers and mobile numbers in every log line (the message with its
    arguments, and an exception's text), whatever logged them."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record to the handler
            return True
        masked = mask_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and record.exc_info[1] is not None:
            exception_text = str(record.exc_info[1])
            if mask_in_text(exception_text) != exception_text:
                record.exc_text = mask_in_text(logging.Formatter().formatException(
                    record.exc_info))
                record.exc_info = None
        return True

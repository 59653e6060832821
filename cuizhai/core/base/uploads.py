"""Uploads refused while they arrive, not after the whole body has been stored.

``LimitedUploadHandler`` comes first in ``FILE_UPLOAD_HANDLERS``. Once a file passes the
largest size any form accepts, or the request's files pass their total, or a request brings
more files than one workflow step takes, the handler keeps the rest of that file from the
handlers behind it (nothing more is written to memory or disk) and hands the form a
``RefusedUpload`` instead: an empty file that carries the reason. The validators that check
every upload (evidence, imports) raise that reason, so the refusal reaches the user as any
other field error — a 400 from the API, a form error in the admin — through the path the
file would have taken anyway.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def largest_file_bytes():
    """The largest file any form of the site accepts."""
    return max(settings.CUIZHAI_MAX_UPLOAD_BYTES, settings.CUIZHAI_IMPORT_MAX_BYTES)


class RefusedUpload(UploadedFile):
    """A file the upload handler stopped storing; ``refusal`` says why."""

    def __init__(self, *, name, content_type, size, refusal):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)
        self.refusal = refusal


def refusal_of(upload):
    """The reason an upload was stopped while it arrived, or None."""
    return getattr(upload, "refusal", None)


def _too_large():
    return ValidationError(
        _("The file is larger than %(limit)s, the most a file may have."),
        code="file_size", params={"limit": filesizeformat(largest_file_bytes())},
    )


def _request_too_large():
    return ValidationError(
        _("The files sent together are larger than %(limit)s; send fewer at a time."),
        code="request_size",
        params={"limit": filesizeformat(settings.CUIZHAI_MAX_REQUEST_UPLOAD_BYTES)},
    )


def _too_many_files():
    return ValidationError(
        _("At most %(limit)d files may be sent at a time."),
        code="too_many_files", params={"limit": settings.CUIZHAI_MAX_FILES_PER_ACTION},
    )


class LimitedUploadHandler(FileUploadHandler):
    # Room for the form fields around the files before a declared body counts as too big.
    FORM_FIELDS_ALLOWANCE = 1024 * 1024

    def __init__(self, request=None):
        super().__init__(request)
        self.files_in_request = 0
        self.bytes_in_request = 0
        self.declared_too_large = False
        self.received = 0
        self.refusal = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body declared larger than every file allowed together: refuse each file at
        # once, storing none of it (the fields are still read, CSRF token included).
        limit = settings.CUIZHAI_MAX_REQUEST_UPLOAD_BYTES + self.FORM_FIELDS_ALLOWANCE
        self.declared_too_large = content_length > limit
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.files_in_request += 1
        self.received = 0
        self.refusal = None
        if self.declared_too_large:
            self.refusal = _request_too_large()
        elif self.files_in_request > settings.CUIZHAI_MAX_FILES_PER_ACTION:
            self.refusal = _too_many_files()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.refusal is None:
            if self.received > largest_file_bytes():
                self.refusal = _too_large()
            elif (self.bytes_in_request + self.received
                  > settings.CUIZHAI_MAX_REQUEST_UPLOAD_BYTES):
                self.refusal = _request_too_large()
        # None keeps the chunk from the handlers that store files.
        return None if self.refusal is not None else raw_data

    def file_complete(self, file_size):
        if self.refusal is None:
            self.bytes_in_request += self.received
            return None  # the storing handler's file stands
        return RefusedUpload(name=self.file_name, content_type=self.content_type,
                             size=max(self.received, 1), refusal=self.refusal)

"""Import files waiting between the preview and its confirmation.

The spreadsheets hold residents' personal data, and the confirmation comes back from the
browser, so:

- a file is kept in a private folder (``CUIZHAI_IMPORT_UPLOAD_DIR``, readable by the server's
  user only) under a random name the server chose;
- the name is recorded in the session of the user who uploaded it, with what was previewed
  (which register, format and resource, the file's own name): a confirmation names its file
  by that token only, and one not in the session is refused without touching any file;
- a file is deleted when the import is confirmed or cancelled, when the session holds too
  many, and after ``CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS`` (at each new upload, and by the
  ``clean_import_uploads`` command).
"""

import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "cuizhai_pending_imports"
# Previews a session may leave unconfirmed; an older one's file goes when another comes.
MAX_PENDING_PER_SESSION = 5
_TOKEN = re.compile(r"[0-9a-f]{32}")


class ImportUnavailable(Exception):
    """A confirmation that names no file of this user's previews (answered with 400)."""


@dataclass(frozen=True)
class PendingImport:
    token: str
    model: str
    format: str
    resource: str
    original_name: str

    @property
    def path(self):
        return upload_dir() / self.token


def upload_dir():
    folder = Path(settings.CUIZHAI_IMPORT_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def keep(request, *, data, model, format, resource, original_name):
    """Store the previewed file for this user's confirmation; returns its token."""
    remove_stale()
    token = secrets.token_hex(16)
    descriptor = os.open(upload_dir() / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {
        "user": request.user.pk, "model": model, "format": str(format),
        "resource": str(resource), "original_name": original_name, "created": time.time(),
    }
    for old in sorted(pending, key=lambda key: pending[key]["created"])[:-MAX_PENDING_PER_SESSION]:
        _delete(old)
        del pending[old]
    request.session[SESSION_KEY] = pending
    return token


def take(request, *, token, model, format, resource):
    """The pending import the confirmation names, taken out of the session (a token serves
    once). Refused unless this user previewed it, for this register, format and resource."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.pop(token, None) if _TOKEN.fullmatch(token or "") else None
    if entry is None or entry["user"] != request.user.pk or entry["model"] != model:
        raise ImportUnavailable(_(
            "This import is not available: it was confirmed or cancelled already, it expired, "
            "or it was never uploaded in this session. Upload the file again."
        ))
    request.session[SESSION_KEY] = pending
    found = PendingImport(token=token, model=model, format=entry["format"],
                          resource=entry["resource"], original_name=entry["original_name"])
    if (str(format), str(resource)) != (entry["format"], entry["resource"]):
        _delete(token)
        raise ImportUnavailable(_(
            "The confirmation does not match the preview (format or register changed). "
            "Upload the file again."
        ))
    if not found.path.is_file():
        raise ImportUnavailable(_(
            "The uploaded file is no longer on the server (files waiting for a confirmation "
            "are deleted after some hours). Upload the file again."
        ))
    return found


def read(pending):
    return pending.path.read_bytes()


def discard(pending):
    _delete(pending.token)


def cancel(request, *, token):
    """Forget a preview of this session and delete its file; False if there was none."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    if not _TOKEN.fullmatch(token or "") or token not in pending:
        return False
    del pending[token]
    request.session[SESSION_KEY] = pending
    _delete(token)
    return True


def remove_stale(max_age_hours=None):
    """Delete the files older than the limit; returns how many went."""
    hours = settings.CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS if max_age_hours is None else max_age_hours
    cutoff = time.time() - hours * 3600
    removed = 0
    for path in upload_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # deleted meanwhile by a confirmation or another worker
    return removed


def _delete(token):
    (upload_dir() / token).unlink(missing_ok=True)

"""The session store (``SESSION_ENGINE``): Django's database sessions, whose idle clock is
written at most once a minute.

``SESSION_SAVE_EVERY_REQUEST`` restarts a session's idle count (two hours) at each request,
which with Django's store is an ``UPDATE`` and a commit on every page and API call — about
a sixth of a list request's time. Here a request that changed nothing in the session writes
it only when the last write is ``SESSION_IDLE_REFRESH_SECONDS`` (60) or more ago: an idle
session ends two hours after the last request, give or take that minute. Any change (a
login, a message, a language) is written at once, as before; the cookie is sent with its
full age on every response, as before.
"""

from time import time as seconds_now

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

WRITTEN_AT = "_idle_clock_written_at"


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        now = int(seconds_now())
        if not must_create and not self.modified and self.session_key is not None:
            written = self._get_session().get(WRITTEN_AT)
            refresh = getattr(settings, "SESSION_IDLE_REFRESH_SECONDS", 60)
            if written is not None and 0 <= now - written < refresh:
                return
        # Straight into the loaded data: the session's "modified" flag stays as it was.
        self._get_session(no_load=must_create)[WRITTEN_AT] = now
        super().save(must_create=must_create)

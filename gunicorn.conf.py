"""gunicorn's settings for Cuizhai Works (read from the working directory at start-up).

Workers: WEB_CONCURRENCY if set, else two per core plus one, at most eight — the usual rule
for synchronous workers on a small office server.
"""

import multiprocessing
import os

import gunicorn.http.wsgi

workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
# Exports of large lists stream for a while; the worker must not be killed midway.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# gunicorn's control socket sits at one path per user: a second server (a second
# `make serve`, the tests' server) would clash with the first. Nothing here uses it.
control_socket_disable = True
# Say nothing of the server software or its version to the outside.
gunicorn.http.wsgi.SERVER = "cuizhai"

"""Test settings: the real settings, plus fast hashing and an in-memory media store."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "x" * 60)
os.environ.setdefault("DJANGO_DEBUG", "0")

from cuizhai.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cuizhai-test-media-")
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Models that exist only in tests: a closed-loop item to exercise the shared workflow, a
# register to exercise the shared Excel/CSV import, and records holding personal data.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_app", "tests.import_app",  # noqa: F405
                  "tests.personal_app"]
ROOT_URLCONF = "tests.urls"
STATIC_ROOT = tempfile.mkdtemp(prefix="cuizhai-test-static-")
# Login lockout and API throttling count across tests otherwise; the tests of those limits
# switch them on themselves.
AXES_ENABLED = False
REST_FRAMEWORK = {  # noqa: F405
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "failed_token": None},
}
CUIZHAI_IMPORT_UPLOAD_DIR = tempfile.mkdtemp(prefix="cuizhai-test-import-uploads-")
# Summaries and counts cached in memory, emptied before each test (tests/conftest.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "records": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "records"},
}

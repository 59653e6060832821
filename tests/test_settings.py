"""The real settings (cuizhai/settings.py), exercised the way a server starts them: a fresh
``manage.py`` process with nothing in its environment but what the test gives it."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

# Each test starts manage.py in a process of its own.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = secrets.token_urlsafe(50)
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "cuizhai.example.org",
}
SETTINGS_AS_JSON = (
    "import json; from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'DEBUG': s.DEBUG, 'ENGINE': db['ENGINE'], 'NAME': str(db['NAME']), "
    "'HOST': db.get('HOST'), 'PORT': db.get('PORT'), 'USER': db.get('USER'), "
    "'CONN_MAX_AGE': db.get('CONN_MAX_AGE'), 'ATOMIC_REQUESTS': db.get('ATOMIC_REQUESTS'), "
    "'OPTIONS': {k: str(v) for k, v in db.get('OPTIONS', {}).items()}, "
    "'LANGUAGE_CODE': s.LANGUAGE_CODE, 'TIME_ZONE': s.TIME_ZONE, 'USE_TZ': s.USE_TZ, "
    "'ALLOWED_HOSTS': s.ALLOWED_HOSTS, 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE, "
    "'CORS_ALLOWED_ORIGINS': s.CORS_ALLOWED_ORIGINS}))"
)


def manage(*args, env, home):
    """Run ``manage.py`` in a clean environment: only PATH, HOME and ``env``."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
             "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
        text=True, timeout=180,
    )


def settings_of(env, home):
    result = manage("shell", "-v", "0", "-c", SETTINGS_AS_JSON, env=env, home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'settings-test.sqlite3'}"


def test_production_is_the_default_and_refuses_to_start_without_a_secret_key(tmp_path):
    # Nothing set at all: DEBUG defaults to off, so a forgotten variable cannot start an
    # insecure server.
    result = manage("check", env={}, home=tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", env={"DJANGO_DEBUG": "0"}, home=tmp_path)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "short-key",
        "x" * 49,
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
    ids=["short", "49-characters", "django-insecure-prefix"],
)
def test_production_refuses_a_weak_secret_key(tmp_path, weak_key):
    result = manage("check", env={"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": weak_key},
                    home=tmp_path)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_development_starts_without_a_secret_key(tmp_path, sqlite_url):
    result = manage("check", env={"DJANGO_DEBUG": "1", "DATABASE_URL": sqlite_url},
                    home=tmp_path)

    assert result.returncode == 0, result.stderr


def test_check_deploy_passes_under_production_settings(tmp_path, sqlite_url):
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION, "DATABASE_URL": sqlite_url}, home=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_debug_is_on(tmp_path, sqlite_url):
    # The same command catches an insecure setting, so the passing run above means something.
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env={**PRODUCTION, "DJANGO_DEBUG": "1", "DATABASE_URL": sqlite_url},
                    home=tmp_path)

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG must be off in deployment


def test_production_settings_are_secure(tmp_path, sqlite_url):
    values = settings_of({**PRODUCTION, "DATABASE_URL": sqlite_url}, tmp_path)

    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["cuizhai.example.org"]
    assert values["SESSION_COOKIE_SECURE"] is True


def test_database_url_selects_postgresql(tmp_path):
    values = settings_of(
        {**PRODUCTION, "DATABASE_URL": "postgres://works:secret@db.internal:5433/cuizhai"},
        tmp_path,
    )

    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["HOST"], values["PORT"], values["USER"], values["NAME"]) == (
        "db.internal", 5433, "works", "cuizhai"
    )
    assert values["CONN_MAX_AGE"] == 60
    assert values["ATOMIC_REQUESTS"] is True


def test_database_conn_max_age_is_configurable(tmp_path):
    values = settings_of(
        {**PRODUCTION, "DATABASE_URL": "postgres://works@db.internal/cuizhai",
         "DATABASE_CONN_MAX_AGE": "0"},
        tmp_path,
    )

    assert values["CONN_MAX_AGE"] == 0


def test_postgresql_runs_without_jit_unless_asked(tmp_path):
    # Compiling the lists' and summaries' queries cost more than running them (issue 10).
    url = {**PRODUCTION, "DATABASE_URL": "postgres://works@db.internal/cuizhai"}
    assert settings_of(url, tmp_path)["OPTIONS"]["options"] == "-c jit=off"
    assert "options" not in settings_of({**url, "DATABASE_JIT": "1"}, tmp_path)["OPTIONS"]


def test_the_connection_has_jit_off(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_default_database_is_sqlite_under_var(tmp_path):
    values = settings_of(PRODUCTION, tmp_path)

    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(values["NAME"]) == ROOT / "var" / "cuizhai.sqlite3"
    assert values["ATOMIC_REQUESTS"] is True


def test_language_and_time_zone_are_chinese(tmp_path, sqlite_url):
    values = settings_of({**PRODUCTION, "DATABASE_URL": sqlite_url}, tmp_path)

    assert values["LANGUAGE_CODE"] == "zh-hans"
    assert values["TIME_ZONE"] == "Asia/Shanghai"
    assert values["USE_TZ"] is True


def test_development_keeps_no_postgresql_connection_open(tmp_path):
    # The development server opens a connection per request thread: kept for 60 s they
    # exhausted the shared server's connection limit.
    values = settings_of(
        {"DJANGO_DEBUG": "1", "DATABASE_URL": "postgres://works@db.internal/cuizhai"}, tmp_path
    )
    assert values["CONN_MAX_AGE"] == 0


@pytest.mark.django_db
def test_the_checks_of_the_database_in_use_find_nothing():
    """What `runserver` and `make demo` print before anything else: the model checks run
    against the database in use (SQLite or PostgreSQL) raise no warning."""
    from django.core.management import call_command

    call_command("check", databases=["default"], fail_level="WARNING", verbosity=0)

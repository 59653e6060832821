"""The deployment files (docker-compose.yml, Dockerfile, .env.example) agree with the settings,
and the production server they start actually serves the site.

Docker is not needed: the compose file is read as YAML, and the command it runs is run here
with the same settings.
"""

import ast
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import environ
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "cuizhai" / "settings.py"


def settings_env_names():
    """Names of the environment variables cuizhai/settings.py reads (env.<type>("NAME"))."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS_FILE.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        func = node.func
        reads_env = (
            (isinstance(func, ast.Name) and func.id == "env")
            or (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id == "env")
        )
        if reads_env:
            names.add(first.value)
    return names


def env_example():
    """The active ``NAME=value`` lines of .env.example."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match[1]] = match[2]
    return values


def env_example_documented_names():
    """Active and commented-out (``# NAME=…``) variables of .env.example."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def web_command_steps(compose):
    command = compose["services"]["web"]["command"]
    script = command[-1] if isinstance(command, list) else command
    return [step.strip() for step in script.split("&&")]


# --- docker-compose.yml -----------------------------------------------------------------------

def test_settings_parser_finds_the_variables():
    # Guards the tests below against passing on an empty list.
    assert {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS",
            "DJANGO_CSRF_TRUSTED_ORIGINS", "DATABASE_URL"} <= settings_env_names()


def test_compose_has_a_postgres_16_database_and_the_web_service(compose):
    services = compose["services"]

    assert set(services) >= {"db", "web"}
    assert services["db"]["image"].split(":")[0] == "postgres"
    assert services["db"]["image"].split(":")[1].startswith("16")
    assert services["web"]["build"] in (".", {"context": "."})


def test_database_healthcheck_uses_pg_isready(compose):
    healthcheck = compose["services"]["db"]["healthcheck"]

    test = healthcheck["test"]
    command = " ".join(test) if isinstance(test, list) else test
    assert "pg_isready" in command
    assert healthcheck["retries"] >= 1


def test_database_keeps_its_data_in_a_named_volume(compose):
    mounts = dict(v.split(":", 1) for v in compose["services"]["db"]["volumes"])

    volume = {target: source for source, target in mounts.items()}["/var/lib/postgresql/data"]
    assert volume in compose["volumes"]


def test_web_waits_for_a_healthy_database(compose):
    assert compose["services"]["web"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_web_migrates_collects_static_then_runs_gunicorn(compose):
    steps = web_command_steps(compose)

    # Chained with &&: if a step fails, the server does not start on a half-ready site.
    assert len(steps) == 3
    assert steps[0].startswith("python manage.py migrate")
    assert "--no-input" in steps[0]
    assert steps[1].startswith("python manage.py collectstatic")
    assert "--no-input" in steps[1]
    assert re.match(r"^(exec )?gunicorn cuizhai\.wsgi:application\b", steps[2])
    assert "--bind 0.0.0.0:8000" in steps[2]


def test_messages_are_compiled_when_the_image_is_built():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^RUN .*manage\.py compilemessages", dockerfile, re.MULTILINE)


def test_web_service_has_a_healthcheck_on_healthz(compose):
    check = compose["services"]["web"]["healthcheck"]
    command = " ".join(check["test"])
    assert "/healthz" in command
    assert "X-Forwarded-Proto" in command and "DJANGO_ALLOWED_HOSTS" in command
    assert check["retries"] >= 1


def test_web_port_and_media_volume(compose):
    web = compose["services"]["web"]

    assert any(str(p).endswith(":8000") for p in web["ports"])
    mounts = dict(v.split(":", 1)[::-1] for v in web["volumes"])
    media_root = env_example()["DJANGO_MEDIA_ROOT"]
    assert mounts[media_root] in compose["volumes"]


def test_web_reads_its_configuration_from_dot_env(compose):
    env_file = compose["services"]["web"]["env_file"]

    assert ".env" in ([env_file] if isinstance(env_file, str) else env_file)


def test_compose_variables_are_all_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    # ${NAME…} is filled in by Compose from .env; $${NAME} is left to the container's shell.
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))

    assert interpolated >= {"POSTGRES_PASSWORD"}
    assert interpolated <= set(env_example())


# --- .env.example -------------------------------------------------------------------------

def test_env_example_lists_every_variable_the_settings_read():
    missing = settings_env_names() - env_example_documented_names()

    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_env_example_database_url_matches_the_postgres_container():
    values = env_example()
    database = environ.Env.db_url_config(values["DATABASE_URL"])

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db"
    assert database["USER"] == values["POSTGRES_USER"]
    assert database["PASSWORD"] == values["POSTGRES_PASSWORD"]
    assert database["NAME"] == values["POSTGRES_DB"]


def test_env_example_holds_placeholders_not_secrets():
    values = env_example()

    assert "REPLACE-ME" in values["DJANGO_SECRET_KEY"]
    assert "REPLACE-ME" in values["POSTGRES_PASSWORD"]
    assert values["DJANGO_DEBUG"] == "0"


def manage(*args, env, home):
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
             "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
        text=True, timeout=300,
    )


def local_env_from_example(tmp_path, **overrides):
    """.env.example as the web container would see it, with paths and database made local."""
    return {
        **env_example(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        **overrides,
    }


@pytest.mark.slow
def test_unedited_env_example_does_not_start(tmp_path):
    # Someone who copies .env.example and forgets the secret key gets a clear refusal.
    result = manage("check", env=local_env_from_example(tmp_path), home=tmp_path)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


@pytest.mark.slow
def test_env_example_with_a_real_key_passes_check_deploy(tmp_path):
    env = local_env_from_example(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, home=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


# --- files kept out of git and out of the image ----------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs a git checkout")
def test_dot_env_is_git_ignored_and_the_example_is_not():
    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0

    assert ignored(".env")
    assert not ignored(".env.example")


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image():
    patterns = {
        line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }

    assert {".env", ".git", ".venv", "var"} <= patterns


def test_dockerfile_builds_from_python_311_with_gettext_and_pinned_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, flags=re.MULTILINE)
    assert re.search(r"apt-get install .*\bgettext\b", dockerfile)
    assert "pip install -c constraints.txt ." in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, flags=re.MULTILINE)
    assert users and users[-1] not in ("root", "0")


def test_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    missing = {name for name in settings_env_names() if f"`{name}`" not in readme}
    assert not missing, f"document in README.md: {sorted(missing)}"


# --- the production server ---------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """collectstatic, then gunicorn as the compose file starts it, under production settings."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = local_env_from_example(
        tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="cuizhai.example.org", WEB_CONCURRENCY="1",
    )
    collected = manage("collectstatic", "--no-input", "-v", "0", env=env, home=tmp_path)
    assert collected.returncode == 0, collected.stderr

    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cuizhai.wsgi:application",
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **env},
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(f"{base}/healthz", {"Host": "cuizhai.example.org"})
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "gunicorn.log").read_text())
                time.sleep(0.2)
        yield base, Path(env["DJANGO_STATIC_ROOT"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


HTTPS_PROXY_HEADERS = {"Host": "cuizhai.example.org", "X-Forwarded-Proto": "https"}


@pytest.mark.slow
def test_production_server_answers_behind_an_https_proxy(production_server):
    base, _static_root = production_server

    status, headers, body = fetch(f"{base}/healthz", HTTPS_PROXY_HEADERS)

    assert (status, body) == (200, b"ok")
    assert "max-age=" in headers["Strict-Transport-Security"]


@pytest.mark.slow
def test_production_server_redirects_plain_http_to_https(production_server):
    base, _static_root = production_server

    status, headers, _body = fetch(f"{base}/admin/", {"Host": "cuizhai.example.org"})

    assert status == 301
    assert headers["Location"] == "https://cuizhai.example.org/admin/"


@pytest.mark.slow
def test_production_server_answers_its_healthcheck_over_plain_http(production_server):
    # The container's healthcheck asks from inside, without the proxy's TLS.
    base, _static_root = production_server

    status, headers, body = fetch(f"{base}/healthz", {"Host": "cuizhai.example.org"})

    assert (status, body) == (200, b"ok")
    assert headers["Server"] == "cuizhai"  # no software name or version given away


@pytest.mark.slow
def test_production_server_refuses_unknown_hosts(production_server):
    base, _static_root = production_server

    status, _headers, _body = fetch(f"{base}/healthz", {"Host": "evil.example.com",
                                                        "X-Forwarded-Proto": "https"})

    assert status == 400


@pytest.mark.slow
def test_production_server_serves_swagger_ui_from_its_own_static_files(production_server):
    # The API docs page must work without reaching any outside network: its JavaScript
    # is collected from drf-spectacular-sidecar and served by WhiteNoise.
    base, static_root = production_server
    manifest = json.loads((static_root / "staticfiles.json").read_text(encoding="utf-8"))
    bundle = manifest["paths"]["drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"]

    status, headers, body = fetch(f"{base}/static/{bundle}", HTTPS_PROXY_HEADERS)

    assert status == 200
    assert "javascript" in headers["Content-Type"]
    assert b"SwaggerUIBundle" in body

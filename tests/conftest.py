import pytest

from cuizhai.core import roles
from tests.support import admin, clients, users
from tests.support.demo import (  # noqa: F401  (a fixture and a hook)
    demo,
    order_demo_tests,
    pytest_runtest_teardown,
)

# Races between transactions need PostgreSQL's row locks: SQLite locks the whole database,
# so there the two sides simply take turns. Marked tests are skipped on SQLite, and the
# run says so at its end, so that a green SQLite run is not mistaken for the whole proof.
POSTGRESQL_ONLY_REASON = "a race between transactions needs PostgreSQL's row locks"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"postgresql_only: {POSTGRESQL_ONLY_REASON}; skipped on SQLite"
    )


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    # After pytest-django's own order (tryfirst): database tests, transactional ones, others.
    order_demo_tests(items)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"PostgreSQL only: {POSTGRESQL_ONLY_REASON}")
    for item in items:
        if item.get_closest_marker("postgresql_only"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    skipped = [
        report for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple) and POSTGRESQL_ONLY_REASON in report.longrepr[2]
    ]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL-only race tests skipped on SQLite; CI runs them on "
            "PostgreSQL (DATABASE_URL=postgres://… make test).",
            yellow=True, bold=True,
        )


@pytest.fixture(autouse=True)
def _empty_records_cache():
    """Summaries and counts are cached until the next write through the services; data a
    test builds with factories bypasses them, so each test starts with an empty cache."""
    from django.core.cache import caches

    caches["records"].clear()


@pytest.fixture
def make_user(db):
    """A user in the given role groups (names from cuizhai.core.roles)."""
    return users.make_user


@pytest.fixture
def api_client_for():
    """An API client logged in as ``user`` (Chinese unless a language is given)."""
    return clients.api_client


@pytest.fixture
def admin_user_(make_user):
    return make_user("sysadmin", roles.SYSTEM_ADMIN, is_superuser=True)


@pytest.fixture
def admin_client_en(client, admin_user_):
    """The admin in a browser, as the system administrator, in English."""
    return admin.admin_browser(client, admin_user_, "en")


@pytest.fixture
def projects_editor(make_user):
    return make_user("projects-editor", roles.office_group("projects"))


@pytest.fixture
def safety_editor(make_user):
    return make_user("safety-editor", roles.office_group("safety"))


@pytest.fixture
def leader(make_user):
    return make_user("leader", roles.LEADERS)


@pytest.fixture
def dashboard_user(make_user):
    return make_user("dashboard", roles.DASHBOARD, is_staff=False)

"""The 2024 demo (``manage.py load_demo``), loaded once per test session.

Loading takes several seconds, so it is loaded once, inside a transaction that stays open
while the tests that ask for ``demo`` run, one after another, and is then rolled back; each
of those tests runs in a savepoint of it, so what one test changes the next does not see.
The demo is loaded twice, so that the tests of its idempotence read the second load's
output.

``order_demo_tests`` runs those tests together, as the last of the ordinary database tests:
after them the transaction is rolled back (``close_demo_after_its_tests``), before the
transactional tests, which see an empty database and flush it when they end. So no other
test sees the demo, and no flush (which also drops the data the migrations seed, such as
the holiday calendar) comes before it. A test that asks for ``demo`` may not be
transactional.
"""

from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction


def row_counts():
    """Rows of every installed model, history tables included, by model label."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class _SessionDemo:
    """The open transaction holding the demo, closed after the last test that uses it."""

    state = None
    _atomic = _unblocked = None

    def open(self, django_db_blocker):
        self._unblocked = django_db_blocker.unblock()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        call_command("load_demo", "--no-users", stdout=StringIO())
        first = row_counts()
        output = StringIO()
        call_command("load_demo", "--no-users", stdout=output)
        self.state = SimpleNamespace(first=first, second=row_counts(),
                                     output=output.getvalue())

    def close(self):
        if self._atomic is None:
            return
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._unblocked.__exit__(None, None, None)
        self._atomic = self._unblocked = None


_SESSION_DEMO = _SessionDemo()


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The demo as loaded: ``first`` (row counts after the first load), ``second`` (after
    loading it again) and ``output`` (what the second load said)."""
    _SESSION_DEMO.open(django_db_blocker)
    yield _SESSION_DEMO.state
    _SESSION_DEMO.close()


def _uses_demo(item):
    return item is not None and "demo" in getattr(item, "fixturenames", ())


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and (marker.kwargs.get("transaction")
                            or marker.kwargs.get("reset_sequences"))) or bool(
        {"transactional_db", "live_server"} & set(fixtures))


def _plain_database_test(item):
    uses_db = item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ())
    return bool(uses_db) and not _transactional(item)


def order_demo_tests(items):
    """Run the tests that use ``demo`` together, after the other plain database tests and
    before the transactional ones (the items come in pytest-django's order: database
    tests, transactional tests, the rest)."""
    uses_demo = [item for item in items if _uses_demo(item)]
    wrong = [item.nodeid for item in uses_demo if _transactional(item)]
    if wrong:
        raise pytest.UsageError(f"a transactional test cannot use the session demo: {wrong}")
    chosen = set(uses_demo)
    others = [item for item in items if item not in chosen]
    at = next((n for n, item in enumerate(others) if not _plain_database_test(item)),
              len(others))
    items[:] = others[:at] + uses_demo + others[at:]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Roll the demo back once the last test that uses it has been torn down."""
    yield
    if _uses_demo(item) and not _uses_demo(nextitem):
        _SESSION_DEMO.close()

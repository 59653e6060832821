"""The 2024 demo (``manage.py load_demo``), loaded once per test session.

Loading takes several seconds, so it is loaded once, inside a transaction that stays open
for the tests that ask for ``demo`` and is rolled back at the end of the session; each of
those tests runs in a savepoint of it, so what one test changes the next does not see. The
demo is loaded twice, so that the tests of its idempotence read the second load's output.

Because that transaction is open until the session ends, the tests that ask for ``demo``
are run last (``order_demo_tests_last``): every other test, the transactional ones that
flush the database included, keeps its clean database, and no flush can remove the demo
from under a test that reads it. A test that asks for ``demo`` may not be transactional.
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


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The demo as loaded: ``first`` (row counts after the first load), ``second`` (after
    loading it again) and ``output`` (what the second load said)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--no-users", stdout=StringIO())
        first = row_counts()
        output = StringIO()
        call_command("load_demo", "--no-users", stdout=output)
        yield SimpleNamespace(first=first, second=row_counts(), output=output.getvalue())
        transaction.set_rollback(True)


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and (marker.kwargs.get("transaction")
                            or marker.kwargs.get("reset_sequences"))) or bool(
        {"transactional_db", "live_server"} & set(fixtures))


def order_demo_tests_last(items):
    """Move the tests that use ``demo`` after all others, keeping their order."""
    uses_demo = [item for item in items if "demo" in getattr(item, "fixturenames", ())]
    wrong = [item.nodeid for item in uses_demo if _transactional(item)]
    if wrong:
        raise pytest.UsageError(f"a transactional test cannot use the session demo: {wrong}")
    chosen = set(uses_demo)
    items[:] = [item for item in items if item not in chosen] + uses_demo

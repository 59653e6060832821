"""The embedded SQLite default holds a few concurrent writers: no "database is locked".

Two processes' worth of writers (threads, each with its own connection, as the development
server has) write through the services at once into one database file configured by the
real settings.
"""

import textwrap

import pytest

from tests.test_settings import manage

# Starts manage.py in a process of its own.
pytestmark = pytest.mark.slow

WRITERS = textwrap.dedent("""
    import threading
    from django.core.management import call_command
    from django.db import connection, transaction
    from cuizhai.core.base.services.records import record_create
    from cuizhai.core.models import Department

    call_command("migrate", verbosity=0)
    print("journal", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
    errors = []

    def write(writer):
        try:
            for number in range(25):
                with transaction.atomic():
                    # A read first, as every service does (full_clean's unique checks),
                    # then the write: the read lock that must become a write lock.
                    Department.objects.count()
                    record_create(model=Department, data={
                        "name": f"writer {writer} no. {number}", "code": f"w{writer}-{number}",
                    })
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("errors", errors)
    print("count", Department.objects.count())
""")


def test_concurrent_writers_on_the_embedded_database(tmp_path):
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'busy.sqlite3'}"}
    result = manage("shell", "-v", "0", "-c", WRITERS, env=env, home=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["journal"] == "wal"
    assert lines["errors"] == "[]"
    assert lines["count"] == "100"

"""One export measured in a fresh process (spawned, so its peak RSS is its own).

Kept apart from ``bench`` so that the child can import this module before Django is set
up: everything Django is imported after ``django.setup()``.
"""

import resource
import time


def export_in_fresh_process(url, queue):
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cuizhai.core.base.bench import bench_client, export_query, fetch, selects
    from cuizhai.core.base.export.columns import ColumnSet

    # A CSV that PostgreSQL writes (COPY of the cells' text): its floor is still COPY of
    # the plain values the cells are made from, the query Python would read them with.
    plain = []
    copy_blocks = ColumnSet.csv_blocks

    def csv_blocks(self, columns):
        plain.append(connection.ops.compose_sql(*self.values(columns).query.sql_with_params()))
        return copy_blocks(self, columns)

    ColumnSet.csv_blocks = csv_blocks
    client = bench_client()
    # One cheap request first: the URL configuration, the admin and the API modules are
    # imported by the first request of a process, once, not by each export (~2 s here).
    fetch(client, "/api/v1/")
    # The process's own peak before the export (Django, every app, the URLs loaded), so
    # that the table can tell what the export itself added.
    ready_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        status, size = fetch(client, url)
        elapsed = time.perf_counter() - started
    queue.put({
        "status": status, "size": size, "elapsed": elapsed, "queries": len(captured),
        "statements": selects(captured.captured_queries),
        "export_sql": plain[-1] if plain else export_query(captured.captured_queries),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "ready_rss_kb": ready_kb,
    })

"""Query plans as the index tests read them. On PostgreSQL the planner is told to avoid
sequential scans (and sorts, when asked), so that on a small test table the plan shows
whether an index *can* serve the query; the tables are analysed by the test that built them
(``analyse``), so that the plan never depends on statistics earlier tests left."""

from django.db import connection, transaction


def plan(queryset, *, avoid_sorts=False):
    """The database's plan of ``queryset`` (EXPLAIN), as text."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if avoid_sorts:
                    cursor.execute("SET LOCAL enable_sort = off")
                cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def analyse(*models):
    """Fresh planner statistics of the models' tables, rows of this transaction included."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")

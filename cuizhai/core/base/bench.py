"""The benchmark behind ``make bench``: our time against PostgreSQL's floor, case by case.

Every business app lists its cases in ``<app>/bench.py`` (``cases()``), discovered like
``<app>/scale.py``. A case is a URL (an API list, a summary, an admin page, a history)
or an export of one. For each, in one run and interleaved:

- **ours**: the request through the whole Django stack (the test client: middleware,
  session, permissions, serializers, templates), the body read to its last byte;
- **floor**: the same work done by the database alone — every SELECT the request ran,
  captured and sent again raw (rows fetched); for a CSV export ``COPY (its query) TO
  STDOUT``; for an XLSX export its query's rows written by xlsxwriter in constant-memory
  mode.

Pages report medians over ``runs``; exports run once each in a fresh process, which also
gives the worker's peak RSS. Each case is bounded: a request slower than ``SLOW_SECONDS``
is not repeated.
"""

import multiprocessing
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from queue import Empty

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cuizhai.core.base.apps import app_parts
from cuizhai.core.base.bench_worker import export_in_fresh_process
from cuizhai.core.base.cache import records_changed

SLOW_SECONDS = 10.0
BENCH_USERNAME = "bench-admin"
HOST = "localhost"


@dataclass
class Case:
    work: str  # what the table calls it
    url: str
    export: str = ""  # "", "csv" or "xlsx"
    computed: bool = False  # a cached answer (a summary) computed afresh at every run


def summary_cases(name, url):
    """A summary twice: as a dashboard reads it (cached; also the load run's URL) and
    computed afresh, as after a write."""
    return [Case(f"{name} (cached)", url), Case(f"{name} (computed: after a write)", url,
                                                computed=True)]


@dataclass
class Result:
    case: Case
    status: int = 0
    queries: int = 0
    ours: list = field(default_factory=list)  # seconds
    floor: list = field(default_factory=list)
    peak_rss_mb: float | None = None
    ready_rss_mb: float | None = None  # the worker's peak before the export began
    size: int = 0
    note: str = ""

    @property
    def ratio(self):
        if not self.ours or not self.floor or not statistics.median(self.floor):
            return None
        return statistics.median(self.ours) / statistics.median(self.floor)


def bench_cases():
    for _label, module in app_parts("bench"):
        yield from module.cases()


def bench_user():
    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME, defaults={"is_staff": True, "is_superuser": True},
    )
    return user


def bench_client():
    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    client.force_login(bench_user())
    return client


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


def selects(captured):
    """The SELECTs a request ran, as sent (a server-side cursor's DECLARE unwrapped)."""
    statements = []
    for query in captured:
        sql = query["sql"]
        if sql.startswith("DECLARE ") and " FOR " in sql:
            sql = sql.split(" FOR ", 1)[1]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((float(query["time"]), sql))
    return statements


def export_query(captured):
    """The query an export reads its rows with: its last server-side cursor (the related
    names it resolves first are read the same way, before it)."""
    declared = [q["sql"].split(" FOR ", 1)[1] for q in captured
                if q["sql"].startswith("DECLARE ") and " FOR " in q["sql"]]
    return declared[-1] if declared else ""


def run_raw(statements):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _elapsed, sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return time.perf_counter() - started


def bench_page(client, case, runs):
    result = Result(case)
    if case.computed:
        records_changed()
    with CaptureQueriesContext(connection) as captured:
        result.status, result.size = fetch(client, case.url)
    result.queries = len(captured)
    statements = selects(captured.captured_queries)
    with override_settings(DEBUG=False):  # no query log while timing
        for _ in range(runs):
            if case.computed:
                records_changed()  # as after a write: the cached answer is not read
            started = time.perf_counter()
            fetch(client, case.url)
            result.ours.append(time.perf_counter() - started)
            result.floor.append(run_raw(statements))
            if result.ours[-1] > SLOW_SECONDS:
                break
    return result


def bench_export(case):
    result = Result(case)
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=export_in_fresh_process, args=(case.url, queue))
    worker.start()
    measured = None
    while measured is None and worker.is_alive():
        try:
            measured = queue.get(timeout=1)
        except Empty:
            pass
    worker.join()
    if measured is None:
        result.note = f"the export process failed (exit code {worker.exitcode})"
        return result
    result.status, result.size = measured["status"], measured["size"]
    result.queries = measured["queries"]
    result.ours.append(measured["elapsed"])
    result.peak_rss_mb = measured["peak_rss_kb"] / 1024
    result.ready_rss_mb = measured["ready_rss_kb"] / 1024
    # The floor writes the rows of the export's own query (its last server-side cursor;
    # else the slowest query it ran).
    sql = measured.get("export_sql") or max(measured["statements"], default=(0, ""))[1]
    if not sql:
        result.note = "no query captured"
        return result
    floor = copy_csv if case.export == "csv" else write_xlsx
    result.floor.append(floor(sql))
    return result


def copy_csv(sql):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            for _block in copy:
                pass
    return time.perf_counter() - started


def write_xlsx(sql):
    import xlsxwriter

    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        workbook = xlsxwriter.Workbook(target.name, {"constant_memory": True,
                                                     "remove_timezone": True})
        sheet = workbook.add_worksheet()
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql)
            sheet.write_row(0, 0, [column.name for column in cursor.description])
            number = 1
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    sheet.write_row(number, 0, row)
                    number += 1
        workbook.close()
    return time.perf_counter() - started


def run(*, runs, only=None, report=print):
    client = bench_client()
    results = []
    for case in bench_cases():
        if only and only not in case.work:
            continue
        result = bench_export(case) if case.export else bench_page(client, case, runs)
        report(result)
        results.append(result)
    return results


def milliseconds(values):
    if not values:
        return "—"
    value = statistics.median(values) * 1000
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def table(results):
    lines = [
        "| work | HTTP | queries | ours (median) | floor (median) | ratio | runs "
        "| peak RSS (+ the export) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        ratio = f"{r.ratio:,.1f}×" if r.ratio is not None else "—"
        rss = ""
        if r.peak_rss_mb is not None:  # the export's own share after the process's
            rss = f"{r.peak_rss_mb:,.0f} MB (+{r.peak_rss_mb - r.ready_rss_mb:,.0f})"
        floor = milliseconds(r.floor)
        if r.case.export:
            floor += " (COPY)" if r.case.export == "csv" else " (xlsxwriter)"
        lines.append(
            f"| {r.case.work} | {r.status} | {r.queries} | {milliseconds(r.ours)} | {floor} | "
            f"{ratio} | {len(r.ours)} | {rss} |"
        )
    return "\n".join(lines)

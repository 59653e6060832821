"""The machinery of ``manage.py generate_scale``: bulk writing, a progress bar, and the
closed-loop story every generated item follows.

Each app contributes its own part in ``<app>/scale.py`` (a ``generate(run)`` function),
discovered like ``<app>/demo.py`` is by ``load_demo``. An app's part builds rows as dicts
of column values (``attname`` → value) that already satisfy every constraint and business
rule; it never saves a model instance: city-scale data is millions of rows, and a save per
row (with its history row and signals) would take hours. The writer sends the rows in
batches — ``COPY`` on PostgreSQL, ``executemany`` elsewhere — with the primary keys
assigned here, so that children point at their parents without reading anything back.
"""

import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from cuizhai.core.base.services.closed_loop import LEGAL_MOVES, compute_deadlines
from cuizhai.core.choices import WorkflowAction, WorkflowStatus

BATCH_ROWS = 20_000


class Progress:
    """A one-line text progress bar on a stream (stderr), redrawn at most twice a second."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream or sys.stderr
        self.done, self.started, self.drawn = 0, time.monotonic(), 0.0
        self._draw()

    def advance(self, count=1):
        self.done += count
        if time.monotonic() - self.drawn >= 0.5:
            self._draw()

    def close(self):
        self.done = self.total
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self):
        self.drawn = time.monotonic()
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * self.width)
        self.stream.write(
            f"\r{self.label:<22} [{bar:<{self.width}}] {share:4.0%} "
            f"{self.done:>9,}/{self.total:,} {self.drawn - self.started:6.1f}s"
        )
        self.stream.flush()


class BulkWriter:
    """Rows of many tables, buffered and written in batches in the order the tables were
    first used (parents before children, so that every batch is valid on its own).

    ``reserve_ids(model, n)`` hands out primary keys after the table's current maximum;
    rows of a model whose keys were never reserved leave the key to the database (the
    workflow log, the history tables). ``close()`` writes what is left and moves each
    table's sequence past the keys used.
    """

    def __init__(self, using_connection=None, batch_rows=BATCH_ROWS):
        self.connection = using_connection or connection
        self.batch_rows = batch_rows
        self.buffers = {}  # model → list of rows, in first-use order
        self.columns = {}
        self.next_id = {}
        self.written = defaultdict(int)
        self.history_models = {}

    @property
    def is_postgresql(self):
        return self.connection.vendor == "postgresql"

    def reserve_ids(self, model, count):
        if model not in self.next_id:
            last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
            self.next_id[model] = (last or 0) + 1
        start = self.next_id[model]
        self.next_id[model] += count
        return range(start, start + count)

    def new_id(self, model):
        return self.reserve_ids(model, 1)[0]

    def add(self, model, row):
        """Queue one row of ``model`` (a dict by attname; fields left out get their default)."""
        if model not in self.buffers:
            self.buffers[model] = []
            self.columns[model] = [
                f for f in model._meta.concrete_fields
                if not (f.primary_key and model not in self.next_id)
            ]
        self.buffers[model].append(row)
        if len(self.buffers[model]) >= self.batch_rows:
            self.flush()

    def add_history(self, model, row, *, history_date, history_type="+", user_id=None,
                    reason=None):
        """Queue the django-simple-history row of ``model``'s record ``row`` as it stood at
        ``history_date``: what the history endpoints and the admin's history page read."""
        if model not in self.history_models:
            # The ``history`` descriptor builds a new manager on every access.
            self.history_models[model] = model.history.model
        self.add(self.history_models[model], {
            **row, "history_date": history_date, "history_type": history_type,
            "history_user_id": user_id, "history_change_reason": reason,
        })

    def flush(self):
        # One transaction per batch: SQLite would otherwise commit (and sync) every row.
        with transaction.atomic(using=self.connection.alias):
            for model, rows in self.buffers.items():
                if rows:
                    self._write(model, rows)
                    self.written[model] += len(rows)
                    rows.clear()

    def close(self):
        self.flush()
        models = [m for m in self.next_id]
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _values(self, model, row):
        values = []
        for f in self.columns[model]:
            value = row[f.attname] if f.attname in row else f.get_default()
            values.append(value)
        return values

    def _write(self, model, rows):
        table = model._meta.db_table
        columns = self.columns[model]
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(f.column) for f in columns)
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                # psycopg adapts dates, aware datetimes, decimals and booleans itself.
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(self._values(model, row))
            else:
                prepared = [
                    [f.get_db_prep_save(v, self.connection)
                     for f, v in zip(columns, self._values(model, row), strict=True)]
                    for row in rows
                ]
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})", prepared
                )

    def vacuum_analyze(self):
        """Refresh the planner's statistics (and, on PostgreSQL, the visibility map that
        index-only scans need) for every table written."""
        tables = [m._meta.db_table for m in self.written]
        with self.connection.cursor() as cursor:
            if self.is_postgresql:
                for table in tables:
                    cursor.execute(f"VACUUM ANALYZE {self.connection.ops.quote_name(table)}")
            else:
                cursor.execute("ANALYZE")


class DeadlineBook:
    """The deadlines of items of one closed-loop model, computed by the workflow service's
    own ``compute_deadlines`` once per report day (the working-day calendar is read per
    call, and ten years of items share only a few thousand report days)."""

    def __init__(self, model):
        self.model = model
        self.by_day = {}

        # The resolution deadline depends on the report day only; the response clock on
        # the exact time, which compute_deadlines derives without reading the calendar
        # for a model with no working-day deadline.
        self.response_only = type("ResponseOnly", (), {
            "response_hours": model.response_hours, "resolution_working_days": None,
        })

    def __call__(self, reported_at):
        day = timezone.localdate(reported_at)
        if day not in self.by_day:
            self.by_day[day] = compute_deadlines(model=self.model, reported_at=reported_at)
        response = compute_deadlines(model=self.response_only, reported_at=reported_at)
        return {**self.by_day[day], "response_due": response["response_due"]}


@dataclass
class Step:
    action: str
    at: object
    actor_id: int | None
    note: str = ""
    assignee_id: int | None = None  # assign only
    department_id: int | None = None  # assign only


@dataclass
class ClosedLoopStory:
    """An item's whole life: its final workflow fields, the log and one snapshot per save."""

    fields: dict
    transitions: list = field(default_factory=list)
    snapshots: list = field(default_factory=list)  # (history_date, fields as then, user)


def closed_loop_story(*, deadlines, reported_at, reported_by, steps):
    """Play ``steps`` (report first) as the workflow services would, checking each move
    against their ``LEGAL_MOVES``; the result holds the item's fields, its transitions and
    its history snapshots — the same rows those services leave behind."""
    state = {
        "status": WorkflowStatus.REPORTED, "reported_at": reported_at,
        "reported_by_id": reported_by, "assignee_id": None, "handling_department_id": None,
        "responded_at": None, "resolved_at": None, "resolved_by_id": None, "closed_at": None,
        "verified_by_id": None, "resolution": "", "version": 1,
        "created_at": reported_at, "updated_at": reported_at,
        **deadlines(reported_at),
    }
    story = ClosedLoopStory(fields=state)
    story.transitions.append({
        "action": WorkflowAction.REPORT, "from_status": "", "to_status": state["status"],
        "actor_id": reported_by, "at": reported_at, "note": "",
    })
    story.snapshots.append((reported_at, dict(state), reported_by, "+"))
    for step in steps:
        sources, target = LEGAL_MOVES[step.action]
        if state["status"] not in sources or step.at < state["updated_at"]:
            raise ValueError(f"illegal generated step {step.action} from {state['status']}")
        from_status = state["status"]
        if step.action == WorkflowAction.ASSIGN:
            state.update(assignee_id=step.assignee_id,
                         handling_department_id=step.department_id)
            if state["responded_at"] is None:
                state["responded_at"] = step.at
        elif step.action == WorkflowAction.RESOLVE:
            state.update(resolved_at=step.at, resolved_by_id=step.actor_id,
                         resolution=step.note)
        elif step.action == WorkflowAction.VERIFY:
            if step.actor_id == state["resolved_by_id"]:
                raise ValueError("the resolver cannot verify")
            state.update(closed_at=step.at, verified_by_id=step.actor_id)
        elif step.action == WorkflowAction.RETURN:
            state.update(resolved_at=None, resolved_by_id=None)
        state.update(status=target, version=state["version"] + 1, updated_at=step.at)
        story.transitions.append({
            "action": step.action, "from_status": from_status, "to_status": target,
            "actor_id": step.actor_id, "at": step.at, "note": step.note,
        })
        story.snapshots.append((step.at, dict(state), step.actor_id, "~"))
    return story


def write_closed_loop_story(writer, model, item_id, item_fields, story, content_type_id):
    """Queue the item, its workflow log and its history rows."""
    from cuizhai.core.models import WorkflowTransition

    writer.add(model, {"id": item_id, **item_fields, **story.fields})
    for transition in story.transitions:
        writer.add(WorkflowTransition, {
            **transition, "content_type_id": content_type_id, "object_id": item_id,
        })
    for at, fields_then, user_id, kind in story.snapshots:
        writer.add_history(model, {"id": item_id, **item_fields, **fields_then},
                           history_date=at, history_type=kind, user_id=user_id)


def spread_times(rng, start, end, count):
    """``count`` increasing moments between ``start`` and ``end`` (both aware)."""
    span = max((end - start).total_seconds(), float(count))
    offsets = sorted(rng.uniform(0, span) for _ in range(count))
    return [start + timedelta(seconds=offset) for offset in offsets]


@dataclass
class ScaleRun:
    """What every app's ``scale.generate(run)`` receives.

    Counts are given per subdistrict and year at city scale (``run.count(133)``) and
    scaled by ``density`` (1.0 = the city's rates; the tests use a small fraction).
    ``shared`` carries what an earlier part offers the later ones (the core puts its
    departments and users there).
    """

    subdistricts: int
    years: range
    density: float
    rng: object
    writer: BulkWriter
    now: object
    stream: object = None
    shared: dict = field(default_factory=dict)

    def count(self, per_subdistrict_year, *, years=1):
        return max(1, round(per_subdistrict_year * self.density * years))

    def progress(self, label, total):
        return Progress(label, total, stream=self.stream)

    def moment(self, year, *, after=None):
        """A random aware moment in ``year`` (office time), after ``after`` if given and
        never later than the run's ``now``."""
        start = timezone.make_aware(timezone.datetime(year, 1, 1))
        end = min(timezone.make_aware(timezone.datetime(year + 1, 1, 1)), self.now)
        if after is not None:
            start = max(start, after)
        if end <= start:
            return start
        return start + timedelta(seconds=self.rng.uniform(0, (end - start).total_seconds()))


def scale_parts():
    """``<app>.scale`` of every business app that has one, the core first (its
    departments and users are what the apps' records point at)."""
    from cuizhai.core.base.apps import app_parts

    return app_parts("scale")


def stamped(at, *, version=1):
    """The TrackedModel columns of a record saved once at ``at``."""
    return {"created_at": at, "updated_at": at, "version": version}

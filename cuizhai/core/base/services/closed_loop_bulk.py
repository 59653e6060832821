"""Closed-loop items recorded in bulk with the steps they went through in the past: a
ledger of last year's hazards imported, or a demo's year of tickets."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.closed_loop import compute_deadlines
from cuizhai.core.choices import WorkflowAction, WorkflowStatus
from cuizhai.core.models import WorkflowTransition


def closed_loop_bulk_record(model, rows, *, by, reason, rule=None):
    """Many items of ``model`` recorded at once, each replayed to where its past left it:
    ``rows`` are dicts of the item's fields plus ``steps``, the moments of the steps it went
    through — ``assign`` (with ``assignee``), ``start``, ``resolve`` (with ``resolved_by``),
    ``verify`` (with ``verified_by``) — in that order. The deadlines are the item's own
    (``compute_deadlines``, the working days read once per report day and clock); the items
    and their history go through ``record_bulk_create`` (its row checks), their log in one
    insert per batch. For thousands of items (a ledger imported, a demo's year): the
    workflow services take one item at a time. ``rule`` is ``record_bulk_create``'s: the
    app's check of each item as replayed (a ledger import checks there who verified it).
    """
    flow = (
        (WorkflowAction.ASSIGN, WorkflowStatus.ASSIGNED),
        (WorkflowAction.START, WorkflowStatus.IN_PROGRESS),
        (WorkflowAction.RESOLVE, WorkflowStatus.RESOLVED),
        (WorkflowAction.VERIFY, WorkflowStatus.CLOSED),
    )
    deadlines = {}
    items, logs = [], []
    for row in rows:
        fields = {name: value for name, value in row.items() if name != "steps"}
        steps = row.get("steps", {})
        probe = model(**fields)
        terms = probe.deadline_terms()
        key = (timezone.localdate(probe.reported_at), terms)
        if key not in deadlines:
            deadlines[key] = compute_deadlines(item=probe, reported_at=probe.reported_at)
        found = dict(deadlines[key])
        if terms.response_hours is not None:
            found["response_due"] = probe.reported_at + timedelta(hours=terms.response_hours)
        status, log = WorkflowStatus.REPORTED, [
            (WorkflowAction.REPORT, "", WorkflowStatus.REPORTED, probe.reported_at, by)]
        for action, target in flow:
            if action in steps:
                actor = {WorkflowAction.START: fields.get("assignee"),
                         WorkflowAction.RESOLVE: fields.get("resolved_by"),
                         WorkflowAction.VERIFY: fields.get("verified_by")}.get(action, by)
                log.append((action, status, target, steps[action], actor))
                status = target
        if WorkflowAction.ASSIGN in steps:
            found["responded_at"] = steps[WorkflowAction.ASSIGN]
        if WorkflowAction.RESOLVE in steps:
            found["resolved_at"] = steps[WorkflowAction.RESOLVE]
        if WorkflowAction.VERIFY in steps:
            found["closed_at"] = steps[WorkflowAction.VERIFY]
        items.append({**fields, **found, "status": status, "reported_by": by})
        logs.append(log)
    created = record_bulk_create(model=model, rows=items, by=by, reason=reason, rule=rule)
    content_type = ContentType.objects.get_for_model(model)
    WorkflowTransition.objects.bulk_create([
        WorkflowTransition(content_type=content_type, object_id=item.pk, action=action,
                           from_status=source, to_status=target, at=at, actor=actor)
        for item, log in zip(created, logs, strict=True)
        for action, source, target, at, actor in log
    ], batch_size=2000)
    return created

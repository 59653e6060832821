"""The closed loop (闭环) as the tests walk it: the legal moves written out by hand, items
walked to a status through the services, and what must not move when a step is refused."""

from django.contrib.contenttypes.models import ContentType

from cuizhai.core.base.services import closed_loop
from cuizhai.core.models import TransitionEvidence, WorkflowTransition
from tests.support.clock import clock

REPORTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED = (
    "reported", "assigned", "in_progress", "resolved", "closed"
)
STATUSES = (REPORTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED)
ACTIONS = ("assign", "start", "resolve", "verify", "return")

# The legal moves, written out by hand: (status, action) → new status. Anything not listed
# must be refused.
LEGAL = {
    (REPORTED, "assign"): ASSIGNED,
    (ASSIGNED, "assign"): ASSIGNED,  # re-assign to someone else
    (ASSIGNED, "start"): IN_PROGRESS,
    (ASSIGNED, "resolve"): RESOLVED,  # a quick fix needs no separate "start"
    (IN_PROGRESS, "resolve"): RESOLVED,
    (RESOLVED, "verify"): CLOSED,
    (RESOLVED, "return"): IN_PROGRESS,
}
# The status in which each action is legal (for the refusals that are not about status).
STATUS_FOR = {"assign": REPORTED, "start": ASSIGNED, "resolve": IN_PROGRESS,
              "verify": RESOLVED, "return": RESOLVED}


def walk(item, to, *, owner, worker, note="Replaced the bulb.", times=None):
    """``item`` taken through the services up to status ``to``: the owner office assigns it
    to ``worker``, who starts and resolves it; the owner verifies it. ``times`` maps an
    action to the moment it happens (``{"assign": at(...)}``); others happen now."""
    times = times or {}

    def step(action, function, **kwargs):
        if action in times:
            with clock(times[action]):
                return function(item, **kwargs)
        return function(item, **kwargs)

    if to == REPORTED:
        return item
    item = step("assign", closed_loop.closed_loop_assign, by=owner, assignee=worker)
    if to == ASSIGNED:
        return item
    item = step("start", closed_loop.closed_loop_start, by=worker)
    if to == IN_PROGRESS:
        return item
    item = step("resolve", closed_loop.closed_loop_resolve, by=worker, note=note)
    if to == RESOLVED:
        return item
    return step("verify", closed_loop.closed_loop_verify, by=owner)


def log_of(item):
    """The item's workflow log."""
    return WorkflowTransition.objects.filter(
        content_type=ContentType.objects.get_for_model(type(item)), object_id=item.pk
    )


def snapshot(item):
    """What must not move when a request is refused."""
    item = type(item).objects.get(pk=item.pk)
    return {
        "status": item.status,
        "version": item.version,
        "assignee": item.assignee_id,
        "department": item.handling_department_id,
        "resolved_at": item.resolved_at,
        "resolved_by": item.resolved_by_id,
        "closed_at": item.closed_at,
        "verified_by": item.verified_by_id,
        "log": list(log_of(item).values_list("pk", flat=True)),
        "history": item.history.count(),
        "evidence": TransitionEvidence.objects.count(),
    }


def payload_for(action, assignee):
    """A valid body for ``action`` (the assignment goes to ``assignee``)."""
    return {
        "assign": {"assignee": assignee.pk, "note": "Please handle today."},
        "start": {},
        "resolve": {"note": "Replaced the lamp head."},
        "verify": {"note": "Checked on site."},
        "return": {"note": "Still dark at night."},
    }[action]

"""State changes of closed-loop items (闭环): one function per action, each logged.

Legal moves::

    reported ──assign──▶ assigned ──start──▶ in progress ──resolve──▶ resolved ──verify──▶ closed
                 ▲  │                                   ▲                │
                 └──┘ (re-assign)       assigned ──resolve┘  in progress ◀──return──┘

A closed (verified) item is final: its own fields are locked, except for the system
administrator, who gives a reason that goes into the history. Who may take which step is
in ``closed_loop_access``. An item is never deleted: its log and evidence are the record.
"""

import copy
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.exceptions import IllegalTransition, RecordLocked
from cuizhai.core.base.models import ClosedLoopItem, Deadlines
from cuizhai.core.base.models.fields import YEAR_MIN
from cuizhai.core.base.services.closed_loop_access import (
    check_assignment,
    check_may_act,
    may_act,
)
from cuizhai.core.base.services.records import (
    claim_version,
    record_delete,
    record_update,
    save_validated,
    stamp_history,
)
from cuizhai.core.base.services.status import is_system_admin, require_reason
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.choices import EvidenceStage, Satisfaction, WorkflowAction, WorkflowStatus
from cuizhai.core.models import TransitionEvidence, WorkflowTransition
from cuizhai.core.services.calendar import add_working_days
from cuizhai.core.validators import validate_evidence_file

S = WorkflowStatus
LEGAL_MOVES = {
    WorkflowAction.ASSIGN: ((S.REPORTED, S.ASSIGNED), S.ASSIGNED),
    WorkflowAction.START: ((S.ASSIGNED,), S.IN_PROGRESS),
    WorkflowAction.RESOLVE: ((S.ASSIGNED, S.IN_PROGRESS), S.RESOLVED),
    WorkflowAction.VERIFY: ((S.RESOLVED,), S.CLOSED),
    WorkflowAction.RETURN: ((S.RESOLVED,), S.IN_PROGRESS),
}


def allowed_actions(item, user=None):
    """The actions the item's current status allows, in workflow order; given ``user``,
    only those the services would let that user take: whose step it is
    (``closed_loop_access``) and the four-eyes rule (the resolver does not verify). The
    admin's step page offers these, the API's ``allowed_actions`` lists them."""
    actions = [action for action, (sources, _target) in LEGAL_MOVES.items()
               if item.status in sources]
    if user is None:
        return actions
    return [
        action for action in actions
        if may_act(user, action, item)
        and not (action == WorkflowAction.VERIFY and is_resolver(user, item))
    ]


def is_resolver(user, item):
    """Whether ``user`` resolved ``item``: four eyes, the resolver may not also sign it off."""
    return item.resolved_by_id is not None and item.resolved_by_id == getattr(user, "pk", None)


def compute_deadlines(*, reported_at, item=None, model=None):
    """Response and resolution deadlines of ``item`` reported at ``reported_at``: its own
    clocks (``deadline_terms``: the class's, or a matching rule's such as a major
    item's). Given a ``model`` instead, the class's clocks (generated data of one kind)."""
    terms = item.deadline_terms() if item is not None else Deadlines(
        response_hours=model.response_hours,
        resolution_working_days=model.resolution_working_days,
    )
    response_due = resolution_due = None
    provisional = False
    if terms.response_hours is not None:
        response_due = reported_at + timedelta(hours=terms.response_hours)
    if terms.resolution_working_days is not None:
        local_day = timezone.localdate(reported_at)
        result = add_working_days(local_day, terms.resolution_working_days)
        # Due by the end of that working day, office time.
        resolution_due = timezone.make_aware(datetime.combine(result.date, time(23, 59, 59)))
        provisional = result.provisional
    return {
        "response_due": response_due,
        "resolution_due": resolution_due,
        "resolution_due_provisional": provisional,
    }


class StagedEvidence(NamedTuple):
    """An evidence file with what it shows (before or after rectification). A step's
    ``evidence`` takes these or bare files, which show the step's phase (``STEP_STAGES``)."""

    file: object
    stage: str


# What a file attached without saying shows: the situation as reported or being taken in
# hand (before), or as rectified (after).
STEP_STAGES = {
    WorkflowAction.REPORT: EvidenceStage.BEFORE,
    WorkflowAction.ASSIGN: EvidenceStage.BEFORE,
    WorkflowAction.START: EvidenceStage.BEFORE,
    WorkflowAction.RESOLVE: EvidenceStage.AFTER,
    WorkflowAction.VERIFY: EvidenceStage.AFTER,
    WorkflowAction.RETURN: EvidenceStage.AFTER,
}


def staged_evidence(*, evidence=(), before=(), after=()):
    """One list from a request's three evidence fields: ``evidence`` (the step's phase),
    ``before`` and ``after`` (each file marked)."""
    return [*evidence, *(StagedEvidence(f, EvidenceStage.BEFORE) for f in before),
            *(StagedEvidence(f, EvidenceStage.AFTER) for f in after)]


def _staged(evidence, action):
    return [item if isinstance(item, StagedEvidence) else StagedEvidence(item, STEP_STAGES[action])
            for item in evidence]


# Phones and office PCs disagree by a little; a report time further ahead is a mistake.
CLOCK_TOLERANCE = timedelta(minutes=5)
# The earliest plausible report, in office time: the system's years run from YEAR_MIN (as
# its year fields do); an earlier date is a typing error (e.g. 0024 for 2024) that would
# put every deadline decades in the past.
EARLIEST_REPORT_DATE = date(YEAR_MIN, 1, 1)


def check_report_time(item, reported_at):
    """The deadlines and the times taken are measured from the report time, so it may
    not lie in the future or before 2000, nor move once somebody has answered the item."""
    # Compared as aware datetimes: converting a year-1 time to office time can overflow.
    earliest = datetime.combine(EARLIEST_REPORT_DATE, time.min,
                                tzinfo=timezone.get_default_timezone())
    if reported_at < earliest:
        raise ValidationError({"reported_at": ValidationError(
            _("The report time cannot be before the year 2000."), code="reported_too_early"
        )})
    if reported_at > timezone.now() + CLOCK_TOLERANCE:
        raise ValidationError({"reported_at": ValidationError(
            _("The report time cannot be in the future."), code="reported_in_future"
        )})
    if item.responded_at is not None and reported_at != item.reported_at:
        raise ValidationError({"reported_at": ValidationError(
            _("The report time cannot change once the item has been answered."),
            code="report_time_locked",
        )})


def set_deadlines(item):
    """(Re)compute the item's deadlines from its report time; the caller saves."""
    for name, value in compute_deadlines(item=item, reported_at=item.reported_at).items():
        setattr(item, name, value)


@transaction.atomic
def closed_loop_report(*, model, by, evidence=(), note="", **fields):
    """Register a new item of ``model`` with its deadlines and a first log entry."""
    evidence = _staged(evidence, WorkflowAction.REPORT)
    check_evidence(evidence)
    item = model(**fields)
    item.reported_by = by
    if item.reported_at is None:
        item.reported_at = timezone.now()
    check_report_time(item, item.reported_at)
    set_deadlines(item)
    item.full_clean()
    stamp_history(item, by=by)
    save_validated(item)
    _log(item, action=WorkflowAction.REPORT, from_status="", by=by, note=note, evidence=evidence)
    return item


def closed_loop_update(item, *, data, expected_version, by=None, reason=""):
    """Edit an item's own fields (title, description, report time...). Its status moves
    only through the actions below; moving the report time moves the deadlines with it.
    A closed item changes only by the system administrator, with a reason."""
    data = dict(data)
    changing = _changed_fields(item, data)
    check_closed_item_lock(item, by=by, reason=reason, changing=changing)
    if not changing:
        # Nothing to save: the version stays, so nobody else's edit is refused for it.
        return item
    if "reported_at" in changing:
        check_report_time(item, data["reported_at"])
    if {"reported_at", *item.deadline_fields()} & set(changing):
        # The clocks as the item will be: a later report, or a reclassified severity.
        edited = copy.copy(item)
        for name, value in data.items():
            setattr(edited, name, value)
        data.update(compute_deadlines(item=edited, reported_at=edited.reported_at))
    return record_update(instance=item, data=data, expected_version=expected_version, by=by,
                         reason=reason)


def closed_loop_delete(item, *, by=None, reason="", expected_version=None):
    """Refused for everyone (by ``record_delete``): deleting an item would erase its
    workflow log and orphan its evidence. A mistaken or duplicate report is resolved with
    a note saying so, and closed."""
    record_delete(instance=item, expected_version=expected_version, by=by, reason=reason)


def check_closed_item_lock(item, *, by, reason, changing=True):
    """Refuse a change of a closed item unless the system administrator makes it and says
    why. ``changing`` is false when the "change" would leave every value as it is."""
    if item.status != S.CLOSED or not changing:
        return
    if not is_system_admin(by):
        raise RecordLocked(
            _("“%(item)s” was verified and closed: only the system administrator may change "
              "it, giving a reason."),
            code="item_closed", params={"item": item},
        )
    require_reason(reason, _("Changing a closed item needs a reason, which is kept in the "
                             "history."))


def _changed_fields(item, data):
    unset = object()
    return [name for name, value in data.items() if getattr(item, name, unset) != value]


def closed_loop_assign(item, *, by, assignee=None, department=None, note="", evidence=(),
                       expected_version=None):
    if assignee is None and department is None:
        raise ValidationError(
            {"assignee": _("Name the person or the department the item is assigned to.")},
            code="assignee_required",
        )

    def apply(locked, now):
        check_assignment(assignee=assignee, department=department)
        locked.assignee = assignee
        locked.handling_department = department
        if locked.responded_at is None:
            locked.responded_at = now

    return _transition(item, WorkflowAction.ASSIGN, by=by, note=note, evidence=evidence,
                       expected_version=expected_version, apply=apply)


def closed_loop_start(item, *, by, note="", evidence=(), expected_version=None):
    return _transition(item, WorkflowAction.START, by=by, note=note, evidence=evidence,
                       expected_version=expected_version)


def closed_loop_resolve(item, *, by, note, evidence=(), expected_version=None):
    _require_note(note, _("Describe how the item was resolved."))

    def apply(locked, now):
        locked.resolved_at = now
        locked.resolved_by = by
        locked.resolution = note

    return _transition(item, WorkflowAction.RESOLVE, by=by, note=note, evidence=evidence,
                       expected_version=expected_version, apply=apply)


def closed_loop_verify(item, *, by, note="", evidence=(), expected_version=None,
                       satisfaction=""):
    """Sign the item off; ``satisfaction`` is the reporter's answer when asked back (回访),
    if they were."""
    if satisfaction and satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": ValidationError(
            _("Unknown satisfaction answer."), code="invalid_satisfaction")})

    def apply(locked, now):
        if is_resolver(by, locked):
            raise ValidationError(
                _("The person who resolved an item cannot also verify it."),
                code="verifier_is_resolver",
            )
        locked.closed_at = now
        locked.verified_by = by
        locked.satisfaction = satisfaction or ""

    return _transition(item, WorkflowAction.VERIFY, by=by, note=note, evidence=evidence,
                       expected_version=expected_version, apply=apply)


def closed_loop_return(item, *, by, note, evidence=(), expected_version=None):
    _require_note(note, _("Say why the item is returned for rework."))

    def apply(locked, now):
        locked.resolved_at = None
        locked.resolved_by = None

    return _transition(item, WorkflowAction.RETURN, by=by, note=note, evidence=evidence,
                       expected_version=expected_version, apply=apply)


ACTION_SERVICES = {
    WorkflowAction.ASSIGN: closed_loop_assign,
    WorkflowAction.START: closed_loop_start,
    WorkflowAction.RESOLVE: closed_loop_resolve,
    WorkflowAction.VERIFY: closed_loop_verify,
    WorkflowAction.RETURN: closed_loop_return,
}


def _require_note(note, message):
    if not (note or "").strip():
        raise ValidationError({"note": message}, code="note_required")


def check_evidence(evidence, *, field="evidence"):
    """Refuse the whole step if any file is unacceptable, before anything is written or
    stored: a rejected upload must leave neither a log entry nor a stray file behind.
    Errors are reported under ``field`` (the form or API field the files came in)."""
    evidence = list(evidence)
    limit = settings.CUIZHAI_MAX_FILES_PER_ACTION
    if len(evidence) > limit:
        raise ValidationError({field: ValidationError(
            _("A step takes at most %(limit)d evidence files; %(count)d were sent."),
            code="too_many_files", params={"limit": limit, "count": len(evidence)},
        )})
    problems = []
    for entry in evidence:
        # A step's files carry their stage; other files (a checklist's photos) have none.
        upload, stage = entry if isinstance(entry, StagedEvidence) else (entry, None)
        if stage is not None and stage not in EvidenceStage.values:
            problems.append(ValidationError(
                _("%(file)s: say whether it shows the situation before or after "
                  "rectification."), code="invalid_stage", params={"file": upload.name}))
            continue
        try:
            validate_evidence_file(upload)
        except ValidationError as error:
            problems.extend(
                ValidationError(
                    _("%(file)s: %(problem)s"), code=error.code or "invalid_file",
                    params={"file": upload.name, "problem": message},
                )
                for message in error.messages
            )
    if problems:
        raise ValidationError({field: problems})


@transaction.atomic
def _transition(item, action, *, by, note, evidence, expected_version, apply=None):
    evidence = _staged(evidence, action)
    check_evidence(evidence)
    model = type(item)
    locked = model._default_manager.select_for_update().get(pk=item.pk)
    # Checked on the locked row: whose item it is may have changed meanwhile.
    check_may_act(by, action, locked)
    sources, target = LEGAL_MOVES[action]
    if locked.status not in sources:
        raise IllegalTransition(
            _("“%(action)s” is not allowed while the item is “%(status)s”."),
            code="illegal_transition",
            params={"action": action.label, "status": locked.get_status_display()},
        )
    now = timezone.now()
    from_status = locked.status
    if apply is not None:
        apply(locked, now)
    locked.status = target
    locked.full_clean()
    stamp_history(locked, by=by)
    claim_version(locked, locked.version if expected_version is None else expected_version)
    save_validated(locked)
    _log(locked, action=action, from_status=from_status, by=by, note=note, evidence=evidence,
         at=now)
    return locked


def _log(item, *, action, from_status, by, note, evidence, at=None):
    transition = WorkflowTransition.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        from_status=from_status,
        to_status=item.status,
        actor=by,
        at=at or timezone.now(),
        note=note or "",
    )
    for upload, stage in evidence:
        record = TransitionEvidence(
            transition=transition, file=upload, original_name=upload.name[:255],
            size=upload.size, stage=stage,
        )
        record.full_clean()
        record.save()
    return transition


# Every kind of closed-loop item, unless its app declares its own: reported with its
# deadlines and first log entry, edited and deleted so that a closed item stays locked; its
# status moves only through the workflow's steps. The item is the services' first argument.
declare_writes(ClosedLoopItem, create=closed_loop_report, update=closed_loop_update,
               delete=closed_loop_delete, instance_arg=None)

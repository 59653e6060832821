"""Writes of the safety app. Inspections are the core's assessments, hazards its
closed-loop items: their services do the work, these add what safety knows."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cuizhai.core.base.exceptions import ActionNotAllowed
from cuizhai.core.base.services import assessments, closed_loop
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.closed_loop_access import check_may_act
from cuizhai.core.base.services.closed_loop_bulk import closed_loop_bulk_record
from cuizhai.core.base.services.records import record_create, record_update
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.choices import ReportChannel, WorkflowAction, WorkflowStatus
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)
from safety.models.places import TARGET_FIELDS


def inspection_create(*, data, by=None):
    return assessments.assessment_create(model=Inspection, data=data, by=by)


@transaction.atomic
def inspection_bulk_create(*, rows, by=None, reason=""):
    """Many inspections at once (a year's demo, a ledger import) by the rule of one
    (``check_new_assessment``), at a number of queries that does not grow with the rows;
    the inspectors of each row (``inspectors``, people) are linked in one insert."""
    inspectors = [row.get("inspectors", ()) for row in rows]
    created = record_bulk_create(
        model=Inspection, by=by, reason=reason, rule=assessments.check_new_assessment,
        rows=[{name: value for name, value in row.items() if name != "inspectors"}
              for row in rows])
    links = Inspection.inspectors.through
    links.objects.bulk_create([
        links(inspection_id=inspection.pk, person_id=person.pk)
        for inspection, people in zip(created, inspectors, strict=True) for person in people])
    return created


def inspection_update(*, inspection, data, expected_version, by=None, reason=""):
    return assessments.assessment_update(inspection, data=data, expected_version=expected_version,
                                         by=by, reason=reason)


def _with_inspection_target(data):
    """A hazard reported on an inspection without its own target is at the inspected one."""
    inspection = data.get("inspection")
    if inspection is not None and not any(data.get(name) for name in TARGET_FIELDS):
        data = {**data, **inspection.target_fields()}
    return data


@transaction.atomic
def hazard_report(*, data, by, evidence=(), note=""):
    return closed_loop.closed_loop_report(model=Hazard, by=by, evidence=evidence, note=note,
                                          **_with_inspection_target(dict(data)))


# The steps a hazard of the ledger went through to reach its status (整改情况).
LEDGER_STEPS = {
    WorkflowStatus.REPORTED: (),
    WorkflowStatus.ASSIGNED: (WorkflowAction.ASSIGN,),
    WorkflowStatus.IN_PROGRESS: (WorkflowAction.ASSIGN, WorkflowAction.START),
    WorkflowStatus.RESOLVED: (WorkflowAction.ASSIGN, WorkflowAction.START,
                              WorkflowAction.RESOLVE),
    WorkflowStatus.CLOSED: (WorkflowAction.ASSIGN, WorkflowAction.START,
                            WorkflowAction.RESOLVE, WorkflowAction.VERIFY),
}


@transaction.atomic
def hazard_ledger_import(*, rows, by, reason=""):
    """The hazards of a safety ledger (安全台账), all at once, each replayed to the status
    the ledger gives it (``closed_loop_bulk_record``: its deadlines from its level and
    report time, its log, its history). A row is a hazard's fields plus ``status`` and,
    for a hazard signed off, ``verified_by`` and ``closed_at``. The ledger names no
    handler: the user who imports is recorded as the one who took it in hand and
    rectified it (so a signed-off hazard needs that user, and another verifier: four
    eyes); it was answered when reported, and one still awaiting re-inspection was
    rectified when imported. Each row is checked as one hazard: the verifier may sign it
    off (a major hazard: the office's leader), the dates follow each other, and it is not
    in the register already (the same target, day and description: a ledger imported
    twice). Two such lines in one file are two hazards.
    Returns the hazards in the order of ``rows`` or raises ``RowsRefused``."""
    now = timezone.now()
    stored = _stored_ledger_keys(rows)
    items, duplicates = [], {}
    for index, row in enumerate(rows):
        row = dict(_with_inspection_target(dict(row)))
        status = row.pop("status", WorkflowStatus.REPORTED)
        steps = LEDGER_STEPS.get(status, ())
        reported = row["reported_at"]
        closed = row.get("closed_at") if status == WorkflowStatus.CLOSED else None
        moments = {WorkflowAction.ASSIGN: reported, WorkflowAction.START: reported,
                   WorkflowAction.RESOLVE: closed or now, WorkflowAction.VERIFY: closed}
        handler = by if steps else None
        items.append({
            **row, "channel": row.get("channel") or ReportChannel.INSPECTION,
            "assignee": handler,
            "resolved_by": handler if WorkflowAction.RESOLVE in steps else None,
            "steps": {action: moments[action] for action in steps},
        })
        if _ledger_key(row) in stored:
            duplicates[index] = _("This hazard is in the register already (the same "
                                  "target, inspection date and description).")

    # ``record_bulk_create`` applies the rule to the rows in their order, once each.
    positions = iter(range(len(items)))

    def rule(data):
        return _ledger_rule(data, by=by, now=now, duplicate=duplicates.get(next(positions)))

    return closed_loop_bulk_record(Hazard, items, by=by, reason=reason, rule=rule)


def _ledger_key(row):
    return (timezone.localdate(row["reported_at"]),
            *(getattr(row.get(name), "pk", row.get(name)) or None for name in TARGET_FIELDS),
            row.get("title") or None, row.get("description") or None)


def _stored_ledger_keys(rows):
    """The keys of the register's hazards reported on the ledger's days."""
    days = {timezone.localdate(row["reported_at"]) for row in rows if row.get("reported_at")}
    if not days:
        return set()
    start = min(days)
    found = Hazard.objects.filter(
        reported_at__date__gte=start, reported_at__date__lte=max(days),
    ).values_list("reported_at", *(f"{name}_id" if name != "site" else name
                                   for name in TARGET_FIELDS), "title", "description")
    return {(timezone.localdate(reported), *(value or None for value in rest))
            for reported, *rest in found}


def _ledger_rule(data, *, by, now, duplicate):
    errors = {}
    if duplicate:
        errors["title"] = [duplicate]
    status = data["status"]
    if status != WorkflowStatus.REPORTED and by is None:
        errors["status"] = [_("A hazard past “Reported” needs the user who imports the "
                              "ledger: they are recorded as its handler.")]
    reported = data["reported_at"]
    if reported > now:
        errors["reported_at"] = [_("The report time cannot be in the future.")]
    verifier = data.get("verified_by")
    if status == WorkflowStatus.CLOSED:
        closed = data.get("closed_at")
        if verifier is None:
            errors["verified_by"] = [_("A hazard signed off needs who re-inspected it.")]
        if closed is None:
            errors["closed_at"] = [_("A hazard signed off needs its closing date.")]
        elif closed < reported:
            errors["closed_at"] = [_("The closing date is before the inspection date.")]
        elif closed > now:
            errors["closed_at"] = [_("The closing date cannot be in the future.")]
        if verifier is not None and by is not None and verifier.pk == by.pk:
            errors["verified_by"] = [_("The person who resolved an item cannot also "
                                       "verify it.")]
        elif verifier is not None:
            try:
                check_may_act(verifier, WorkflowAction.VERIFY, Hazard(**data))
            except ActionNotAllowed as refusal:
                errors["verified_by"] = [str(refusal)]
    elif verifier is not None or data.get("closed_at") is not None:
        errors["status"] = [_("Only a hazard signed off (verified and closed) has who "
                              "re-inspected it and a closing date.")]
    if errors:
        raise ValidationError(errors)
    return data


def hazard_update(*, hazard, data, expected_version, by=None, reason=""):
    return closed_loop.closed_loop_update(hazard, data=data, expected_version=expected_version,
                                          by=by, reason=reason)


def enforcement_case_create(*, data, by=None):
    return record_create(model=EnforcementCase, data=data, by=by)


def enforcement_case_update(*, case, data, expected_version, by=None, reason=""):
    return record_update(instance=case, data=data, expected_version=expected_version, by=by,
                         reason=reason)


def traffic_event_create(*, data, by=None):
    return record_create(model=TrafficPublicityEvent, data=data, by=by)


def traffic_persuasion_create(*, data, by=None):
    return record_create(model=TrafficPersuasion, data=data, by=by)


def traffic_facility_work_create(*, data, by=None):
    return record_create(model=TrafficFacilityWork, data=data, by=by)


def safety_record_update(*, record, data, expected_version, by=None, reason=""):
    """Edit a traffic record (no rule beyond its model's)."""
    return record_update(instance=record, data=data, expected_version=expected_version, by=by,
                         reason=reason)


# The services that write each model, for the API and the admin alike (the hazard ledger's
# import writes through ``hazard_ledger_import``, see ``resources``).
declare_writes(Inspection, create=inspection_create, update=inspection_update,
               bulk_create=inspection_bulk_create, instance_arg="inspection")
# A hazard is deleted as every closed-loop item is (``closed_loop_delete``).
declare_writes(Hazard, create=hazard_report, update=hazard_update, instance_arg="hazard")
declare_writes(EnforcementCase, create=enforcement_case_create,
               update=enforcement_case_update, instance_arg="case")
declare_writes(TrafficPublicityEvent, create=traffic_event_create,
               update=safety_record_update, instance_arg="record")
declare_writes(TrafficPersuasion, create=traffic_persuasion_create,
               update=safety_record_update, instance_arg="record")
declare_writes(TrafficFacilityWork, create=traffic_facility_work_create,
               update=safety_record_update, instance_arg="record")

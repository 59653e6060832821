"""Writes of the safety app. Inspections are the core's assessments, hazards its
closed-loop items: their services do the work, these add what safety knows."""

from django.db import transaction

from cuizhai.core.base.services import assessments, closed_loop
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_update
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

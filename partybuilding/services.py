"""Writes of the party-building app, with its rules. Every write is atomic and validated;
the API, the admin (its inline rows too), the imports and the demo all come through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.services import assessments
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.closed_loop import closed_loop_report, closed_loop_update
from cuizhai.core.base.services.records import record_create, record_delete, record_update
from cuizhai.core.base.services.status import is_system_admin
from cuizhai.core.base.services.writes import declare_writes
from partybuilding.choices import ATTENDED, AttendanceStatus
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)
from projects import selectors as projects_selectors

QUOTA_FOR_SYSTEM_ADMIN = _("Only the system administrator sets the training quotas.")


# --- organisations and elections ---------------------------------------------------------
def organisation_create(*, data, by=None, reason=""):
    return record_create(model=PartyOrganisation, data=data, by=by, reason=reason)


def organisation_update(*, organisation, data, expected_version, by=None, reason=""):
    parent = data.get("parent", organisation.parent)
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == organisation.pk:
            raise ValidationError({"parent": _(
                "An organisation cannot be placed under itself or one of its own branches.")})
        ancestor = ancestor.parent
    return record_update(instance=organisation, data=data, expected_version=expected_version,
                         by=by, reason=reason)


def election_create(*, data, by=None, reason=""):
    return record_create(model=Election, data=data, by=by, reason=reason)


def election_update(*, election, data, expected_version, by=None, reason=""):
    return record_update(instance=election, data=data, expected_version=expected_version,
                         by=by, reason=reason)


# --- cadres -------------------------------------------------------------------------------
def cadre_profile_create(*, data, by=None, reason=""):
    return record_create(model=CadreProfile, data=data, by=by, reason=reason)


def cadre_profile_update(*, cadre, data, expected_version, by=None, reason=""):
    return record_update(instance=cadre, data=data, expected_version=expected_version,
                         by=by, reason=reason)


def _check_project_site(project):
    """A placement at a project is at a major project site, as the projects app defines
    one. Checked when a project is named, so that a placement written when its project was
    a site is not refused later for a change of the project's own."""
    if project is not None and not projects_selectors.major_project_sites().filter(
            pk=project.pk).exists():
        raise ValidationError({"project": ValidationError(
            _("“%(project)s” is not a major project site: a placement at a project names "
              "one of the started batch, whose works have begun."),
            code="not_a_project_site", params={"project": project},
        )})


def placement_create(*, data, by=None, reason=""):
    _check_project_site(data.get("project"))
    return record_create(model=Placement, data=data, by=by, reason=reason)


def placement_update(*, placement, data, expected_version, by=None, reason=""):
    project = data.get("project")
    if project is not None and project.pk != placement.project_id:
        _check_project_site(project)
    return record_update(instance=placement, data=data, expected_version=expected_version,
                         by=by, reason=reason)


# --- training -----------------------------------------------------------------------------
def _credited_hours(session, status, hours):
    """The hours an attendance credits: the session's unless given; none for an absence.
    More than the session lasted is refused."""
    if hours in (None, ""):
        return session.hours if status in ATTENDED else 0
    try:  # a number as a file or a form may give it: text
        hours = Attendance._meta.get_field("hours").to_python(hours)
    except ValidationError as error:
        raise ValidationError({"hours": error.messages}) from None
    if hours > session.hours:
        raise ValidationError({"hours": ValidationError(
            _("The session lasted %(hours)s hours: no more can be credited."),
            code="hours_beyond_session", params={"hours": session.hours},
        )})
    return hours


def _locked_session(session):
    # The session row is locked so that its hours and its sheet change one at a time.
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def training_session_create(*, data, by=None, reason=""):
    return record_create(model=TrainingSession, data=data, by=by, reason=reason)


@transaction.atomic
def training_session_update(*, session, data, expected_version, by=None, reason=""):
    if "hours" in data and data["hours"] is not None:
        _locked_session(session)
        credited = session.attendances.aggregate(most=Max("hours"))["most"]
        if credited is not None and credited > data["hours"]:
            raise ValidationError({"hours": ValidationError(
                _("An attendance already credits %(hours)s hours: correct it first."),
                code="attendance_beyond_hours", params={"hours": credited},
            )})
    return record_update(instance=session, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def attendance_create(*, data, by=None, reason=""):
    data = dict(data)
    session = data.get("session")
    if session is not None:
        session = _locked_session(session)
        data["session"] = session
        status = data.get("status") or AttendanceStatus.PRESENT
        data["status"] = status
        data["hours"] = _credited_hours(session, status, data.get("hours"))
    return record_create(model=Attendance, data=data, by=by, reason=reason)


@transaction.atomic
def attendance_update(*, attendance, data, expected_version, by=None, reason=""):
    data = dict(data)
    session = _locked_session(data.get("session") or attendance.session)
    status = data.get("status", attendance.status)
    if "hours" in data or "status" in data or "session" in data:
        # A new status without hours takes that status's default (none for an absence).
        hours = data.get("hours")
        if "hours" not in data and status == attendance.status:
            hours = attendance.hours
        data["hours"] = _credited_hours(session, status, hours)
    return record_update(instance=attendance, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def attendance_bulk_create(*, rows, by=None, reason=""):
    """Many sign-in rows at once (a sheet imported, the demo's thousands), by the rule of
    ``attendance_create``: each row credited its session's hours unless given, none for an
    absence. Every session named is locked once."""
    sessions = {row["session"].pk: row["session"] for row in rows if row.get("session")}
    locked = TrainingSession.objects.select_for_update().in_bulk(list(sessions))

    def rule(data):
        data = dict(data)
        session = locked.get(getattr(data.get("session"), "pk", None))
        if session is not None:
            data["session"] = session
            data["status"] = data.get("status") or AttendanceStatus.PRESENT
            data["hours"] = _credited_hours(session, data["status"], data.get("hours"))
        return data

    return record_bulk_create(model=Attendance, rows=rows, rule=rule, by=by, reason=reason)


def attendance_delete(*, attendance, by=None, reason="", expected_version=None):
    record_delete(instance=attendance, by=by, reason=reason, expected_version=expected_version)


@transaction.atomic
def attendances_add_organisation(*, session, organisation, by=None,
                                 status=AttendanceStatus.PRESENT):
    """Put every active cadre of ``organisation`` on the session's sheet (those already on
    it stay as they are). Returns the attendances added."""
    session = _locked_session(session)
    on_sheet = session.attendances.values("person")
    people = (CadreProfile.objects.filter(organisation=organisation, person__is_active=True)
              .exclude(person__in=on_sheet).select_related("person").order_by("person__name"))
    return [attendance_create(data={"session": session, "person": cadre.person,
                                    "status": status}, by=by)
            for cadre in people]


def training_quota_create(*, data, by=None, reason=""):
    _check_quota_setter(by)
    return record_create(model=TrainingQuota, data=data, by=by, reason=reason)


def training_quota_update(*, quota, data, expected_version, by=None, reason=""):
    _check_quota_setter(by)
    return record_update(instance=quota, data=data, expected_version=expected_version,
                         by=by, reason=reason)


def _check_quota_setter(user):
    # The quotas are the standard every office is measured against: no office sets its own.
    if not is_system_admin(user):
        raise PermissionDenied(QUOTA_FOR_SYSTEM_ADMIN)


# --- village committee evaluations and their problems -------------------------------------
def evaluation_create(*, data, by=None):
    return assessments.assessment_create(model=VillageEvaluation, data=data, by=by)


def evaluation_update(*, evaluation, data, expected_version, by=None, reason=""):
    return assessments.assessment_update(evaluation, data=data,
                                         expected_version=expected_version, by=by,
                                         reason=reason)


def evaluation_problem_report(*, by, evidence=(), note="", **fields):
    return closed_loop_report(model=EvaluationProblem, by=by, evidence=evidence, note=note,
                              **fields)


def collective_asset_problem_report(*, by, evidence=(), note="", **fields):
    return closed_loop_report(model=CollectiveAssetProblem, by=by, evidence=evidence,
                              note=note, **fields)


def problem_update(*, problem, data, expected_version, by=None, reason=""):
    return closed_loop_update(problem, data=data, expected_version=expected_version, by=by,
                              reason=reason)


# The services that write each model, for the API, the admin and the imports alike. The
# problems are reported, edited and deleted as every closed-loop item is.
declare_writes(PartyOrganisation, create=organisation_create, update=organisation_update,
               instance_arg="organisation")
declare_writes(Election, create=election_create, update=election_update,
               instance_arg="election")
declare_writes(CadreProfile, create=cadre_profile_create, update=cadre_profile_update,
               instance_arg="cadre")
declare_writes(Placement, create=placement_create, update=placement_update,
               instance_arg="placement")
declare_writes(TrainingSession, create=training_session_create,
               update=training_session_update, instance_arg="session")
declare_writes(Attendance, create=attendance_create, update=attendance_update,
               delete=attendance_delete, bulk_create=attendance_bulk_create,
               instance_arg="attendance")
declare_writes(TrainingQuota, create=training_quota_create, update=training_quota_update,
               instance_arg="quota")
declare_writes(VillageEvaluation, create=evaluation_create, update=evaluation_update,
               instance_arg="evaluation")

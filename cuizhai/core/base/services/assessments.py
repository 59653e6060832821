"""Writes of an assessment (``cuizhai.core.base.models.Assessment``): start it on the
current checklist, record each criterion's result with a note and photos, complete it,
and raise a closed-loop item from a failed criterion in one step."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.exceptions import StaleVersion
from cuizhai.core.base.models import Assessment
from cuizhai.core.base.services.closed_loop import check_evidence, closed_loop_report
from cuizhai.core.base.services.records import (
    claim_version,
    record_create,
    record_update,
    save_validated,
    stamp_history,
)
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.choices import AssessmentStatus, CriterionKind
from cuizhai.core.models import CriterionPhoto, CriterionResult

COMPLETED = _("This assessment is completed: its results cannot change.")
# ``result_version`` not given: the result is not checked against a version seen.
UNCHECKED = object()


def check_new_assessment(data):
    """The rule of a new assessment (one or many at once): the current checklist only."""
    template = data.get("template")
    if template is not None and not template.is_current:
        raise ValidationError({"template": _(
            "This is an old version of the checklist; new assessments use the current one.")})


def assessment_create(*, model, data, by=None):
    check_new_assessment(data)
    return record_create(model=model, data=data, by=by)


@transaction.atomic
def assessment_update(assessment, *, data, expected_version, by=None, reason=""):
    locked = type(assessment)._default_manager.select_for_update().get(pk=assessment.pk)
    if locked.is_completed:
        raise ValidationError(COMPLETED, code="assessment_completed")
    if "template" in data and data["template"].pk != locked.template_id and (
            CriterionResult.objects.filter(**_owner(locked)).exists()):
        raise ValidationError({"template": _(
            "Results are recorded against this checklist: it cannot be changed.")})
    return record_update(instance=assessment, data=data, expected_version=expected_version,
                         by=by, reason=reason)


def _owner(assessment):
    return {"content_type": ContentType.objects.get_for_model(assessment),
            "object_id": assessment.pk}


def _check_value(criterion, passed, score):
    if criterion.kind == CriterionKind.PASS_FAIL:
        if passed is None:
            raise ValidationError({"passed": _("Say whether the criterion is met.")})
        if score is not None:
            raise ValidationError({"score": _("A pass/fail criterion takes no score.")})
        return
    if score is None:
        raise ValidationError({"score": _("Give the score.")})
    if score < 0 or score > criterion.max_score:
        raise ValidationError({"score": ValidationError(
            _("The score must be between 0 and %(max)s."),
            params={"max": f"{criterion.max_score.normalize():f}"},  # 20, not 20.00
            code="score_range",
        )})
    if passed is not None:
        raise ValidationError({"passed": _("A scored criterion is passed by its score.")})


@transaction.atomic
def assessment_record_result(assessment, *, criterion, passed=None, score=None, note="",
                             photos=(), by=None, expected_version=None,
                             result_version=UNCHECKED):
    """Record (or correct) one criterion's result. The assessment's version moves, so that
    two people filling in the same sheet do not overwrite each other unawares.

    ``result_version`` is the version of this criterion's result the editor saw (a row of
    the admin page), ``None`` when it had none: a result changed or recorded since is
    refused, whatever happened to the other criteria."""
    check_evidence(photos, field="photos")
    locked = type(assessment)._default_manager.select_for_update().get(pk=assessment.pk)
    if locked.is_completed:
        raise ValidationError(COMPLETED, code="assessment_completed")
    if criterion.template_id != locked.template_id:
        raise ValidationError({"criterion": _("That criterion is not on this checklist.")})
    _check_value(criterion, passed, score)
    claim_version(locked, locked.version if expected_version is None else expected_version)
    stamp_history(locked, by=by)
    save_validated(locked)
    result = CriterionResult.objects.filter(criterion=criterion, **_owner(locked)).first()
    if result is None:
        result = CriterionResult(criterion=criterion, **_owner(locked))
    elif result_version is None:
        raise StaleVersion(current_version=result.version)  # recorded since it was seen
    else:
        claim_version(result, result.version if result_version is UNCHECKED else result_version)
    result.passed, result.score, result.note, result.recorded_by = passed, score, note, by
    result.full_clean()
    stamp_history(result, by=by)
    save_validated(result)
    for upload in photos:
        CriterionPhoto.objects.create(result=result, file=upload, original_name=upload.name,
                                      size=upload.size)
    return result


@transaction.atomic
def assessment_complete(assessment, *, by=None, expected_version=None):
    """Close the sheet: every criterion has its result; nothing changes after."""
    locked = type(assessment)._default_manager.select_for_update().get(pk=assessment.pk)
    if locked.is_completed:
        raise ValidationError(COMPLETED, code="assessment_completed")
    answered = CriterionResult.objects.filter(**_owner(locked)).values("criterion")
    missing = locked.template.criteria.exclude(pk__in=answered)
    if missing.exists():
        raise ValidationError(
            _("Criteria without a result: %(list)s."), code="results_missing",
            params={"list": "; ".join(str(c) for c in missing[:10])},
        )
    claim_version(locked, locked.version if expected_version is None else expected_version)
    locked.status = AssessmentStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.completed_by = by
    locked.full_clean()
    stamp_history(locked, by=by)
    save_validated(locked)
    return locked


@transaction.atomic
def assessment_raise_item(result, *, by, title="", **fields):
    """Raise the closed-loop item (hazard, problem…) a failed criterion calls for: titled
    after the criterion, described by the assessor's note, linked back to the result. One
    item per failed criterion."""
    result = CriterionResult.objects.select_for_update().select_related("criterion").get(
        pk=result.pk)
    assessment = result.assessment
    model = assessment.raised_model()
    if model is None:
        raise ValidationError(_("This kind of assessment raises no items."))
    if not result.failed:
        raise ValidationError(_("Only a failed criterion raises an item."), code="not_failed")
    existing = model._default_manager.filter(source_result=result).first()
    if existing is not None:
        raise ValidationError(
            _("An item was already raised from this criterion: “%(item)s”."),
            code="already_raised", params={"item": existing},
        )
    return closed_loop_report(
        model=model, by=by, source_result=result,
        title=(title or result.criterion.text)[:200], description=result.note,
        **{**assessment.raised_item_fields(result), **fields},
    )


# Every kind of assessment, unless its app declares its own (deleted as any record is).
declare_writes(Assessment, create=assessment_create, update=assessment_update,
               instance_arg=None)

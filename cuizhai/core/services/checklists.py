"""Checklist templates and their criteria: a version in use is frozen; a change to it is a
new version, so that an assessment always shows the checklist it was made with."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.services.records import (
    claim_version,
    record_create,
    record_delete,
    record_update,
    save_validated,
    stamp_history,
)
from cuizhai.core.base.services.writes import declare_writes
from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate, CriterionResult

FROZEN = _("This checklist version is in use by assessments and cannot change: "
           "create a new version of it instead.")


def template_in_use(template):
    return CriterionResult.objects.filter(criterion__template=template).exists()


def _refuse_if_frozen(template):
    if template_in_use(template):
        raise ValidationError(FROZEN, code="template_frozen")


def checklist_template_create(*, data, by=None):
    return record_create(model=ChecklistTemplate, data=data, by=by)


@transaction.atomic
def checklist_template_update(template, *, data, expected_version, by=None, reason=""):
    # Only which version is current may change once the checklist is in use.
    if set(data) - {"is_current"}:
        _refuse_if_frozen(template)
    return record_update(instance=template, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def checklist_criterion_create(*, data, by=None):
    template = ChecklistTemplate.objects.select_for_update().get(pk=data["template"].pk)
    _refuse_if_frozen(template)
    return record_create(model=ChecklistCriterion, data=data, by=by)


@transaction.atomic
def checklist_criterion_update(criterion, *, data, expected_version, by=None, reason=""):
    template = ChecklistTemplate.objects.select_for_update().get(pk=criterion.template_id)
    _refuse_if_frozen(template)
    if "template" in data and data["template"].pk != template.pk:
        raise ValidationError({"template": _("A criterion cannot move to another checklist.")})
    return record_update(instance=criterion, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def checklist_criterion_delete(criterion, *, by=None, expected_version=None):
    ChecklistTemplate.objects.select_for_update().get(pk=criterion.template_id)
    _refuse_if_frozen(criterion.template)
    record_delete(instance=criterion, by=by, expected_version=expected_version)


@transaction.atomic
def checklist_template_new_version(template, *, by=None):
    """Copy ``template`` and its criteria as the next version of the checklist, which
    becomes the current one; the versions before it stay as they are."""
    family = ChecklistTemplate.objects.select_for_update().filter(code=template.code)
    number = (family.aggregate(n=Max("version_number"))["n"] or 0) + 1
    for older in family.filter(is_current=True):
        stamp_history(older, by=by, reason=str(_("Superseded by version %(n)d")) % {"n": number})
        claim_version(older, older.version)
        older.is_current = False
        save_validated(older)
    new = record_create(model=ChecklistTemplate, by=by, data={
        "code": template.code, "version_number": number, "name": template.name,
        "area": template.area, "description": template.description, "is_current": True,
    })
    for criterion in template.criteria.all():
        record_create(model=ChecklistCriterion, by=by, data={
            "template": new, "position": criterion.position, "text": criterion.text,
            "kind": criterion.kind, "max_score": criterion.max_score,
            "pass_score": criterion.pass_score,
        })
    return new


# The template and the criterion are the first arguments of their services.
declare_writes(ChecklistTemplate, create=checklist_template_create,
               update=checklist_template_update, instance_arg=None)
declare_writes(ChecklistCriterion, create=checklist_criterion_create,
               update=checklist_criterion_update, delete=checklist_criterion_delete,
               instance_arg=None)

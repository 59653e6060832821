"""Writes of the projects app, with its business rules. Every write is atomic and validated."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.exceptions import DeleteRefused
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create, record_delete, record_update
from cuizhai.core.base.services.status import (  # noqa: F401 (the forms' and tests' names)
    REASON_MAX_LENGTH,
    StatusMachine,
    check_reason_length,
    is_system_admin,
)
from cuizhai.core.base.services.writes import declare_writes
from projects.choices import ProjectStatus
from projects.models import FundingLine, Milestone, MonthlyProgress, Project

S = ProjectStatus
# Forward through the life cycle, sideways into and out of suspension. Going back from
# "completed" is not a normal move: only a system admin may, with a reason on record.
PROJECT_STATUS = StatusMachine(
    moves={
        S.PLANNING: {S.PREPARATION, S.SUSPENDED},
        S.PREPARATION: {S.PLANNING, S.CONSTRUCTION, S.SUSPENDED},
        S.CONSTRUCTION: {S.COMPLETED, S.SUSPENDED},
        S.SUSPENDED: {S.PLANNING, S.PREPARATION, S.CONSTRUCTION},
        S.COMPLETED: set(),
    },
    reopen_from={S.COMPLETED},
    illegal_message=_("A project cannot go from “%(old)s” to “%(new)s”."),
    reopen_reason_message=_("Reopening a completed project needs a reason."),
)
check_status_change = PROJECT_STATUS.check


def funding_total(project, *, excluding=None):
    lines = FundingLine.objects.filter(project=project)
    if excluding is not None and excluding.pk:
        lines = lines.exclude(pk=excluding.pk)
    return lines.aggregate(total=Sum("amount"))["total"] or Decimal("0")


def check_funding_fits(project, total_of_lines, *, field="amount"):
    if total_of_lines > project.total_investment:
        raise ValidationError({field: ValidationError(
            _("The funding lines would total %(total)s 万元, more than the project's total "
              "investment of %(investment)s 万元."),
            code="funding_exceeds_investment",
            params={"total": total_of_lines, "investment": project.total_investment},
        )})


@transaction.atomic
def project_create(*, data, by=None, reason=""):
    return record_create(model=Project, data=data, by=by, reason=reason)


def project_bulk_create(*, rows, by=None, reason=""):
    """Many new projects at once (an import): each by the rules of ``project_create``."""
    return record_bulk_create(model=Project, rows=rows, by=by, reason=reason)


@transaction.atomic
def project_update(*, project, data, expected_version, by=None, reason=""):
    # Any reason goes into the history, whose column holds REASON_MAX_LENGTH characters.
    check_reason_length(reason)
    if "status" in data:
        check_status_change(old=project.status, new=data["status"], by=by, reason=reason)
    # A negative total is left to the model's own "not negative" rule and its message.
    if "total_investment" in data and data["total_investment"] >= 0:
        # Lock as funding_line_create does, so that a line added meanwhile is counted.
        list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk"))
        check_funding_fits(
            Project(total_investment=data["total_investment"]), funding_total(project),
            field="total_investment",
        )
    return record_update(instance=project, data=data, expected_version=expected_version,
                         by=by, reason=reason)


@transaction.atomic
def project_change_status(*, project, status, by, reason="", expected_version=None):
    return project_update(
        project=project, data={"status": status}, by=by, reason=reason,
        expected_version=project.version if expected_version is None else expected_version,
    )


@transaction.atomic
def funding_line_create(*, data, by=None, reason=""):
    # Lock the project so that two lines added at once cannot together exceed its total.
    project = Project.objects.select_for_update().get(pk=data["project"].pk)
    check_funding_fits(project, funding_total(project) + data["amount"])
    return record_create(model=FundingLine, data=data, by=by, reason=reason)


@transaction.atomic
def funding_line_update(*, line, data, expected_version, by=None, reason=""):
    project = Project.objects.select_for_update().get(pk=data.get("project", line.project).pk)
    amount = data.get("amount", line.amount)
    others = funding_total(project, excluding=line if project.pk == line.project_id else None)
    check_funding_fits(project, others + amount)
    return record_update(instance=line, data=data, expected_version=expected_version, by=by,
                         reason=reason)


# What a project's delete takes with it (on_delete=CASCADE): its related name and model.
CASCADED_WITH_PROJECT = (
    ("funding", FundingLine),
    ("milestones", Milestone),
    ("progress", MonthlyProgress),
)


@transaction.atomic
def project_delete(*, project, by=None, reason="", confirm_cascade=False,
                   expected_version=None):
    """Delete a project. Its funding lines, milestones and monthly progress would go with
    it, so a project that has any is refused, naming them, unless the system administrator
    confirms the cascade. Its problems always block it: their log is kept."""
    cascaded = [
        (model, getattr(project, related_name).count())
        for related_name, model in CASCADED_WITH_PROJECT
    ]
    cascaded = [(model, count) for model, count in cascaded if count]
    if cascaded and not (confirm_cascade and is_system_admin(by)):
        raise DeleteRefused(
            _("“%(project)s” still has %(records)s, which would be deleted with it. Delete "
              "those first, or (system administrator) confirm deleting them all."),
            code="cascade_not_confirmed",
            params={"project": project, "records": ", ".join(
                f"{model._meta.verbose_name_plural}: {count}" for model, count in cascaded
            )},
        )
    record_delete(instance=project, expected_version=expected_version, by=by, reason=reason)


# The services that write each model, for the API, the admin and the imports alike.
declare_writes(Project, create=project_create, update=project_update, delete=project_delete,
               bulk_create=project_bulk_create, instance_arg="project")
# A funding line, on its own page, as a row of its project's or through the API: these
# lock the project, so that lines saved at once cannot together exceed its investment.
declare_writes(FundingLine, create=funding_line_create, update=funding_line_update,
               instance_arg="line")

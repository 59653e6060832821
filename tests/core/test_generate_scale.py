"""``manage.py generate_scale`` on a tiny scale: the counts asked for, every record valid
(``full_clean`` on a sample of every model), the business rules the services hold, the
closed loop's log and history as the workflow services would leave them, and a refused
second run.

Generated once for the module, in a transaction rolled back at the end.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.urls import reverse

from cuizhai.core.base.models import FINISHED_STATUSES
from cuizhai.core.base.services.closed_loop import compute_deadlines
from cuizhai.core.models import Department, Enterprise, WorkflowTransition
from partybuilding.models import Attendance
from projects.models import (
    EnterpriseNeed,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)
from resettlement.models import Handover, Household, HousingUnit, RepairRequest, Selection
from safety.models import Hazard, Inspection

pytestmark = pytest.mark.django_db

SUBDISTRICTS, YEARS, DENSITY = 2, 3, 0.05
# Per subdistrict and year at this density: round(rate × 0.05).
PROJECTS, VISITS, NEEDS, OUTCOMES = 7, 33, 8, 1
ENTERPRISES_PER_SUBDISTRICT = 2  # round(10 × 0.05 × 3 years)
GENERATED_APPS = ("core", "projects", "resettlement", "safety", "partybuilding")


def generate():
    call_command(
        "generate_scale", "--subdistricts", SUBDISTRICTS, "--years", YEARS,
        "--density", DENSITY, stdout=StringIO(), stderr=StringIO(),
    )


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        generate()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def heavy_problem(generated):
    return ProjectProblem.objects.get(title__startswith="SC-HEAVY")


def business_models():
    for label in GENERATED_APPS:
        for model in apps.get_app_config(label).get_models():
            if hasattr(model, "history") and model._default_manager.exists():
                yield model


def test_counts_are_as_requested(generated):
    cells = SUBDISTRICTS * YEARS
    assert Department.objects.filter(code__startswith="scale-").count() == 8 * SUBDISTRICTS
    # One more project: the one saved 10,000 times (at this density, 500).
    assert Project.objects.count() == PROJECTS * cells + 1
    assert Enterprise.objects.count() == ENTERPRISES_PER_SUBDISTRICT * SUBDISTRICTS
    assert Visit.objects.count() == VISITS * cells
    assert EnterpriseNeed.objects.count() == NEEDS * cells
    assert SupportOutcome.objects.count() == OUTCOMES * cells
    assert ProjectProblem.objects.count() > PROJECTS * cells  # 2.5 per project on average
    assert MonthlyProgress.objects.count() > Project.objects.count()


def test_a_sample_of_every_model_passes_full_clean(generated):
    checked = set()
    for model in business_models():
        for record in model._default_manager.order_by("?")[:40]:
            record.full_clean()
        checked.add(model._meta.label)
    assert {"core.Department", "projects.Project", "projects.FundingLine",
            "projects.Milestone", "projects.MonthlyProgress", "projects.ProjectProblem",
            "core.Enterprise", "projects.Visit", "projects.EnterpriseNeed",
            "projects.SupportOutcome", "core.Community", "core.Village", "core.Person",
            "core.ChecklistTemplate", "resettlement.Building", "resettlement.Household",
            "resettlement.HousingUnit", "resettlement.Selection", "resettlement.Handover",
            "resettlement.RepairRequest", "safety.Inspection", "safety.Hazard",
            "partybuilding.TrainingSession", "partybuilding.Attendance"} <= checked


def test_every_record_has_its_history_up_to_its_version(generated):
    for model in business_models():
        versions = model._default_manager.aggregate(total=Sum("version"))["total"]
        assert model.history.count() == versions, model
        latest = model.history.order_by("-history_date", "-history_id").first()
        assert latest.instance.version == model._default_manager.get(pk=latest.id).version


def test_funding_lines_stay_within_the_investment(generated):
    over = Project.objects.annotate(lines=Sum("funding__amount")).filter(
        lines__gt=F("total_investment")
    )
    assert Project.objects.filter(funding__isnull=False).exists()
    assert not over.exists()


def test_one_progress_row_per_project_and_month(generated):
    repeated = (MonthlyProgress.objects.values("project", "year", "month")
                .annotate(n=Count("pk")).filter(n__gt=1))
    assert not repeated.exists()
    assert not MonthlyProgress.objects.filter(project__actual_start__isnull=True).exists()


@pytest.mark.parametrize("model", [ProjectProblem, EnterpriseNeed, RepairRequest, Hazard])
def test_closed_loop_items_have_a_consistent_log(generated, model):
    content_type = ContentType.objects.get_for_model(model)
    log = {}
    for transition in WorkflowTransition.objects.filter(content_type=content_type):
        log.setdefault(transition.object_id, []).append(transition)
    items = list(model.objects.all())
    assert "closed" in {item.status for item in items}
    for item in items:
        steps = log[item.pk]
        assert steps[0].action == "report" and steps[0].from_status == ""
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.at >= before.at
        assert steps[-1].to_status == item.status
        assert len(steps) == item.version == item.history.count()
        assert (item.resolved_at is not None) == (item.status in FINISHED_STATUSES)
        assert (item.closed_at is not None) == (item.status == "closed")
        if item.status == "closed":
            assert item.verified_by_id != item.resolved_by_id
        assigns = [step for step in steps if step.action == "assign"]
        assert item.responded_at == (assigns[0].at if assigns else None)
        if assigns:
            assert item.assignee_id is not None and item.handling_department_id is not None


def test_deadlines_are_the_workflow_services_own(generated):
    for model in (ProjectProblem, EnterpriseNeed):
        for item in model.objects.order_by("?")[:30]:
            expected = compute_deadlines(model=model, reported_at=item.reported_at)
            assert item.response_due == expected["response_due"]
            assert item.resolution_due == expected["resolution_due"]
            assert item.resolution_due_provisional == expected["resolution_due_provisional"]
    # Clocks by category (a leak in 3 working days) and level (a major hazard in 2 hours).
    for model in (RepairRequest, Hazard):
        for item in model.objects.order_by("?")[:30]:
            expected = compute_deadlines(item=item, reported_at=item.reported_at)
            assert item.response_due == expected["response_due"]
            assert item.resolution_due == expected["resolution_due"]


def test_the_other_apps_at_the_issues_proportions(generated):
    """Per subdistrict and year at this density: 33 housing units, 17 inspections, 333
    attendances (a million units and hazards, ten million attendances for the city)."""
    cells = SUBDISTRICTS * YEARS
    assert HousingUnit.objects.count() == 33 * cells
    assert Inspection.objects.count() == 17 * cells
    assert Attendance.objects.count() == 333 // 2 * 2 * cells  # 2 sessions of 166
    units = HousingUnit.objects.count()
    assert 0.85 * units <= Household.objects.count() <= units
    # Every household selected its flat; a rehoused one has it handed over.
    assert Selection.objects.count() == Household.objects.count()
    assert not Household.objects.filter(status="rehoused", selections__unit__handover=None
                                        ).exists()
    assert Handover.objects.count() == HousingUnit.objects.filter(status="handed_over").count()
    assert HousingUnit.objects.filter(status="selected").count() == (
        Selection.objects.count() - Handover.objects.count())
    assert Hazard.objects.count() > Inspection.objects.count()
    # A hazard found on an inspection is at the inspection's target.
    assert not Hazard.objects.exclude(site=F("inspection__site")).exists()
    assert not Attendance.objects.filter(status__in=["absent", "excused"]).exclude(
        hours=0).exists()
    assert not Attendance.objects.filter(status__in=["present", "late"]).exclude(
        hours=F("session__hours")).exists()


def test_needs_found_on_a_visit_belong_to_the_enterprise_visited(generated):
    assert EnterpriseNeed.objects.filter(visit__isnull=False).exists()
    assert not EnterpriseNeed.objects.exclude(visit__isnull=True).exclude(
        visit__enterprise=F("enterprise")
    ).exists()


def test_the_heaviest_item_and_record_are_there_for_the_benchmark(generated, heavy_problem):
    # At this density the problem is returned 25 times: report, assign, start, then
    # 25 × (resolve, return), a last resolve and the verification.
    assert heavy_problem.transitions.count() == 3 + 2 * 25 + 2
    assert heavy_problem.status == "closed"
    assert Project.objects.aggregate(top=Max("version"))["top"] == 500


def test_the_api_reads_the_generated_data(generated, leader, api_client_for, heavy_problem):
    api = api_client_for(leader, "en")
    listed = api.get(reverse("projects-api:project-list"), {"status": "construction"})
    assert listed.status_code == 200
    assert listed.json()["count"] == Project.objects.filter(status="construction").count()
    log = api.get(reverse("projects-api:projectproblem-transitions", args=[heavy_problem.pk]))
    assert log.status_code == 200
    assert len(log.json()) == heavy_problem.transitions.count()


def test_a_second_run_is_refused_and_writes_nothing(generated):
    before = Project.objects.count(), WorkflowTransition.objects.count()
    with pytest.raises(CommandError, match="already holds generated data"):
        generate()
    assert (Project.objects.count(), WorkflowTransition.objects.count()) == before


def test_reuse_leaves_generated_data_as_it_is(generated):
    before = Project.objects.count()
    out = StringIO()
    call_command("generate_scale", "--subdistricts", 1, "--years", 1, "--reuse", stdout=out,
                 stderr=StringIO())
    assert "Reusing" in out.getvalue()
    assert Project.objects.count() == before

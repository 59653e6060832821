"""The safety rules, through the services every path calls: a failed criterion raises a
hazard in one step, the level sets the deadline, a major hazard is verified only by the
office's leader and never by its rectifier, a hazard found again is a repeat."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.exceptions import ActionNotAllowed
from cuizhai.core.base.services import assessments, closed_loop
from cuizhai.core.choices import WorkflowStatus
from safety import selectors, services
from safety.models import Hazard
from tests.factories import CommunityFactory, DepartmentFactory, VillageFactory
from tests.projects.factories import EnterpriseFactory, ProjectFactory
from tests.safety import factories as f
from tests.support.clock import at, clock
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

SAFETY = roles.office_group("safety")
SAFETY_LEAD = "安全办负责人"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def test_a_failed_criterion_raises_a_hazard_at_the_inspected_place_in_one_step():
    inspector = make_user("inspector", SAFETY)
    inspection = f.make_inspection(by=inspector, kind="fire")
    result = f.failed(inspection, 1, by=inspector, note="二楼消防通道堆放纸箱")

    hazard = assessments.assessment_raise_item(result, by=inspector)

    assert (hazard.title, hazard.description) == ("消防通道畅通", "二楼消防通道堆放纸箱")
    assert hazard.inspection == inspection and hazard.source_result == result
    assert hazard.enterprise == inspection.enterprise
    assert hazard.category == "fire"  # from the kind of inspection
    assert hazard.status == WorkflowStatus.REPORTED and hazard.transitions.count() == 1
    with pytest.raises(ValidationError, match="already raised"):
        assessments.assessment_raise_item(result, by=inspector)


def test_a_hazard_reported_on_an_inspection_is_at_the_inspected_place():
    inspection = f.make_inspection()
    hazard = f.report_hazard(inspection=inspection)
    assert hazard.enterprise == inspection.enterprise

    with pytest.raises(ValidationError) as refused:
        f.report_hazard(inspection=inspection, enterprise=EnterpriseFactory())
    assert "inspection" in refused.value.message_dict
    assert Hazard.objects.count() == 1


@pytest.mark.parametrize("target", [
    {},                                                       # none
    {"site": "崔寨大街与309国道路口"},                           # a site without its place
    {"enterprise": "new", "site": "仓库"},                     # two targets
    {"site": "路口", "village": "new", "community": "new"},   # a site in two places
])
def test_a_hazard_has_exactly_one_target(target):
    makers = {"enterprise": EnterpriseFactory, "village": VillageFactory,
              "community": CommunityFactory}
    data = {name: makers[name]() if value == "new" else value for name, value in target.items()}
    with pytest.raises(ValidationError):
        services.hazard_report(data={"title": "配电箱未接地", "category": "electrical", **data},
                               by=make_user("clerk", SAFETY))
    assert not Hazard.objects.exists()


def test_the_responsible_unit_is_an_enterprise_or_a_department():
    with pytest.raises(ValidationError, match="not both"):
        f.report_hazard(responsible_enterprise=EnterpriseFactory(),
                        responsible_department=DepartmentFactory())


# Reported on Tuesday 2024-10-08 at 10:00. Working days by hand (Saturday 12 October was the
# National Day make-up working day): 9, 10, 11, 12, 14, 15, 16, 17, 18, 21 → the 10th is
# Monday 21 October. Thirty: … 21 (10), 22–25 (14), 28–31 (18), Nov 1 (19), 4–8 (24),
# 11–15 (29), 18 (30) → Monday 18 November.
@pytest.mark.parametrize(("level", "response_due", "resolution_due"), [
    ("general", at(2024, 10, 9, 10), at(2024, 10, 21, 23, 59, 59)),
    ("major", at(2024, 10, 8, 12), at(2024, 11, 18, 23, 59, 59)),
])
def test_the_level_sets_the_rectification_deadline_in_working_days(
        level, response_due, resolution_due):
    with clock(at(2024, 10, 8, 10)):
        hazard = f.report_hazard(severity=level, reported_at=at(2024, 10, 8, 10))
    assert hazard.response_due == response_due
    assert hazard.resolution_due == resolution_due


def test_reclassifying_a_hazard_as_major_moves_its_deadline():
    with clock(at(2024, 10, 8, 10)):
        hazard = f.report_hazard(reported_at=at(2024, 10, 8, 10))
        hazard = services.hazard_update(hazard=hazard, data={"severity": "major"},
                               expected_version=hazard.version)
    assert hazard.resolution_due == at(2024, 11, 18, 23, 59, 59)


def resolved(hazard, by):
    worker = make_user("worker", SAFETY)
    hazard = closed_loop.closed_loop_assign(hazard, by=by, assignee=worker)
    return closed_loop.closed_loop_resolve(hazard, by=worker, note="已整改")


def test_a_major_hazard_is_verified_by_the_leader_only_and_never_by_its_rectifier():
    clerk = make_user("clerk", SAFETY)
    leader = make_user("leader", SAFETY, SAFETY_LEAD)
    hazard = resolved(f.report_hazard(by=clerk, severity="major"), clerk)

    with pytest.raises(ActionNotAllowed):
        closed_loop.closed_loop_verify(hazard, by=clerk)
    assert Hazard.objects.get(pk=hazard.pk).status == WorkflowStatus.RESOLVED
    assert "verify" not in closed_loop.allowed_actions(hazard, clerk)

    rectifier = hazard.resolved_by
    rectifier.groups.add(*leader.groups.all())
    rectifier = type(rectifier).objects.get(pk=rectifier.pk)
    with pytest.raises(ValidationError, match="cannot also verify"):
        closed_loop.closed_loop_verify(hazard, by=rectifier)

    closed = closed_loop.closed_loop_verify(hazard, by=leader)
    assert closed.status == WorkflowStatus.CLOSED and closed.verified_by == leader


def test_a_general_hazard_is_verified_by_any_clerk_of_the_office():
    clerk = make_user("clerk", SAFETY)
    hazard = resolved(f.report_hazard(by=clerk), clerk)
    assert closed_loop.closed_loop_verify(hazard, by=clerk).status == WorkflowStatus.CLOSED


def test_the_role_table_gives_the_leader_group_the_verify_major_permission():
    leader = make_user("leader", SAFETY_LEAD)
    clerk = make_user("clerk", SAFETY)
    assert leader.has_perm("safety.verify_major_hazard")
    assert not clerk.has_perm("safety.verify_major_hazard")


def repeats():
    return dict(selectors.hazard_list().values_list("title", "is_repeat"))


def test_a_hazard_found_again_at_the_same_target_and_category_within_a_year_is_a_repeat():
    plant, other_plant = EnterpriseFactory(), EnterpriseFactory()
    village = VillageFactory()
    for title, moment, fields in [
        ("first", at(2023, 6, 1, 9), {"enterprise": plant}),
        ("again within a year", at(2024, 5, 30, 9), {"enterprise": plant}),
        ("other category", at(2024, 5, 30, 9), {"enterprise": plant, "category": "fire"}),
        ("other enterprise", at(2024, 5, 30, 9), {"enterprise": other_plant}),
        ("site", at(2024, 1, 2, 9), {"site": "村口", "village": village}),
        ("same site", at(2024, 3, 2, 9), {"site": "村口", "village": village}),
        ("other site", at(2024, 3, 2, 9), {"site": "村西", "village": village}),
    ]:
        with clock(moment):
            f.report_hazard(title=title, reported_at=moment, **fields)
    with clock(at(2025, 6, 1, 9)):
        f.report_hazard(title="more than a year after the last", reported_at=at(2025, 6, 1, 9),
                        enterprise=plant)

    assert repeats() == {
        "first": False, "again within a year": True, "other category": False,
        "other enterprise": False, "site": False, "same site": True, "other site": False,
        "more than a year after the last": False,
    }


def test_a_repeat_is_found_at_each_kind_of_target_and_at_the_same_moment_by_order():
    # Each kind of target is looked up on its own (selectors.repeat_condition): a project,
    # a site in a community, the same site name in another place; two reports at the same
    # moment count in the order they were recorded.
    bridge = ProjectFactory()
    community, village, other_village = CommunityFactory(), VillageFactory(), VillageFactory()
    for title, moment, fields in [
        ("project", at(2024, 1, 5, 9), {"project": bridge}),
        ("project again", at(2024, 11, 5, 9), {"project": bridge}),
        ("community site", at(2024, 2, 1, 9), {"site": "东门", "community": community}),
        ("community site again", at(2024, 2, 1, 9), {"site": "东门", "community": community}),
        ("same name in a village", at(2024, 3, 1, 9), {"site": "东门", "village": village}),
        ("same name in another village", at(2024, 4, 1, 9),
         {"site": "东门", "village": other_village}),
    ]:
        with clock(moment):
            f.report_hazard(title=title, reported_at=moment, **fields)

    assert repeats() == {
        "project": False, "project again": True, "community site": False,
        "community site again": True, "same name in a village": False,
        "same name in another village": False,
    }


def test_an_expert_inspection_has_an_outside_expert_among_its_inspectors():
    expert_led = f.make_inspection(inspectors=[f.ExpertFactory(), f.CadreFactory()])
    routine = f.make_inspection(inspectors=[f.CadreFactory()],
                                assessed_on=datetime.date(2024, 5, 11))
    rows = dict(selectors.inspection_list().values_list("pk", "is_expert"))
    assert rows == {expert_led.pk: True, routine.pk: False}


def test_many_inspections_at_once_keep_the_rule_of_one_and_link_their_inspectors():
    expert = f.ExpertFactory()
    template = f.checklist()
    rows = [{"template": template, "assessed_on": datetime.date(2024, 5, day), "kind": "fire",
             "enterprise": EnterpriseFactory(), "inspectors": [expert]} for day in (6, 7)]
    created = services.inspection_bulk_create(rows=rows)
    assert [list(i.inspectors.all()) for i in created] == [[expert], [expert]]
    assert dict(selectors.inspection_list().values_list("pk", "is_expert")) == {
        created[0].pk: True, created[1].pk: True}

    template.is_current = False
    template.save()
    from cuizhai.core.base.exceptions import RowsRefused

    with pytest.raises(RowsRefused):
        services.inspection_bulk_create(rows=[{**rows[0], "assessed_on": datetime.date(
            2024, 5, 8), "inspectors": []}])
    assert selectors.inspection_list().count() == 2

"""One short test per filter of the safety lists, through the list endpoints: each case
builds a record the filter must find and one it must leave out."""

import datetime

import pytest
from django.urls import reverse

from cuizhai.core.base.services import closed_loop
from tests.factories import CommunityFactory, DepartmentFactory, VillageFactory
from tests.projects.factories import EnterpriseFactory, ProjectFactory
from tests.safety import factories as f
from tests.support.clock import at, clock
from tests.support.schema import parameter_descriptions
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

CASES = []


def case(basename, name):
    def register(build):
        CASES.append(pytest.param(basename, build, id=f"{basename}-{name}"))
        return build
    return register


def hazard_at(moment, **fields):
    with clock(moment):
        return f.report_hazard(reported_at=moment, **fields)


# --- inspections ------------------------------------------------------------------------------
@case("inspection", "kind")
def _():
    f.make_inspection(kind="fire")
    return [f.make_inspection(kind="traffic")], {"kind": "traffic"}


@case("inspection", "depth")
def _():
    f.make_inspection(depth="routine")
    return [f.make_inspection(depth="dissecting")], {"depth": "dissecting"}


@case("inspection", "year")
def _():
    f.make_inspection(assessed_on=datetime.date(2023, 12, 31))
    return [f.make_inspection(assessed_on=datetime.date(2024, 1, 1))], {"year": 2024}


@case("inspection", "date_after")
def _():
    f.make_inspection(assessed_on=datetime.date(2024, 3, 1))
    return [f.make_inspection(assessed_on=datetime.date(2024, 3, 2))], {
        "date_after": "2024-03-02"}


@case("inspection", "date_before")
def _():
    f.make_inspection(assessed_on=datetime.date(2024, 3, 2))
    return [f.make_inspection(assessed_on=datetime.date(2024, 3, 1))], {
        "date_before": "2024-03-01"}


@case("inspection", "date_after-date_before")
def _():
    f.make_inspection(assessed_on=datetime.date(2024, 3, 31))
    f.make_inspection(assessed_on=datetime.date(2024, 7, 1))
    return [f.make_inspection(assessed_on=datetime.date(2024, 4, 1)),
            f.make_inspection(assessed_on=datetime.date(2024, 6, 30))], {
        "date_after": "2024-04-01", "date_before": "2024-06-30"}


@case("inspection", "is_expert")
def _():
    f.make_inspection(inspectors=[f.CadreFactory()])
    return [f.make_inspection(inspectors=[f.ExpertFactory()])], {"is_expert": "true"}


@case("inspection", "inspector_id")
def _():
    expert = f.ExpertFactory()
    f.make_inspection(inspectors=[f.ExpertFactory()])
    return [f.make_inspection(inspectors=[expert])], {"inspector_id": expert.pk}


@case("inspection", "has_hazards")
def _():
    f.make_inspection()
    found = f.make_inspection()
    f.report_hazard(inspection=found)
    return [found], {"has_hazards": "true"}


@case("inspection", "enterprise")
def _():
    f.make_inspection()
    return [f.make_inspection(enterprise=EnterpriseFactory(name="温声玻璃"))], {
        "enterprise": "温声玻璃"}


@case("inspection", "project_id")
def _():
    f.make_inspection()
    project = ProjectFactory()
    return [f.make_inspection(project=project)], {"project_id": project.pk}


@case("inspection", "village")
def _():
    f.make_inspection(site="村口", village=VillageFactory())
    village = VillageFactory(name="盖家沟村")
    return [f.make_inspection(site="村口", village=village)], {"village": "盖家沟村"}


@case("inspection", "q")
def _():
    f.make_inspection()
    return [f.make_inspection(site="黄河大堤", community=CommunityFactory())], {"q": "大堤"}


# --- hazards ----------------------------------------------------------------------------------
@case("hazard", "category")
def _():
    f.report_hazard(category="fire")
    return [f.report_hazard(category="traffic")], {"category": "traffic"}


@case("hazard", "severity")
def _():
    f.report_hazard()
    return [f.report_hazard(severity="major")], {"severity": "major"}


@case("hazard", "is_repeat")
def _():
    plant = EnterpriseFactory()
    hazard_at(at(2024, 1, 5, 9), enterprise=plant)
    return [hazard_at(at(2024, 6, 5, 9), enterprise=plant)], {"is_repeat": "true"}


@case("hazard", "inspection_id")
def _():
    inspection = f.make_inspection()
    f.report_hazard()
    return [f.report_hazard(inspection=inspection)], {"inspection_id": inspection.pk}


@case("hazard", "inspection_kind")
def _():
    f.report_hazard(category="traffic")  # reported directly
    f.report_hazard(inspection=f.make_inspection(kind="fire"), category="traffic")
    return [f.report_hazard(inspection=f.make_inspection(kind="traffic"), category="traffic")], {
        "inspection_kind": "traffic"}


@case("hazard", "from_inspection")
def _():
    f.report_hazard()
    return [f.report_hazard(inspection=f.make_inspection())], {"from_inspection": "true"}


@case("hazard", "reported_month")
def _():
    hazard_at(at(2024, 4, 30, 9))
    return [hazard_at(at(2024, 5, 1, 9))], {"reported_month": 5}


@case("hazard", "reported_after")
def _():
    hazard_at(at(2024, 4, 30, 9))
    return [hazard_at(at(2024, 5, 1, 9))], {"reported_after": "2024-05-01"}


@case("hazard", "reported_before")
def _():
    hazard_at(at(2024, 5, 1, 9))
    return [hazard_at(at(2024, 4, 30, 9))], {"reported_before": "2024-04-30"}


@case("hazard", "closed_year")
def _():
    f.report_hazard()
    clerk, worker = make_user("clerk", "安全办"), make_user("worker", "安全办")
    item = closed_loop.closed_loop_assign(f.report_hazard(), by=clerk, assignee=worker)
    item = closed_loop.closed_loop_resolve(item, by=worker, note="已整改")
    item = closed_loop.closed_loop_verify(item, by=clerk)
    return [item], {"closed_year": item.closed_at.year}


@case("hazard", "responsible_department")
def _():
    f.report_hazard(responsible_department=DepartmentFactory())
    return [f.report_hazard(responsible_department=DepartmentFactory(name="应急办"))], {
        "responsible_department": "应急办"}


@case("hazard", "responsible_enterprise_id")
def _():
    plant = EnterpriseFactory()
    f.report_hazard(responsible_enterprise=EnterpriseFactory())
    return [f.report_hazard(responsible_enterprise=plant)], {
        "responsible_enterprise_id": plant.pk}


@case("hazard", "community_id")
def _():
    f.report_hazard(site="广场", community=CommunityFactory())
    community = CommunityFactory()
    return [f.report_hazard(site="广场", community=community)], {"community_id": community.pk}


@case("hazard", "q")
def _():
    f.report_hazard()
    return [f.report_hazard(responsible_person="李建国")], {"q": "建国"}


# --- enforcement and traffic -------------------------------------------------------------------
@case("enforcementcase", "measure")
def _():
    f.EnforcementCaseFactory()
    return [f.EnforcementCaseFactory(measure="fine", fine_yuan=5000)], {"measure": "fine"}


@case("enforcementcase", "is_closed")
def _():
    f.EnforcementCaseFactory()
    return [f.EnforcementCaseFactory(is_closed=True, closed_on=datetime.date(2024, 7, 1))], {
        "is_closed": "true"}


@case("enforcementcase", "year")
def _():
    f.EnforcementCaseFactory(date=datetime.date(2023, 6, 1))
    return [f.EnforcementCaseFactory()], {"year": 2024}


@case("enforcementcase", "kind")
def _():
    f.EnforcementCaseFactory()
    return [f.EnforcementCaseFactory(kind="environment")], {"kind": "environment"}


@case("trafficpublicityevent", "year")
def _():
    f.TrafficPublicityEventFactory(date=datetime.date(2023, 4, 1))
    return [f.TrafficPublicityEventFactory()], {"year": 2024}


@case("trafficpersuasion", "setting")
def _():
    f.TrafficPersuasionFactory()
    event = f.TrafficPublicityEventFactory()
    return [f.TrafficPersuasionFactory(setting="event", event=event)], {"setting": "event"}


@case("trafficpersuasion", "event_id")
def _():
    f.TrafficPersuasionFactory()
    event = f.TrafficPublicityEventFactory()
    return [f.TrafficPersuasionFactory(setting="event", event=event)], {"event_id": event.pk}


@case("trafficfacilitywork", "kind")
def _():
    f.TrafficFacilityWorkFactory()
    return [f.TrafficFacilityWorkFactory(kind="lights")], {"kind": "lights"}


@case("trafficfacilitywork", "year")
def _():
    f.TrafficFacilityWorkFactory(date=datetime.date(2025, 1, 2))
    return [f.TrafficFacilityWorkFactory()], {"year": 2024}


# The date ranges a summary's period takes (both days included).
for _basename, _factory in (("enforcementcase", f.EnforcementCaseFactory),
                            ("trafficpublicityevent", f.TrafficPublicityEventFactory),
                            ("trafficpersuasion", f.TrafficPersuasionFactory),
                            ("trafficfacilitywork", f.TrafficFacilityWorkFactory)):

    @case(_basename, "date_after-date_before")
    def _(factory=_factory):
        factory(date=datetime.date(2024, 3, 31))
        factory(date=datetime.date(2024, 7, 1))
        return [factory(date=datetime.date(2024, 4, 1)),
                factory(date=datetime.date(2024, 6, 30))], {
            "date_after": "2024-04-01", "date_before": "2024-06-30"}


@pytest.mark.parametrize(("basename", "build"), CASES)
def test_filter(basename, build, safety_editor, api_client_for):
    wanted, params = build()
    response = api_client_for(safety_editor).get(reverse(f"safety-api:{basename}-list"), params)
    assert response.status_code == 200, response.json()
    assert sorted(r["id"] for r in response.json()["results"]) == sorted(w.pk for w in wanted)


@pytest.mark.parametrize(("basename", "params"), [
    ("hazard", {"category": "ghosts"}), ("hazard", {"is_repeat": "maybe"}),
    ("inspection", {"year": "0"}), ("hazard", {"reported_month": "13"}),
    ("enforcementcase", {"year": "last"}), ("trafficfacilitywork", {"date_after": "2024-13-01"}),
])
def test_a_bad_filter_value_is_a_clear_400(basename, params, safety_editor, api_client_for):
    response = api_client_for(safety_editor, "en").get(
        reverse(f"safety-api:{basename}-list"), params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_the_inspection_list_s_date_range_reads_as_every_list_s(admin_user_, api_client_for):
    # The inspections' date_after/_before are the core's date_range_filters (on the day
    # assessed), as the enforcement cases' are: named and described alike in the schema.
    schema = api_client_for(admin_user_, "en").get(reverse("schema"), {"format": "json"}).json()

    def described(path):
        return parameter_descriptions(schema, path, ("date_after", "date_before"))

    assert described("/api/v1/safety/inspections/") == {
        "date_after": "date: on or after", "date_before": "date: on or before"}
    assert (described("/api/v1/safety/inspections/")
            == described("/api/v1/safety/enforcement-cases/"))

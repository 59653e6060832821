"""The safety API's resources, each declared once against the contracts every resource
keeps (tests/support/contracts.py): the safety office adds and changes, the system
administrator alone deletes, every other role reads."""

from cuizhai.core import roles
from safety.models import Hazard, Inspection
from tests.factories import CommunityFactory, DepartmentFactory, OfficeStaffFactory, VillageFactory
from tests.projects.factories import EnterpriseFactory, ProjectFactory
from tests.safety import factories as f
from tests.support.clock import at
from tests.support.contracts import ClosedLoopContract, ResourceContract

SAFETY = roles.office_group("safety")


class SafetyResource(ResourceContract):
    namespace = "safety-api"
    writers = (SAFETY,)
    readers = (roles.office_group("projects"), roles.LEADERS, roles.DASHBOARD)


class TestInspection(SafetyResource):
    basename = "inspection"
    factory = staticmethod(f.make_inspection)
    model = Inspection
    update_data = {"depth": "routine"}
    # The list's 7, the inspectors and the results with their criteria and photos.
    list_query_bound = 11

    def create_data(self):
        return {"template": f.checklist().pk, "assessed_on": "2024-05-10", "kind": "fire",
                "depth": "dissecting", "enterprise": EnterpriseFactory().pk,
                "inspectors": [f.ExpertFactory().pk, f.CadreFactory().pk]}

    def list_row(self):
        inspection = f.make_inspection(project=ProjectFactory(), enterprise=None,
                                       inspectors=[f.ExpertFactory()])
        f.failed(inspection)
        return inspection


class TestHazardResource(SafetyResource):
    # The list's 7, and per request: the assignees' roles and the user's own (its
    # allowed_actions), and whether the user may see the reporters' personal data.
    list_query_bound = 10
    basename = "hazard"
    factory = staticmethod(f.report_hazard)
    model = Hazard
    deletable = False
    update_data = {"measures": "更换接地线并加装漏电保护器"}

    def create_data(self):
        return {"title": "配电箱未接地", "category": "electrical",
                "site": "崔寨大集", "village": VillageFactory().pk,
                "responsible_department": DepartmentFactory().pk, "responsible_person": "张伟"}

    def list_row(self):
        inspection = f.make_inspection()
        hazard = f.report_hazard(inspection=inspection,
                                 responsible_enterprise=inspection.enterprise)
        from cuizhai.core.base.services.closed_loop import closed_loop_assign

        return closed_loop_assign(hazard, by=OfficeStaffFactory(office=SAFETY),
                                  assignee=OfficeStaffFactory(office=SAFETY),
                                  department=DepartmentFactory())


class TestEnforcementCase(SafetyResource):
    basename = "enforcementcase"
    factory = f.EnforcementCaseFactory
    update_data = {"is_closed": True, "closed_on": "2024-06-20"}

    def create_data(self):
        return {"date": "2024-06-03", "kind": "dust", "enterprise": EnterpriseFactory().pk,
                "violation": "渣土车未密闭运输", "measure": "fine", "fine_yuan": "5000.00"}


class TestTrafficPublicityEvent(SafetyResource):
    basename = "trafficpublicityevent"
    factory = f.TrafficPublicityEventFactory
    update_data = {"audience_count": 120}

    def create_data(self):
        return {"date": "2024-04-12", "title": "交通安全进社区", "community":
                CommunityFactory().pk, "audience_count": 80}


class TestTrafficPersuasion(SafetyResource):
    basename = "trafficpersuasion"
    factory = f.TrafficPersuasionFactory
    update_data = {"count": 5}

    def create_data(self):
        event = f.TrafficPublicityEventFactory()
        return {"date": "2024-04-12", "setting": "event", "event": event.pk,
                "community": event.community.pk, "count": 4}

    def list_row(self):
        event = f.TrafficPublicityEventFactory()
        return f.TrafficPersuasionFactory(setting="event", event=event)


class TestTrafficFacilityWork(SafetyResource):
    basename = "trafficfacilitywork"
    factory = f.TrafficFacilityWorkFactory
    update_data = {"quantity": 3}

    def create_data(self):
        return {"date": "2024-07-01", "kind": "mirrors", "village": VillageFactory().pk,
                "site": "村口弯道", "quantity": 2, "cost_yuan": "2400.00"}


# Reported on Tuesday 2024-10-08 at 10:00: answered within 24 hours, rectified in 10 working
# days (by hand, with Saturday 12 October the National Day make-up working day) → Monday 21.
class TestHazardLoop(ClosedLoopContract):
    namespace, basename, model = "safety-api", "hazard", Hazard
    owner_office = SAFETY
    viewer_office = roles.office_group("partybuilding")
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)
    resolution_due = at(2024, 10, 21, 23, 59, 59)
    list_query_bound = 10
    log_query_bound = 7

    def report_data(self):
        return {"enterprise": EnterpriseFactory().pk, "category": "fire"}

    def report_fields(self):
        return {"enterprise": EnterpriseFactory(), "category": "fire"}

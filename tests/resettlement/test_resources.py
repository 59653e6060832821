"""Every resource of /api/v1/resettlement/ keeps the contracts of the API
(``tests/support/contracts.py``): create, read, list, update by the resettlement office,
reading only for the others, delete by the system administrator, versions, history, the
exports read back and a fixed number of queries per list; the closed-loop steps of repair
requests and help-line tickets."""

import datetime

from cuizhai.core import roles
from cuizhai.core.base.services.closed_loop import closed_loop_assign
from resettlement import services
from resettlement.models import HelpLineTicket, RepairRequest
from tests.factories import (
    CommunityFactory,
    DepartmentFactory,
    OfficeStaffFactory,
    UserFactory,
    VillageFactory,
)
from tests.resettlement import factories as f
from tests.support.clock import at
from tests.support.contracts import ClosedLoopContract, ResourceContract


class ResettlementResource(ResourceContract):
    namespace = "resettlement-api"
    writers = (roles.office_group("resettlement"),)
    readers = (roles.office_group("safety"), roles.LEADERS, roles.DASHBOARD)


class TestBuilding(ResettlementResource):
    basename = "building"
    factory = f.BuildingFactory
    update_data = {"units_planned": 96}

    def create_data(self):
        return {"community": CommunityFactory().pk, "number": "3号楼", "floors": 18,
                "units_planned": 72}

    def list_row(self):
        return f.handed_over_unit().building


class TestServiceCentre(ResettlementResource):
    basename = "servicecentre"
    factory = f.ServiceCentreFactory
    update_data = {"completed_on": "2024-12-20"}

    def create_data(self):
        return {"community": CommunityFactory().pk, "name": "凤凰社区党群服务中心"}


class TestCommunityScenario(ResettlementResource):
    basename = "communityscenario"
    factory = f.CommunityScenarioFactory
    update_data = {"state": "in_place"}

    def create_data(self):
        return {"community": CommunityFactory().pk, "scenario": "education",
                "state": "rolling_out"}


class TestHousehold(ResettlementResource):
    # The list's 7, and whether the user may see the heads' personal data.
    list_query_bound = 8
    basename = "household"
    factory = f.HouseholdFactory
    update_data = {"split_status": "disputed", "split_note": "兄弟二人对宅基地份额有争议"}

    def create_data(self):
        return {"code": "HDK-0001", "village": VillageFactory(relocated=True).pk,
                "head_name": "高某", "head_id_number": f.synthetic_id(5),
                "head_phone": "13800000005", "entitled_area": "135.50"}

    def list_row(self):
        household = f.HouseholdFactory(cadre=f.PersonFactory())
        f.HouseholdMemberFactory(household=household)
        f.SelectionFactory(household=household)
        return household


class TestHouseholdMember(ResettlementResource):
    basename = "householdmember"
    factory = f.HouseholdMemberFactory
    update_data = {"relation": "grandchild"}

    def create_data(self):
        return {"household": f.HouseholdFactory().pk, "name": "高小某", "relation": "child",
                "id_number": f.synthetic_id(6, datetime.date(2001, 2, 3))}


class TestHousingUnit(ResettlementResource):
    basename = "housingunit"
    factory = f.HousingUnitFactory
    update_data = {"layout": "3b2l"}

    def create_data(self):
        return {"building": f.BuildingFactory().pk, "entrance": "2", "floor": 6,
                "room": "602", "area": "118.60", "layout": "3b1l"}

    def list_row(self):
        return f.handed_over_unit()


class TestSelection(ResettlementResource):
    basename = "selection"
    factory = f.SelectionFactory
    deletable = False  # a selection goes when its unit is taken back
    update_data = {"order_number": 17}

    def create_data(self):
        return {"household": f.HouseholdFactory().pk, "unit": f.HousingUnitFactory().pk,
                "selected_on": "2024-05-06", "order_number": 3}


class TestHandover(ResettlementResource):
    basename = "handover"
    factory = f.HandoverFactory
    deletable = False  # a handover goes when its unit is taken back
    update_data = {"water_reading": "12.50"}

    def create_data(self):
        return {"unit": f.SelectionFactory().unit.pk, "handed_over_on": "2024-09-18",
                "keys_handed": 3, "electricity_reading": "0.00"}


class TestLandAcquisition(ResettlementResource):
    basename = "landacquisition"
    factory = f.LandAcquisitionFactory
    update_data = {"purpose": "国博城五期"}

    def create_data(self):
        return {"parcel_code": "CZ-2024-101", "village": VillageFactory().pk,
                "area_mu": "120.50", "acquired_on": "2024-03-15", "purpose": "崔寨污水处理厂",
                "compensation_budget": "3600.00"}


class TestMerchantDemolition(ResettlementResource):
    basename = "merchantdemolition"
    factory = f.MerchantDemolitionFactory
    update_data = {"note": "已完成评估"}

    def create_data(self):
        return {"street": "中心大街", "merchant_name": "崔寨五金店", "demolished_on": "2024-07-02",
                "agreement_signed_on": "2024-06-20", "compensation": "48.60"}


def assigned(item):
    office = roles.office_group("resettlement")
    return closed_loop_assign(item, by=OfficeStaffFactory(office=office),
                              assignee=OfficeStaffFactory(office=office),
                              department=DepartmentFactory())


class TestRepairRequestResource(ResettlementResource):
    # The list's 7, and per request: the assignees' roles and the user's own (its
    # allowed_actions), and whether the user may see the reporters' personal data.
    list_query_bound = 10
    basename = "repairrequest"
    factory = staticmethod(f.report_repair)
    model = RepairRequest
    deletable = False
    update_data = {"description": "卫生间地面渗水至楼下"}

    def create_data(self):
        return {"unit": f.handed_over_unit().pk, "category": "leak", "title": "卫生间漏水",
                "reporter_name": "王某", "reporter_phone": "13800000011"}

    def list_row(self):
        return assigned(f.report_repair(by=UserFactory()))


class TestHelpLineTicketResource(ResettlementResource):
    list_query_bound = 10
    basename = "helplineticket"
    factory = staticmethod(f.report_ticket)
    model = HelpLineTicket
    deletable = False
    update_data = {"description": "已电话联系物业"}

    def create_data(self):
        return {"scenario": "community_management", "title": "楼道灯不亮",
                "helper": f.PersonFactory(kind="helper").pk, "community": CommunityFactory().pk}

    def list_row(self):
        return assigned(f.report_ticket(by=UserFactory(), helper=f.PersonFactory(kind="helper"),
                                        community=CommunityFactory()))


# --- the closed-loop steps ------------------------------------------------------------------
# Reported on Tuesday 2024-10-08 at 10:00; working days counted by hand (Saturday 12 October
# was the National Day make-up working day): 9, 10, 11, 12, 14 → the 5th is Monday the 14th;
# 15, 16, 17, 18, 21 → the 10th is Monday the 21st.

class TestRepairRequestLoop(ClosedLoopContract):
    namespace, basename, model = "resettlement-api", "repairrequest", RepairRequest
    owner_office = roles.office_group("resettlement")
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)
    resolution_due = at(2024, 10, 21, 23, 59, 59)  # "other": 10 working days
    list_query_bound = 10
    log_query_bound = 7

    def report_data(self):
        return {"unit": f.handed_over_unit().pk, "category": "other"}

    def report_fields(self):
        return {"unit": f.handed_over_unit(), "category": "other"}

    def report(self, by, title="Street lamp out", **fields):
        return services.repair_request_report(by=by, title=title,
                                              **{**self.report_fields(), **fields})


class TestHelpLineTicketLoop(ClosedLoopContract):
    namespace, basename, model = "resettlement-api", "helplineticket", HelpLineTicket
    owner_office = roles.office_group("resettlement")
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)
    resolution_due = at(2024, 10, 14, 23, 59, 59)  # 5 working days
    list_query_bound = 10
    log_query_bound = 7

    def report_data(self):
        return {"scenario": "civil_affairs"}

    def report_fields(self):
        return {"scenario": "civil_affairs", "channel": "help_line"}

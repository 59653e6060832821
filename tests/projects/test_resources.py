"""The projects API's resources, each declared once against the contracts every resource
keeps (tests/support/contracts.py): the projects office adds and changes, the system
administrator alone deletes, every other role reads."""

import datetime

from cuizhai.core import roles
from cuizhai.core.base.services.closed_loop import closed_loop_assign
from projects.models import EnterpriseNeed, ProjectProblem
from tests.factories import DepartmentFactory, OfficeStaffFactory, UserFactory
from tests.projects import factories as f
from tests.support.clock import at
from tests.support.contracts import ClosedLoopContract, ResourceContract


class ProjectsResource(ResourceContract):
    namespace = "projects-api"
    writers = (roles.office_group("projects"),)
    readers = (roles.office_group("safety"), roles.LEADERS, roles.DASHBOARD)


class TestProject(ProjectsResource):
    basename = "project"
    factory = f.ProjectFactory
    update_data = {"name": "绿能智造产业园"}

    def create_data(self):
        return {"code": "XM-2024-101", "name": "崔寨养老服务提升项目", "category": "livelihood",
                "stage": "planned", "plan_year": 2024, "total_investment": "12000.00",
                "owner_name": "崔寨街道办事处", "department": DepartmentFactory().pk,
                "planned_start": "2024-04-01", "planned_completion": "2025-10-31"}

    def list_row(self):
        project = f.ProjectFactory(owner_enterprise=f.EnterpriseFactory(), owner_name="")
        f.FundingLineFactory(project=project, source="central_special_bond")
        f.MilestoneFactory(project=project, planned_date=datetime.date(2020, 1, 1))
        f.MonthlyProgressFactory(project=project)
        return project


class TestFundingLine(ProjectsResource):
    basename = "fundingline"
    factory = f.FundingLineFactory
    update_data = {"note": "第二批"}

    def create_data(self):
        return {"project": f.ProjectFactory().pk, "source": "central_special_bond",
                "amount": "2000.00", "year": 2024}


class TestMilestone(ProjectsResource):
    basename = "milestone"
    factory = f.MilestoneFactory
    update_data = {"note": "已提交材料"}

    def create_data(self):
        return {"project": f.ProjectFactory().pk, "kind": "land", "planned_date": "2024-08-31"}


class TestMonthlyProgress(ProjectsResource):
    basename = "monthlyprogress"
    factory = f.MonthlyProgressFactory
    update_data = {"narrative": "主体结构施工"}

    def create_data(self):
        return {"project": f.ProjectFactory().pk, "year": 2024, "month": 3,
                "investment_completed": "800.00"}


def assigned(item):
    return closed_loop_assign(item, by=OfficeStaffFactory(), assignee=OfficeStaffFactory(),
                              department=DepartmentFactory())


class TestProjectProblemResource(ProjectsResource):
    # The list's 7, and per request: the assignees' roles and the user's own (its
    # allowed_actions), and whether the user may see the reporters' personal data.
    list_query_bound = 10
    basename = "projectproblem"
    factory = staticmethod(f.report_problem)
    model = ProjectProblem
    deletable = False
    update_data = {"description": "需协调村集体用地"}

    def create_data(self):
        return {"project": f.ProjectFactory().pk, "title": "施工临时用地协调"}

    def list_row(self):
        return assigned(f.report_problem(by=UserFactory()))


class TestEnterprise(ProjectsResource):
    # The core's register, which the projects office edits (its AppConfig's office_edits),
    # as the safety office does (its inspections name enterprises).
    namespace = "core-api"
    readers = (roles.office_group("resettlement"), roles.LEADERS, roles.DASHBOARD)
    basename = "enterprise"
    factory = f.EnterpriseFactory
    update_data = {"park": "新能源新材料产业园"}

    def create_data(self):
        return {"name": "济南鼎点数控设备有限公司", "credit_code": f.credit_code(424242)}

    def list_row(self):
        return f.VisitFactory(enterprise=f.report_need().enterprise).enterprise


class TestVisit(ProjectsResource):
    basename = "visit"
    factory = f.VisitFactory
    update_data = {"notes": "了解融资需求"}

    def create_data(self):
        return {"enterprise": f.EnterpriseFactory().pk, "date": "2024-06-12", "visitors": "王强"}

    def list_row(self):
        return f.VisitFactory(department=DepartmentFactory())


class TestEnterpriseNeedResource(ProjectsResource):
    # The list's 7, and per request: the assignees' roles and the user's own (its
    # allowed_actions), and whether the user may see the reporters' personal data.
    list_query_bound = 10
    basename = "enterpriseneed"
    factory = staticmethod(f.report_need)
    model = EnterpriseNeed
    deletable = False
    update_data = {"description": "需数控技工20名"}

    def create_data(self):
        return {"enterprise": f.EnterpriseFactory().pk, "kind": "talent", "title": "技术工人招聘"}

    def list_row(self):
        visit = f.VisitFactory()
        return assigned(f.report_need(by=UserFactory(), enterprise=visit.enterprise,
                                      visit=visit))


class TestSupportOutcome(ProjectsResource):
    basename = "supportoutcome"
    factory = f.SupportOutcomeFactory
    update_data = {"granting_body": "济南市工业和信息化局"}

    def create_data(self):
        return {"enterprise": f.EnterpriseFactory().pk, "kind": "funds",
                "title": "市级技术改造资金", "amount": "500.00", "date": "2024-09-10"}


# --- the closed-loop items ------------------------------------------------------------------
# Reported on Tuesday 2024-10-08 at 10:00; working days counted by hand (Saturday 12 October
# was the National Day make-up working day): 9, 10, 11, 12, 14, 15, 16, 17, 18, 21 → the
# 10th is Monday the 21st; then 22, 23, 24, 25, 28 → the 15th is Monday the 28th.
class TestProjectProblemLoop(ClosedLoopContract):
    namespace, basename, model = "projects-api", "projectproblem", ProjectProblem
    owner_office = roles.office_group("projects")
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)
    resolution_due = at(2024, 10, 21, 23, 59, 59)
    # allowed_actions is the user's: the assignees' roles in one prefetch, the user's own;
    # and whether the user may see the reporters' personal data.
    list_query_bound = 10
    log_query_bound = 7

    def report_data(self):
        return {"project": f.ProjectFactory().pk}

    def report_fields(self):
        return {"project": f.ProjectFactory()}


class TestEnterpriseNeedLoop(ClosedLoopContract):
    namespace, basename, model = "projects-api", "enterpriseneed", EnterpriseNeed
    owner_office = roles.office_group("projects")
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)
    resolution_due = at(2024, 10, 28, 23, 59, 59)
    # allowed_actions is the user's: the assignees' roles in one prefetch, the user's own;
    # and whether the user may see the reporters' personal data.
    list_query_bound = 10
    log_query_bound = 7

    def report_data(self):
        return {"enterprise": f.EnterpriseFactory().pk, "kind": "financing"}

    def report_fields(self):
        return {"enterprise": f.EnterpriseFactory(), "kind": "financing"}

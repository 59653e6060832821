"""The party-building API's resources, each declared once against the contracts every
resource keeps (tests/support/contracts.py): the party-building office adds and changes,
the system administrator alone deletes, every other role reads."""

from cuizhai.core import roles
from partybuilding.models import CollectiveAssetProblem, EvaluationProblem
from tests.factories import CommunityFactory, VillageFactory
from tests.partybuilding import factories as f
from tests.support.clock import at
from tests.support.contracts import ClosedLoopContract, ResourceContract

OFFICE = roles.office_group("partybuilding")


class PartyBuildingResource(ResourceContract):
    namespace = "partybuilding-api"
    writers = (OFFICE,)
    readers = (roles.office_group("projects"), roles.LEADERS, roles.DASHBOARD)


class TestPartyOrganisation(PartyBuildingResource):
    basename = "partyorganisation"
    factory = f.OrganisationFactory
    update_data = {"name": "凤凰社区第一党支部"}

    def create_data(self):
        return {"name": "清宁社区党委", "kind": "community_committee",
                "community": CommunityFactory().pk}

    def list_row(self):
        return f.OrganisationFactory(parent=f.OrganisationFactory(
            kind="community_committee", village=None, community=CommunityFactory()))


class TestElection(PartyBuildingResource):
    basename = "election"
    factory = f.ElectionFactory
    update_data = {"members_elected": 9}

    def create_data(self):
        return {"organisation": f.OrganisationFactory().pk, "held_on": "2024-06-18",
                "term_years": 5, "members_elected": 7, "result": "completed"}


class TestCadreProfile(PartyBuildingResource):
    basename = "cadreprofile"
    factory = f.CadreFactory
    update_data = {"is_reserve": True, "reserve_since": "2024-03-01"}

    def create_data(self):
        return {"person": f.PersonFactory().pk, "organisation": f.OrganisationFactory().pk,
                "party_post": "支部委员", "mentor": f.PersonFactory(kind="mentor").pk}

    def list_row(self):
        cadre = f.CadreFactory(mentor=f.PersonFactory(kind="mentor"))
        f.PlacementFactory(cadre=cadre)
        return cadre


class TestPlacement(PartyBuildingResource):
    basename = "placement"
    factory = f.PlacementFactory
    update_data = {"note": "挂职项目副指挥"}

    def create_data(self):
        return {"cadre": f.CadreFactory().pk, "region": "江苏省苏州市",
                "start_date": "2024-05-01", "end_date": "2024-10-31"}


class TestTrainingSession(PartyBuildingResource):
    basename = "trainingsession"
    factory = f.SessionFactory
    update_data = {"lecturer": "示例·党校教师"}

    def create_data(self):
        return {"kind": "micro_class", "title": "信访工作业务小课堂", "held_on": "2024-04-12",
                "hours": "2.0", "head_count": 30}

    def list_row(self):
        row = f.AttendanceFactory(session=f.SessionFactory(
            organisation=f.OrganisationFactory()))
        return row.session


class TestAttendance(PartyBuildingResource):
    basename = "attendance"
    factory = f.AttendanceFactory
    update_data = {"status": "late"}

    def create_data(self):
        return {"session": f.SessionFactory().pk, "person": f.PersonFactory().pk,
                "status": "present"}


class TestTrainingQuota(PartyBuildingResource):
    # The quotas are the system administrator's: the office reads them like everyone.
    basename = "trainingquota"
    factory = f.QuotaFactory
    writers = ()
    readers = (OFFICE, roles.LEADERS, roles.DASHBOARD)
    update_data = {"hours": "16.0"}

    def create_data(self):
        return {"year": 2024, "person_kind": "grid_worker", "hours": "8.0"}


class TestVillageEvaluation(PartyBuildingResource):
    basename = "villageevaluation"
    factory = f.EvaluationFactory
    update_data = {"assessors": "示例·评估组"}
    # The page's results and their photos are prefetched.
    list_query_bound = 9

    def create_data(self):
        return {"village": VillageFactory().pk, "year": 2024, "period": "mid_term",
                "assessed_on": "2024-06-30", "template": f.evaluation_template("10").pk}


class TestEvaluationProblemResource(PartyBuildingResource):
    basename = "evaluationproblem"
    factory = staticmethod(f.report_evaluation_problem)
    model = EvaluationProblem
    deletable = False
    update_data = {"description": "补齐2024年上半年记录"}
    list_query_bound = 10

    def create_data(self):
        return {"evaluation": f.EvaluationFactory().pk, "title": "村务公开不及时"}


class TestCollectiveAssetProblemResource(PartyBuildingResource):
    basename = "collectiveassetproblem"
    factory = staticmethod(f.report_asset_problem)
    model = CollectiveAssetProblem
    deletable = False
    update_data = {"amount_yuan": "35000.00"}
    list_query_bound = 10

    def create_data(self):
        return {"kind": "contracts", "village": VillageFactory().pk,
                "title": "土地承包合同未按期续签", "amount_yuan": "12000.00"}


class PartyBuildingLoop(ClosedLoopContract):
    namespace = "partybuilding-api"
    owner_office = OFFICE
    reported_at = at(2024, 10, 8, 10)
    response_due = at(2024, 10, 9, 10)  # the 24-hour response
    # 15 working days from 9 October 2024, 12 October (a Saturday) being a make-up day.
    resolution_due = at(2024, 10, 28, 23, 59, 59)
    list_query_bound = 10
    log_query_bound = 7


class TestEvaluationProblemLoop(PartyBuildingLoop):
    basename, model = "evaluationproblem", EvaluationProblem

    def report_data(self):
        return {"evaluation": f.EvaluationFactory().pk}

    def report_fields(self):
        return {"evaluation": f.EvaluationFactory()}


class TestCollectiveAssetProblemLoop(PartyBuildingLoop):
    basename, model = "collectiveassetproblem", CollectiveAssetProblem

    def report_data(self):
        return {"kind": "funds", "amount_yuan": "5000.00"}

    def report_fields(self):
        return {"kind": "funds"}

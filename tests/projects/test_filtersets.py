"""One short test per filter of every FilterSet, through the list endpoints.

Each case builds a record the filter must find and one (or more) it must leave out, then
returns the records it expects and the query string to send.
"""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cuizhai.core.base.services import closed_loop
from tests.factories import DepartmentFactory, OfficeStaffFactory
from tests.projects import factories as f
from tests.support.schema import parameter_descriptions

pytestmark = pytest.mark.django_db

CASES = []
# The enterprise register is the core's; its filters include this app's visited_year.
NAMESPACES = {"enterprise": "core-api"}


def list_url(basename):
    return reverse(f"{NAMESPACES.get(basename, 'projects-api')}:{basename}-list")


def case(basename, name):
    def register(build):
        CASES.append(pytest.param(basename, build, id=f"{basename}-{name}"))
        return build
    return register


def assigned(item):
    return closed_loop.closed_loop_assign(item, by=OfficeStaffFactory(),
                                          assignee=OfficeStaffFactory())


def closed(item):
    worker = OfficeStaffFactory()
    item = closed_loop.closed_loop_assign(item, by=OfficeStaffFactory(), assignee=worker)
    item = closed_loop.closed_loop_resolve(item, by=worker, note="已解决")
    return closed_loop.closed_loop_verify(item, by=OfficeStaffFactory())


# --- projects ---------------------------------------------------------------------------------
@case("project", "q")
def _():
    f.ProjectFactory(name="安博一期")
    wanted = [f.ProjectFactory(name="济南黄河体育中心"),
              f.ProjectFactory(location="黄河大道北", name="配套道路")]
    return wanted, {"q": "黄河"}


@case("project", "q-owner")
def _():
    f.ProjectFactory()
    return [f.ProjectFactory(enterprise_owned=True, owner_enterprise__name="温声玻璃")], \
        {"q": "温声"}


@case("project", "id")
def _():
    project = f.ProjectFactory()
    f.ProjectFactory()
    return [project], {"id": project.pk}


@case("project", "code")
def _():
    f.ProjectFactory(code="XM-2")
    return [f.ProjectFactory(code="XM-1")], {"code": "XM-1"}


@case("project", "stage")
def _():
    f.ProjectFactory(stage="planned")
    return [f.ProjectFactory(stage="reserve")], {"stage": "reserve"}


@case("project", "status-multiple")
def _():
    f.ProjectFactory(status="planning")
    wanted = [f.ProjectFactory(status="suspended"), f.ProjectFactory(under_construction=True)]
    return wanted, {"status": ["suspended", "construction"]}


@case("project", "category-multiple")
def _():
    f.ProjectFactory(category="industry")
    wanted = [f.ProjectFactory(category="livelihood"), f.ProjectFactory(category="ecology")]
    return wanted, {"category": ["livelihood", "ecology"]}


@case("project", "plan_year")
def _():
    f.ProjectFactory(plan_year=2023)
    return [f.ProjectFactory(plan_year=2024)], {"plan_year": 2024}


@case("project", "completed_year")
def _():
    f.ProjectFactory(completed=True, actual_completion=datetime.date(2023, 12, 31))
    f.ProjectFactory(plan_year=2024)
    return [f.ProjectFactory(completed=True, actual_completion=datetime.date(2024, 1, 1))], \
        {"completed_year": 2024}


@case("project", "completed_after-completed_before")
def _():
    f.ProjectFactory(completed=True, actual_completion=datetime.date(2024, 10, 31))
    f.ProjectFactory(completed=True, actual_completion=datetime.date(2024, 12, 1))
    wanted = [f.ProjectFactory(completed=True, actual_completion=datetime.date(2024, 11, d))
              for d in (1, 30)]  # both days included
    return wanted, {"completed_after": "2024-11-01", "completed_before": "2024-11-30"}


@case("project", "department_id")
def _():
    project = f.ProjectFactory()
    f.ProjectFactory()
    return [project], {"department_id": project.department_id}


@case("project", "department")
def _():
    f.ProjectFactory(department__name="投资促进部")
    return [f.ProjectFactory(department__name="建设管理部")], {"department": "建设管理部"}


@case("project", "owner_enterprise_id")
def _():
    project = f.ProjectFactory(enterprise_owned=True)
    f.ProjectFactory(enterprise_owned=True)
    f.ProjectFactory()
    return [project], {"owner_enterprise_id": project.owner_enterprise_id}


@case("project", "owner_enterprise")
def _():
    f.ProjectFactory(enterprise_owned=True, owner_enterprise__name="紫燕食品")
    return [f.ProjectFactory(enterprise_owned=True, owner_enterprise__name="鼎点数控")], \
        {"owner_enterprise": "鼎点数控"}


@case("project", "is_relocation")
def _():
    f.ProjectFactory(is_relocation=False)
    return [f.ProjectFactory(is_relocation=True)], {"is_relocation": "true"}


@case("project", "has_overdue_milestones")
def _():
    today = timezone.localdate()
    late = f.MilestoneFactory(planned_date=today - timedelta(days=1)).project
    f.MilestoneFactory(planned_date=today - timedelta(days=9), done_date=today)
    f.MilestoneFactory(planned_date=today + timedelta(days=1))
    return [late], {"has_overdue_milestones": "true"}


@case("project", "has_open_problems")
def _():
    with_open = f.report_problem().project
    f.ProjectFactory()  # no problem at all
    closed(f.report_problem())  # its only problem is closed
    return [with_open], {"has_open_problems": "true"}


# --- funding ----------------------------------------------------------------------------------
@case("fundingline", "q")
def _():
    f.FundingLineFactory(note="第一批")
    return [f.FundingLineFactory(note="国债第二批")], {"q": "第二批"}


@case("fundingline", "project_id")
def _():
    line = f.FundingLineFactory()
    f.FundingLineFactory()
    return [line], {"project_id": line.project_id}


@case("fundingline", "project")
def _():
    f.FundingLineFactory(project__code="XM-9")
    return [f.FundingLineFactory(project__code="XM-8")], {"project": "XM-8"}


@case("fundingline", "source")
def _():
    f.FundingLineFactory(source="bank_loan")
    return [f.FundingLineFactory(source="central_special_bond")], \
        {"source": "central_special_bond"}


@case("fundingline", "year")
def _():
    f.FundingLineFactory(year=2025)
    return [f.FundingLineFactory(year=2024)], {"year": 2024}


# --- milestones -------------------------------------------------------------------------------
@case("milestone", "q")
def _():
    f.MilestoneFactory(note="")
    return [f.MilestoneFactory(note="待自然资源局批复")], {"q": "自然资源"}


@case("milestone", "project_id")
def _():
    milestone = f.MilestoneFactory()
    f.MilestoneFactory()
    return [milestone], {"project_id": milestone.project_id}


@case("milestone", "project")
def _():
    f.MilestoneFactory(project__code="XM-9")
    return [f.MilestoneFactory(project__code="XM-8")], {"project": "XM-8"}


@case("milestone", "kind")
def _():
    f.MilestoneFactory(kind="land")
    return [f.MilestoneFactory(kind="environmental")], {"kind": "environmental"}


@case("milestone", "overdue")
def _():
    today = timezone.localdate()
    f.MilestoneFactory(planned_date=today)
    f.MilestoneFactory(planned_date=today - timedelta(days=5), done_date=today)
    return [f.MilestoneFactory(planned_date=today - timedelta(days=5))], {"overdue": "true"}


@case("milestone", "not-overdue")
def _():
    today = timezone.localdate()
    f.MilestoneFactory(planned_date=today - timedelta(days=5))
    return [f.MilestoneFactory(planned_date=today)], {"overdue": "false"}


@case("milestone", "done")
def _():
    f.MilestoneFactory()
    return [f.MilestoneFactory(done_date=datetime.date(2024, 6, 1))], {"done": "true"}


# --- monthly progress -------------------------------------------------------------------------
@case("monthlyprogress", "q")
def _():
    f.MonthlyProgressFactory(narrative="土方开挖")
    return [f.MonthlyProgressFactory(narrative="主体封顶")], {"q": "封顶"}


@case("monthlyprogress", "project_id")
def _():
    progress = f.MonthlyProgressFactory()
    f.MonthlyProgressFactory()
    return [progress], {"project_id": progress.project_id}


@case("monthlyprogress", "project")
def _():
    f.MonthlyProgressFactory(project__code="XM-9")
    return [f.MonthlyProgressFactory(project__code="XM-8")], {"project": "XM-8"}


@case("monthlyprogress", "year")
def _():
    f.MonthlyProgressFactory(year=2023)
    return [f.MonthlyProgressFactory(year=2024)], {"year": 2024}


@case("monthlyprogress", "month")
def _():
    f.MonthlyProgressFactory(month=1)
    return [f.MonthlyProgressFactory(month=11)], {"month": 11}


@case("monthlyprogress", "month_after-month_before")
def _():
    f.MonthlyProgressFactory(year=2023, month=11)
    f.MonthlyProgressFactory(year=2024, month=3)
    wanted = [f.MonthlyProgressFactory(year=2023, month=12),
              f.MonthlyProgressFactory(year=2024, month=1),
              f.MonthlyProgressFactory(year=2024, month=2)]
    return wanted, {"month_after": "2023-12", "month_before": "2024-02"}  # across the year


# --- problems and needs: the closed-loop filters, on both -----------------------------------
def report(basename, **fields):
    return (f.report_problem if basename == "projectproblem" else f.report_need)(**fields)


for _basename in ("projectproblem", "enterpriseneed"):

    @case(_basename, "q")
    def _(basename=_basename):
        report(basename, title="用电")
        return [report(basename, title="用地指标")], {"q": "用地"}

    @case(_basename, "status-multiple")
    def _(basename=_basename):
        report(basename)
        wanted = [assigned(report(basename)), closed(report(basename))]
        return wanted, {"status": ["assigned", "closed"]}

    @case(_basename, "is_open")
    def _(basename=_basename):
        closed(report(basename))
        return [report(basename), assigned(report(basename))], {"is_open": "true"}

    @case(_basename, "is_closed")
    def _(basename=_basename):
        report(basename)
        return [closed(report(basename))], {"is_open": "false"}

    @case(_basename, "timeliness")
    def _(basename=_basename):
        now = timezone.now()
        report(basename, reported_at=now - timedelta(hours=1))  # due soon (24h clock)
        late = report(basename, reported_at=now - timedelta(hours=30))
        return [late], {"timeliness": "overdue"}

    @case(_basename, "reported_year")
    def _(basename=_basename):
        shanghai = timezone.get_current_timezone()
        report(basename, reported_at=datetime.datetime(2024, 12, 31, 23, tzinfo=shanghai))
        wanted = report(basename,
                        reported_at=datetime.datetime(2025, 1, 1, 0, 30, tzinfo=shanghai))
        return [wanted], {"reported_year": 2025}

    @case(_basename, "reported_after-reported_before")
    def _(basename=_basename):
        shanghai = timezone.get_current_timezone()
        report(basename, reported_at=datetime.datetime(2024, 10, 31, 23, 30, tzinfo=shanghai))
        report(basename, reported_at=datetime.datetime(2024, 12, 1, 0, 10, tzinfo=shanghai))
        wanted = [report(basename,
                         reported_at=datetime.datetime(2024, 11, 1, 0, 10, tzinfo=shanghai)),
                  report(basename,
                         reported_at=datetime.datetime(2024, 11, 30, 23, 50, tzinfo=shanghai))]
        return wanted, {"reported_after": "2024-11-01", "reported_before": "2024-11-30"}

    @case(_basename, "responded_in_time")
    def _(basename=_basename):
        now = timezone.now()
        report(basename)  # not answered yet
        assigned(report(basename, reported_at=now - timedelta(hours=25)))
        return [assigned(report(basename, reported_at=now - timedelta(hours=23)))], \
            {"responded_in_time": "true"}

    @case(_basename, "not-responded_in_time")
    def _(basename=_basename):
        now = timezone.now()
        assigned(report(basename, reported_at=now - timedelta(hours=23)))
        late = assigned(report(basename, reported_at=now - timedelta(hours=25)))
        return [late, report(basename)], {"responded_in_time": "false"}

    @case(_basename, "id")
    def _(basename=_basename):
        report(basename)
        item = report(basename)
        return [item], {"id": item.pk}


@case("projectproblem", "project_id")
def _():
    problem = f.report_problem()
    f.report_problem()
    return [problem], {"project_id": problem.project_id}


@case("projectproblem", "project")
def _():
    f.report_problem(project=f.ProjectFactory(code="XM-9"))
    return [f.report_problem(project=f.ProjectFactory(code="XM-8"))], {"project": "XM-8"}


@case("projectproblem", "project_category")
def _():
    f.report_problem(project=f.ProjectFactory(category="industry"))
    return [f.report_problem(project=f.ProjectFactory(category="livelihood"))], \
        {"project_category": "livelihood"}


@case("enterpriseneed", "enterprise_id")
def _():
    need = f.report_need()
    f.report_need()
    return [need], {"enterprise_id": need.enterprise_id}


@case("enterpriseneed", "enterprise")
def _():
    f.report_need(enterprise=f.EnterpriseFactory(name="紫燕食品"))
    return [f.report_need(enterprise=f.EnterpriseFactory(name="鼎点数控"))], \
        {"enterprise": "鼎点数控"}


@case("enterpriseneed", "visit_id")
def _():
    visit = f.VisitFactory()
    f.report_need(enterprise=visit.enterprise)
    return [f.report_need(enterprise=visit.enterprise, visit=visit)], {"visit_id": visit.pk}


@case("enterpriseneed", "kind")
def _():
    f.report_need(kind="financing")
    return [f.report_need(kind="land"), f.report_need(kind="talent")], \
        {"kind": ["land", "talent"]}


# --- enterprises ------------------------------------------------------------------------------
@case("enterprise", "q")
def _():
    f.EnterpriseFactory(name="紫燕食品")
    return [f.EnterpriseFactory(name="鼎点数控"), f.EnterpriseFactory(park="鼎点产业园")], \
        {"q": "鼎点"}


@case("enterprise", "q-credit-code")
def _():
    f.EnterpriseFactory()
    enterprise = f.EnterpriseFactory()
    return [enterprise], {"q": enterprise.credit_code[-6:]}


@case("enterprise", "credit_code")
def _():
    f.EnterpriseFactory()
    enterprise = f.EnterpriseFactory()
    return [enterprise], {"credit_code": enterprise.credit_code}


@case("enterprise", "is_relocating")
def _():
    f.EnterpriseFactory(is_relocating=False)
    return [f.EnterpriseFactory(is_relocating=True)], {"is_relocating": "true"}


@case("enterprise", "industry")
def _():
    f.EnterpriseFactory(industry="食品加工")
    return [f.EnterpriseFactory(industry="装备制造")], {"industry": "装备制造"}


@case("enterprise", "park")
def _():
    f.EnterpriseFactory(park="")
    return [f.EnterpriseFactory(park="新能源新材料产业园")], {"park": "新能源新材料产业园"}


@case("enterprise", "visited_year")
def _():
    twice = f.VisitFactory(date=datetime.date(2024, 3, 1)).enterprise
    f.VisitFactory(enterprise=twice, date=datetime.date(2024, 9, 1))
    f.VisitFactory(date=datetime.date(2023, 3, 1))
    f.EnterpriseFactory()
    return [twice], {"visited_year": 2024}  # listed once, though visited twice


@case("enterprise", "visited_after-visited_before")
def _():
    twice = f.VisitFactory(date=datetime.date(2024, 11, 1)).enterprise
    f.VisitFactory(enterprise=twice, date=datetime.date(2024, 11, 30))
    f.VisitFactory(date=datetime.date(2024, 10, 31))
    f.VisitFactory(date=datetime.date(2024, 12, 1))
    return [twice], {"visited_after": "2024-11-01", "visited_before": "2024-11-30"}


# --- visits -----------------------------------------------------------------------------------
@case("visit", "q")
def _():
    f.VisitFactory(notes="了解用工")
    return [f.VisitFactory(notes="宣传技改政策")], {"q": "技改"}


@case("visit", "enterprise_id")
def _():
    visit = f.VisitFactory()
    f.VisitFactory()
    return [visit], {"enterprise_id": visit.enterprise_id}


@case("visit", "enterprise")
def _():
    f.VisitFactory(enterprise__name="紫燕食品")
    return [f.VisitFactory(enterprise__name="鼎点数控")], {"enterprise": "鼎点数控"}


@case("visit", "department_id")
def _():
    visit = f.VisitFactory(department=DepartmentFactory())
    f.VisitFactory(department=DepartmentFactory())
    f.VisitFactory()
    return [visit], {"department_id": visit.department_id}


@case("visit", "year")
def _():
    f.VisitFactory(date=datetime.date(2023, 12, 31))
    return [f.VisitFactory(date=datetime.date(2024, 1, 1))], {"year": 2024}


@case("visit", "date_after")
def _():
    f.VisitFactory(date=datetime.date(2024, 5, 31))
    return [f.VisitFactory(date=datetime.date(2024, 6, 1))], {"date_after": "2024-06-01"}


@case("visit", "date_before")
def _():
    f.VisitFactory(date=datetime.date(2024, 6, 2))
    return [f.VisitFactory(date=datetime.date(2024, 6, 1))], {"date_before": "2024-06-01"}


# --- support outcomes -------------------------------------------------------------------------
@case("supportoutcome", "q")
def _():
    f.SupportOutcomeFactory(title="专精特新中小企业")
    return [f.SupportOutcomeFactory(title="国家级专精特新“小巨人”企业")], {"q": "小巨人"}


@case("supportoutcome", "enterprise_id")
def _():
    outcome = f.SupportOutcomeFactory()
    f.SupportOutcomeFactory()
    return [outcome], {"enterprise_id": outcome.enterprise_id}


@case("supportoutcome", "enterprise")
def _():
    f.SupportOutcomeFactory(enterprise__name="鼎点数控")
    return [f.SupportOutcomeFactory(enterprise__name="紫燕食品")], {"enterprise": "紫燕食品"}


@case("supportoutcome", "kind")
def _():
    f.SupportOutcomeFactory()
    return [f.SupportOutcomeFactory(funds=True, amount=Decimal("500"))], {"kind": "funds"}


@case("supportoutcome", "year")
def _():
    f.SupportOutcomeFactory(date=datetime.date(2025, 1, 1))
    return [f.SupportOutcomeFactory(date=datetime.date(2024, 12, 31))], {"year": 2024}


@case("supportoutcome", "date_after-date_before")
def _():
    f.SupportOutcomeFactory(date=datetime.date(2024, 3, 31))
    f.SupportOutcomeFactory(date=datetime.date(2024, 7, 1))
    return [f.SupportOutcomeFactory(date=datetime.date(2024, 4, 1)),
            f.SupportOutcomeFactory(date=datetime.date(2024, 6, 30))], {
        "date_after": "2024-04-01", "date_before": "2024-06-30"}


@pytest.mark.parametrize(("basename", "build"), CASES)
def test_filter(basename, build, projects_editor, api_client_for):
    wanted, params = build()
    response = api_client_for(projects_editor).get(
        list_url(basename), params
    )
    assert response.status_code == 200, response.json()
    assert sorted(r["id"] for r in response.json()["results"]) == sorted(w.pk for w in wanted)


@pytest.mark.parametrize(
    ("basename", "params"),
    [("project", {"stage": "someday"}), ("project", {"plan_year": "last"}),
     ("projectproblem", {"timeliness": "late"}), ("visit", {"date_after": "yesterday"}),
     ("monthlyprogress", {"month_after": "2024-13"}),
     ("monthlyprogress", {"month_before": "2024-1"}),
     ("project", {"completed_after": "2024-02-30"}),
     ("projectproblem", {"reported_before": "November"}),
     ("project", {"department_id": 999999})],
)
def test_a_bad_filter_value_is_a_clear_400(basename, params, projects_editor, api_client_for):
    f.ProjectFactory()
    response = api_client_for(projects_editor, "en").get(
        list_url(basename), params
    )
    assert response.status_code == 400
    assert list(response.json()) == list(params)


@pytest.mark.parametrize(("basename", "name"), [
    ("project", "plan_year"), ("project", "completed_year"),
    ("projectproblem", "reported_year"), ("enterpriseneed", "reported_year"),
    ("enterprise", "visited_year"), ("visit", "year"), ("supportoutcome", "year"),
    ("fundingline", "year"), ("monthlyprogress", "year"),
])
@pytest.mark.parametrize("value", ["0", "10000", "-1", "1.5", "99999999999999999999"])
def test_a_year_filter_refuses_a_year_that_is_no_year(basename, name, value, api_client_for,
                                                      projects_editor):
    response = api_client_for(projects_editor, "en").get(
        list_url(basename), {name: value}
    )
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(("basename", "build", "params"), [
    # A closed-loop list's days are local days of a moment: the far ends used to overflow.
    ("projectproblem", lambda: report("projectproblem"), {"reported_after": "0001-01-01"}),
    ("projectproblem", lambda: report("projectproblem"), {"reported_before": "9999-12-31"}),
    ("projectproblem", lambda: report("projectproblem"),
     {"reported_after": "0001-01-01", "reported_before": "9999-12-31"}),
    ("enterpriseneed", lambda: report("enterpriseneed"), {"reported_before": "9999-12-31"}),
    ("project", lambda: f.ProjectFactory(actual_completion=datetime.date(2024, 6, 1)),
     {"completed_after": "0001-01-01", "completed_before": "9999-12-31"}),
    ("visit", f.VisitFactory, {"date_after": "0001-01-01", "date_before": "9999-12-31"}),
    ("enterprise", lambda: f.VisitFactory().enterprise,
     {"visited_after": "0001-01-01", "visited_before": "9999-12-31"}),
    ("monthlyprogress", f.MonthlyProgressFactory,
     {"month_after": "0001-01", "month_before": "9999-12"}),
])
def test_the_first_and_last_days_a_date_filter_takes_bound_nothing(
        basename, build, params, projects_editor, api_client_for):
    wanted = build()
    response = api_client_for(projects_editor).get(list_url(basename), params)
    assert response.status_code == 200, response.content
    assert [r["id"] for r in response.json()["results"]] == [wanted.pk]


@pytest.mark.parametrize(("params", "listed"), [
    ({"reported_after": "9999-12-31"}, False), ({"reported_before": "0001-01-01"}, False),
    ({"reported_after": "0001-01-02", "reported_before": "9999-12-30"}, True),
])
def test_a_closed_loop_list_s_far_days_on_the_other_side_keep_their_meaning(
        params, listed, projects_editor, api_client_for):
    problem = report("projectproblem")
    response = api_client_for(projects_editor).get(list_url("projectproblem"), params)
    assert response.status_code == 200, response.content
    assert [r["id"] for r in response.json()["results"]] == ([problem.pk] if listed else [])


def test_the_visit_list_s_date_range_reads_as_every_list_s(admin_user_, api_client_for):
    # The visits' date_after/_before are the core's date_range_filters, as the support
    # outcomes' are: named and described alike in the schema.
    schema = api_client_for(admin_user_, "en").get(reverse("schema"), {"format": "json"}).json()

    def described(path):
        return parameter_descriptions(schema, path, ("date_after", "date_before"))

    assert described("/api/v1/projects/visits/") == described("/api/v1/projects/support-outcomes/")
    assert described("/api/v1/projects/visits/")["date_after"] == "date: on or after"

"""The 2024 demo data (``manage.py load_demo``): it reproduces the brief's figures through
the summary endpoint and the lists its links open, loading it twice duplicates nothing,
and every record it writes is valid.

The demo is loaded once per test session (twice, for the duplicate check: see
tests/support/demo.py); each test runs in a savepoint of it.
"""

from decimal import Decimal
from io import StringIO
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from cuizhai.core.choices import WorkflowAction
from cuizhai.core.models import Department, Enterprise, WorkflowTransition
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
)
from tests.support.demo import row_counts

pytestmark = pytest.mark.django_db

# Models whose records the demo writes (the shared core's and this app's), by label.
DEMO_MODELS = [
    "core.Department", "core.Community", "core.Village", "core.Indicator",
    "core.IndicatorValue", "core.Campaign", "core.CampaignOutput", "core.WorkflowTransition",
    "core.Enterprise", "projects.Project", "projects.FundingLine", "projects.Milestone",
    "projects.MonthlyProgress", "projects.ProjectProblem", "projects.Visit",
    "projects.EnterpriseNeed", "projects.SupportOutcome",
]


@pytest.fixture
def loaded(demo):
    return demo


@pytest.fixture
def api(loaded, leader, api_client_for):
    return api_client_for(leader, "en")


@pytest.fixture
def summary(api):
    response = api.get(reverse("projects-api:summary"), {"year": 2024})
    assert response.status_code == 200, response.content
    return response.json()


def value(choice):
    return choice["value"]


def follow(api, link, **params):
    """The records behind a summary figure (all of them: one page of up to 1,000)."""
    url = urlsplit(link)
    query = urlencode([*parse_qsl(url.query), *params.items(), ("limit", 1000)])
    response = api.get(f"{url.path}?{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["results"]) == body["count"]
    return body


def records(api, name, **params):
    namespace = "core-api" if name == "enterprise" else "projects-api"  # the core's register
    return follow(api, reverse(f"{namespace}:{name}-list"), **params)["results"]


# --- loading ----------------------------------------------------------------------------------
def test_the_command_reports_each_part_it_loads(loaded):
    assert "demo data loaded: core" in loaded.output
    assert "demo data loaded: projects" in loaded.output


def test_loading_twice_duplicates_nothing_not_even_history(loaded):
    for label in DEMO_MODELS:
        assert loaded.first[label] > 0, f"the demo loads no {label}"
    changed = {label: (loaded.first[label], loaded.second[label])
               for label in loaded.first if loaded.first[label] != loaded.second[label]}
    assert changed == {}


def test_loading_again_keeps_a_demo_project_edited_through_the_api(
    loaded, projects_editor, api_client_for
):
    project = Project.objects.get(code="CZ-2021-003")
    edited = {"location": "崔寨街道黄河大道以北（东区）", "lead_official": "李新华 管委会主任"}
    response = api_client_for(projects_editor, "en").patch(
        reverse("projects-api:project-detail", args=[project.pk]),
        {**edited, "version": project.version}, format="json",
    )
    assert response.status_code == 200, response.json()
    before = row_counts()

    output = StringIO()
    call_command("load_demo", "--no-users", stdout=output)

    project.refresh_from_db()
    assert (project.location, project.lead_official, project.version) == (
        edited["location"], edited["lead_official"], 2)
    assert row_counts() == before  # nothing written, not even a history entry
    assert "kept 1 record(s) edited since the demo loaded them" in output.getvalue()
    assert "济南黄河体育中心" in output.getvalue()


def test_loading_again_finds_demo_records_a_user_renamed_and_keeps_them(
    loaded, admin_user_, api_client_for
):
    admin = api_client_for(admin_user_, "en")
    for name, record, change in (
        ("core-api:department", Department.objects.get(code="economic-development"),
         {"name": "经济发展局", "code": "economy"}),
        ("core-api:enterprise", Enterprise.objects.get(name="济南鼎点数控科技有限公司"),
         {"name": "山东鼎点数控科技股份有限公司"}),
    ):
        response = admin.patch(reverse(f"{name}-detail", args=[record.pk]),
                               {**change, "version": record.version}, format="json")
        assert response.status_code == 200, response.json()
    before = row_counts()

    output = StringIO()
    call_command("load_demo", "--no-users", stdout=output)

    assert row_counts() == before
    # Both are kept by the core's part (the enterprise register is the core's); the
    # projects' part finds the renamed enterprise as the owner of its projects.
    assert ("demo data loaded: core\n  kept 2 record(s) edited since the demo loaded them: "
            "department “经济发展局”, enterprise “山东鼎点数控科技股份有限公司”\n"
            "demo data loaded: projects\n"
            "demo data loaded: resettlement\n"
            "demo data loaded: safety\n"
            "demo data loaded: partybuilding\n"
            "demo data loaded: reports\n") == output.getvalue()
    project = Project.objects.get(code="CZ-2023-001")
    assert project.owner_enterprise.name == "山东鼎点数控科技股份有限公司"
    assert project.department.code == "economy"


def test_loading_again_brings_back_a_deleted_demo_record(loaded, admin_user_, api_client_for):
    milestone = Milestone.objects.filter(project__code="CZ-2021-003").first()
    response = api_client_for(admin_user_, "en").delete(
        reverse("projects-api:milestone-detail", args=[milestone.pk]))
    assert response.status_code == 204
    before = row_counts()

    call_command("load_demo", "--no-users", stdout=StringIO())

    back = Milestone.objects.get(project=milestone.project, kind=milestone.kind)
    assert (back.planned_date, back.done_date) == (milestone.planned_date, milestone.done_date)
    after = row_counts()
    assert after.pop("projects.Milestone") == before.pop("projects.Milestone") + 1
    assert after.pop("projects.HistoricalMilestone") == (
        before.pop("projects.HistoricalMilestone") + 1)
    assert after == before


def test_every_record_loaded_passes_full_clean(loaded):
    # The check constraints are skipped: they are the database's own (SQLite and PostgreSQL
    # both enforce them), so every stored row meets them, and checking them again costs a
    # query per constraint per row.
    for label in DEMO_MODELS:
        if label == "core.WorkflowTransition":
            continue
        for record in apps.get_model(label)._default_manager.all():
            record.full_clean(validate_constraints=False)


# --- the brief's figures, through the summary and the lists its links open ---------------------
def test_fourteen_newly_planned_projects_total_87_yi_with_2_72_yi_of_central_bonds(
    summary, api
):
    newly_planned = summary["newly_planned"]
    assert newly_planned["count"] == 14
    assert newly_planned["total_investment"] == "870000.00"
    assert newly_planned["central_special_bonds"] == "27200.00"

    projects = follow(api, newly_planned["link"])["results"]
    assert len(projects) == 14
    names = {p["name"] for p in projects}
    assert {"崔寨养老服务提升项目", "绿能智造产业园"} <= names
    assert {value(p["category"]) for p in projects} == {"livelihood", "industry"}
    assert sum(Decimal(p["total_investment"]) for p in projects) == Decimal("870000")
    assert sum(Decimal(p["central_special_bonds"]) for p in projects) == Decimal("27200")


def test_at_least_sixty_projects_under_construction_each_fully_described(summary, api):
    assert summary["under_construction"]["count"] >= 60
    projects = follow(api, summary["under_construction"]["link"])["results"]
    assert len(projects) == summary["under_construction"]["count"]
    names = {p["name"] for p in projects}
    assert {"济南黄河体育中心", "新能源新材料产业园", "崔寨污水处理厂", "国博城五期",
            "37号地块住宅项目"} <= names
    for project in projects:
        assert value(project["status"]) == "construction"
        assert project["actual_start"], project["code"]
        assert project["department"]["id"], project["code"]
        assert project["lead"], project["code"]  # a person of the register
        assert 0 < project["progress_percent"] < 100, project["code"]
        assert Decimal(project["funding_total"]) > 0, project["code"]
        assert Decimal(project["funding_total"]) <= Decimal(project["total_investment"])
        assert Decimal(project["investment_completed_total"]) > 0, project["code"]


def test_every_project_under_construction_reports_its_2024_months(loaded, api):
    rows = records(api, "monthlyprogress", year=2024)
    months = {}
    for row in rows:
        months.setdefault(row["project"]["code"], set()).add(row["month"])
    for project in Project.objects.filter(status="construction"):
        first_month = 1 if project.actual_start.year < 2024 else project.actual_start.month
        assert months[project.code] == set(range(first_month, 13)), project.code


def test_the_investment_to_date_matches_the_physical_progress(loaded, api):
    # Months are kept from the start of works, so the derived cumulative share of the total
    # investment at the end of 2024 follows the progress (95% spent at completion).
    december = {row["project"]["code"]: Decimal(row["cumulative_percent"])
                for row in records(api, "monthlyprogress", year=2024, month=12)}
    under_construction = Project.objects.filter(status="construction")
    assert len(under_construction) >= 60
    for project in under_construction:
        expected = project.progress_percent * Decimal("0.95")
        assert abs(december[project.code] - expected) < Decimal("0.05"), project.code


def test_eleven_completed_in_2024_including_the_exhibition_centre_and_anbo(summary, api):
    assert summary["completed"]["count"] == 11
    projects = follow(api, summary["completed"]["link"])["results"]
    assert {"会展中心A-1", "安博一期"} <= {p["name"] for p in projects}
    for project in projects:
        assert project["actual_completion"].startswith("2024-"), project["code"]
        assert project["progress_percent"] == 100


def test_two_relocation_projects_of_enterprises_expecting_20_yi_within_three_years(
    summary, api
):
    assert summary["relocation_projects"]["count"] == 2
    projects = follow(api, summary["relocation_projects"]["link"])["results"]
    assert {p["name"] for p in projects} == {
        "鼎点数控激光装备数字化智能工厂", "温声玻璃搬迁扩建项目"}
    assert {value(p["status"]) for p in projects} == {"construction"}

    relocating = records(api, "enterprise", is_relocating="true")
    assert {e["id"] for e in relocating} == {p["owner_enterprise"]["id"] for p in projects}
    assert sum(Decimal(e["expected_output_value"]) for e in relocating) == Decimal("200000")


def test_projects_in_every_batch_stage_including_reserve(summary, api):
    by_stage = {value(row["stage"]): row for row in summary["projects_by_stage"]}
    assert by_stage["planned"]["count"] == 14
    assert by_stage["started"]["count"] >= 60 + 11
    assert by_stage["reserve"]["count"] >= 3
    reserve = follow(api, by_stage["reserve"]["link"])["results"]
    assert {value(p["status"]) for p in reserve} == {"planning"}


def test_problems_mostly_answered_within_24_hours_a_few_overdue(summary, api):
    problems = summary["problems"]
    raised = problems["raised"]["count"]
    assert raised >= 30
    in_time = problems["responded_within_24h"]
    assert in_time["count"] > raised * 0.8
    assert Decimal(in_time["rate"]) == (Decimal(in_time["count"] * 100) / raised).quantize(
        Decimal("0.01"))
    assert 1 <= problems["overdue"]["count"] <= raised // 4

    listed = follow(api, in_time["link"])["results"]
    assert listed and all(p["responded_in_time"] for p in listed)
    overdue = follow(api, problems["overdue"]["link"])["results"]
    assert {value(p["timeliness"]) for p in overdue} == {"overdue"}
    assert {value(p["status"]) for p in follow(api, problems["raised"]["link"])["results"]} >= {
        "closed", "resolved", "in_progress", "assigned", "reported"}


def test_enterprise_service_visits_needs_and_outcomes(summary, api):
    enterprises = summary["enterprises"]
    assert enterprises["visited"]["count"] >= 20
    assert enterprises["visits"]["count"] > enterprises["visited"]["count"]
    assert enterprises["needs_open"]["count"] >= 1
    assert enterprises["needs_closed"]["count"] > enterprises["needs_open"]["count"]
    kinds = {value(n["kind"]) for n in records(api, "enterpriseneed")}
    assert {"financing", "land", "talent", "policy"} <= kinds

    honours = follow(api, enterprises["honours"]["link"])["results"]
    little_giant = [h for h in honours if "小巨人" in h["title"]]
    assert [h["enterprise"]["display"] for h in little_giant] == ["济南鼎点数控科技有限公司"]
    assert "国家级专精特新" in little_giant[0]["title"]

    funds = follow(api, enterprises["funds"]["link"])["results"]
    ziyan = [f for f in funds if f["enterprise"]["display"].startswith("紫燕食品")]
    assert [Decimal(f["amount"]) for f in ziyan] == [Decimal("500")]
    assert "技术改造" in ziyan[0]["title"]
    assert Decimal(enterprises["funds"]["amount"]) == sum(Decimal(f["amount"]) for f in funds)


def test_budget_revenue_and_industrial_output_grow_115_41_and_51_42_percent(summary, api):
    indicators = {row["code"]: row for row in summary["indicators"]}
    revenue = indicators["general-budget-revenue"]
    output = indicators["industrial-output-value"]
    for row in (revenue, output):
        assert (row["year"], row["month"], row["unit"]) == (2024, 11, "万元")
    assert Decimal(revenue["value"]) == Decimal("95800")  # 9.58 亿元
    assert Decimal(revenue["yoy_growth"]) == Decimal("115.41")
    assert Decimal(output["value"]) == Decimal("3902000")  # 390.2 亿元
    assert Decimal(output["yoy_growth"]) == Decimal("51.42")

    values = api.get(revenue["link"]).json()
    months = sorted(row["month"] for row in values["results"])
    assert months == list(range(1, 12))  # January to November


def test_the_byd_service_campaign_outputs(summary):
    campaigns = {c["name"]: c for c in summary["campaigns"]}
    byd = campaigns["比亚迪服务保障专项行动"]
    outputs = {o["metric"]: (Decimal(o["value"]), o["unit"]) for o in byd["outputs"]}
    assert outputs == {
        "公共停车场面积": (Decimal("20000"), "平方米"),
        "新增停车位": (Decimal("3600"), "个"),
        "西南门城管执法工作站": (Decimal("1"), "个"),
        "清理违停车辆": (Decimal("3000"), "辆"),
        "引导非机动车规范停放": (Decimal("4000"), "辆"),
        "潮汐摊区吸纳流动摊贩": (Decimal("112"), "户"),
    }


# --- consistency of what the figures are made of ----------------------------------------------
def test_no_project_is_funded_beyond_its_total_investment(loaded):
    funded = Project.objects.annotate(funding_total=Coalesce(Subquery(
        FundingLine.objects.filter(project=OuterRef("pk")).order_by().values("project")
        .annotate(total=Sum("amount")).values("total")
    ), Decimal("0")))
    assert funded.filter(funding_total__gt=0).count() > 80
    assert [p.code for p in funded if p.funding_total > p.total_investment] == []


def test_milestones_mostly_done_a_few_overdue(loaded, api):
    done = Milestone.objects.filter(done_date__isnull=False).count()
    assert done > 300
    overdue = records(api, "milestone", overdue="true")
    # Every pending milestone was due in 2024, so all of them are overdue by now.
    assert 1 <= len(overdue) == Milestone.objects.filter(done_date__isnull=True).count() <= 10
    assert all(m["is_overdue"] and m["planned_date"].startswith("2024-") for m in overdue)


def test_closed_loop_items_went_through_the_workflow_with_2024_times(loaded):
    for model in (ProjectProblem, EnterpriseNeed):
        items = list(model.objects.all())
        log = {}
        for transition in WorkflowTransition.objects.filter(
            content_type=ContentType.objects.get_for_model(model)
        ).order_by("pk"):
            log.setdefault(transition.object_id, []).append(transition)
        for item in items:
            steps = log[item.pk]
            assert steps[0].action == WorkflowAction.REPORT
            assert steps[-1].to_status == item.status
            # Logged now, in this order, and moved back to the times of 2024.
            assert [s.at for s in steps] == sorted(s.at for s in steps)
            assert {timezone.localtime(s.at).year for s in steps} == {2024}
            assert steps[0].at == item.reported_at
            if item.responded_at:
                assert item.reported_at <= item.responded_at
            if item.resolved_at:
                assert item.responded_at <= item.resolved_at
                assert item.resolved_by_id is not None
            if item.status == "closed":
                assert item.verified_by_id not in (None, item.resolved_by_id)
                assert item.resolved_at <= item.closed_at
        # The history's snapshots carry the same 2024 times as the items.
        after_2024 = (Q(responded_at__year__gt=2024) | Q(resolved_at__year__gt=2024)
                      | Q(closed_at__year__gt=2024))
        assert model.history.exists()
        assert not model.history.filter(after_2024).exists()


def test_the_demo_staff_who_move_the_items_cannot_log_in(loaded):
    movers = {t.actor for t in WorkflowTransition.objects.select_related("actor")}
    projects_movers = {t.actor for t in WorkflowTransition.objects.select_related("actor")
                       .filter(content_type__app_label="projects")}
    assert len(projects_movers) == 2
    assert not any(user.has_usable_password() for user in movers)


def test_enterprise_credit_codes_are_distinct_and_valid(loaded, api):
    enterprises = records(api, "enterprise")
    codes = [e["credit_code"] for e in enterprises]
    assert len(codes) == len(set(codes)) >= 25
    assert all(len(code) == 18 and code.startswith("91370115") for code in codes)


def test_investment_completed_in_2024_is_the_sum_of_the_months(summary):
    total = MonthlyProgress.objects.filter(year=2024).aggregate(total=Sum("investment_completed"))
    assert Decimal(summary["investment_completed"]["amount"]) == total["total"] > 0

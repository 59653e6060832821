"""GET /api/v1/projects/summary/?year=: every figure on a small data set counted by hand.

The data set below is built record by record, with decoys from the years before and after
and from other areas, and every expected figure is written out as a literal. Following
each figure's ``link`` must give a list whose ``count`` is that figure.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import IndicatorPeriodKind
from projects.models import ProjectProblem
from tests.factories import (
    CampaignFactory,
    CampaignOutputFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    OfficeStaffFactory,
)
from tests.projects import factories as f
from tests.support.clock import at, clock
from tests.support.summaries import (
    answer,
    captions,
    counts,
    follow_months,
    linked_counts,
    nonzero_months,
)

pytestmark = pytest.mark.django_db

SUMMARY = reverse("projects-api:summary")


def problem(project, title, *, reported, responded=None, resolved=None, verified=None):
    """A problem of ``project`` reported, answered (assigned), resolved and verified at the
    given moments, through the workflow services."""
    worker, checker = OfficeStaffFactory(), OfficeStaffFactory()
    item = f.report_problem(project=project, title=title, reported_at=reported, by=checker)
    if responded:
        with clock(responded):
            item = closed_loop.closed_loop_assign(item, by=checker, assignee=worker)
    if resolved:
        with clock(resolved):
            item = closed_loop.closed_loop_resolve(item, by=worker, note="已协调解决")
    if verified:
        with clock(verified):
            item = closed_loop.closed_loop_verify(item, by=checker)
    return item


def need(enterprise, *, reported, state="reported", satisfaction=""):
    worker, checker = OfficeStaffFactory(), OfficeStaffFactory()
    item = f.report_need(enterprise=enterprise, reported_at=reported, by=checker)
    if state == "reported":
        return item
    item = closed_loop.closed_loop_assign(item, by=checker, assignee=worker)
    if state == "assigned":
        return item
    item = closed_loop.closed_loop_resolve(item, by=worker, note="已对接银行")
    if state == "resolved":
        return item
    return closed_loop.closed_loop_verify(item, by=checker, satisfaction=satisfaction)


@pytest.fixture
def data_2024():
    """The hand-made data set; figures for 2024 are written out in the tests."""
    # Projects -------------------------------------------------------------------------
    elderly_care = f.ProjectFactory(code="P1", name="崔寨养老服务提升", stage="planned",
                                    plan_year=2024, status="planning",
                                    total_investment=Decimal("50000.00"))
    f.FundingLineFactory(project=elderly_care, source="central_special_bond",
                         amount=Decimal("3000.00"), year=2024)
    f.FundingLineFactory(project=elderly_care, source="central_special_bond",
                         amount=Decimal("1200.00"), year=2025)  # any year counts
    f.FundingLineFactory(project=elderly_care, source="local_fiscal",
                         amount=Decimal("5000.00"), year=2024)  # not a central bond
    green_park = f.ProjectFactory(code="P2", name="绿能智造产业园", stage="planned",
                                  plan_year=2024, status="preparation",
                                  total_investment=Decimal("30000.00"))
    f.FundingLineFactory(project=green_park, source="central_special_bond",
                         amount=Decimal("2000.00"), year=2024)
    planned_2023 = f.ProjectFactory(code="P3", name="黄河体育中心配套", stage="planned",
                                    plan_year=2023, status="construction",
                                    actual_start=datetime.date(2023, 9, 1),
                                    total_investment=Decimal("8000.00"))
    f.FundingLineFactory(project=planned_2023, source="central_special_bond",
                         amount=Decimal("500.00"), year=2024)  # planned in 2023
    relocation = f.ProjectFactory(code="P4", name="鼎点数控激光装备数字化智慧工厂",
                                  stage="started", plan_year=2024, status="construction",
                                  is_relocation=True, enterprise_owned=True,
                                  total_investment=Decimal("20000.00"))
    f.FundingLineFactory(project=relocation, source="central_special_bond",
                         amount=Decimal("999.00"), year=2024)  # not in the planned batch
    f.ProjectFactory(code="P5", name="会展中心A-1", completed=True,
                     actual_completion=datetime.date(2024, 11, 20))
    f.ProjectFactory(code="P6", name="安博一期（2023年竣工）", completed=True,
                     actual_completion=datetime.date(2023, 12, 28))
    f.ProjectFactory(code="P7", name="温声玻璃搬迁扩建", stage="reserve", status="suspended",
                     is_relocation=True)

    # Monthly progress: 1,000 + 1,500.50 + 250 in 2024 (and 777 in December 2023).
    f.MonthlyProgressFactory(project=planned_2023, year=2023, month=12,
                             investment_completed=Decimal("777.00"))
    f.MonthlyProgressFactory(project=planned_2023, year=2024, month=3,
                             investment_completed=Decimal("1000.00"))
    f.MonthlyProgressFactory(project=planned_2023, year=2024, month=4,
                             investment_completed=Decimal("1500.50"))
    f.MonthlyProgressFactory(project=relocation, year=2024, month=12,
                             investment_completed=Decimal("250.00"))

    # Problems: the 24-hour clock starts when a problem is raised. ------------------------
    site = planned_2023
    problem(site, "A 6小时答复，按期办结", reported=at(2024, 3, 1, 9),
            responded=at(2024, 3, 1, 15), resolved=at(2024, 3, 5, 10),
            verified=at(2024, 3, 6, 10))
    problem(site, "B 25小时才答复，仍未办结", reported=at(2024, 5, 10, 9),
            responded=at(2024, 5, 11, 10))
    problem(site, "C 及时答复，逾期办结", reported=at(2024, 6, 3, 9),
            responded=at(2024, 6, 3, 20), resolved=at(2024, 7, 30, 9))
    problem(site, "D 从未答复", reported=at(2024, 12, 30, 10))
    problem(site, "F 元旦凌晨提出", reported=at(2024, 1, 1, 1), responded=at(2024, 1, 1, 2),
            resolved=at(2024, 1, 2, 9), verified=at(2024, 1, 2, 10))
    problem(site, "G 恰好24小时答复", reported=at(2024, 8, 1, 9), responded=at(2024, 8, 2, 9))
    problem(site, "2023年除夕提出", reported=at(2023, 12, 31, 22),
            responded=at(2023, 12, 31, 23))

    # Enterprises, visits, needs, outcomes ------------------------------------------------
    dingdian = f.EnterpriseFactory(name="鼎点数控")
    ziyan = f.EnterpriseFactory(name="紫燕食品")
    visited_2023 = f.EnterpriseFactory(name="2023年走访企业")
    f.EnterpriseFactory(name="未走访企业")
    f.VisitFactory(enterprise=dingdian, date=datetime.date(2024, 2, 1))
    f.VisitFactory(enterprise=dingdian, date=datetime.date(2024, 9, 15))
    f.VisitFactory(enterprise=ziyan, date=datetime.date(2024, 7, 7))
    f.VisitFactory(enterprise=visited_2023, date=datetime.date(2023, 11, 11))

    need(dingdian, reported=at(2024, 4, 1, 9))
    need(ziyan, reported=at(2024, 4, 2, 9), state="assigned")
    need(dingdian, reported=at(2024, 5, 1, 9), state="resolved")
    need(ziyan, reported=at(2024, 6, 1, 9), state="closed", satisfaction="basically_satisfied")
    need(visited_2023, reported=at(2023, 11, 11, 9))
    need(visited_2023, reported=at(2023, 12, 1, 9), state="closed", satisfaction="dissatisfied")

    f.SupportOutcomeFactory(enterprise=dingdian, title="国家级专精特新“小巨人”企业",
                            date=datetime.date(2024, 8, 1))
    f.SupportOutcomeFactory(enterprise=visited_2023, date=datetime.date(2023, 7, 1))
    f.SupportOutcomeFactory(enterprise=ziyan, funds=True, title="市级技术改造资金",
                            amount=Decimal("500.00"), date=datetime.date(2024, 10, 10))
    f.SupportOutcomeFactory(enterprise=dingdian, funds=True, amount=Decimal("120.50"),
                            date=datetime.date(2024, 3, 3))
    f.SupportOutcomeFactory(enterprise=dingdian, funds=True, amount=Decimal("80.00"),
                            date=datetime.date(2025, 1, 3))

    # Indicators: the latest 2024 month of each projects/economy indicator. --------------
    revenue = IndicatorFactory(code="budget-revenue", name="一般公共预算收入",
                               area="economy", period_kind=IndicatorPeriodKind.CUMULATIVE)
    IndicatorValueFactory(indicator=revenue, year=2023, month=11, value=Decimal("40000"))
    IndicatorValueFactory(indicator=revenue, year=2024, month=10, value=Decimal("80000"))
    IndicatorValueFactory(indicator=revenue, year=2024, month=11, value=Decimal("86164"))
    output = IndicatorFactory(code="industrial-output", name="规上工业总产值",
                              area="economy")
    IndicatorValueFactory(indicator=output, year=2023, month=11, value=Decimal("2500000"))
    IndicatorValueFactory(indicator=output, year=2024, month=11, value=Decimal("3785500"))
    new_measure = IndicatorFactory(code="new-projects-investment", name="新开工项目投资",
                                   area="projects")
    IndicatorValueFactory(indicator=new_measure, year=2024, month=6, value=Decimal("1234.5"))
    road = IndicatorFactory(code="road-deaths", name="道路交通死亡人数", area="safety",
                            unit="人")
    IndicatorValueFactory(indicator=road, year=2024, month=11, value=Decimal("3"))
    old = IndicatorFactory(code="old-measure", name="停用指标", area="economy")
    IndicatorValueFactory(indicator=old, year=2023, month=5, value=Decimal("1"))

    # Campaigns of the projects area in 2024. ---------------------------------------------
    byd = CampaignFactory(name="比亚迪周边环境服务保障", area="projects", year=2024)
    CampaignOutputFactory(campaign=byd, metric="新增停车位", unit="个", value=Decimal("3600"))
    CampaignOutputFactory(campaign=byd, metric="潮汐摊点区容纳流动摊贩", unit="个",
                          value=Decimal("112"))
    CampaignFactory(name="2023年服务月", area="projects", year=2023)
    CampaignFactory(name="安全生产月", area="safety", year=2024)


EXPECTED_COUNTS = {
    # (path into the response) → the figure counted by hand
    ("projects_by_stage", "planned"): 3,  # P1, P2, P3
    ("projects_by_stage", "started"): 3,  # P4, P5, P6
    ("projects_by_stage", "reserve"): 1,  # P7
    ("projects_by_status", "planning"): 1,
    ("projects_by_status", "preparation"): 1,
    ("projects_by_status", "construction"): 2,  # P3, P4
    ("projects_by_status", "completed"): 2,  # P5, P6
    ("projects_by_status", "suspended"): 1,
    ("newly_planned",): 2,  # P1, P2 (P3 planned in 2023, P4 is in the started batch)
    ("under_construction",): 2,
    ("completed",): 1,  # P5 (P6 was completed in 2023)
    ("relocation_projects",): 2,  # P4, P7
    ("problems", "raised"): 6,  # A B C D F G (F just after midnight on 1 January)
    ("problems", "responded_within_24h"): 4,  # A C F G (G at exactly 24 hours)
    ("problems", "overdue"): 4,  # B, D, G open past their deadlines; C resolved late
    ("enterprises", "visited"): 2,  # 鼎点 (twice), 紫燕
    ("enterprises", "visits"): 3,
    ("enterprises", "needs_open"): 2,  # reported, assigned
    ("enterprises", "needs_resolved"): 2,  # resolved, closed
    ("enterprises", "needs_closed"): 1,  # closed only: verified (核验销号)
    ("enterprises", "needs_satisfaction"): 1,  # the closed one, asked back: basically
    ("enterprises", "honours"): 1,
    ("enterprises", "funds"): 2,
}


@pytest.fixture
def summary(data_2024, dashboard_user, api_client_for):
    client = api_client_for(dashboard_user, "en")
    return client, answer(client, SUMMARY, {"year": 2024})


def test_every_count_is_what_we_count_by_hand(summary):
    _client, body = summary
    assert body["year"] == 2024
    assert counts(body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_each_count_links_to_the_records_behind_it(summary):
    client, body = summary
    assert linked_counts(client, body, EXPECTED_COUNTS) == EXPECTED_COUNTS


def test_the_newly_planned_money(summary):
    _client, body = summary
    newly_planned = body["newly_planned"]
    assert newly_planned["total_investment"] == "80000.00"  # 50,000 + 30,000
    # P1's 3,000 + 1,200 (2025) and P2's 2,000; not P3's 500 nor P4's 999.
    assert newly_planned["central_special_bonds"] == "6200.00"


def test_the_responded_within_24_hours_rate(summary):
    _client, body = summary
    assert body["problems"]["responded_within_24h"]["rate"] == "66.67"  # 4 of 6


def test_no_problems_raised_means_no_rate(dashboard_user, api_client_for):
    body = api_client_for(dashboard_user).get(SUMMARY, {"year": 2030}).json()
    assert body["problems"]["raised"]["count"] == 0
    assert body["problems"]["responded_within_24h"]["rate"] is None
    assert body["newly_planned"]["total_investment"] == "0.00"
    assert body["investment_completed"]["amount"] == "0.00"


def test_the_satisfaction_of_the_enterprises_asked_back(summary):
    _client, body = summary
    asked = body["enterprises"]["needs_satisfaction"]
    assert (asked["satisfied"], asked["basically_satisfied"], asked["dissatisfied"]) == (0, 1, 0)
    assert asked["rate"] == "100.00"
    assert asked["units"] == {"rate": "%"}


def test_the_investment_completed_in_the_year(summary):
    client, body = summary
    figure_ = body["investment_completed"]
    assert figure_["amount"] == "2750.50"  # 1,000 + 1,500.50 + 250
    rows = client.get(figure_["link"]).json()["results"]
    assert sum(Decimal(r["investment_completed"]) for r in rows) == Decimal("2750.50")


def test_funds_won_in_the_year(summary):
    client, body = summary
    funds = body["enterprises"]["funds"]
    assert funds["amount"] == "620.50"  # 500 + 120.50; not 2025's 80
    rows = client.get(funds["link"]).json()["results"]
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal("620.50")


def test_the_indicators_with_their_growth(summary):
    client, body = summary
    indicators = {i["code"]: i for i in body["indicators"]}
    assert set(indicators) == {"budget-revenue", "industrial-output", "new-projects-investment"}
    revenue = indicators["budget-revenue"]
    assert (revenue["name"], revenue["unit"], revenue["year"], revenue["month"]) == \
        ("一般公共预算收入", "万元", 2024, 11)
    assert Decimal(revenue["value"]) == Decimal("86164")
    assert Decimal(revenue["same_period_last_year"]) == Decimal("40000")
    assert revenue["yoy_growth"] == "115.41"  # (86,164 − 40,000) / 40,000
    assert indicators["industrial-output"]["yoy_growth"] == "51.42"
    assert indicators["new-projects-investment"]["yoy_growth"] is None  # no 2023 value

    rows = client.get(revenue["link"]).json()["results"]
    assert {(r["year"], r["month"]) for r in rows} == {(2024, 10), (2024, 11)}
    assert {r["indicator"]["code"] for r in rows} == {"budget-revenue"}


def test_the_campaigns_of_the_year(summary):
    client, body = summary
    assert [c["name"] for c in body["campaigns"]] == ["比亚迪周边环境服务保障"]
    campaign = body["campaigns"][0]
    assert campaign["year"] == 2024
    assert [(o["metric"], o["unit"], o["value"]) for o in campaign["outputs"]] == [
        ("新增停车位", "个", "3600.00"), ("潮汐摊点区容纳流动摊贩", "个", "112.00")
    ]
    assert client.get(campaign["link"]).json()["count"] == 2


def test_choices_come_with_their_labels(summary):
    _client, body = summary
    assert body["projects_by_stage"][0]["stage"] == {"value": "planned", "label": "Planned"}
    assert [s["status"]["value"] for s in body["projects_by_status"]] == [
        "planning", "preparation", "construction", "completed", "suspended"
    ]


def test_problems_are_counted_in_office_time(data_2024):
    # F was raised at 01:00 on 1 January in Jinan, still 31 December in UTC.
    f_problem = ProjectProblem.objects.get(title__startswith="F ")
    assert f_problem.reported_at.astimezone(datetime.UTC).year == 2023


@pytest.mark.parametrize("query", [{}, {"year": "twenty"}, {"year": 1999}, {"year": 2101}])
def test_the_year_is_required_and_checked(query, dashboard_user, api_client_for):
    response = api_client_for(dashboard_user).get(SUMMARY, query)
    assert response.status_code == 400
    assert "year" in response.json()


def test_the_summary_needs_view_permission_on_projects(make_user, api_client_for):
    nobody = make_user("no-role")
    assert api_client_for(nobody).get(SUMMARY, {"year": 2024}).status_code == 403


@pytest.mark.parametrize("role", ["projects_editor", "safety_editor", "leader",
                                  "dashboard_user"])
def test_every_role_reads_the_summary(role, request, api_client_for):
    client = api_client_for(request.getfixturevalue(role))
    assert client.get(SUMMARY, {"year": 2024}).status_code == 200


def test_the_summary_is_in_the_schema(admin_user_, api_client_for):
    response = api_client_for(admin_user_).get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/projects/summary/"]["get"]
    # ?year= or ?period= (one of them; the view answers 400 without either).
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"year", "period"}
    assert "2024-Q4" in parameters["period"]["description"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert {"projects_by_stage", "newly_planned", "problems", "enterprises", "indicators",
            "campaigns"} <= set(component["properties"])


def test_needs_are_named_by_what_they_count(summary):
    # 闭环: an item is closed only once verified (核验销号); resolved counts both.
    client, body = summary
    statuses = {}
    for name in ("needs_open", "needs_resolved", "needs_closed"):
        rows = client.get(body["enterprises"][name]["link"]).json()["results"]
        statuses[name] = sorted(row["status"]["value"] for row in rows)
    assert statuses == {
        "needs_open": ["assigned", "reported"],
        "needs_resolved": ["closed", "resolved"],
        "needs_closed": ["closed"],
    }


def test_each_figure_has_a_caption_and_money_its_unit(data_2024, dashboard_user,
                                                     api_client_for):
    body = api_client_for(dashboard_user, "zh-hans").get(SUMMARY, {"year": 2024}).json()
    assert body["newly_planned"]["caption"] == "新谋划项目"
    assert body["newly_planned"]["units"] == {"total_investment": "万元",
                                             "central_special_bonds": "万元"}
    assert body["investment_completed"]["units"] == {"amount": "万元"}
    assert body["enterprises"]["funds"]["units"] == {"amount": "万元"}
    assert body["problems"]["responded_within_24h"]["units"] == {"rate": "%"}
    assert body["enterprises"]["needs_closed"]["caption"] == "已复核销号的企业诉求"
    assert body["under_construction"]["units"] == {}  # a count has no unit
    planned = body["projects_by_stage"][0]
    assert planned["caption"] == planned["stage"]["label"] == "策划"

    english = api_client_for(dashboard_user, "en").get(SUMMARY, {"year": 2024}).json()
    assert english["newly_planned"]["caption"] == "Newly planned projects"
    assert english["newly_planned"]["units"]["total_investment"] == "10,000 yuan"


# --- periods: a month, a quarter, January to month N ------------------------------------------
EXPECTED_FIRST_HALF = {
    **{path: count for path, count in EXPECTED_COUNTS.items()
       if path[0] in ("projects_by_stage", "projects_by_status")},  # states: as now
    ("newly_planned",): 2,  # the plan year is the year the period ends in
    ("under_construction",): 2,  # a state: as now
    ("completed",): 0,  # P5 was completed on 20 November
    ("relocation_projects",): 2,
    ("problems", "raised"): 4,  # F (1 Jan), A (1 Mar), B (10 May), C (3 Jun)
    ("problems", "responded_within_24h"): 3,  # F, A, C
    ("problems", "overdue"): 2,  # B open past its deadline, C resolved late
    ("enterprises", "visited"): 1,  # 鼎点 on 1 February
    ("enterprises", "visits"): 1,
    ("enterprises", "needs_open"): 2,  # all four needs were raised in April to June
    ("enterprises", "needs_resolved"): 2,
    ("enterprises", "needs_closed"): 1,
    ("enterprises", "needs_satisfaction"): 1,
    ("enterprises", "honours"): 0,  # 1 August
    ("enterprises", "funds"): 1,  # 3 March (the 10 October funds are later)
}


def test_january_to_june_counted_by_hand_and_each_link_lists_them(data_2024, dashboard_user,
                                                                  api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = client.get(SUMMARY, {"period": "2024-01..2024-06"}).json()
    assert body["year"] == 2024
    assert body["period"] == {"code": "2024-01..2024-06", "start": "2024-01-01",
                              "end": "2024-06-30"}
    assert counts(body, EXPECTED_FIRST_HALF) == EXPECTED_FIRST_HALF
    assert linked_counts(client, body, EXPECTED_FIRST_HALF) == EXPECTED_FIRST_HALF
    # March 1,000 + April 1,500.50 (December's 250 is later).
    investment = body["investment_completed"]
    assert investment["amount"] == "2500.50"
    assert investment["link"].endswith("?month_after=2024-01&month_before=2024-06")
    assert client.get(investment["link"]).json()["count"] == 2
    assert body["enterprises"]["funds"]["amount"] == "120.50"


def test_a_month_takes_the_date_range_and_a_year_keeps_its_links(data_2024, dashboard_user,
                                                                  api_client_for):
    client = api_client_for(dashboard_user, "en")
    november = client.get(SUMMARY, {"period": "2024-11"}).json()
    assert november["completed"]["count"] == 1  # P5, 20 November
    assert november["completed"]["link"].endswith(
        "?status=completed&completed_after=2024-11-01&completed_before=2024-11-30")
    assert client.get(november["completed"]["link"]).json()["count"] == 1
    # ?period=2024 is ?year=2024, figures and links alike.
    whole = client.get(SUMMARY, {"period": "2024"}).json()
    by_year = client.get(SUMMARY, {"year": 2024}).json()
    assert whole == by_year
    assert by_year["completed"]["link"].endswith("?status=completed&completed_year=2024")


def test_the_indicators_of_a_period_are_as_of_its_last_month(data_2024, dashboard_user,
                                                             api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = client.get(SUMMARY, {"period": "2024-Q3"}).json()
    # budget-revenue has October and November: neither is in July to September.
    assert {row["code"] for row in body["indicators"]} == {"new-projects-investment"}


@pytest.mark.parametrize("period", ["2024-13", "2024-Q5", "2024-06..2024-01", "24-11",
                                    "1999", "2024-1", "2024-11..", "november"])
def test_an_invalid_period_is_a_400_in_the_users_language(period, dashboard_user,
                                                          api_client_for):
    response = api_client_for(dashboard_user, "zh-hans").get(SUMMARY, {"period": period})
    assert response.status_code == 400
    message = response.json()["period"][0]
    assert "2024-Q4" in message or "2000" in message
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message  # in Chinese


def test_year_and_period_together_are_a_400(dashboard_user, api_client_for):
    response = api_client_for(dashboard_user, "en").get(SUMMARY, {"year": 2024,
                                                                  "period": "2024-11"})
    assert response.status_code == 400
    assert "period" in response.json()


# --- monthly series ------------------------------------------------------------------------------
SERIES = reverse("projects-api:series")


def test_the_monthly_series_counted_by_hand_each_month_with_its_link(data_2024, dashboard_user,
                                                                     api_client_for):
    client = api_client_for(dashboard_user, "en")
    body = answer(client, SERIES, {"year": 2024})
    investment = body["investment_completed"]
    assert [month["month"] for month in investment] == [f"2024-{m:02}" for m in range(1, 13)]
    assert {m["month"]: m["amount"] for m in investment if m["count"]} == {
        "2024-03": "1000.00", "2024-04": "1500.50", "2024-12": "250.00"}  # not Dec 2023
    assert {m["amount"] for m in investment if not m["count"]} == {"0.00"}
    assert nonzero_months(body, ("completed", "problems_raised")) == {
        "completed": {"2024-11": 1},
        "problems_raised": {"2024-01": 1, "2024-03": 1, "2024-05": 1, "2024-06": 1,
                            "2024-08": 1, "2024-12": 1},
    }
    for key in ("investment_completed", "completed", "problems_raised"):
        follow_months(client, body[key])
    assert investment[2]["link"].endswith("?month_after=2024-03&month_before=2024-03")


def test_the_series_of_a_quarter_has_its_three_months(data_2024, dashboard_user,
                                                      api_client_for):
    body = api_client_for(dashboard_user, "en").get(SERIES, {"period": "2024-Q2"}).json()
    assert [(m["month"], m["amount"]) for m in body["investment_completed"]] == [
        ("2024-04", "1500.50"), ("2024-05", "0.00"), ("2024-06", "0.00")]
    assert body["period"]["code"] == "2024-Q2"


def test_the_series_needs_a_period_and_view_permission(make_user, dashboard_user,
                                                       api_client_for):
    assert api_client_for(dashboard_user).get(SERIES).status_code == 400
    assert api_client_for(make_user("nobody")).get(SERIES, {"year": 2024}).status_code == 403


def test_an_enterprise_visited_before_and_after_a_month_was_not_visited_in_it(
        data_2024, dashboard_user, api_client_for):
    # Visited on 31 October and on 1 December: a visit on or after 1 November and a visit
    # on or before 30 November, but none in November.
    decoy = f.EnterpriseFactory(name="十月和十二月走访企业")
    f.VisitFactory(enterprise=decoy, date=datetime.date(2024, 10, 31))
    f.VisitFactory(enterprise=decoy, date=datetime.date(2024, 12, 1))
    in_november = f.VisitFactory(date=datetime.date(2024, 11, 15)).enterprise
    client = api_client_for(dashboard_user, "en")
    visited = client.get(SUMMARY, {"period": "2024-11"}).json()["enterprises"]["visited"]
    assert visited["count"] == 1
    assert visited["link"].endswith("visited_after=2024-11-01&visited_before=2024-11-30")
    listed = client.get(visited["link"]).json()["results"]
    assert [row["id"] for row in listed] == [in_november.pk]


@pytest.mark.parametrize(("language", "words"), [("en", ("year",)), ("zh-hans", ("年内", "当年"))])
def test_a_month_s_captions_do_not_say_the_year(language, words, dashboard_user, api_client_for):
    body = api_client_for(dashboard_user, language).get(SUMMARY, {"period": "2024-11"}).json()
    found = captions(body)
    assert found
    assert [c for c in found if any(word in c.lower() for word in words)] == []

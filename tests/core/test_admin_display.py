"""What a clerk reads in the admin's lists: amounts with thousands separators, problems as
badges (nothing when all is well), growth beside a value, people by name, and a home page
ordered by the work."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.admin import display
from cuizhai.core.base.admin.site import app_order
from projects.choices import MilestoneKind
from tests.factories import IndicatorFactory, IndicatorValueFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


# --- the helpers ------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("98000"), "98,000.00"), (Decimal("1234567.5"), "1,234,567.50"),
    (Decimal("0"), "0.00"), (Decimal("-12.3"), "-12.30"),
])
def test_money_has_thousands_separators_and_two_places(value, shown):
    assert display.money(value) == f'<span class="num">{shown}</span>'


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("390.2000"), "390.2"), (Decimal("95800.0000"), "95,800"), (Decimal("0.0500"), "0.05"),
])
def test_figures_lose_needless_decimals(value, shown):
    assert display.figure(value) == f'<span class="num">{shown}</span>'


def test_growth_is_signed_and_unknown_growth_is_empty():
    assert display.percent(Decimal("115.41"), signed=True) == '<span class="num">+115.41%</span>'
    assert display.percent(Decimal("-57.1"), signed=True) == '<span class="num">-57.10%</span>'
    assert display.percent(85, places=0) == '<span class="num">85%</span>'
    assert display.percent(None) == ""


def test_a_flag_is_a_badge_when_it_holds_and_nothing_otherwise():
    with translation.override("zh-hans"):
        assert display.overdue_flag(True) == '<span class="badge badge-danger">逾期</span>'
    assert display.overdue_flag(False) == ""
    assert display.flag(False, "anything", display.INFO) == ""


def test_people_are_named_by_their_name(make_user):
    named = make_user("wanglei")
    named.first_name = "王磊"
    assert display.person(named) == "王磊" == str(named)
    assert display.person(make_user("nameless")) == "nameless"  # nothing else to show
    assert display.person(None) == ""


# --- the lists ---------------------------------------------------------------------------------
def test_project_list_shows_amounts_progress_and_overdue_milestones(admin_user_):
    late = ProjectFactory(code="XM-LATE", total_investment=Decimal("360000"),
                          progress_percent=78)
    MilestoneFactory(project=late, kind=MilestoneKind.APPROVAL,
                     planned_date=datetime.date(2024, 1, 31))
    MilestoneFactory(project=late, kind=MilestoneKind.LAND, planned_date=datetime.date(2024, 2, 28))
    ProjectFactory(code="XM-FINE")

    html = client_for(admin_user_).get(
        reverse("admin:projects_project_changelist")).content.decode()

    assert '<td class="field-total_investment"><span class="num">360,000.00</span></td>' in html
    assert '<span class="num">78%</span>' in html
    assert html.count('<span class="badge badge-danger">2 项逾期</span>') == 1
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html


def test_milestone_list_marks_only_the_overdue_ones(admin_user_):
    MilestoneFactory(planned_date=datetime.date(2024, 1, 31))  # past, not done
    MilestoneFactory(planned_date=datetime.date(2024, 1, 31), done_date=datetime.date(2024, 1, 30))
    MilestoneFactory(planned_date=datetime.date.today() + datetime.timedelta(days=30))

    response = client_for(admin_user_).get(reverse("admin:projects_milestone_changelist"))

    html = response.content.decode()
    assert html.count('<span class="badge badge-danger">逾期</span>') == 1
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html  # no inverted icons


def test_indicator_values_show_growth_beside_the_value(admin_user_):
    revenue = IndicatorFactory(name="一般公共预算收入")
    IndicatorValueFactory(indicator=revenue, year=2023, month=11, value=Decimal("44480"))
    IndicatorValueFactory(indicator=revenue, year=2024, month=11, value=Decimal("95800"))

    html = client_for(admin_user_).get(
        reverse("admin:core_indicatorvalue_changelist")).content.decode()

    assert '<span class="num">95,800</span>' in html  # not 95800.0000
    assert '<span class="num">+115.38%</span>' in html  # 同比
    assert "同比" in html and "环比" in html


# --- the home page -----------------------------------------------------------------------------
def home_sections(user):
    response = client_for(user).get(reverse("admin:index"))
    return [app["app_label"] for app in response.context["app_list"]]


def test_home_puts_the_users_own_office_first(make_user):
    clerk = make_user("safety-clerk", roles.office_group("safety"))
    order = app_order(clerk)
    offices = sorted(("projects", "resettlement", "safety", "partybuilding"), key=order.get)
    assert offices[0] == "safety"
    assert max(map(order.get, offices)) < order["core"] < order["auth"] < order["axes"]


def test_home_page_orders_sections_and_models_by_the_work(admin_user_, make_user):
    sections = home_sections(admin_user_)
    # The offices', the shared registers, then the system's own (users, tokens, sign-ins).
    assert sections[0] == "projects"
    assert (sections.index("core") < sections.index("auth") < sections.index("authtoken")
            < sections.index("axes"))

    response = client_for(make_user("clerk", roles.office_group("projects"))).get(
        reverse("admin:index"))
    projects = next(a for a in response.context["app_list"] if a["app_label"] == "projects")
    assert [m["object_name"] for m in projects["models"]][:5] == [
        "Project", "FundingLine", "Milestone", "MonthlyProgress", "ProjectProblem"]

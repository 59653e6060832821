"""Services name who acted: ``by=`` becomes the history entry's user, and ``reason=`` its
change reason, also outside a request (management commands, imports)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cuizhai.core import roles
from cuizhai.core.base.services import closed_loop
from cuizhai.core.base.services.records import record_create, record_delete, record_update
from cuizhai.core.base.services.status import REASON_MAX_LENGTH
from cuizhai.core.models import Campaign, Department
from projects import services as projects_services
from tests.factories import CampaignFactory, DepartmentFactory, with_model_rights
from tests.projects import factories as f
from tests.workflow_app.models import SampleTicket

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(make_user):
    return make_user("clerk")


def latest(instance):
    return type(instance).history.filter(id=instance.pk).order_by("history_id").last()


def test_record_create_and_update_name_the_user_outside_a_request(clerk):
    department = record_create(model=Department, data={"name": "项目办", "code": "projects"},
                               by=clerk)
    assert latest(department).history_user == clerk

    record_update(instance=department, data={"phone": "0531-1"}, expected_version=1, by=clerk,
                  reason="电话更新")

    entry = latest(department)
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "~", clerk, "电话更新")
    assert entry.phone == "0531-1"


def test_record_delete_names_the_user_and_the_reason(clerk):
    campaign = CampaignFactory()
    campaign_id = campaign.pk

    record_delete(instance=campaign, by=clerk, reason="重复录入")

    assert not Campaign.objects.filter(pk=campaign_id).exists()
    entry = Campaign.history.filter(id=campaign_id).latest("history_id")
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
        "-", clerk, "重复录入")


def test_without_by_the_history_names_nobody():
    department = record_create(model=Department, data={"name": "安全办", "code": "safety"})
    assert latest(department).history_user is None


def test_a_reason_longer_than_the_history_holds_is_refused_and_nothing_changes(clerk):
    department = DepartmentFactory(phone="0")

    with pytest.raises(ValidationError) as refused:
        record_update(instance=department, data={"phone": "1"}, expected_version=1, by=clerk,
                      reason="理" * (REASON_MAX_LENGTH + 1))

    assert refused.value.error_dict["reason"][0].code == "reason_too_long"
    department.refresh_from_db()
    assert (department.phone, department.version, department.history.count()) == ("0", 1, 1)


def test_projects_services_name_the_user(clerk):
    project = projects_services.project_create(data={
        "code": "XM-9", "name": "绿能智造产业园", "category": "industry", "stage": "planned",
        "plan_year": 2024, "total_investment": Decimal("1000"), "owner_name": "起步区管委会",
        "department": DepartmentFactory(),
    }, by=clerk)
    assert latest(project).history_user == clerk

    projects_services.project_update(project=project, data={"name": "绿能智造产业园一期"},
                                     expected_version=1, by=clerk)
    assert latest(project).history_user == clerk

    line = projects_services.funding_line_create(data={
        "project": project, "source": "bank_loan", "amount": Decimal("10"), "year": 2024,
    }, by=clerk)
    assert latest(line).history_user == clerk
    projects_services.funding_line_update(line=line, data={"amount": Decimal("20")},
                                          expected_version=1, by=clerk)
    assert (latest(line).history_user, latest(line).amount) == (clerk, Decimal("20.00"))


def test_closed_loop_services_name_the_user_of_every_step(make_user):
    # The office in charge of tickets, and office staff the ticket is assigned to.
    reporter = with_model_rights(make_user("reporter"), SampleTicket)
    worker = make_user("worker", roles.office_group("safety"))
    ticket = closed_loop.closed_loop_report(model=SampleTicket, by=reporter, title="Lamp")
    ticket = closed_loop.closed_loop_assign(ticket, by=reporter, assignee=worker)
    ticket = closed_loop.closed_loop_resolve(ticket, by=worker, note="Fixed.")
    closed_loop.closed_loop_update(ticket, data={"description": "North gate"},
                                   expected_version=ticket.version, by=worker)

    steps = SampleTicket.history.filter(id=ticket.pk).order_by("history_id")
    assert [(s.status, s.history_user) for s in steps] == [
        ("reported", reporter), ("assigned", reporter), ("resolved", worker),
        ("resolved", worker),
    ]


def test_a_project_problem_reported_through_the_factory_names_its_reporter(clerk):
    problem = f.report_problem(by=clerk)
    assert latest(problem).history_user == clerk

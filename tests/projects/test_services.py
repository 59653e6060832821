"""The projects services: status moves, reopening, the funding-total rule, version checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.exceptions import IllegalTransition, StaleVersion
from projects import services
from projects.models import FundingLine, Project
from tests.factories import DepartmentFactory
from tests.projects import factories as f

pytestmark = pytest.mark.django_db

STATUSES = ("planning", "preparation", "construction", "completed", "suspended")
# The legal moves, written out by hand (staying put is always allowed).
LEGAL = {
    ("planning", "preparation"), ("planning", "suspended"),
    ("preparation", "planning"), ("preparation", "construction"),
    ("preparation", "suspended"),
    ("construction", "completed"), ("construction", "suspended"),
    ("suspended", "planning"), ("suspended", "preparation"), ("suspended", "construction"),
}
MOVES = [(old, new) for old in STATUSES for new in STATUSES if old != new]


@pytest.fixture
def editor(projects_editor):
    return projects_editor


@pytest.mark.parametrize(("old", "new"), MOVES, ids=[f"{o}->{n}" for o, n in MOVES])
def test_status_moves_for_the_projects_office(old, new, editor):
    if (old, new) in LEGAL:
        services.check_status_change(old=old, new=new, by=editor)
    else:
        with pytest.raises(IllegalTransition) as error:
            services.check_status_change(old=old, new=new, by=editor)
        assert error.value.code == "illegal_status_change"


@pytest.mark.parametrize("new", ["planning", "preparation", "construction", "suspended"])
def test_a_system_admin_reopens_a_completed_project_only_with_a_reason(new, admin_user_):
    services.check_status_change(old="completed", new=new, by=admin_user_, reason="资料退回")
    with pytest.raises(ValidationError) as error:
        services.check_status_change(old="completed", new=new, by=admin_user_, reason=" ")
    assert "reason" in error.value.message_dict


def test_the_system_admin_group_may_reopen_without_being_superuser(make_user):
    admin = make_user("group-admin", roles.SYSTEM_ADMIN)
    assert not admin.is_superuser
    project = f.ProjectFactory(completed=True)

    services.project_change_status(project=project, status="construction", by=admin,
                                   reason="复核")

    project.refresh_from_db()
    assert (project.status, project.version) == ("construction", 2)
    assert project.history.latest().history_change_reason == "复核"


@pytest.mark.parametrize("role", ["projects_editor", "leader"])
def test_nobody_else_reopens_a_completed_project(role, request):
    with pytest.raises(IllegalTransition):
        services.check_status_change(old="completed", new="construction",
                                     by=request.getfixturevalue(role), reason="复核")


def test_the_reason_for_a_change_is_kept_in_the_history(admin_user_):
    project = f.ProjectFactory(completed=True)
    services.project_change_status(project=project, status="construction", by=admin_user_,
                                   reason="竣工验收未通过")
    project.refresh_from_db()
    assert project.status == "construction"
    assert project.version == 2
    assert project.history.latest().history_change_reason == "竣工验收未通过"


def test_project_create_validates_the_whole_record(editor):
    data = {
        "code": "XM-1", "name": "会展中心A-1", "category": "industry", "stage": "started",
        "plan_year": 2023, "total_investment": Decimal("80000"), "owner_name": "起步区管委会",
        "department": DepartmentFactory(), "status": "completed", "progress_percent": 100,
        "actual_start": datetime.date(2023, 3, 1),
    }
    with pytest.raises(ValidationError):  # completed before it started
        services.project_create(
            data={**data, "actual_completion": datetime.date(2023, 2, 28)}, by=editor
        )
    assert not Project.objects.exists()
    project = services.project_create(
        data={**data, "actual_completion": datetime.date(2024, 9, 30)}, by=editor
    )
    assert project.pk and project.version == 1


def test_project_update_refuses_a_stale_version(editor):
    project = f.ProjectFactory()
    services.project_update(project=project, data={"name": "新名"}, expected_version=1,
                            by=editor)
    stale = Project.objects.get(pk=project.pk)
    with pytest.raises(StaleVersion):
        services.project_update(project=stale, data={"name": "又一名"}, expected_version=1,
                                by=editor)
    assert Project.objects.get(pk=project.pk).name == "新名"


def test_funding_lines_fit_within_the_total_investment(editor):
    project = f.ProjectFactory(total_investment=Decimal("100.00"))
    services.funding_line_create(data={"project": project, "source": "bank_loan",
                                       "amount": Decimal("60.00"), "year": 2024}, by=editor)
    with pytest.raises(ValidationError) as error:
        services.funding_line_create(data={"project": project, "source": "self_raised",
                                           "amount": Decimal("40.01"), "year": 2024},
                                     by=editor)
    assert error.value.message_dict.keys() == {"amount"}
    assert FundingLine.objects.count() == 1


def test_updating_a_line_does_not_count_it_twice(editor):
    project = f.ProjectFactory(total_investment=Decimal("100.00"))
    line = f.FundingLineFactory(project=project, amount=Decimal("90.00"))
    updated = services.funding_line_update(line=line, data={"amount": Decimal("100.00")},
                                           expected_version=line.version, by=editor)
    assert updated.amount == Decimal("100.00")


def test_lowering_the_investment_below_the_funding_names_that_field(editor):
    project = f.ProjectFactory(total_investment=Decimal("100.00"))
    f.FundingLineFactory(project=project, amount=Decimal("80.00"))
    with pytest.raises(ValidationError) as error:
        services.project_update(project=project, data={"total_investment": Decimal("79.99")},
                                expected_version=project.version, by=editor)
    assert error.value.message_dict.keys() == {"total_investment"}
    assert Project.objects.get(pk=project.pk).total_investment == Decimal("100.00")


def test_a_negative_investment_gets_the_negative_message_not_the_funding_one(editor):
    project = f.ProjectFactory()
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.project_update(project=project, data={"total_investment": Decimal("-1")},
                                    expected_version=project.version, by=editor)
        assert error.value.message_dict == {
            "__all__": ["The total investment cannot be negative."]
        }


def test_a_need_cannot_point_at_a_visit_to_another_enterprise(projects_editor):
    from projects.models import EnterpriseNeed

    visit = f.VisitFactory()
    other = f.EnterpriseFactory()
    with pytest.raises(ValidationError) as raised:
        f.report_need(enterprise=other, visit=visit, by=projects_editor)
    assert raised.value.error_dict["visit"][0].code == "visit_enterprise"
    assert not EnterpriseNeed.objects.exists()


def test_a_reopening_reason_longer_than_the_history_keeps_is_refused(admin_user_):
    with pytest.raises(ValidationError) as raised:
        services.check_status_change(old="completed", new="construction", by=admin_user_,
                                     reason="理" * (services.REASON_MAX_LENGTH + 1))
    assert raised.value.error_dict["reason"][0].code == "reason_too_long"

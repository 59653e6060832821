"""The projects models: rules the database itself enforces, their messages and the
closed-loop clocks of problems and needs (the credit-code checksum is the core's:
tests/core/test_enterprises.py)."""

import datetime
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from projects.models import (
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    SupportOutcome,
)
from tests.projects import factories as f

pytestmark = pytest.mark.django_db



def refused_by_database(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


# --- what the database refuses even when the services are bypassed --------------------------
@pytest.mark.parametrize(
    "change",
    [
        {"total_investment": Decimal("-0.01")},
        {"progress_percent": 101},
        {"planned_start": datetime.date(2024, 5, 1),
         "planned_completion": datetime.date(2024, 4, 30)},
        {"actual_start": datetime.date(2024, 5, 1),
         "actual_completion": datetime.date(2024, 4, 30)},
        {"status": "completed", "progress_percent": 100},
        {"status": "completed", "actual_completion": datetime.date(2024, 5, 1),
         "progress_percent": 99},
        {"owner_name": ""},
        {"status": "finished"},
        {"stage": "someday"},
    ],
    ids=["negative-investment", "progress-over-100", "planned-dates", "actual-dates",
         "completed-without-date", "completed-below-100", "no-owner", "unknown-status",
         "unknown-stage"],
)
def test_the_database_refuses_a_bad_project(change):
    project = f.ProjectFactory()
    refused_by_database(lambda: Project.objects.filter(pk=project.pk).update(**change))


def test_the_database_refuses_two_owners():
    project = f.ProjectFactory()
    enterprise = f.EnterpriseFactory()
    refused_by_database(
        lambda: Project.objects.filter(pk=project.pk).update(owner_enterprise=enterprise)
    )


def test_the_database_refuses_bad_children():
    project = f.ProjectFactory()
    refused_by_database(lambda: f.FundingLineFactory(project=project, amount=Decimal("-1")))
    refused_by_database(
        lambda: f.MonthlyProgressFactory(project=project, investment_completed=Decimal("-1"))
    )
    refused_by_database(lambda: f.MonthlyProgressFactory(project=project, month=13))
    f.MonthlyProgressFactory(project=project, year=2024, month=4)
    refused_by_database(lambda: f.MonthlyProgressFactory(project=project, year=2024, month=4))
    f.MilestoneFactory(project=project, kind="land")
    refused_by_database(lambda: f.MilestoneFactory(project=project, kind="land"))
    assert (FundingLine.objects.count(), MonthlyProgress.objects.count(),
            Milestone.objects.count()) == (0, 1, 1)


def test_the_database_refuses_bad_support_outcomes():
    refused_by_database(lambda: f.SupportOutcomeFactory(kind="funds", amount=None))
    refused_by_database(
        lambda: f.SupportOutcomeFactory(funds=True, amount=Decimal("-5"))
    )
    assert SupportOutcome.objects.count() == 0


# --- the messages a user sees -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"total_investment": Decimal("-1")}, "The total investment cannot be negative."),
        ({"planned_start": datetime.date(2024, 5, 1),
          "planned_completion": datetime.date(2024, 4, 1)},
         "The planned completion cannot be before the planned start."),
        ({"actual_start": datetime.date(2024, 5, 1),
          "actual_completion": datetime.date(2024, 4, 1)},
         "The actual completion cannot be before the actual start."),
        ({"owner_enterprise": "ENTERPRISE"},
         "Give the owner either as an enterprise or as a public body, not both."),
        pytest.param({"status": "completed", "progress_percent": 100},
                     "A completed project needs its actual completion date and progress at "
                     "100 percent."),
    ],
    ids=["negative", "planned-dates", "actual-dates", "two-owners", "completed"],
)
def test_each_project_rule_has_a_clear_message(change, message):
    project = f.ProjectFactory.build(department=f.DepartmentFactory())
    if change.get("owner_enterprise") == "ENTERPRISE":
        change = {"owner_enterprise": f.EnterpriseFactory()}
    for name, value in change.items():
        setattr(project, name, value)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            project.full_clean()
        assert error.value.message_dict["__all__"] == [message]


def test_progress_over_100_has_a_field_message():
    project = f.ProjectFactory.build(department=f.DepartmentFactory(), progress_percent=101)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            project.full_clean()
        assert "progress_percent" in error.value.message_dict


# --- the closed-loop clocks ---------------------------------------------------------------------
def test_a_problem_must_be_answered_within_24_hours_and_solved_in_10_working_days():
    # Monday 2 September 2024, 10:00. Working days after it: 3–6, 9–13 September, then
    # Saturday 14 September, the make-up day before the Mid-Autumn holiday (15–17): the
    # tenth working day.
    reported = datetime.datetime(2024, 9, 2, 10, tzinfo=timezone.get_current_timezone())
    problem = f.report_problem(reported_at=reported)
    assert problem.response_due == reported + timedelta(hours=24)
    assert timezone.localtime(problem.resolution_due).date() == datetime.date(2024, 9, 14)


def test_a_need_must_be_answered_within_24_hours_and_solved_in_15_working_days():
    # As above to the tenth (14 September); after the holiday: 18, 19, 20, 23, 24.
    reported = datetime.datetime(2024, 9, 2, 10, tzinfo=timezone.get_current_timezone())
    need = f.report_need(reported_at=reported)
    assert need.response_due == reported + timedelta(hours=24)
    assert timezone.localtime(need.resolution_due).date() == datetime.date(2024, 9, 24)


# --- display ------------------------------------------------------------------------------------
def test_how_records_are_shown():
    enterprise = f.EnterpriseFactory(name="鼎点数控")
    project = f.ProjectFactory(code="XM-7", name="激光装备智慧工厂", owner_enterprise=enterprise,
                               owner_name="")
    public = f.ProjectFactory(owner_name="起步区管委会")
    assert str(project) == "XM-7 激光装备智慧工厂"
    assert project.owner_display == "鼎点数控"
    assert public.owner_display == "起步区管委会"
    progress = f.MonthlyProgressFactory(project=project, year=2024, month=3)
    assert str(progress) == "XM-7 2024-03"

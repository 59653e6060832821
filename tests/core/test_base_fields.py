"""The shared field types and constraint helpers (``cuizhai.core.base.models``): every year,
month and amount of every app obeys the same limits, in the API and in the database."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from cuizhai.core.base.models import MoneyField, MonthField, YearField
from cuizhai.core.models import CalendarYear, Enterprise
from projects.models import FundingLine, MonthlyProgress, Project, SupportOutcome
from tests import factories as core_factories
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


def fields_of_type(field_type):
    return [
        pytest.param(model, field, id=f"{model._meta.label}.{field.name}")
        for model in apps.get_models()
        if not model._meta.label.split(".")[-1].startswith("Historical")
        for field in model._meta.get_fields()
        if isinstance(field, field_type)
    ]


def check_constraint_names(model):
    return {c.name % {"app_label": model._meta.app_label, "class": model._meta.model_name}
            for c in model._meta.constraints}


@pytest.fixture
def editor(projects_editor, api_client_for):
    return api_client_for(projects_editor, "en")


# --- every year and month field has its database check ---------------------------------------
@pytest.mark.parametrize(("model", "field"), fields_of_type(YearField))
def test_every_year_field_is_checked_by_the_database(model, field):
    assert f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_range" in \
        check_constraint_names(model)


@pytest.mark.parametrize(("model", "field"), fields_of_type(MonthField))
def test_every_month_field_is_checked_by_the_database(model, field):
    assert f"{model._meta.app_label}_{model._meta.model_name}_{field.name}_range" in \
        check_constraint_names(model)


@pytest.mark.parametrize(("model", "field"), fields_of_type(MoneyField))
def test_every_amount_has_the_one_money_precision(model, field):
    assert (field.max_digits, field.decimal_places) == (16, 2)


def test_the_year_fields_found_are_the_ones_expected():
    # Guards the three tests above against finding nothing at all.
    found = {param.id for param in fields_of_type(YearField)}
    assert found == {
        "core.CalendarYear.year", "core.Campaign.year", "core.IndicatorValue.year",
        "projects.Project.plan_year", "projects.FundingLine.year",
        "projects.MonthlyProgress.year",
        "partybuilding.TrainingQuota.year", "partybuilding.VillageEvaluation.year",
        "reports.ProgressReport.year", "reports.Target.year",
    }
    assert {param.id for param in fields_of_type(MoneyField)} == {
        "core.Enterprise.expected_output_value", "projects.Project.total_investment",
        "projects.FundingLine.amount", "projects.MonthlyProgress.investment_completed",
        "projects.SupportOutcome.amount",
        "resettlement.LandAcquisition.compensation_budget",
        "resettlement.MerchantDemolition.compensation",
    }


# --- years -------------------------------------------------------------------------------------
YEAR_ROWS = [
    pytest.param(lambda: CalendarYear.objects.create(year=2030), "year", id="calendar-year"),
    pytest.param(core_factories.CampaignFactory, "year", id="campaign"),
    pytest.param(core_factories.IndicatorValueFactory, "year", id="indicator-value"),
    pytest.param(f.ProjectFactory, "plan_year", id="project"),
    pytest.param(f.FundingLineFactory, "year", id="funding-line"),
    pytest.param(f.MonthlyProgressFactory, "year", id="monthly-progress"),
]


@pytest.mark.parametrize(("build", "field"), YEAR_ROWS)
@pytest.mark.parametrize("year", [1999, 2101])
def test_the_database_refuses_a_year_out_of_range(build, field, year):
    record = build()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**{field: year})


@pytest.mark.parametrize(("build", "field"), YEAR_ROWS)
@pytest.mark.parametrize("year", [2000, 2100])
def test_the_database_takes_the_first_and_last_year(build, field, year):
    record = build()
    type(record).objects.filter(pk=record.pk).update(**{field: year})
    assert getattr(type(record).objects.get(pk=record.pk), field) == year


@pytest.mark.parametrize("year", [1999, 2101])
def test_the_api_refuses_a_year_out_of_range_on_the_field(editor, year):
    project = f.ProjectFactory()
    response = editor.post(reverse("projects-api:fundingline-list"), {
        "project": project.pk, "source": "local_fiscal", "amount": "10.00", "year": year,
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["year"]
    assert not FundingLine.objects.exists()


def test_the_year_rule_speaks_chinese():
    line = f.FundingLineFactory.build(project=f.ProjectFactory(), year=1999)
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as refused:
            line.validate_constraints()
        assert refused.value.messages == ["年份须在 2000 至 2100 之间。"]


# --- months ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "build", [core_factories.IndicatorValueFactory, f.MonthlyProgressFactory],
    ids=["indicator-value", "monthly-progress"],
)
@pytest.mark.parametrize("month", [0, 13])
def test_the_database_refuses_a_month_out_of_range(build, month):
    record = build()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(month=month)


def test_the_api_refuses_month_13(editor):
    response = editor.post(reverse("projects-api:monthlyprogress-list"), {
        "project": f.ProjectFactory().pk, "year": 2024, "month": 13,
        "investment_completed": "1.00",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["month"]
    assert not MonthlyProgress.objects.exists()


# --- money -------------------------------------------------------------------------------------
def test_an_amount_of_thirteen_whole_digits_is_kept_to_the_cent(editor):
    # More whole digits than the 12 the columns held before they were unified. (Not 14: SQLite
    # keeps decimals as doubles, exact to 15 significant digits; PostgreSQL holds all 16.)
    response = editor.post(reverse("projects-api:project-list"), {
        "code": "XM-BIG", "name": "大项目", "category": "industry", "stage": "planned",
        "plan_year": 2024, "total_investment": "1234567890123.45",
        "owner_name": "起步区建设管理部", "department": core_factories.DepartmentFactory().pk,
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["total_investment"] == "1234567890123.45"
    assert Project.objects.get().total_investment == Decimal("1234567890123.45")


def test_an_amount_of_fifteen_whole_digits_is_refused(editor):
    line = f.FundingLineFactory()
    response = editor.patch(reverse("projects-api:fundingline-detail", args=[line.pk]),
                            {"amount": "123456789012345.00", "version": line.version},
                            format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["amount"]
    assert FundingLine.objects.get().amount == line.amount


# --- not negative ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "field"),
    [
        pytest.param(f.EnterpriseFactory, "expected_output_value", id="enterprise"),
        pytest.param(lambda: f.SupportOutcomeFactory(funds=True, amount=Decimal("500")),
                     "amount", id="support-outcome"),
    ],
)
def test_a_nullable_amount_may_be_empty_but_not_negative(build, field):
    record = build()
    rows = type(record).objects.filter(pk=record.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(**{field: Decimal("-0.01")})
    if type(record) is SupportOutcome:
        rows.update(kind="honour")  # funds need an amount; an honour has none
    rows.update(**{field: None})
    assert getattr(rows.get(), field) is None


def test_an_empty_amount_passes_full_clean_and_a_negative_one_does_not():
    enterprise = f.EnterpriseFactory(expected_output_value=None)
    enterprise.full_clean()
    enterprise.expected_output_value = Decimal("-1")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            enterprise.full_clean()
        assert refused.value.messages == ["The expected output value cannot be negative."]
    assert Enterprise.objects.get().expected_output_value is None

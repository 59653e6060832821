"""Indicators and their values: year-on-year (同比) and period-on-period (环比) growth are
computed from the stored values, never typed in."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from cuizhai.core.choices import IndicatorPeriodKind
from cuizhai.core.models import IndicatorValue
from tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def growth(current, previous):
    """The expected percentage, computed here independently of the database."""
    percent = (Decimal(current) - Decimal(previous)) / Decimal(previous) * 100
    return str(percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.fixture
def client(leader, api_client_for):
    return api_client_for(leader)


@pytest.fixture
def editor(projects_editor, api_client_for):
    return api_client_for(projects_editor, language="en")


def read(client, value):
    response = client.get(reverse("core-api:indicatorvalue-detail", args=[value.pk]))
    assert response.status_code == 200
    return response.json()


def test_year_on_year_growth_of_budget_revenue(client):
    # 9.58 亿元 = 95 800 万元 in Jan–Nov 2024 against 44 480 万元 a year before.
    revenue = IndicatorFactory(code="budget-revenue", unit="万元", area="economy")
    IndicatorValueFactory(indicator=revenue, year=2023, month=11, value=Decimal("44480"))
    november = IndicatorValueFactory(indicator=revenue, year=2024, month=11,
                                     value=Decimal("95800"))
    body = read(client, november)
    assert growth("95800", "44480") == "115.38"
    assert body["yoy_growth"] == growth("95800", "44480")
    assert Decimal(body["same_period_last_year"]) == Decimal("44480")


def test_a_fall_is_negative_growth(client):
    deaths = IndicatorFactory(code="road-deaths", unit="人", area="safety")
    IndicatorValueFactory(indicator=deaths, year=2023, month=12, value=Decimal("7"))
    this_year = IndicatorValueFactory(indicator=deaths, year=2024, month=12, value=Decimal("3"))
    assert read(client, this_year)["yoy_growth"] == growth("3", "7") == "-57.14"


def test_year_on_year_is_null_without_last_years_value(client):
    revenue = IndicatorFactory()
    IndicatorValueFactory(indicator=revenue, year=2023, month=10, value=Decimal("1"))
    IndicatorValueFactory(indicator=IndicatorFactory(), year=2023, month=11, value=Decimal("1"))
    november = IndicatorValueFactory(indicator=revenue, year=2024, month=11)
    body = read(client, november)
    assert body["yoy_growth"] is None
    assert body["same_period_last_year"] is None


def test_year_on_year_is_null_when_last_years_value_is_zero(client):
    revenue = IndicatorFactory()
    IndicatorValueFactory(indicator=revenue, year=2023, month=11, value=Decimal("0"))
    november = IndicatorValueFactory(indicator=revenue, year=2024, month=11,
                                     value=Decimal("5"))
    body = read(client, november)
    assert body["yoy_growth"] is None
    assert Decimal(body["same_period_last_year"]) == 0


def test_period_on_period_growth_of_a_monthly_indicator(client):
    tickets = IndicatorFactory(period_kind=IndicatorPeriodKind.MONTHLY, unit="件")
    IndicatorValueFactory(indicator=tickets, year=2024, month=4, value=Decimal("200"))
    may = IndicatorValueFactory(indicator=tickets, year=2024, month=5, value=Decimal("130"))
    body = read(client, may)
    assert body["mom_growth"] == growth("130", "200") == "-35.00"
    assert Decimal(body["previous_period_value"]) == 200


def test_january_compares_with_the_previous_december(client):
    tickets = IndicatorFactory(period_kind=IndicatorPeriodKind.MONTHLY)
    IndicatorValueFactory(indicator=tickets, year=2023, month=12, value=Decimal("48"))
    IndicatorValueFactory(indicator=tickets, year=2024, month=2, value=Decimal("1000"))
    january = IndicatorValueFactory(indicator=tickets, year=2024, month=1, value=Decimal("61"))
    body = read(client, january)
    assert Decimal(body["previous_period_value"]) == 48
    assert body["mom_growth"] == growth("61", "48")


def test_period_on_period_is_null_for_cumulative_indicators(client):
    revenue = IndicatorFactory(period_kind=IndicatorPeriodKind.CUMULATIVE)
    IndicatorValueFactory(indicator=revenue, year=2024, month=10, value=Decimal("80000"))
    november = IndicatorValueFactory(indicator=revenue, year=2024, month=11,
                                     value=Decimal("95800"))
    body = read(client, november)
    assert body["mom_growth"] is None
    assert body["previous_period_value"] is None


def test_period_on_period_is_null_without_or_with_a_zero_previous_month(client):
    tickets = IndicatorFactory(period_kind=IndicatorPeriodKind.MONTHLY)
    IndicatorValueFactory(indicator=tickets, year=2024, month=3, value=Decimal("0"))
    april = IndicatorValueFactory(indicator=tickets, year=2024, month=4, value=Decimal("9"))
    june = IndicatorValueFactory(indicator=tickets, year=2024, month=6, value=Decimal("9"))
    assert read(client, april)["mom_growth"] is None
    assert read(client, june)["mom_growth"] is None


def test_growth_is_in_every_row_of_the_list(client):
    revenue = IndicatorFactory(period_kind=IndicatorPeriodKind.MONTHLY)
    for year, month, value in [(2023, 11, "44480"), (2024, 10, "80000"),
                               (2024, 11, "95800")]:
        IndicatorValueFactory(indicator=revenue, year=year, month=month, value=Decimal(value))
    rows = client.get(reverse("core-api:indicatorvalue-list"),
                      {"year": 2024, "ordering": "month"}).json()["results"]
    assert [(r["month"], r["yoy_growth"], r["mom_growth"]) for r in rows] == [
        (10, None, None),
        (11, growth("95800", "44480"), growth("95800", "80000")),
    ]


def test_growth_follows_a_corrected_value(editor):
    revenue = IndicatorFactory()
    last_year = IndicatorValueFactory(indicator=revenue, year=2023, month=11,
                                      value=Decimal("40000"))
    november = IndicatorValueFactory(indicator=revenue, year=2024, month=11,
                                     value=Decimal("95800"))
    response = editor.patch(reverse("core-api:indicatorvalue-detail", args=[last_year.pk]),
                            {"value": "44480", "version": 1}, format="json")
    assert response.status_code == 200
    assert read(editor, november)["yoy_growth"] == growth("95800", "44480")


def test_growth_cannot_be_written(editor):
    revenue = IndicatorFactory()
    response = editor.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": revenue.pk, "year": 2024, "month": 11,
                            "value": "95800", "yoy_growth": "999"}, format="json")
    assert response.status_code == 201
    assert response.json()["yoy_growth"] is None


def test_an_editor_enters_a_value_and_reads_its_growth(editor):
    revenue = IndicatorFactory()
    IndicatorValueFactory(indicator=revenue, year=2023, month=11, value=Decimal("44480"))
    response = editor.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": revenue.pk, "year": 2024, "month": 11,
                            "value": "95800", "source": "区财政局"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["yoy_growth"] == growth("95800", "44480")
    assert response.json()["value"] == "95800.0000"


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_outside_1_to_12_is_refused(editor, month):
    response = editor.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": IndicatorFactory().pk, "year": 2024, "month": month,
                            "value": "1"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["month"]
    assert not IndicatorValue.objects.exists()


def test_a_second_value_for_the_same_period_is_refused(editor):
    revenue = IndicatorFactory()
    IndicatorValueFactory(indicator=revenue, year=2024, month=11, value=Decimal("95800"))
    response = editor.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": revenue.pk, "year": 2024, "month": 11,
                            "value": "1"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This indicator already has a value for that month."]
    }
    assert IndicatorValue.objects.get().value == Decimal("95800")


def test_moving_a_value_onto_a_taken_period_is_refused(editor):
    revenue = IndicatorFactory()
    IndicatorValueFactory(indicator=revenue, year=2024, month=11)
    october = IndicatorValueFactory(indicator=revenue, year=2024, month=10)
    response = editor.patch(reverse("core-api:indicatorvalue-detail", args=[october.pk]),
                            {"month": 11, "version": 1}, format="json")
    assert response.status_code == 400
    october.refresh_from_db()
    assert (october.month, october.version) == (10, 1)


def test_the_same_period_of_another_indicator_is_fine(editor):
    IndicatorValueFactory(indicator=IndicatorFactory(), year=2024, month=11)
    response = editor.post(reverse("core-api:indicatorvalue-list"),
                           {"indicator": IndicatorFactory().pk, "year": 2024, "month": 11,
                            "value": "1"}, format="json")
    assert response.status_code == 201


def test_an_indicator_code_is_unique(editor):
    IndicatorFactory(code="budget-revenue")
    response = editor.post(reverse("core-api:indicator-list"),
                           {"code": "budget-revenue", "name": "x", "unit": "万元",
                            "area": "economy"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["code"]


def test_an_unknown_area_is_refused(editor):
    response = editor.post(reverse("core-api:indicator-list"),
                           {"code": "x", "name": "x", "unit": "万元", "area": "space"},
                           format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["area"]

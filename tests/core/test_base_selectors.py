"""The correlated-subquery helpers of ``cuizhai.core.base.selectors``, on core models that
no app's selector uses them for: they are tied to no model."""

from decimal import Decimal

import pytest
from django.db.models import OuterRef, Q

from cuizhai.core.base.selectors import subquery_count, subquery_sum
from cuizhai.core.models import Campaign, CampaignOutput, IndicatorValue
from tests.factories import CampaignFactory, CampaignOutputFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def campaigns_with_totals():
    return Campaign.objects.annotate(
        output_total=subquery_sum(CampaignOutput, "value", fk="campaign"),
        large_output_total=subquery_sum(CampaignOutput, "value", fk="campaign",
                                        filter=Q(value__gte=100)),
        output_count=subquery_count(CampaignOutput, fk="campaign"),
        large_output_count=subquery_count(
            CampaignOutput.objects.filter(value__gte=100), fk="campaign"
        ),
    ).order_by("name")


def test_sums_and_counts_per_outer_row_with_filters():
    byd = CampaignFactory(name="A 比亚迪周边")
    for value in ("3600", "112", "20.5"):
        CampaignOutputFactory(campaign=byd, value=Decimal(value))
    CampaignOutputFactory(value=Decimal("999"))  # another campaign's
    row = campaigns_with_totals().get(pk=byd.pk)
    assert (row.output_total, row.large_output_total) == (Decimal("3732.50"),
                                                           Decimal("3712.00"))
    assert (row.output_count, row.large_output_count) == (3, 2)


def test_no_child_rows_give_zero_not_null():
    CampaignFactory()
    row = campaigns_with_totals().get()
    assert (row.output_total, row.large_output_total) == (Decimal("0"), Decimal("0"))
    assert isinstance(row.output_total, Decimal)
    assert (row.output_count, row.large_output_count) == (0, 0)


def test_totals_ignore_the_outer_lists_filters_and_do_not_multiply():
    # Filtering the outer list through a join to the children must neither multiply the
    # totals (three matching outputs) nor narrow them to the matching children.
    byd = CampaignFactory()
    for value in ("100", "200", "300", "4"):
        CampaignOutputFactory(campaign=byd, value=Decimal(value))
    rows = campaigns_with_totals().filter(outputs__value__gte=100)
    assert [(r.output_total, r.output_count) for r in rows] == [(Decimal("604"), 4)] * 3


def test_the_correlation_may_be_any_column_with_outer_refs_in_the_filter():
    # A running total: each value plus every earlier month's of the same indicator.
    first = IndicatorValueFactory(month=1, value=Decimal("10"))
    IndicatorValueFactory(indicator=first.indicator, month=2, value=Decimal("5"))
    IndicatorValueFactory(month=2, value=Decimal("1000"))  # another indicator's
    running = (
        IndicatorValue.objects.filter(indicator=first.indicator)
        .annotate(running_total=subquery_sum(
            IndicatorValue, "value", fk="indicator", outer="indicator",
            filter=Q(year=OuterRef("year"), month__lte=OuterRef("month")),
        ))
        .order_by("month")
    )
    assert [r.running_total for r in running] == [Decimal("10"), Decimal("15")]


def test_one_query_for_the_whole_list(django_assert_num_queries):
    for _ in range(3):
        CampaignOutputFactory()
    with django_assert_num_queries(1):
        assert [r.output_count for r in campaigns_with_totals()] == [1, 1, 1]

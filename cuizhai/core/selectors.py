"""Reads of the shared core that several callers reuse (API lists, summaries, exports)."""

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Round

from cuizhai.core.base.selectors import DecimalDivisor
from cuizhai.core.choices import IndicatorPeriodKind
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Community,
    Department,
    Indicator,
    IndicatorValue,
    Person,
    Village,
)


def department_list():
    return Department.objects.all()


def community_list():
    return Community.objects.all()


def village_list():
    return Village.objects.select_related("resettled_in")


def indicator_list():
    return Indicator.objects.all()


def _growth(current, previous):
    """Percentage growth, rounded to 2 places; NULL when there is nothing to compare."""
    divisor = DecimalDivisor(F(previous), output_field=DecimalField(max_digits=18,
                                                                    decimal_places=4))
    return Case(
        When(Q(**{f"{previous}__isnull": False}) & ~Q(**{previous: 0}),
             then=Round(
                 ExpressionWrapper(
                     (F(current) - F(previous)) * 100 / divisor,
                     output_field=DecimalField(max_digits=18, decimal_places=4),
                 ),
                 2,
             )),
        default=None,
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )


def indicator_value_list():
    """Indicator values with the same period last year (同比) and the previous month (环比).

    Growth is computed by the database from stored values; it is never typed in. 环比 is
    given for monthly values only: a cumulative value always grows month on month.
    """
    same_period_last_year = IndicatorValue.objects.filter(
        indicator=OuterRef("indicator"), year=OuterRef("year") - 1, month=OuterRef("month")
    ).values("value")[:1]
    previous_period = IndicatorValue.objects.filter(
        indicator=OuterRef("indicator"),
        year=OuterRef("previous_period_year"),
        month=OuterRef("previous_period_month"),
    ).values("value")[:1]
    return (
        IndicatorValue.objects.select_related("indicator")
        .annotate(
            previous_period_year=Case(
                When(month=1, then=F("year") - 1), default=F("year"), output_field=IntegerField()
            ),
            previous_period_month=Case(
                When(month=1, then=Value(12)), default=F("month") - 1,
                output_field=IntegerField(),
            ),
        )
        .annotate(
            same_period_last_year=Subquery(same_period_last_year),
            previous_period_value=Case(
                When(indicator__period_kind=IndicatorPeriodKind.MONTHLY,
                     then=Subquery(previous_period)),
                default=None,
            ),
        )
        .annotate(
            yoy_growth=_growth("value", "same_period_last_year"),
            mom_growth=_growth("value", "previous_period_value"),
        )
    )


def campaign_list():
    return Campaign.objects.select_related("department").prefetch_related("outputs")


def campaign_output_list():
    return CampaignOutput.objects.select_related("campaign")


def person_list():
    return Person.objects.select_related("department", "village", "community", "user")

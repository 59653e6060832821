"""Expressions an app's selectors build their list annotations from.

Totals and counts over child rows are correlated subqueries, not joins: two sums or counts
over different child tables joined at once would multiply each other's rows, and a
subquery reads every child row whatever filters the outer list has.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Func, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cuizhai.core.choices import SATISFIED_ANSWERS, Satisfaction


def _children(rows, fk, outer, filter):
    queryset = rows if hasattr(rows, "query") else rows._default_manager.all()
    return queryset.filter(filter or Q(), **{fk: OuterRef(outer)}).order_by().values(fk)


def subquery_sum(rows, field, *, fk, outer="pk", filter=None):
    """The sum of ``field`` over ``rows`` (a model or a queryset) whose ``fk`` is the outer
    row's ``outer``, narrowed by ``filter`` (which may use ``OuterRef``); 0 when none.
    The result has the summed field's type (an amount stays an amount)."""
    total = Subquery(_children(rows, fk, outer, filter).annotate(total=Sum(field))
                     .values("total"))
    return Coalesce(total, Value(0), output_field=total.output_field)


def subquery_count(rows, *, fk, outer="pk", filter=None):
    """The number of ``rows`` (a model or a queryset) whose ``fk`` is the outer row's
    ``outer``, narrowed by ``filter``; 0 when none."""
    return Coalesce(
        Subquery(_children(rows, fk, outer, filter).annotate(n=Count("pk")).values("n")), 0
    )


class DecimalDivisor(Func):
    """Wrap the divisor of a decimal division with this. The expression is unchanged, except
    on SQLite: it stores whole-number decimals as integers and would divide them as integers
    (a growth of 115.41% would come out 115)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)",
                           **extra_context)


def with_assessment_scores(queryset):
    """Annotate an assessment list (``cuizhai.core.base.models.Assessment``) with
    ``total_score`` (the scores recorded), ``max_score`` (the checklist's maximum),
    ``failed_count`` and ``result_count``, each counted from the result rows."""
    from django.contrib.contenttypes.models import ContentType

    from cuizhai.core.models import ChecklistCriterion, CriterionResult
    from cuizhai.core.models.checklists import FAILED_RESULT

    results = CriterionResult.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model)
    )
    return queryset.annotate(
        total_score=subquery_sum(results, "score", fk="object_id"),
        max_score=subquery_sum(ChecklistCriterion, "max_score", fk="template",
                               outer="template"),
        failed_count=subquery_count(results, fk="object_id", filter=FAILED_RESULT),
        result_count=subquery_count(results, fk="object_id"),
    )


def satisfaction_rate(satisfied, asked):
    """满意率: the share of the reporters asked back who were satisfied or basically
    satisfied, in % to two places; None when nobody was asked."""
    if not asked:
        return None
    return (Decimal(satisfied) * 100 / Decimal(asked)).quantize(Decimal("0.01"),
                                                                 rounding=ROUND_HALF_UP)


def satisfaction_rates(items):
    """The answers given when closed-loop ``items`` (a queryset) were verified, counted in
    one query: ``asked`` (items with an answer), one count per answer, and ``rate``."""
    counts = items.aggregate(
        asked=Count("pk", filter=~Q(satisfaction="")),
        **{answer: Count("pk", filter=Q(satisfaction=answer)) for answer in Satisfaction.values},
    )
    satisfied = sum(counts[answer] for answer in SATISFIED_ANSWERS)
    return {**counts, "rate": satisfaction_rate(satisfied, counts["asked"])}

"""Reads of the shared core that several callers reuse (API lists, summaries, exports)."""

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Round

from cuizhai.core.base.apps import closed_loop_kinds
from cuizhai.core.base.filtersets import local_days
from cuizhai.core.base.models.closed_loop import FINISHED_STATUSES
from cuizhai.core.base.registers import extended_rows
from cuizhai.core.base.selectors import DecimalDivisor
from cuizhai.core.choices import IndicatorPeriodKind, Timeliness, WorkflowStatus
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Community,
    Department,
    Enterprise,
    Indicator,
    IndicatorValue,
    Person,
    Village,
)


def enterprise_list():
    """The enterprise register, with what the installed apps add to it (an enterprise's
    visits, open needs…: ``AppConfig.register_extensions``)."""
    return extended_rows(Enterprise.objects.all())


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


# --- the 督办 board: every closed-loop item of every registered kind ---------------------

SUPERVISION_COLUMNS = (
    "id", "title", "status", "severity", "timeliness", "reported_at", "response_due",
    "resolution_due", "next_due",
    "handling_department_id", "handling_department__name",
    "assignee_id", "assignee__username", "assignee__first_name", "assignee__last_name",
)
# Earliest deadline first; items without one last, then the oldest report.
SUPERVISION_ORDERINGS = {
    "next_due": (F("next_due").asc(nulls_last=True), "reported_at", "item_kind", "id"),
    "resolution_due": (
        F("resolution_due").asc(nulls_last=True), "reported_at", "item_kind", "id"),
    "-resolution_due": (
        F("resolution_due").desc(nulls_last=True), "-reported_at", "item_kind", "id"),
    "response_due": (F("response_due").asc(nulls_last=True), "reported_at", "item_kind", "id"),
    "reported_at": ("reported_at", "item_kind", "id"),
    "-reported_at": ("-reported_at", "item_kind", "id"),
}


# The deadline that comes next: the response clock while an item awaits its first answer,
# then the resolution deadline; none once it is finished.
NEXT_DUE = Case(
    When(status__in=FINISHED_STATUSES, then=Value(None)),
    When(status=WorkflowStatus.REPORTED, response_due__isnull=False, then=F("response_due")),
    default=F("resolution_due"),
)


def supervised_kinds(user):
    """The registered closed-loop kinds the user may view."""
    return [kind for kind in closed_loop_kinds() if user.has_perm(kind.view_permission)]


def _board_queryset(kind, now):
    return kind.model.objects.with_timeliness(now).order_by().annotate(
        item_kind=Value(kind.key, output_field=CharField()), next_due=NEXT_DUE
    )


def _kept(kind, kinds, areas):
    """Whether the board's ``kinds`` and ``areas`` filters (empty: all) keep ``kind``."""
    return (not kinds or kind.key in kinds) and (not areas or kind.area in areas)


def _supervised_querysets(visible, *, kinds=(), areas=(), statuses=(), is_open=None,
                          severity=None, timeliness=None, department=None, assignee=None,
                          reported_after=None, reported_before=None, now=None):
    """``(kind, filtered queryset)`` for every ``visible`` kind the filters keep."""
    for kind in visible:
        if not _kept(kind, kinds, areas):
            continue
        queryset = _board_queryset(kind, now)
        if statuses:
            queryset = queryset.filter(status__in=statuses)
        if is_open is not None:
            finished = Q(status__in=FINISHED_STATUSES)
            queryset = queryset.exclude(finished) if is_open else queryset.filter(finished)
        if severity:
            queryset = queryset.filter(severity=severity)
        if timeliness:
            queryset = queryset.filter(timeliness=timeliness)
        if department is not None:
            queryset = queryset.filter(handling_department=department)
        if assignee is not None:
            queryset = queryset.filter(assignee=assignee)
        if reported_after is not None or reported_before is not None:
            queryset = queryset.filter(local_days("reported_at", after=reported_after,
                                                  before=reported_before))
        yield kind, queryset


def _union(parts):
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def supervision_item_list(*, user, ordering="next_due", **filters):
    """One queryset of rows (dicts) over every closed-loop kind the user may view, or
    ``None`` when the user may view none.

    Each kind is filtered in its own table, then the kinds are joined with ``UNION ALL``:
    a page costs one query (and its count one more) however many kinds are registered.
    Each row carries ``item_kind`` (``"<app>.<model>"``) so that the caller can name and link it.
    Filters: ``kinds``, ``areas``, ``statuses``, ``is_open``, ``severity``, ``timeliness``,
    ``department``, ``assignee``, ``reported_after``, ``reported_before`` (dates, inclusive),
    ``now``. ``user=None`` reads the whole board, every kind whoever asks (a report frozen
    and shown to every role counts that).
    """
    kinds = closed_loop_kinds() if user is None else supervised_kinds(user)
    if not kinds:
        return None
    parts = [queryset.values("item_kind", *SUPERVISION_COLUMNS)
             for _kind, queryset in _supervised_querysets(kinds, **filters)]
    if not parts:  # the filters keep no kind: an empty list of the same shape
        parts = [_board_queryset(kinds[0], None).none().values("item_kind", *SUPERVISION_COLUMNS)]
    return _union(parts).order_by(*SUPERVISION_ORDERINGS[ordering])


def supervision_counts(*, user, **filters):
    """``{(kind key, timeliness): count}`` over the same rows, in one query: the ledger's
    heading counts by area and timeliness from it."""
    parts = [
        queryset.values("item_kind", "timeliness").annotate(count=Count("pk")).order_by()
        for _kind, queryset in _supervised_querysets(supervised_kinds(user), **filters)
    ]
    if not parts:
        return {}
    return {(row["item_kind"], row["timeliness"]): row["count"] for row in _union(parts)}


def supervision_area_counts(*, user, **filters):
    """The board's heading counts, in one query: for each area the user may view (in the
    kinds' order) that the filters keep, ``{"area", "label", "by_timeliness": {timeliness:
    count}, "total"}`` over the rows they keep."""
    counts = supervision_counts(user=user, **filters)
    by_area = {}
    for kind in supervised_kinds(user):
        if not _kept(kind, filters.get("kinds"), filters.get("areas")):
            continue
        row = by_area.setdefault(kind.area, {
            "area": kind.area, "label": kind.area_label,
            "by_timeliness": dict.fromkeys(Timeliness.values, 0)})
        for timeliness in Timeliness.values:
            row["by_timeliness"][timeliness] += counts.get((kind.key, timeliness), 0)
    for row in by_area.values():
        row["total"] = sum(row["by_timeliness"].values())
    return list(by_area.values())


def checklist_template_list():
    from cuizhai.core.models import ChecklistCriterion, ChecklistTemplate

    return ChecklistTemplate.objects.prefetch_related(
        Prefetch("criteria", queryset=ChecklistCriterion.objects.order_by("position"))
    )


def checklist_criterion_list():
    from cuizhai.core.models import ChecklistCriterion

    return ChecklistCriterion.objects.select_related("template")


def person_list():
    return Person.objects.select_related("department", "village", "community", "user")

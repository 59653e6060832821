"""Reads of the party-building app that the API, the admin and the summary share."""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from cuizhai.core.base.selectors import (
    DecimalDivisor,
    subquery_count,
    subquery_sum,
    with_assessment_scores,
)
from cuizhai.core.choices import AssessmentStatus
from cuizhai.core.models import Person
from partybuilding.choices import ATTENDED, EvaluationRating
from partybuilding.models import (
    YOUNG_CADRE_AGE_LIMIT,
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    EvaluationProblem,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)

HOURS = DecimalField(max_digits=9, decimal_places=1)
# A completed evaluation is rated by its score as a share of the checklist's maximum:
# at least GOOD_FROM % good, at least FAIR_FROM % fair, below that poor.
GOOD_FROM = Decimal("85")
FAIR_FROM = Decimal("60")


def young_born_after(on):
    """People born after this year are young cadres on the date ``on``."""
    return on.year - YOUNG_CADRE_AGE_LIMIT


def young_on(on, prefix=""):
    """The condition "a young cadre on ``on``" on a queryset reaching the person by
    ``prefix`` (``"person__"`` from a cadre profile)."""
    return Q(**{f"{prefix}birth_year__gt": young_born_after(on)})


def organisation_list():
    return PartyOrganisation.objects.select_related("community", "village", "parent").annotate(
        cadre_count=subquery_count(CadreProfile, fk="organisation"),
    )


def election_list():
    return Election.objects.select_related("organisation")


def cadre_list(on=None):
    """Cadre profiles with their person, and ``is_young`` on ``on`` (today by default),
    computed in the database so that the list's filter and the summary agree."""
    on = on or datetime.date.today()
    return (
        CadreProfile.objects.select_related("person", "organisation", "mentor")
        .annotate(
            is_young=Case(When(young_on(on, "person__"), then=Value(True)),
                          default=Value(False)),
            placement_count=subquery_count(Placement, fk="cadre"),
        )
    )


def placement_list():
    return Placement.objects.select_related("cadre__person", "project")


def placed_young_cadres(year):
    """Placements starting in ``year`` of cadres who were young when they started."""
    return placement_list().filter(
        start_date__year=year,
        cadre__person__birth_year__gt=F("start_date__year") - YOUNG_CADRE_AGE_LIMIT,
    )


def training_session_list():
    """Sessions with their named attendees (present or late), person-times and the hours
    they credited. Person-times (人次) are the named attendances plus the head-count of
    unnamed attendees: the named ones are never in the head-count, so none is counted
    twice. Subqueries, so that the figures do not depend on the list's filters."""
    attended = Q(status__in=ATTENDED)
    return (
        TrainingSession.objects.select_related("organisation")
        .annotate(
            named_count=subquery_count(Attendance, fk="session", filter=attended),
            hours_credited=subquery_sum(Attendance, "hours", fk="session"),
        )
        .annotate(person_times=F("named_count") + F("head_count"))
    )


def attendance_list():
    return Attendance.objects.select_related("session", "person")


def training_quota_list():
    return TrainingQuota.objects.all()


def training_hours(year):
    """People with ``hours`` (credited in ``year``), ``quota`` (their kind's for that year,
    None where none is set) and ``hours_lacking`` (how far below it, else 0)."""
    credited = subquery_sum(Attendance, "hours", fk="person",
                            filter=Q(session__held_on__year=year))
    quota = Subquery(TrainingQuota.objects.filter(year=year, person_kind=OuterRef("kind"))
                     .values("hours")[:1], output_field=HOURS)
    return (
        Person.objects.select_related("department", "village", "community")
        .annotate(hours=Coalesce(credited, Value(Decimal("0")), output_field=HOURS),
                  quota=quota)
        .annotate(hours_lacking=Case(
            When(quota__gt=F("hours"),
                 then=ExpressionWrapper(F("quota") - F("hours"), output_field=HOURS)),
            default=Value(Decimal("0")), output_field=HOURS,
        ))
    )


def below_quota(year):
    """The active people whose kind has a quota for ``year`` and who lack hours of it."""
    return training_hours(year).filter(is_active=True, hours_lacking__gt=0)


def rating_expression():
    """The rating of a completed evaluation (from ``with_assessment_scores``'s columns)."""
    percent = ExpressionWrapper(F("total_score") * 100 / DecimalDivisor(F("max_score")),
                                output_field=DecimalField(max_digits=12, decimal_places=4))
    completed = Q(status=AssessmentStatus.COMPLETED, max_score__gt=0)
    return Case(
        When(completed & Q(score_percent__gte=GOOD_FROM), then=Value(EvaluationRating.GOOD)),
        When(completed & Q(score_percent__gte=FAIR_FROM), then=Value(EvaluationRating.FAIR)),
        When(completed, then=Value(EvaluationRating.POOR)),
        default=Value(None), output_field=CharField(),
    ), percent


def evaluation_list():
    """Evaluations with their scores, rating and counts of problems (open ones too)."""
    rating, percent = rating_expression()
    return (
        with_assessment_scores(
            VillageEvaluation.objects.select_related("village", "template", "completed_by")
            .prefetch_related("results__criterion", "results__photos")
        )
        .annotate(score_percent=percent)
        .annotate(
            rating=rating,
            problem_count=subquery_count(EvaluationProblem, fk="evaluation"),
            open_problem_count=subquery_count(EvaluationProblem.objects.open(),
                                              fk="evaluation"),
        )
    )


def evaluation_problem_list():
    return EvaluationProblem.objects.select_related(
        "evaluation__village", "assignee", "handling_department", "reported_by",
        "resolved_by", "verified_by",
    ).with_timeliness()


def collective_asset_problem_list():
    return CollectiveAssetProblem.objects.select_related(
        "village", "assignee", "handling_department", "reported_by", "resolved_by",
        "verified_by",
    ).with_timeliness()


def person_times(sessions):
    """Person-times and hours of ``sessions`` (a queryset of ``training_session_list``)."""
    totals = sessions.aggregate(named=Coalesce(Sum("named_count"), 0),
                                head_count=Coalesce(Sum("head_count"), 0),
                                hours=Coalesce(Sum("hours_credited"), Decimal("0"),
                                               output_field=HOURS))
    return {**totals, "person_times": totals["named"] + totals["head_count"]}

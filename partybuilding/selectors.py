"""Reads of the party-building app that the API, the admin and the summary share."""

import datetime
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cuizhai.core.base.selectors import (
    DecimalDivisor,
    subquery_count,
    subquery_sum,
    with_assessment_scores,
)
from cuizhai.core.base.summary import (
    YEAR,
    Breakdown,
    During,
    Figure,
    Listing,
    Monthly,
    Rows,
    Summary,
    Total,
)
from cuizhai.core.choices import AssessmentStatus, Timeliness, WorkflowStatus
from cuizhai.core.models import Person
from partybuilding import filtersets
from partybuilding.choices import (
    ATTENDED,
    CollectiveAssetProblemKind,
    EvaluationRating,
    TrainingKind,
)
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


def with_training_hours(people, year):
    """``people`` (a Person queryset) with ``hours`` (credited in ``year``), ``quota``
    (their kind's for that year, None where none is set) and ``hours_lacking`` (how far
    below it, else 0). Annotating again for another year replaces the figures."""
    credited = subquery_sum(Attendance, "hours", fk="person",
                            filter=Q(session__held_on__year=year))
    quota = Subquery(TrainingQuota.objects.filter(year=year, person_kind=OuterRef("kind"))
                     .values("hours")[:1], output_field=HOURS)
    return (
        people.annotate(hours=Coalesce(credited, Value(Decimal("0")), output_field=HOURS),
                        quota=quota)
        .annotate(hours_lacking=Case(
            # A kind without a quota lacks nothing: its people's hours are not summed (a
            # CASE's branches are tried in order; an AND's operands need not be).
            When(quota__isnull=True, then=Value(Decimal("0"))),
            When(quota__gt=F("hours"),
                 then=ExpressionWrapper(F("quota") - F("hours"), output_field=HOURS)),
            default=Value(Decimal("0")), output_field=HOURS,
        ))
    )


def training_hours(year):
    """Every person of the register with their training hours of ``year``."""
    return with_training_hours(
        Person.objects.select_related("department", "village", "community"), year)


def below_quota(year):
    """The active people whose kind has a quota for ``year`` and who lack hours of it."""
    return training_hours(year).filter(is_active=True, hours_lacking__gt=0)


def latest_quota_year(today=None):
    """The year the people below quota are shown for unless one is asked: the latest year
    with a quota, up to this one (a quota set ahead for next year has no hours yet to
    measure); this year when there is none. A new year opens on the last one's list
    until its quotas are set, and the 2024 demo opens on 2024."""
    this_year = (today or timezone.localdate()).year
    latest = TrainingQuota.objects.filter(year__lte=this_year).aggregate(
        latest=Max("year"))["latest"]
    return latest or this_year


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


def with_evaluation_figures(evaluations):
    """An evaluation list with its scores (``with_assessment_scores``) given its rating and
    its counts of problems (the open ones too)."""
    rating, percent = rating_expression()
    return evaluations.annotate(score_percent=percent).annotate(
        rating=rating,
        problem_count=subquery_count(EvaluationProblem, fk="evaluation"),
        open_problem_count=subquery_count(EvaluationProblem.objects.open(), fk="evaluation"),
    )


def evaluation_list():
    """Evaluations with their scores, results, rating and problems."""
    return with_evaluation_figures(with_assessment_scores(
        VillageEvaluation.objects.select_related("village", "template", "completed_by")
        .prefetch_related("results__criterion", "results__photos")
    ))


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


# --- the summary ------------------------------------------------------------------------------
# Each figure is declared once, as the list it is taken from and that list's query
# parameters: its value and its drill-down link both come from the declaration
# (cuizhai.core.base.summary), so the link always lists the records the figure counts.
ELECTIONS = Listing("partybuilding-api:election-list", election_list,
                    filtersets.ElectionFilterSet)
EVALUATIONS = Listing("partybuilding-api:villageevaluation-list", evaluation_list,
                      filtersets.VillageEvaluationFilterSet)
EVALUATION_PROBLEMS = Listing("partybuilding-api:evaluationproblem-list",
                              evaluation_problem_list, filtersets.EvaluationProblemFilterSet)
ASSET_PROBLEMS = Listing("partybuilding-api:collectiveassetproblem-list",
                         collective_asset_problem_list,
                         filtersets.CollectiveAssetProblemFilterSet)
SESSIONS = Listing("partybuilding-api:trainingsession-list", training_session_list,
                   filtersets.TrainingSessionFilterSet)
TRAINING_HOURS = Listing("partybuilding-api:traininghours-list",
                         lambda: training_hours(datetime.date.today().year),
                         filtersets.TrainingHoursFilterSet)
CADRES = Listing("partybuilding-api:cadreprofile-list", cadre_list,
                 filtersets.CadreProfileFilterSet)

HOURS_UNIT = _("hours")
YUAN_UNIT = _("yuan")
# The period reaches each list through its date filters (``During``): the year filter for a
# calendar year, the date range for a shorter period. What is counted per year (the year's
# evaluations, the annual training quota, young cadres placed) takes ``YEAR``, the year the
# period ends in.
FOUND = {"evaluation_year": YEAR}  # problems found by the year's evaluations
ASSET_PROBLEMS_FOUND = {"reported_year": During("reported")}
HELD = {"year": During("held")}


def training_figure(params, caption):
    """Sessions with their person-times (named attendances + head-counts) and hours."""
    return Figure(SESSIONS, params, caption=caption, count=Rows(),
                  named=Total("named_count", unit=None, places=0),
                  head_count=Total("head_count", unit=None, places=0),
                  person_times=Total("person_times", unit=None, places=0),
                  hours=Total("hours_credited", unit=HOURS_UNIT, places=1))


PARTYBUILDING_SUMMARY = Summary("PartybuildingSummary", {
    "elections": Figure(ELECTIONS, HELD, caption=_("Committee elections held")),
    "committees_evaluated": Figure(
        EVALUATIONS, {"year": YEAR, "status": AssessmentStatus.COMPLETED},
        caption=_("Village committees evaluated")),
    "evaluation_problems": {
        "found": Figure(EVALUATION_PROBLEMS, FOUND,
                        caption=_("Problems found by the evaluations")),
        "closed": Figure(EVALUATION_PROBLEMS, {**FOUND, "status": WorkflowStatus.CLOSED},
                         caption=_("Problems rectified, verified and closed")),
        "open": Figure(EVALUATION_PROBLEMS, {**FOUND, "is_open": True},
                       caption=_("Problems still open")),
        "overdue": Figure(EVALUATION_PROBLEMS, {**FOUND, "timeliness": Timeliness.OVERDUE},
                          caption=_("Problems overdue")),
    },
    "asset_problems": {
        "found": Figure(ASSET_PROBLEMS, ASSET_PROBLEMS_FOUND,
                        caption=_("Collective asset problems found"), count=Rows(),
                        amount_yuan=Total("amount_yuan", unit=YUAN_UNIT)),
        "closed": Figure(ASSET_PROBLEMS, {**ASSET_PROBLEMS_FOUND,
                                          "status": WorkflowStatus.CLOSED},
                         caption=_("Collective asset problems closed")),
        "open": Figure(ASSET_PROBLEMS, {**ASSET_PROBLEMS_FOUND, "is_open": True},
                       caption=_("Collective asset problems still open")),
        "by_kind": Breakdown(ASSET_PROBLEMS, "kind", CollectiveAssetProblemKind,
                             ASSET_PROBLEMS_FOUND),
    },
    "training": {
        "all": training_figure(HELD, _("Training sessions")),
        "by_kind": Breakdown(SESSIONS, "kind", TrainingKind, HELD),
        "village_cadre_training": training_figure(
            {**HELD, "kind": TrainingKind.VILLAGE_CADRE},
            _("Village cadre training")),
        "youth_talks": Figure(SESSIONS, {**HELD, "kind": TrainingKind.YOUTH_TALK},
                              caption=_("Cuizhai Youth Talk events")),
        "below_quota": Figure(
            TRAINING_HOURS, {"year": YEAR, "is_active": True, "below_quota": True},
            caption=_("People below their training quota")),
    },
    "cadres": {
        "reserve": Figure(CADRES, {"is_reserve": True}, caption=_("Reserve cadres")),
        "young_placed": Figure(CADRES, {"young_placed_year": YEAR},
                               caption=_("Young cadres placed at projects or elsewhere")),
    },
})


# The monthly series of the dashboard's trends and the reports' charts: one figure per month
# of the period, each with its link (the same declarations as the summary's figures).
PARTYBUILDING_SERIES = Summary("PartybuildingSeries", {
    "training": Monthly(SESSIONS, HELD, caption=_("Training sessions held in the month"),
                        count=Rows(),
                        person_times=Total("person_times", unit=None, places=0),
                        hours=Total("hours_credited", unit=HOURS_UNIT, places=1)),
})

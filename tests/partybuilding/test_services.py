"""The party-building rules, each through the service that holds it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cuizhai.core import roles
from cuizhai.core.base.services.assessments import (
    assessment_complete,
    assessment_raise_item,
    assessment_record_result,
)
from cuizhai.core.choices import PersonKind
from partybuilding import selectors, services
from partybuilding.choices import AttendanceStatus, EvaluationRating, OrganisationKind
from partybuilding.models import Attendance, EvaluationProblem, is_young
from tests.factories import CommunityFactory, VillageFactory
from tests.partybuilding.factories import (
    CadreFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    evaluation_template,
)

pytestmark = pytest.mark.django_db
A = AttendanceStatus


@pytest.fixture(autouse=True)
def in_english():
    """The messages below are the English source strings."""
    with translation.override("en"):
        yield


def attend(session, person, status=A.PRESENT, **data):
    return services.attendance_create(
        data={"session": session, "person": person, "status": status, **data})


# --- attendance and hours ----------------------------------------------------------------
def test_an_attendance_credits_the_sessions_hours_and_an_absence_none():
    session = SessionFactory(hours=Decimal("2.5"))
    present, late, excused, absent = (attend(session, PersonFactory(), status)
                                      for status in (A.PRESENT, A.LATE, A.EXCUSED, A.ABSENT))
    assert [present.hours, late.hours, excused.hours, absent.hours] == [
        Decimal("2.5"), Decimal("2.5"), 0, 0]


def test_hours_given_are_kept_within_the_session():
    session = SessionFactory(hours=Decimal("3"))
    assert attend(session, PersonFactory(), hours=Decimal("1.5")).hours == Decimal("1.5")
    with pytest.raises(ValidationError) as refused:
        attend(session, PersonFactory(), hours=Decimal("3.5"))
    assert "hours" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        attend(session, PersonFactory(), A.ABSENT, hours=Decimal("1"))
    assert "An absence credits no hours." in str(refused.value)


def test_changing_the_status_moves_the_hours_with_it():
    session = SessionFactory(hours=Decimal("2"))
    row = attend(session, PersonFactory())
    row = services.attendance_update(attendance=row, data={"status": A.ABSENT},
                                     expected_version=row.version)
    assert row.hours == 0
    row = services.attendance_update(attendance=row, data={"status": A.LATE},
                                     expected_version=row.version)
    assert row.hours == Decimal("2")


def test_a_session_cannot_be_shortened_below_the_hours_it_credited():
    session = SessionFactory(hours=Decimal("3"))
    attend(session, PersonFactory())
    with pytest.raises(ValidationError) as refused:
        services.training_session_update(session=session, data={"hours": Decimal("2")},
                                         expected_version=session.version)
    assert "hours" in refused.value.message_dict


def test_one_attendance_per_person_and_session():
    session, person = SessionFactory(), PersonFactory()
    attend(session, person)
    with pytest.raises(ValidationError) as refused:
        attend(session, person, A.LATE)
    assert "This person is already on the session's sheet." in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database's own rule
        Attendance.objects.create(session=session, person=person, hours=0,
                                  status=A.ABSENT)


def test_person_times_are_named_attendances_plus_the_head_count_never_twice():
    first = SessionFactory(head_count=40, hours=Decimal("2"))
    second = SessionFactory(head_count=0, hours=Decimal("1"))
    people = PersonFactory.create_batch(4)
    attend(first, people[0])
    attend(first, people[1], A.LATE)
    attend(first, people[2], A.ABSENT)
    attend(first, people[3], A.EXCUSED)
    attend(second, people[0])
    attend(second, people[1])
    rows = {s.pk: s for s in selectors.training_session_list()}
    assert (rows[first.pk].named_count, rows[first.pk].person_times) == (2, 42)
    assert rows[first.pk].hours_credited == Decimal("4")
    assert (rows[second.pk].named_count, rows[second.pk].person_times) == (2, 2)
    totals = selectors.person_times(selectors.training_session_list())
    assert totals == {"named": 4, "head_count": 40, "person_times": 44,
                      "hours": Decimal("6")}


def test_add_everyone_of_an_organisation_skips_those_on_the_sheet_and_the_inactive():
    organisation = OrganisationFactory()
    on_sheet, newcomer, other = (CadreFactory(organisation=organisation),
                                 CadreFactory(organisation=organisation), CadreFactory())
    CadreFactory(organisation=organisation, person__is_active=False)
    session = SessionFactory()
    attend(session, on_sheet.person, A.EXCUSED)
    added = services.attendances_add_organisation(session=session, organisation=organisation)
    assert [row.person for row in added] == [newcomer.person]
    assert session.attendances.get(person=on_sheet.person).status == A.EXCUSED
    assert not session.attendances.filter(person=other.person).exists()


# --- quotas ------------------------------------------------------------------------------
def test_only_the_system_administrator_sets_a_quota(make_user):
    office = make_user("party-office", roles.office_group("partybuilding"))
    data = {"year": 2024, "person_kind": PersonKind.VILLAGE_CADRE, "hours": Decimal("12")}
    with pytest.raises(PermissionDenied):
        services.training_quota_create(data=dict(data), by=office)
    admin = make_user("system-admin", roles.SYSTEM_ADMIN)
    assert services.training_quota_create(data=dict(data), by=admin).hours == 12


def test_below_quota_lists_the_people_short_of_their_kinds_hours(make_user):
    admin = make_user("system-admin", roles.SYSTEM_ADMIN)
    services.training_quota_create(data={"year": 2024, "person_kind": PersonKind.VILLAGE_CADRE,
                                         "hours": Decimal("5")}, by=admin)
    short, done, other_kind = (PersonFactory(), PersonFactory(),
                               PersonFactory(kind=PersonKind.GRID_WORKER))
    PersonFactory(is_active=False)  # left: not asked to train
    this_year = SessionFactory(hours=Decimal("3"), held_on=datetime.date(2024, 3, 1))
    also = SessionFactory(hours=Decimal("2"), held_on=datetime.date(2024, 9, 1))
    last_year = SessionFactory(hours=Decimal("4"), held_on=datetime.date(2023, 9, 1))
    attend(this_year, short)
    attend(last_year, short)  # another year's hours do not count
    attend(also, short, A.ABSENT)
    attend(this_year, done)
    attend(also, done)
    rows = {p.pk: p for p in selectors.below_quota(2024)}
    assert set(rows) == {short.pk}
    assert (rows[short.pk].hours, rows[short.pk].hours_lacking) == (Decimal("3"),
                                                                   Decimal("2"))
    assert other_kind.pk not in rows  # no quota for grid workers
    assert selectors.training_hours(2023).get(pk=short.pk).hours == Decimal("4")


# --- cadres ------------------------------------------------------------------------------
def test_a_young_cadre_is_under_35_in_the_year_asked_about():
    assert is_young(1990, datetime.date(2024, 12, 31))  # 34
    assert not is_young(1989, datetime.date(2024, 1, 1))  # 35
    assert not is_young(None, datetime.date(2024, 1, 1))
    young, old = CadreFactory(person__birth_year=1990), CadreFactory(person__birth_year=1989)
    in_2024 = {c.pk: c.is_young for c in selectors.cadre_list(datetime.date(2024, 6, 1))}
    in_2025 = {c.pk: c.is_young for c in selectors.cadre_list(datetime.date(2025, 6, 1))}
    assert (in_2024[young.pk], in_2024[old.pk], in_2025[young.pk]) == (True, False, False)


def test_a_reserve_cadre_has_the_date_since_and_a_mentor_is_another_person():
    person = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        services.cadre_profile_create(data={"person": person, "is_reserve": True})
    assert "reserve cadre has the date since when" in str(refused.value)
    with pytest.raises(ValidationError):
        services.cadre_profile_create(data={"person": person, "mentor": person})
    cadre = services.cadre_profile_create(data={
        "person": person, "is_reserve": True, "reserve_since": datetime.date(2024, 3, 1),
        "mentor": PersonFactory(kind=PersonKind.MENTOR)})
    assert cadre.is_reserve


def test_a_placement_is_at_a_project_or_in_a_region_and_young_placements_are_counted():
    young, old = CadreFactory(person__birth_year=1995), CadreFactory(person__birth_year=1980)
    with pytest.raises(ValidationError):
        services.placement_create(data={"cadre": young, "start_date": datetime.date(2024, 1, 1)})
    for cadre, start in ((young, datetime.date(2024, 4, 1)), (old, datetime.date(2024, 4, 1)),
                         (young, datetime.date(2023, 4, 1))):
        services.placement_create(data={"cadre": cadre, "region": "浙江省湖州市",
                                        "start_date": start})
    placed = selectors.placed_young_cadres(2024)
    assert [p.cadre for p in placed] == [young]


# --- organisations -----------------------------------------------------------------------
def test_an_organisation_names_the_place_its_kind_calls_for_and_no_loop():
    village = VillageFactory()
    with pytest.raises(ValidationError):
        services.organisation_create(data={"name": "某社区党委",
                                           "kind": OrganisationKind.COMMUNITY_COMMITTEE,
                                           "village": village})
    parent = services.organisation_create(data={
        "name": "凤凰社区党委", "kind": OrganisationKind.COMMUNITY_COMMITTEE,
        "community": CommunityFactory()})
    child = services.organisation_create(data={
        "name": "高道口村党支部", "kind": OrganisationKind.VILLAGE_BRANCH, "village": village,
        "parent": parent})
    with pytest.raises(ValidationError) as refused:
        services.organisation_update(organisation=parent, data={"parent": child},
                                     expected_version=parent.version)
    assert "parent" in refused.value.message_dict


# --- evaluations -------------------------------------------------------------------------
def evaluate(village, template, *scores, year=2024, by=None):
    evaluation = services.evaluation_create(
        data={"village": village, "template": template, "year": year,
              "assessed_on": datetime.date(year, 6, 30)}, by=by)
    for criterion, score in zip(template.criteria.order_by("position"), scores, strict=True):
        assessment_record_result(evaluation, criterion=criterion, score=Decimal(score),
                                 note="台账不全", by=by)
    return assessment_complete(evaluation, by=by)


def test_one_evaluation_per_village_and_period():
    village, template = VillageFactory(), evaluation_template("10")
    evaluate(village, template, "10")
    with pytest.raises(ValidationError) as refused:
        evaluate(village, template, "10")
    assert "already evaluated for that period" in str(refused.value)
    evaluate(village, template, "10", year=2025)  # another period


@pytest.mark.parametrize(("scores", "rating"), [
    (("50", "35"), EvaluationRating.GOOD),  # 85 %
    (("50", "34"), EvaluationRating.FAIR),  # 84 %
    (("30", "30"), EvaluationRating.FAIR),  # 60 %
    (("30", "29"), EvaluationRating.POOR),
])
def test_the_rating_follows_the_score_by_thresholds(scores, rating):
    evaluation = evaluate(VillageFactory(), evaluation_template("50", "50"), *scores)
    assert selectors.evaluation_list().get(pk=evaluation.pk).rating == rating


def test_a_failed_criterion_raises_a_problem_of_the_evaluation(make_user):
    office = make_user("party-office", roles.office_group("partybuilding"))
    evaluation = evaluate(VillageFactory(), evaluation_template("10", "10"), "0", "10",
                          by=office)
    failed = evaluation.results.get(criterion__position=1)
    problem = assessment_raise_item(failed, by=office)
    assert isinstance(problem, EvaluationProblem)
    assert (problem.evaluation, problem.title, problem.description) == (
        evaluation, "评估项1", "台账不全")
    with pytest.raises(ValidationError):
        assessment_raise_item(evaluation.results.get(criterion__position=2), by=office)
    row = selectors.evaluation_list().get(pk=evaluation.pk)
    assert (row.problem_count, row.open_problem_count) == (1, 1)


def test_the_bulk_path_credits_hours_by_the_same_rule_and_refuses_all_or_nothing():
    from cuizhai.core.base.exceptions import RowsRefused

    session = SessionFactory(hours=Decimal("3"))
    people = PersonFactory.create_batch(3)
    rows = services.attendance_bulk_create(rows=[
        {"session": session, "person": people[0]},
        {"session": session, "person": people[1], "status": A.ABSENT}])
    assert [row.hours for row in rows] == [Decimal("3"), 0]
    with pytest.raises(RowsRefused) as refused:
        services.attendance_bulk_create(rows=[
            {"session": session, "person": people[2]},
            {"session": session, "person": people[0]},  # already on the sheet
            {"session": session, "person": PersonFactory(), "hours": Decimal("4")}])
    assert set(refused.value.rows) == {1, 2}
    assert session.attendances.count() == 2

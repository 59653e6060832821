"""The party-building API beyond the shared contracts: each filter, the derived lists, the
rules as a client meets them, and personal data per role."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cuizhai.core import roles
from cuizhai.core.base.services.assessments import assessment_record_result
from cuizhai.core.choices import PersonKind
from partybuilding import services
from partybuilding.models import (
    Attendance,
    CollectiveAssetProblem,
    EvaluationProblem,
    Placement,
)
from projects.choices import BatchStage, ProjectStatus
from tests.factories import CommunityFactory, VillageFactory
from tests.import_files import client_for
from tests.partybuilding import factories as f
from tests.personal_contract import PersonalDataContract
from tests.projects.factories import ProjectFactory
from tests.support.clients import role_client
from tests.support.schema import parameter_descriptions

pytestmark = pytest.mark.django_db
OFFICE = roles.office_group("partybuilding")


def url(basename, *args, action="list"):
    return reverse(f"partybuilding-api:{basename}-{action}", args=args)


def ids(basename, **params):
    response = role_client(roles.LEADERS).get(url(basename), params)
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


# --- filters: one line each ---------------------------------------------------------------
def test_organisation_filters():
    community = CommunityFactory(name="凤凰社区")
    committee = f.OrganisationFactory(name="凤凰社区党委", kind="community_committee",
                                      village=None, community=community)
    branch = f.OrganisationFactory(name="高道口村党支部", parent=committee)
    assert ids("partyorganisation", kind="village_branch") == [branch.pk]
    assert ids("partyorganisation", community="凤凰社区") == [committee.pk]
    assert ids("partyorganisation", community_id=community.pk) == [committee.pk]
    assert ids("partyorganisation", village=branch.village.name) == [branch.pk]
    assert ids("partyorganisation", village_id=branch.village.pk) == [branch.pk]
    assert ids("partyorganisation", parent="凤凰社区党委") == [branch.pk]
    assert ids("partyorganisation", parent_id=committee.pk) == [branch.pk]
    assert ids("partyorganisation", q="高道口") == [branch.pk]


def test_election_filters():
    held = f.ElectionFactory(held_on=datetime.date(2024, 6, 1), note="凤凰社区换届")
    again = f.ElectionFactory(held_on=datetime.date(2023, 6, 1), result="repeated")
    assert ids("election", year=2024) == [held.pk]
    assert ids("election", result="repeated") == [again.pk]
    assert ids("election", organisation=held.organisation.name) == [held.pk]
    assert ids("election", organisation_id=again.organisation.pk) == [again.pk]
    assert ids("election", q="凤凰") == [held.pk]


def test_cadre_filters():
    mentor = f.PersonFactory(kind=PersonKind.MENTOR)
    young = f.CadreFactory(person__birth_year=2000, mentor=mentor, party_post="组织委员")
    reserve = f.CadreFactory(person__birth_year=1970, person__kind=PersonKind.CADRE,
                             is_reserve=True, reserve_since=datetime.date(2023, 5, 1))
    assert ids("cadreprofile", is_young="true") == [young.pk]
    assert ids("cadreprofile", is_young="false") == [reserve.pk]
    assert ids("cadreprofile", is_reserve="true") == [reserve.pk]
    assert ids("cadreprofile", reserve_since_year=2023) == [reserve.pk]
    assert ids("cadreprofile", person_kind="cadre") == [reserve.pk]
    assert ids("cadreprofile", mentor_id=mentor.pk) == [young.pk]
    assert ids("cadreprofile", person=young.person.name) == [young.pk]
    assert ids("cadreprofile", person_id=reserve.person.pk) == [reserve.pk]
    assert ids("cadreprofile", organisation=young.organisation.name) == [young.pk]
    assert ids("cadreprofile", organisation_id=reserve.organisation.pk) == [reserve.pk]
    assert ids("cadreprofile", q="组织委员") == [young.pk]


def test_placement_filters():
    young = f.PlacementFactory(cadre__person__birth_year=1995, region="浙江省安吉县")
    old = f.PlacementFactory(cadre__person__birth_year=1970, start_date=datetime.date(2023, 1, 1))
    assert ids("placement", year=2024) == [young.pk]
    assert ids("placement", young_placed_year=2024) == [young.pk]
    assert ids("placement", cadre_id=old.cadre.pk) == [old.pk]
    assert ids("placement", at_project="false") == sorted([young.pk, old.pk])
    assert ids("placement", at_project="true") == []
    site = f.PlacementFactory(project=ProjectFactory(), region="")
    assert ids("placement", at_project="true") == [site.pk]
    assert ids("placement", project_id=site.project.pk) == [site.pk]
    assert ids("placement", q="安吉") == [young.pk]


# The readable partners of id filters (a name, title or code where the id filter takes an
# id):
# each finds its record by the name as typed, and not the decoy beside it.
def _by_mentor():
    mentor = f.PersonFactory(name="示例·导师甲", kind=PersonKind.MENTOR)
    f.CadreFactory(mentor=f.PersonFactory(name="示例·导师乙", kind=PersonKind.MENTOR))
    return "示例·导师甲", f.CadreFactory(mentor=mentor).pk


def _by_cadre():
    f.PlacementFactory(cadre__person__name="示例·挂职乙")
    return "示例·挂职甲", f.PlacementFactory(cadre__person__name="示例·挂职甲").pk


def _by_project():
    f.PlacementFactory(project=ProjectFactory(code="CZ-2022-001"), region="")
    site = ProjectFactory(code="CZ-2021-003")
    return "CZ-2021-003", f.PlacementFactory(project=site, region="").pk


def _by_session():
    f.AttendanceFactory(session__title="干部大讲堂第2讲")
    return "干部大讲堂第1讲", f.AttendanceFactory(session__title="干部大讲堂第1讲").pk


def _by_village():
    f.PersonFactory(village=VillageFactory(name="王河村"))
    return "高道口村", f.PersonFactory(village=VillageFactory(name="高道口村")).pk


def _by_evaluation():
    f.report_evaluation_problem(evaluation=f.EvaluationFactory(village__name="东万村"))
    found = f.report_evaluation_problem(
        evaluation=f.EvaluationFactory(village__name="韩家村"))
    return "韩家村", found.pk


@pytest.mark.parametrize(("basename", "name", "build"), [
    ("cadreprofile", "mentor", _by_mentor),
    ("placement", "cadre", _by_cadre),
    ("placement", "project", _by_project),
    ("attendance", "session", _by_session),
    ("traininghours", "village", _by_village),
    ("evaluationproblem", "evaluation", _by_evaluation),
])
def test_a_readable_filter_finds_its_record_by_name(basename, name, build):
    value, expected = build()
    assert ids(basename, **{name: value}) == [expected]
    assert ids(basename, **{name: "示例·查无此名"}) == []


def test_training_session_filters():
    lecture = f.SessionFactory(kind="lecture", held_on=datetime.date(2024, 3, 1),
                               lecturer="示例·王教授", organisation=f.OrganisationFactory())
    micro = f.SessionFactory(kind="micro_class", held_on=datetime.date(2024, 9, 1))
    assert ids("trainingsession", kind="lecture") == [lecture.pk]
    assert ids("trainingsession", year=2024) == sorted([lecture.pk, micro.pk])
    assert ids("trainingsession", held_after="2024-06-01") == [micro.pk]
    assert ids("trainingsession", held_before="2024-06-01") == [lecture.pk]
    assert ids("trainingsession", organisation=lecture.organisation.name) == [lecture.pk]
    assert ids("trainingsession", organisation_id=lecture.organisation.pk) == [lecture.pk]
    assert ids("trainingsession", q="王教授") == [lecture.pk]


def test_a_training_session_s_held_range_includes_both_days():
    f.SessionFactory(held_on=datetime.date(2024, 3, 31))
    f.SessionFactory(held_on=datetime.date(2024, 7, 1))
    first = f.SessionFactory(held_on=datetime.date(2024, 4, 1))
    last = f.SessionFactory(held_on=datetime.date(2024, 6, 30))
    assert (ids("trainingsession", held_after="2024-04-01", held_before="2024-06-30")
            == sorted([first.pk, last.pk]))


def test_the_training_sessions_held_range_reads_as_the_elections(admin_user_, api_client_for):
    # Both are the core's date_range_filters on the day held: named and described alike.
    schema = api_client_for(admin_user_, "en").get(reverse("schema"), {"format": "json"}).json()

    def described(path):
        return parameter_descriptions(schema, path, ("held_after", "held_before"))

    assert described("/api/v1/partybuilding/training-sessions/") == {
        "held_after": "date held: on or after", "held_before": "date held: on or before"}
    assert (described("/api/v1/partybuilding/training-sessions/")
            == described("/api/v1/partybuilding/elections/"))


def test_attendance_filters():
    present = f.AttendanceFactory(session__kind="lecture")
    absent = f.AttendanceFactory(status="absent", hours=0, person__kind=PersonKind.GRID_WORKER,
                                 session__held_on=datetime.date(2023, 5, 1))
    assert ids("attendance", status="absent") == [absent.pk]
    assert ids("attendance", session_id=present.session.pk) == [present.pk]
    assert ids("attendance", session_kind="lecture") == [present.pk]
    assert ids("attendance", year=2023) == [absent.pk]
    assert ids("attendance", person_kind="grid_worker") == [absent.pk]
    assert ids("attendance", person=present.person.name) == [present.pk]
    assert ids("attendance", person_id=absent.person.pk) == [absent.pk]
    assert ids("attendance", q=present.session.title) == [present.pk]


def test_quota_filters():
    village = f.QuotaFactory(year=2024)
    grid = f.QuotaFactory(year=2023, person_kind=PersonKind.GRID_WORKER)
    assert ids("trainingquota", year=2024) == [village.pk]
    assert ids("trainingquota", person_kind="grid_worker") == [grid.pk]


def test_evaluation_filters():
    template = f.evaluation_template("10")
    done = f.EvaluationFactory(template=template, assessors="示例·评估组")
    assessment_record_result(done, criterion=template.criteria.get(), score=Decimal("0"))
    done = services.evaluation_update(evaluation=done, data={}, expected_version=2)
    from cuizhai.core.base.services.assessments import assessment_complete, assessment_raise_item

    assessment_complete(done)
    assessment_raise_item(done.results.get(), by=None)
    other = f.EvaluationFactory(year=2023, period="year_end")
    assert ids("villageevaluation", year=2023) == [other.pk]
    assert ids("villageevaluation", period="year_end") == [other.pk]
    assert ids("villageevaluation", status="completed") == [done.pk]
    assert ids("villageevaluation", rating="poor") == [done.pk]
    assert ids("villageevaluation", has_open_problems="true") == [done.pk]
    assert ids("villageevaluation", has_open_problems="false") == [other.pk]
    assert ids("villageevaluation", template=template.pk) == [done.pk]
    assert ids("villageevaluation", village=other.village.name) == [other.pk]
    assert ids("villageevaluation", village_id=done.village.pk) == [done.pk]
    assert ids("villageevaluation", q="评估组") == [done.pk]
    problem = EvaluationProblem.objects.get()
    typed = f.report_evaluation_problem(evaluation=other)
    assert ids("evaluationproblem", from_criterion="true") == [problem.pk]
    assert ids("evaluationproblem", evaluation_id=other.pk) == [typed.pk]
    assert ids("evaluationproblem", evaluation_year=2023) == [typed.pk]
    assert ids("evaluationproblem", village=other.village.name) == [typed.pk]
    assert ids("evaluationproblem", village_id=done.village.pk) == [problem.pk]


def test_collective_asset_problem_filters():
    village = VillageFactory()
    funds = f.report_asset_problem(village=village)
    contract = f.report_asset_problem(kind="contracts", title="合同未续签")
    assert ids("collectiveassetproblem", kind="contracts") == [contract.pk]
    assert ids("collectiveassetproblem", village=village.name) == [funds.pk]
    assert ids("collectiveassetproblem", village_id=village.pk) == [funds.pk]
    assert ids("collectiveassetproblem", q="续签") == [contract.pk]


# --- training hours against the quota ------------------------------------------------------
def test_training_hours_lists_who_lacks_hours_and_how_many(make_user):
    admin = make_user("system-admin", roles.SYSTEM_ADMIN)
    created = role_client(roles.SYSTEM_ADMIN).post(
        url("trainingquota"), {"year": 2024, "person_kind": "village_cadre", "hours": "6"},
        format="json")
    assert created.status_code == 201, created.json()
    refused = role_client(OFFICE, "zh-hans").post(
        url("trainingquota"), {"year": 2024, "person_kind": "grid_worker", "hours": "6"},
        format="json")
    assert refused.status_code == 403
    assert "系统管理员" in refused.json()["detail"]
    short, done = f.PersonFactory(name="示例·短缺"), f.PersonFactory(name="示例·达标")
    session = f.SessionFactory(hours=Decimal("4"))
    for person in (short, done):
        services.attendance_create(data={"session": session, "person": person}, by=admin)
    services.attendance_create(data={"session": f.SessionFactory(hours=Decimal("2")),
                                     "person": done}, by=admin)
    response = role_client(roles.LEADERS).get(url("traininghours"),
                                              {"year": 2024, "below_quota": "true"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["name"], r["hours"], r["quota"], r["hours_lacking"]) for r in rows] == [
        ("示例·短缺", "4.0", "6.0", "2.0")]
    assert role_client(roles.LEADERS).get(url("traininghours"), {"year": 2023}).json()[
        "results"][0]["hours"] == "0.0"
    assert role_client(roles.LEADERS).get(url("traininghours"),
                                          {"year": "abc"}).status_code == 400


def test_training_hours_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    client = role_client(roles.LEADERS)
    for people in (2, 20):
        while Attendance.objects.count() < people:
            f.AttendanceFactory()
        with django_assert_max_num_queries(7):
            assert client.get(url("traininghours"), {"year": 2024}).status_code == 200


# --- rules as a client meets them ----------------------------------------------------------
def test_a_placement_at_a_project_names_a_major_project_site():
    """A site as the projects app defines one: a project of the started batch (开工)."""
    site = ProjectFactory(stage=BatchStage.STARTED, status=ProjectStatus.CONSTRUCTION)
    planned = ProjectFactory(name="绿能智造产业园", stage=BatchStage.PLANNED)
    cadre = f.CadreFactory(person__birth_year=1996)
    client = role_client(OFFICE, "zh-hans")
    body = {"cadre": cadre.pk, "start_date": "2024-03-01", "end_date": "2024-09-30"}
    refused = client.post(url("placement"), {**body, "project": planned.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["project"] == [
        f"“{planned}”不是重点项目建设一线：在项目挂职须选择“开工一批”、已开工建设的项目。"]
    assert not Placement.objects.exists()
    created = client.post(url("placement"), {**body, "project": site.pk}, format="json")
    assert created.status_code == 201, created.json()
    placement = Placement.objects.get()
    moved = client.patch(url("placement", placement.pk, action="detail"),
                         {"project": planned.pk, "version": placement.version},
                         format="json")
    assert moved.status_code == 400
    assert "不是重点项目建设一线" in str(moved.json()["project"])
    placement.refresh_from_db()
    assert placement.project == site


def test_an_attendance_defaults_to_the_sessions_hours_and_refuses_a_second_row():
    session, person = f.SessionFactory(hours=Decimal("2.5")), f.PersonFactory()
    client = role_client(OFFICE, "zh-hans")
    body = {"session": session.pk, "person": person.pk, "status": "present"}
    created = client.post(url("attendance"), body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["hours"] == "2.5"
    again = client.post(url("attendance"), {**body, "status": "late"}, format="json")
    assert again.status_code == 400
    assert "已在本次培训的签到表上" in str(again.json())
    absent = client.post(url("attendance"), {"session": session.pk, "status": "absent",
                                             "person": f.PersonFactory().pk, "hours": "1"},
                         format="json")
    assert absent.status_code == 400
    assert "缺席或请假不记学时" in str(absent.json())
    assert Attendance.objects.count() == 1


def test_a_failed_criterion_raises_a_problem_through_the_api():
    template = f.evaluation_template("10")
    client = role_client(OFFICE, "zh-hans")
    created = client.post(url("villageevaluation"), {
        "village": VillageFactory().pk, "year": 2024, "period": "mid_term",
        "assessed_on": "2024-06-30", "template": template.pk}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    criterion = template.criteria.get()
    scored = client.post(url("villageevaluation", pk, action="record-result"),
                         {"criterion": criterion.pk, "score": "0", "note": "三务公开滞后"},
                         format="json")
    assert scored.status_code == 200, scored.json()
    raised = client.post(url("villageevaluation", pk, action="raise-item"),
                         {"criterion": criterion.pk}, format="json")
    assert raised.status_code == 201, raised.json()
    problem = client.get(raised.json()["url"]).json()
    assert (problem["evaluation"]["id"], problem["description"]) == (pk, "三务公开滞后")
    twice = client.post(url("villageevaluation", pk, action="raise-item"),
                        {"criterion": criterion.pk}, format="json")
    assert twice.status_code == 400
    duplicate = client.post(url("villageevaluation"), {
        "village": created.json()["village"]["id"], "year": 2024, "period": "mid_term",
        "assessed_on": "2024-07-01", "template": template.pk}, format="json")
    assert duplicate.status_code == 400
    assert "该村班子在此评估期已有评估" in str(duplicate.json())


# --- personal data: the reporter's phone of a problem, per role ------------------------------
@pytest.mark.parametrize(("role", "shown"), [
    (OFFICE, "13800001234"),
    (roles.SYSTEM_ADMIN, "13800001234"),
    (roles.LEADERS, "138****1234"),
    (roles.DASHBOARD, "138****1234"),
    (roles.office_group("projects"), "138****1234"),
])
def test_a_reporters_phone_is_masked_for_whoever_lacks_the_permission(role, shown):
    problem = f.report_asset_problem(reporter_name="示例·村民", reporter_phone="13800001234")
    response = role_client(role).get(url("collectiveassetproblem", problem.pk,
                                         action="detail"))
    assert response.status_code == 200
    assert response.json()["reporter_phone"] == shown


class TestCollectiveAssetProblemPersonalData(PersonalDataContract):
    """A villager who reported a 三资 problem: name and phone masked on every path for
    whoever lacks the permission (the office holds it, leaders do not)."""

    model = CollectiveAssetProblem
    api = "partybuilding-api:collectiveassetproblem"
    values = {"reporter_name": "示例·村民甲", "reporter_phone": "13800005678"}
    changed = {"reporter_phone": "13900004321"}

    def make(self, **values):
        return f.report_asset_problem(**values)

    def test_admin_list(self, reader, record):
        # The list's columns are the work (title, status, deadlines): the reporter is on
        # the item's page only, so the list shows neither the values nor their masks.
        user, _sees = reader
        response = client_for(user).get(self.admin_url("changelist"))
        assert response.status_code == 200
        assert record.title in response.content.decode()
        for name, value in self.current().items():
            assert value not in response.content.decode(), name


class TestEvaluationProblemPersonalData(TestCollectiveAssetProblemPersonalData):
    model = EvaluationProblem
    api = "partybuilding-api:evaluationproblem"

    def make(self, **values):
        return f.report_evaluation_problem(**values)

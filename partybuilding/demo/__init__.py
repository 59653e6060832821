"""The party-building app's part of the 2024 demo data, as the subdistrict's year-end
summary reports it (``/work/shared/brief.md``): committee elections in 凤凰, 清宁 and 河润;
the mid-term evaluation of 69 village committees with 132 problems, all rectified and
closed; 17 三资 problems of 3 kinds, all closed; 46 business micro-classes, 12 cadre
lectures, 16 village cadre trainings reaching more than 5,200 named person-times, 3
Cuizhai Youth Talks; 207 reserve village cadres; 15 young cadres placed at major projects
and in advanced regions; the "1+5" assessment and the 双培计划 as campaigns.

Names are invented (marked 示例·); phones are of the 138-0000-2xxx block. The tables beside
this file have one column per field; related records are named (villages and
organisations by name, people by name, projects by code, departments by code).
``cadres.csv`` holds each cadre's register entry and party-building profile;
``sessions.csv``'s ``sign_in`` names the sheets filled from the register — every village
cadre on a village cadre training's, every subdistrict cadre on a cadre lecture's, a third
of them in turn on a business micro-class's (so each cadre's hours come from both) —, each
present unless ``sign_in_exceptions.csv`` says otherwise, written through the bulk path of
the attendance service. A session's ``head_count`` counts those not on the register.
Evaluations, their results and the problems they raise go through the assessment and
closed-loop services; the core's replay (``replay_closed_loop``) takes each problem to
closure and dates its steps in 2024, and the 三资 problems are replayed at once
(``replay_closed_loop_bulk``).

Loading is idempotent (``cuizhai.core.base.demo``).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from cuizhai.core.base.demo import (
    DEMO_CHANGE_REASON,
    demo_staff,
    not_yet_created,
    read_table,
    records_by,
    replay_closed_loop,
    replay_closed_loop_bulk,
    sync,
)
from cuizhai.core.base.services import assessments
from cuizhai.core.choices import PersonKind, WorkflowStatus
from cuizhai.core.demo import load_checklists
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    ChecklistTemplate,
    Community,
    Department,
    Person,
    Village,
)
from partybuilding import services
from partybuilding.apps import PartybuildingConfig
from partybuilding.choices import EvaluationPeriod
from partybuilding.models import (
    Attendance,
    CadreProfile,
    CollectiveAssetProblem,
    Election,
    PartyOrganisation,
    Placement,
    TrainingQuota,
    TrainingSession,
    VillageEvaluation,
)
from projects import selectors as projects_selectors

SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2024
TEMPLATE = "DJ-CWPG"
RESOLUTION = "已整改到位，资料归档。"
# A business micro-class is of one line of work: a third of the cadres sign in, in turn.
MICRO_CLASS_TURNS = 3
DEMO_STAFF = [
    {"username": "demo-party-officer", "first_name": "示例·党建专员"},
    {"username": "demo-party-chief", "first_name": "示例·党建办负责人"},
]


def load():
    with transaction.atomic():
        officer, chief = _staff()
        villages = _villages()
        load_checklists(__name__)
        organisations = _organisations(villages)
        sync(Election, ["organisation", "held_on"], [
            {**row, "organisation": organisations[row["organisation"]]}
            for row in read_table(__name__, "elections.csv")])
        people = _cadres(villages, organisations)
        _placements(people)
        sync(TrainingQuota, ["year", "person_kind"], read_table(__name__, "quotas.csv"))
        sessions = _sessions()
        _sign_in(sessions, people)
        _evaluations(villages, officer, chief)
        _asset_problems(villages, officer, chief)
        campaign_rows = read_table(__name__, "campaigns.csv")
        departments = records_by(Department, "code", {r["department"] for r in campaign_rows})
        campaigns = sync(Campaign, ["name"], [
            {**row, "department": departments[row["department"]]} for row in campaign_rows])
        sync(CampaignOutput, ["campaign", "metric"], [
            {**row, "campaign": campaigns[(row["campaign"],)]}
            for row in read_table(__name__, "campaign_outputs.csv")])


def _staff():
    return [demo_staff(person["username"], person["first_name"],
                       PartybuildingConfig.office_group) for person in DEMO_STAFF]


def _villages():
    """The core's villages and the subdistrict's other villages, all 69, by name."""
    sync(Village, ["code"], [{**row, "resettled_in": None}
                             for row in read_table(__name__, "villages.csv")])
    # Named as the demo wrote them, though a user may have renamed one since.
    names = {row["village"] for row in read_table(__name__, "organisations.csv")
             if row["village"]}
    return records_by(Village, "name", names)


def _organisations(villages):
    rows = read_table(__name__, "organisations.csv")
    communities = records_by(Community, "name", {r["community"] for r in rows
                                                 if r["community"]})
    top = sync(PartyOrganisation, ["name"], [
        {"name": row["name"], "kind": row["kind"],
         "community": communities.get(row["community"]), "village": None, "parent": None}
        for row in rows if not row["village"]])
    branches = sync(PartyOrganisation, ["name"], [
        {"name": row["name"], "kind": row["kind"], "community": None,
         "village": villages[row["village"]],
         "parent": top[(row["parent"],)] if row["parent"] else None}
        for row in rows if row["village"]])
    return {name: record for (name,), record in (*top.items(), *branches.items())}


def _cadres(villages, organisations):
    rows = read_table(__name__, "cadres.csv")
    departments = records_by(Department, "code", {r["department"] for r in rows
                                                  if r["department"]})
    people = {name: person for (name,), person in sync(Person, ["name"], [
        {"name": row["name"], "kind": row["kind"], "post": row["post"],
         "phone": row["phone"], "birth_year": row["birth_year"],
         "department": departments.get(row["department"]),
         "village": villages.get(row["village"]), "community": None}
        for row in rows]).items()}
    mentors = {person.name: person for person in Person.objects.filter(
        name__in={r["mentor"] for r in rows if r["mentor"]})}
    sync(CadreProfile, ["person"], [
        {"person": people[row["name"]], "organisation": organisations[row["organisation"]],
         "party_post": row["party_post"], "is_reserve": row["is_reserve"],
         "reserve_since": row["reserve_since"], "mentor": mentors.get(row["mentor"])}
        for row in rows])
    return people


def _placements(people):
    rows = read_table(__name__, "placements.csv")
    projects = {project.code: project for project in projects_selectors.project_list()
                .filter(code__in={r["project"] for r in rows if r["project"]})}
    cadres = {c.person_id: c for c in CadreProfile.objects.filter(
        person__in=[people[r["person"]] for r in rows])}
    sync(Placement, ["cadre", "start_date"], [
        {"cadre": cadres[people[row["person"]].pk], "project": projects.get(row["project"]),
         "region": row["region"], "start_date": row["start_date"],
         "end_date": row["end_date"], "note": row["note"]}
        for row in rows])


def _sessions():
    rows = read_table(__name__, "sessions.csv")
    sessions = sync(TrainingSession, ["title"], [
        {key: value for key, value in row.items() if key != "sign_in"} for row in rows])
    return {title: (sessions[(title,)], sign_in) for title, sign_in in
            ((row["title"], row["sign_in"]) for row in rows)}


def _sign_in(sessions, people):
    """The sheets ``sign_in`` names, present unless the exceptions say otherwise: thousands
    of rows, through the bulk path."""
    village_cadres = [person for person in people.values() if person.kind == "village_cadre"]
    # The subdistrict's cadres of the register (the core demo's and this app's), in the
    # order of their names (the same turns on every database).
    cadres = sorted(Person.objects.filter(name__startswith="示例", kind=PersonKind.CADRE,
                                          is_active=True), key=lambda person: person.name)
    micro_classes = sorted((session.held_on, title) for title, (session, sign_in)
                           in sessions.items() if sign_in == "cadres_in_turn")
    turn = {title: number for number, (_day, title) in enumerate(micro_classes)}
    sheets = {
        "village_cadres": lambda title: village_cadres,
        "cadres": lambda title: cadres,
        "cadres_in_turn": lambda title: [
            cadre for number, cadre in enumerate(cadres)
            if (number + turn[title]) % MICRO_CLASS_TURNS == 0],
    }
    exceptions = {(row["session"], row["person"]): row["status"]
                  for row in read_table(__name__, "sign_in_exceptions.csv")}
    rows = [
        {"session": session, "person": person,
         "status": exceptions.get((title, person.name), "present")}
        for title, (session, sign_in) in sessions.items() if sign_in
        for person in sheets[sign_in](title)
    ]
    missing = not_yet_created(Attendance, ["session", "person"], rows)
    if missing:
        services.attendance_bulk_create(rows=missing, reason=DEMO_CHANGE_REASON)


def _evaluations(villages, officer, chief):
    """The mid-term evaluation of every village committee: each criterion's score, the
    sheet completed, a problem raised from each failed criterion and followed to closure."""
    template = ChecklistTemplate.objects.get(code=TEMPLATE, is_current=True)
    criteria = list(template.criteria.order_by("position"))
    rows = [{**row, "village": villages[row["village"]], "year": YEAR,
             "period": EvaluationPeriod.MID_TERM}
            for row in read_table(__name__, "evaluations.csv")]
    for row in not_yet_created(VillageEvaluation, ["village", "year", "period"], rows):
        evaluation = services.evaluation_create(data={
            "village": row["village"], "year": YEAR, "period": row["period"],
            "template": template, "assessed_on": row["assessed_on"],
            "assessors": row["assessors"]}, by=officer)
        results = [
            assessments.assessment_record_result(
                evaluation, criterion=criterion, score=Decimal(score), by=officer,
                note="" if Decimal(score) >= criterion.pass_score else "评估发现，限期整改。")
            for criterion, score in zip(criteria, row["scores"].split(), strict=True)]
        evaluation = assessments.assessment_complete(evaluation, by=officer)
        reported = datetime.combine(evaluation.assessed_on, time(17), SHANGHAI)
        for result in results:
            if result.failed:
                item = assessments.assessment_raise_item(result, by=officer,
                                                         reported_at=reported)
                _closed(item, officer, chief, resolved_after=timedelta(days=12))


def _asset_problems(villages, officer, chief):
    """The 三资 problems, reported and closed as 2024 saw them, replayed at once
    (``replay_closed_loop_bulk``: the items' own deadlines, their log)."""
    rows = [{**row, "village": villages[row["village"]]}
            for row in read_table(__name__, "asset_problems.csv")]
    replayed = []
    for row in not_yet_created(CollectiveAssetProblem, ["village", "title"], rows):
        reported = datetime.fromisoformat(row["reported_at"]).replace(tzinfo=SHANGHAI)
        taken = reported + timedelta(hours=4)
        resolved = reported + timedelta(days=int(row["resolved_after_days"]))
        replayed.append({
            "kind": row["kind"], "village": row["village"], "title": row["title"],
            "amount_yuan": Decimal(row["amount_yuan"]), "reported_at": reported,
            "assignee": officer, "resolved_by": officer, "verified_by": chief,
            "resolution": RESOLUTION,
            "steps": {"assign": taken, "start": taken, "resolve": resolved,
                      "verify": resolved + timedelta(days=1)},
        })
    if replayed:
        replay_closed_loop_bulk(CollectiveAssetProblem, replayed, by=officer)


def _closed(item, officer, chief, *, resolved_after):
    """Take ``item`` to closure as it went in 2024 (the core's replay: the workflow
    services, then the steps dated): taken in hand within 4 hours of its report, rectified
    ``resolved_after`` it, verified and closed (销号) a day later."""
    resolved = item.reported_at + resolved_after
    replay_closed_loop(item, status=WorkflowStatus.CLOSED, handler=officer, verifier=chief,
                       responded_at=item.reported_at + timedelta(hours=4),
                       resolved_at=resolved, closed_at=resolved + timedelta(days=1),
                       resolution=RESOLUTION)

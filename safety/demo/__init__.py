"""The safety app's part of the demo data: a safety checklist, expert inspections with the
hazards they found followed through the closed loop, enforcement cases, and the year's
traffic-safety work and road deaths.

The year's 750 expert inspections (``expert_inspections.csv``) are written at once through
the core's bulk path, completed, each with its checklist's results (a criterion fails where
a hazard of its kind was found); their 4,688 hazards (``year_hazards.csv``) are replayed at
once, each with a person of the register responsible for it (and the enterprise, at an
enterprise). The targets are spread as a subdistrict's are, so that few hazards are repeats
(``scripts/safety_demo_tables.py`` draws them); 93 of the 682 traffic hazards are found on
traffic-safety inspections, those made with the traffic police (the brief's 90-odd). 12
more inspections, with their hazards, are a sample walked through the closed loop. The
traffic tables are the year's in full: 62 publicity events, 216 persuasions, 100 sets of
facilities costing 190,000 元, and road deaths 7 → 3 (−57.1 % year on year).

Tables (UTF-8 CSV, one column per field, related records by name): ``checklist.csv`` (the
criteria of checklist AQ-QY), ``inspections.csv`` (inspectors by name, ``;``-separated),
``hazards.csv`` (the inspection by its date; reported at ``reported_at``, Asia/Shanghai,
taken to ``status`` through the workflow services), ``enforcement_cases.csv``,
``traffic_events.csv``, ``traffic_persuasions.csv`` (the event by its title),
``traffic_facilities.csv`` and ``indicator_values.csv`` (road deaths). Loading is idempotent
(``cuizhai.core.base.demo.sync``); a record a user has edited since is kept as it is.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cuizhai.core.base.demo import (
    DEMO_CHANGE_REASON,
    demo_staff,
    not_yet_created,
    read_import_table,
    read_table,
    records_by,
    replay_closed_loop,
    replay_closed_loop_bulk,
    sync,
)
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.choices import AssessmentStatus, CriterionKind, IndicatorPeriodKind
from cuizhai.core.models import (
    ChecklistCriterion,
    ChecklistTemplate,
    Community,
    CriterionResult,
    Department,
    Enterprise,
    Indicator,
    IndicatorValue,
    Person,
    Village,
)
from cuizhai.core.resources import EnterpriseResource
from safety import selectors, services
from safety.apps import SafetyConfig
from safety.choices import InspectionDepth
from safety.models import (
    EnforcementCase,
    Hazard,
    Inspection,
    TrafficFacilityWork,
    TrafficPersuasion,
    TrafficPublicityEvent,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHECKLIST = {"code": "AQ-QY", "version_number": 1, "name": "企业安全生产检查表",
             "area": "safety"}
HAZARD_DEPARTMENT = "safety-office"
# The criterion of checklist AQ-QY (its position) a hazard of each category fails.
CRITERION_OF_CATEGORY = {
    "other": 1, "traffic": 1, "fire": 2, "electrical": 3, "hazardous_chemicals": 4,
    "site_management": 5, "work_at_height": 6, "machinery": 7, "dust": 8,
}
# Who answers for a hazard's rectification, of the people register: the place's own grid
# worker or village cadre, else one of these in turn.
RESPONSIBLE_KINDS = ("grid_worker", "village_cadre", "community_worker")
INSPECTED_AT = time(17, 0)  # an expert inspection's sheet is completed the same afternoon
# Internal staff who move the demo's hazards (no password: they cannot log in): the officer
# handles them; the chief, the office's leader, verifies (major hazards too).
DEMO_STAFF = [
    {"username": "demo-safety-officer", "first_name": "周海峰",
     "groups": [SafetyConfig.office_group]},
    {"username": "demo-safety-chief", "first_name": "王海涛",
     "groups": [SafetyConfig.office_group, SafetyConfig.office_lead_group]},
]


def load():
    with transaction.atomic():
        officer, chief = _staff()
        places = _places()
        template = _checklist()
        inspections = _inspections(template, places, officer)
        _hazards(inspections, places, officer, chief)
        _expert_inspections(template, places, officer)
        _year_hazards(template, places, officer, chief)
        _enforcement(places)
        _traffic(places)
        _road_deaths()


def _places():
    """The core demo's enterprises, villages and communities by the names the tables use,
    found as the demo wrote them (a user may have renamed one since)."""
    enterprises = read_import_table("cuizhai.core.demo", "enterprises.csv", EnterpriseResource)
    by_code = records_by(Enterprise, "credit_code", [row["credit_code"] for row in enterprises])
    villages = read_table("cuizhai.core.demo", "villages.csv")
    by_village_code = records_by(Village, "code", [row["code"] for row in villages])
    communities = [row["name"] for row in read_table("cuizhai.core.demo", "communities.csv")]
    return {
        "enterprise": {row["name"]: by_code[row["credit_code"]] for row in enterprises},
        "village": {row["name"]: by_village_code[row["code"]] for row in villages},
        "community": records_by(Community, "name", communities),
    }


def _staff():
    return [demo_staff(person["username"], person["first_name"], *person["groups"])
            for person in DEMO_STAFF]


def _checklist():
    (template,) = sync(ChecklistTemplate, ["code", "version_number"], [CHECKLIST]).values()
    sync(ChecklistCriterion, ["template", "position"], [
        {**row, "template": template, "kind": CriterionKind.PASS_FAIL}
        for row in read_table(__name__, "checklist.csv")])
    return template


def _target(row, places):
    return {name: places[name].get(row.get(name, "")) for name in ("enterprise", "village")} | {
        "site": row.get("site", "")}


def _target_key(row):
    return (row["assessed_on"], row["kind"], _pk(row.get("enterprise")), row.get("site", ""),
            _pk(row.get("village")))


def _pk(record):
    return record.pk if record is not None else None


def _existing(template):
    return {
        tuple(key): pk for *key, pk in Inspection.objects.filter(template=template).values_list(
            "assessed_on", "kind", "enterprise", "site", "village", "pk")
    }


def _inspections(template, places, officer):
    """The sample inspections (one by one, through the service), by the date the hazards'
    table names them with."""
    # The demo's people are the core's (cuizhai/core/demo/people.csv), by their names.
    people = {person.name: person for person in Person.objects.filter(name__startswith="示例")}
    rows = [{"assessed_on": datetime.fromisoformat(row["assessed_on"]).date(),
             "kind": row["kind"], "depth": row["depth"], **_target(row, places),
             "inspectors": [people[name] for name in row["inspectors"].split(";")]}
            for row in read_table(__name__, "inspections.csv")]
    existing = _existing(template)
    for row in rows:
        if tuple(_target_key(row)) not in existing:
            services.inspection_create(data={**row, "template": template}, by=officer)
    existing = _existing(template)
    return {row["assessed_on"].isoformat(): Inspection.objects.get(
        pk=existing[tuple(_target_key(row))]) for row in rows}


def _expert_inspections(template, places, officer):
    """The year's expert inspections (750), written at once through the bulk path."""
    people = {person.name: person for person in Person.objects.filter(name__startswith="示例")}
    rows = []
    for row in read_table(__name__, "expert_inspections.csv"):
        day = datetime.fromisoformat(row["assessed_on"]).date()
        rows.append({
            "assessed_on": day, "kind": row["kind"], "depth": InspectionDepth.DISSECTING,
            **_target(row, places), "inspectors": [people[row["inspector"]]],
            "template": template, "status": AssessmentStatus.COMPLETED,
            "completed_at": datetime.combine(day, INSPECTED_AT, SHANGHAI),
            "completed_by": officer})
    existing = _existing(template)
    missing = [row for row in rows if tuple(_target_key(row)) not in existing]
    if missing:
        services.inspection_bulk_create(rows=missing, by=officer, reason=DEMO_CHANGE_REASON)
    _expert_results(template, places, officer)


def _expert_by_line(template, places):
    """The expert inspections by their line in ``expert_inspections.csv`` (None: not
    there, a user changed it since)."""
    existing = _existing(template)
    by_line = {}
    for line, row in enumerate(read_table(__name__, "expert_inspections.csv"), start=2):
        key = (datetime.fromisoformat(row["assessed_on"]).date(), row["kind"],
               _pk(places["enterprise"].get(row["enterprise"])), row["site"],
               _pk(places["village"].get(row["village"])))
        by_line[str(line)] = existing.get(key)
    return by_line


def _expert_results(template, places, officer):
    """Each expert inspection's sheet: every criterion passed but those a hazard found
    there fails — written at once (the core's bulk path) for the sheets without results."""
    by_line = _expert_by_line(template, places)
    failed = {}
    for row in read_table(__name__, "year_hazards.csv"):
        failed.setdefault(row["inspection_line"], set()).add(
            CRITERION_OF_CATEGORY[row["category"]])
    content_type = ContentType.objects.get_for_model(Inspection)
    answered = set(CriterionResult.objects.filter(
        content_type=content_type, object_id__in=[pk for pk in by_line.values() if pk],
    ).values_list("object_id", flat=True).distinct())
    criteria = list(template.criteria.order_by("position"))
    rows = [{"content_type": content_type, "object_id": pk, "criterion": criterion,
             "passed": criterion.position not in failed.get(line, ()),
             "recorded_by": officer}
            for line, pk in by_line.items() if pk and pk not in answered
            for criterion in criteria]
    if rows:
        record_bulk_create(model=CriterionResult, rows=rows, by=officer,
                           reason=DEMO_CHANGE_REASON)


def _year_hazards(template, places, officer, chief):
    """The hazards the year's expert inspections found (4,688), replayed at once to where
    2024 left them (``replay_closed_loop_bulk``); each found by its inspection and report
    time, so loading again adds none."""
    by_line = _expert_by_line(template, places)
    responsible = _responsible_people()
    inspections = Inspection.objects.in_bulk([pk for pk in by_line.values() if pk])
    there = set(Hazard.objects.filter(inspection__in=list(inspections)).values_list(
        "inspection", "reported_at"))
    rows = []
    for row in read_table(__name__, "year_hazards.csv"):
        inspection = inspections.get(by_line.get(row["inspection_line"]))
        reported = datetime.fromisoformat(row["reported_at"]).replace(tzinfo=SHANGHAI)
        if inspection is None or (inspection.pk, reported) in there:
            continue
        rows.append({**_replayed(row, inspection, reported, officer, chief),
                     **_responsible(inspection, responsible)})
    if rows:
        replay_closed_loop_bulk(Hazard, rows, by=officer)


def _responsible_people():
    """The register's people who answer for a place's hazards: by village or community,
    and all of them in turn."""
    people = list(Person.objects.filter(name__startswith="示例", kind__in=RESPONSIBLE_KINDS)
                  .order_by("pk"))
    by_place = {}
    for person in people:
        for place in ("village", "community"):
            if getattr(person, f"{place}_id") is not None:
                by_place.setdefault((place, getattr(person, f"{place}_id")), person)
    return people, by_place


def _responsible(inspection, responsible):
    """One person for every hazard of a place: the place's own, else one of them chosen
    by the place."""
    people, by_place = responsible
    person = (by_place.get(("village", inspection.village_id))
              or by_place.get(("community", inspection.community_id))
              or (people[_place_number(inspection) % len(people)] if people else None))
    return {"responsible_person": person.name if person else "",
            "responsible_enterprise": inspection.enterprise}


def _place_number(inspection):
    return ((inspection.enterprise_id or 0) * 7 + (inspection.village_id or 0) * 31
            + sum(map(ord, inspection.site)))


def _replayed(row, inspection, reported, officer, chief):
    answered = reported + timedelta(hours=int(row["responded_after_hours"]))
    steps = {}
    if row["status"] != "reported":
        steps["assign"] = answered
    if row["status"] in ("in_progress", "resolved", "closed"):
        steps["start"] = answered
    if row["resolved_after_days"]:
        steps["resolve"] = answered + timedelta(days=int(row["resolved_after_days"]))
    if row["status"] == "closed":
        steps["verify"] = steps["resolve"] + timedelta(days=1)
    return {
        "title": row["title"], "category": row["category"], "severity": row["severity"],
        "reported_at": reported, "inspection": inspection, **inspection.target_fields(),
        "channel": "inspection",
        "assignee": officer if steps else None,
        "resolved_by": officer if "resolve" in steps else None,
        "verified_by": chief if "verify" in steps else None,
        "resolution": "已按要求整改完毕。" if "resolve" in steps else "",
        "steps": steps,
    }


def _hazards(inspections, places, officer, chief):
    department = Department.objects.filter(code=HAZARD_DEPARTMENT).first()
    rows = []
    for row in read_table(__name__, "hazards.csv"):
        reported = datetime.fromisoformat(row["reported_at"]).replace(tzinfo=SHANGHAI)
        target = ({"inspection": inspections[row["inspection"]]} if row["inspection"]
                  else {"enterprise": places["enterprise"][row["enterprise"]]})
        rest = {name: value for name, value in row.items()
                if name not in ("inspection", "enterprise")}
        rows.append({**rest, **target, "reported_at": reported})
    for row in not_yet_created(Hazard, ["title", "reported_at"], rows):
        fields = {name: row[name] for name in (
            "title", "description", "category", "severity", "measures", "responsible_person",
            "reported_at")}
        target = {name: row[name] for name in ("inspection", "enterprise") if name in row}
        item = services.hazard_report(data={**fields, **target}, by=officer)
        responded = item.reported_at + timedelta(hours=int(row["responded_after_hours"]))
        days = int(row["resolved_after_days"] or 0)
        replay_closed_loop(
            item, status=row["status"], handler=officer, verifier=chief, department=department,
            responded_at=responded, resolved_at=responded + timedelta(days=days) if days else None,
            closed_at=responded + timedelta(days=days + 1) if days else None,
            resolution=f"已按要求整改：{row['measures']}。")


def _enforcement(places):
    sync(EnforcementCase, ["date", "enterprise"], [
        {**row, "enterprise": places["enterprise"][row["enterprise"]],
         "is_closed": row["is_closed"] == "True"}
        for row in read_table(__name__, "enforcement_cases.csv")])


def _place(row, places):
    return {"village": places["village"].get(row.get("village", "")),
            "community": places["community"].get(row.get("community", ""))}


def _traffic(places):
    events = sync(TrafficPublicityEvent, ["title"], [
        {**row, **_place(row, places)} for row in read_table(__name__, "traffic_events.csv")])
    sync(TrafficPersuasion, ["date", "setting", "count"], [
        {**row, **_place(row, places), "event": events[(row["event"],)] if row["event"] else None}
        for row in read_table(__name__, "traffic_persuasions.csv")])
    sync(TrafficFacilityWork, ["date", "kind"], [
        {**row, **_place(row, places)} for row in read_table(__name__, "traffic_facilities.csv")])


def _road_deaths():
    (road,) = sync(Indicator, ["code"], [{
        "code": selectors.ROAD_DEATHS, "name": "道路交通事故死亡人数", "unit": "人",
        "area": "safety", "period_kind": IndicatorPeriodKind.CUMULATIVE,
        "description": "辖区道路交通事故死亡人数，自年初累计（公安交警部门通报）。"}]).values()
    sync(IndicatorValue, ["indicator", "year", "month"], [
        {**row, "indicator": road} for row in read_table(__name__, "indicator_values.csv")])

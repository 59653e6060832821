"""The safety app's part of the city-scale data (``manage.py generate_scale``).

Rates per subdistrict and year, from the issue's city (150 subdistricts, ten years): a
million hazards, i.e. about 667 a subdistrict and year, found on some 333 completed
inspections (none to four each) of named sites in the subdistrict's community, each played
through the closed loop with the deadlines of its level (3 % major). Every row holds the
models' rules: one target per inspection and hazard, a hazard at its inspection's target,
a completed inspection with its completion time.
"""

from datetime import datetime, time
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cuizhai.core.base.scale import DeadlineBook, stamped, write_closed_loop_story
from cuizhai.core.choices import AssessmentStatus, Severity
from cuizhai.core.models import ChecklistTemplate
from projects.scale import Part as ProjectsPart
from safety.choices import CATEGORY_OF_INSPECTION, HazardCategory, InspectionDepth, InspectionKind
from safety.models import Hazard, Inspection

TEMPLATE_CODE = "SC-AQ-SCALE"
INSPECTIONS = 333  # a subdistrict and year
HAZARDS_PER_INSPECTION = (0, 4)  # uniform: two on average, 667 a subdistrict and year
MAJOR = 0.03
SITES = ["沿街商铺", "农贸市场", "建筑工地", "加油站", "小区地下车库", "物流仓库", "学校周边",
         "餐饮店后厨", "出租屋", "电动车充电棚"]
MEASURES = "立即整改，落实责任人，限期复查"


def already_generated():
    return ChecklistTemplate.objects.filter(code=TEMPLATE_CODE).exists()


def generate(run):
    rng, writer = run.rng, run.writer
    now = run.now
    first = timezone.make_aware(datetime(run.years[0], 1, 1, 9))
    template = writer.new_id(ChecklistTemplate)
    row = {"id": template, "code": TEMPLATE_CODE, "version_number": 1,
           "name": "安全生产检查表（规模）", "area": "safety", "description": "",
           "is_current": True, **stamped(first)}
    writer.add(ChecklistTemplate, row)
    writer.add_history(ChecklistTemplate, row, history_date=first)
    hazard_type = ContentType.objects.get_for_model(Hazard).pk
    deadlines = {}
    for severity in Severity.values:
        terms = Hazard(severity=severity).deadline_terms()
        deadlines[severity] = DeadlineBook(SimpleNamespace(
            response_hours=terms.response_hours,
            resolution_working_days=terms.resolution_working_days))
    story = ProjectsPart(run).story
    progress = run.progress("safety", run.subdistricts * len(run.years))
    for number, name in enumerate(run.shared["subdistricts"], start=1):
        community = run.shared["communities"][number]
        users = run.shared["users"][number]
        department = run.shared["departments"][number][3]  # the safety office
        for year in run.years:
            for pk in writer.reserve_ids(Inspection, run.count(INSPECTIONS)):
                kind = rng.choice(InspectionKind.values)
                at = run.moment(year)
                day = timezone.localdate(at)
                completed = min(timezone.make_aware(datetime.combine(day, time(17))), now)
                target = {"site": f"{name}{rng.choice(SITES)}{rng.randint(1, 60)}号",
                          "community_id": community, "village_id": None,
                          "enterprise_id": None, "project_id": None}
                inspection = {
                    "id": pk, "template_id": template, "assessed_on": day,
                    "assessors": "安监员", "status": AssessmentStatus.COMPLETED,
                    "completed_at": max(completed, at), "completed_by_id": users[0],
                    "kind": kind, "depth": rng.choice(InspectionDepth.values), **target,
                    **stamped(at),
                }
                writer.add(Inspection, inspection)
                writer.add_history(Inspection, inspection, history_date=at)
                # Mostly what the kind of inspection looks for (a fire check finds fire
                # hazards), else any.
                usual = CATEGORY_OF_INSPECTION[kind]
                for _k in range(rng.randint(*HAZARDS_PER_INSPECTION)):
                    severity = Severity.MAJOR if rng.random() < MAJOR else Severity.GENERAL
                    reported_at = min(inspection["completed_at"], now)
                    item = {"inspection_id": pk, "category": usual if rng.random() < 0.6
                            else rng.choice(HazardCategory.values),
                            "severity": severity, "measures": MEASURES,
                            "responsible_enterprise_id": None,
                            "responsible_department_id": department,
                            "responsible_person": "", "source_result_id": None,
                            "title": "检查发现隐患", "description": "", **target}
                    write_closed_loop_story(writer, Hazard, writer.new_id(Hazard), item,
                                            story(number, deadlines[severity], reported_at),
                                            hazard_type)
            progress.advance()
    progress.close()

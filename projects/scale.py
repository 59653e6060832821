"""The projects app's part of the city-scale data (``manage.py generate_scale``).

Rates per subdistrict and year, from the issue's city (150 subdistricts, ten years): about
133 projects (200,000), ten monthly progress rows per project (2 million), 2.5 problems
per project (500,000), 667 visits (1 million), 167 enterprise needs and 20 support
outcomes. Every row is built to hold the models' constraints and the services' rules:
funding lines within the investment, one progress row per project and month, milestones
one per kind, completed projects with their date and 100 %, closed-loop items played
through the workflow's legal moves with their log and history.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from cuizhai.core.base.scale import (
    DeadlineBook,
    Step,
    closed_loop_story,
    stamped,
    write_closed_loop_story,
)
from cuizhai.core.choices import WorkflowAction as A
from cuizhai.core.models import Enterprise
from cuizhai.core.validators import CREDIT_CODE_CHARSET, credit_code_check_character
from projects.choices import (
    BatchStage,
    FundingSource,
    MilestoneKind,
    NeedKind,
    ProjectCategory,
    ProjectStatus,
    SupportKind,
)
from projects.models import (
    EnterpriseNeed,
    FundingLine,
    Milestone,
    MonthlyProgress,
    Project,
    ProjectProblem,
    SupportOutcome,
    Visit,
)

CODE_PREFIX = "SC"
PROJECTS = 133
PROBLEMS_PER_PROJECT = (0, 5)  # uniform: 2.5 on average
ENTERPRISES = 10
VISITS = 667
NEEDS = 167
OUTCOMES = 20
# The heaviest item and record at density 1, as in the issue: a problem returned 500
# times (1,005 transitions) and a project saved 10,000 times.
HEAVY_RETURNS = 500
HEAVY_VERSIONS = 10_000

S = ProjectStatus
STATUS_BY_AGE = {  # age of the plan year → (status, weight)
    0: [(S.PLANNING, 35), (S.PREPARATION, 30), (S.CONSTRUCTION, 30), (S.SUSPENDED, 5)],
    1: [(S.PLANNING, 10), (S.PREPARATION, 20), (S.CONSTRUCTION, 55), (S.COMPLETED, 10),
        (S.SUSPENDED, 5)],
    2: [(S.PLANNING, 3), (S.PREPARATION, 5), (S.CONSTRUCTION, 30), (S.COMPLETED, 57),
        (S.SUSPENDED, 5)],
}
MAX_BUILD_DAYS = 600
MILESTONES_BY_STATUS = {S.PLANNING: 2, S.PREPARATION: 4, S.SUSPENDED: 3,
                        S.CONSTRUCTION: 6, S.COMPLETED: 7}
DONE_MILESTONES_BY_STATUS = {S.PLANNING: 0, S.PREPARATION: 2, S.SUSPENDED: 1,
                             S.CONSTRUCTION: 6, S.COMPLETED: 7}
WORDS = ["绿能", "智造", "新材料", "康养", "物流", "数字", "生态", "黄河", "会展", "安居", "科创",
         "文旅", "冷链", "氢能", "医药", "食品", "装备", "水务", "教育", "体育"]
WORKS = ["产业园", "服务中心", "道路工程", "安置房", "污水处理厂", "综合体", "示范区", "配套工程",
         "厂房", "研发中心", "学校", "公园"]
TRADES = ["科技", "制造", "食品", "物流", "新能源", "建材", "医药", "数控", "玻璃", "农业"]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞"]
CENT = Decimal("0.01")


def already_generated():
    return Project.objects.filter(code__startswith=f"{CODE_PREFIX}-").exists()


def generate(run):
    Part(run).generate()


def credit_code(serial):
    digits = []
    for _ in range(9):
        serial, rest = divmod(serial, len(CREDIT_CODE_CHARSET))
        digits.append(CREDIT_CODE_CHARSET[rest])
    first17 = "91370199" + "".join(reversed(digits))
    return first17 + credit_code_check_character(first17)


def money(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def split(total, parts, rng):
    """``parts`` non-negative amounts adding up to at most ``total`` (rounded down)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    whole = sum(weights)
    return [money(total * Decimal(w / whole)) for w in weights]


class Part:
    def __init__(self, run):
        self.run, self.rng, self.writer = run, run.rng, run.writer
        self.now = run.now
        self.today = timezone.localdate(run.now)
        self.problem_deadlines = DeadlineBook(ProjectProblem)
        self.need_deadlines = DeadlineBook(EnterpriseNeed)
        self.problem_type = ContentType.objects.get_for_model(ProjectProblem).pk
        self.need_type = ContentType.objects.get_for_model(EnterpriseNeed).pk

    def aware(self, day, hour=9):
        return timezone.make_aware(datetime.combine(day, time(hour)))

    def generate(self):
        run = self.run
        progress = run.progress("projects", run.subdistricts * len(run.years))
        self.serial = 0
        for number, name in enumerate(run.shared["subdistricts"], start=1):
            enterprises = self.enterprises(number, name)
            for year in run.years:
                self.projects(number, name, year, enterprises)
                visits = self.visits(number, year, enterprises)
                self.needs(number, year, enterprises, visits)
                self.outcomes(year, enterprises)
                progress.advance()
        progress.close()
        self.heavy_records()

    # --- enterprises and their service -------------------------------------------------------
    def enterprises(self, number, name):
        run, rng = self.run, self.rng
        count = run.count(ENTERPRISES, years=len(run.years))
        ids = self.writer.reserve_ids(Enterprise, count)
        at = self.aware(date(run.years[0], 1, 1))
        for k, pk in enumerate(ids, start=1):
            relocating = rng.random() < 0.05
            row = {
                "id": pk,
                "name": f"济南{rng.choice(WORDS)}{rng.choice(TRADES)}有限公司（{name}{k}）",
                "credit_code": credit_code(pk), "industry": rng.choice(TRADES),
                "park": f"{name}产业园" if rng.random() < 0.5 else "",
                "address": f"{name}街道{rng.randint(1, 300)}号", "is_relocating": relocating,
                "expected_output_value": money(rng.uniform(1_000, 200_000)) if relocating
                else None,
                **stamped(at),
            }
            self.writer.add(Enterprise, row)
            self.writer.add_history(Enterprise, row, history_date=at)
        return list(ids)

    def visits(self, number, year, enterprises):
        run, rng = self.run, self.rng
        departments = run.shared["departments"][number]
        count = run.count(VISITS)
        visits = []
        for pk in self.writer.reserve_ids(Visit, count):
            at = run.moment(year)
            row = {
                "id": pk, "enterprise_id": rng.choice(enterprises),
                "date": timezone.localdate(at),
                "visitors": "、".join(rng.sample(PEOPLE, 2)),
                "department_id": rng.choice(departments) if rng.random() < 0.8 else None,
                "notes": "宣讲惠企政策，了解融资需求", **stamped(at),
            }
            self.writer.add(Visit, row)
            self.writer.add_history(Visit, row, history_date=at)
            visits.append(row)
        return visits

    def needs(self, number, year, enterprises, visits):
        run, rng = self.run, self.rng
        for pk in self.writer.reserve_ids(EnterpriseNeed, run.count(NEEDS)):
            visit = rng.choice(visits) if visits and rng.random() < 0.7 else None
            if visit is not None:
                # Found on the visit: the visit's enterprise, reported that day or later.
                reported_at = min(self.aware(visit["date"], 17), self.now)
                item = {"enterprise_id": visit["enterprise_id"], "visit_id": visit["id"]}
            else:
                reported_at = run.moment(year)
                item = {"enterprise_id": rng.choice(enterprises), "visit_id": None}
            item.update(title=f"企业诉求：{rng.choice(['融资', '用地', '用工', '审批', '配套'])}",
                        description="", kind=rng.choice(NeedKind.values))
            story = self.story(number, self.need_deadlines, reported_at)
            write_closed_loop_story(self.writer, EnterpriseNeed, pk, item, story, self.need_type)

    def outcomes(self, year, enterprises):
        run, rng = self.run, self.rng
        for pk in self.writer.reserve_ids(SupportOutcome, run.count(OUTCOMES)):
            at = run.moment(year)
            funds = rng.random() < 0.6
            row = {
                "id": pk, "enterprise_id": rng.choice(enterprises),
                "kind": SupportKind.FUNDS if funds else SupportKind.HONOUR,
                "title": "市级技改资金" if funds else "专精特新中小企业",
                "amount": money(rng.uniform(10, 2_000)) if funds else None,
                "date": timezone.localdate(at), "granting_body": "济南市工业和信息化局",
                **stamped(at),
            }
            self.writer.add(SupportOutcome, row)
            self.writer.add_history(SupportOutcome, row, history_date=at)

    # --- projects --------------------------------------------------------------------------
    def projects(self, number, name, year, enterprises):
        run, rng = self.run, self.rng
        departments = run.shared["departments"][number]
        for k, pk in enumerate(self.writer.reserve_ids(Project, run.count(PROJECTS)), start=1):
            row = self.project_row(pk, f"{CODE_PREFIX}-{number:03d}-{year}-{k:04d}", name, year,
                                   departments, enterprises)
            self.writer.add(Project, row)
            self.writer.add_history(Project, row, history_date=row["created_at"])
            self.funding(row)
            self.milestones(row)
            self.monthly_progress(row)
            for _ in range(rng.randint(*PROBLEMS_PER_PROJECT)):
                self.problem(number, row)

    def project_row(self, pk, code, name, year, departments, enterprises):
        rng, today = self.rng, self.today
        planned_start = date(year, rng.randint(1, 12), rng.randint(1, 28))
        planned_completion = planned_start + timedelta(days=rng.randint(180, 1095))
        choices = STATUS_BY_AGE[min(today.year - year, 2)]
        status = rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]
        actual_start = actual_completion = None
        if status in (S.CONSTRUCTION, S.COMPLETED) or (status == S.SUSPENDED and rng.random() < .5):
            actual_start = planned_start + timedelta(days=rng.randint(-30, 120))
            if actual_start >= today:
                status, actual_start = S.PREPARATION, None
        if status == S.CONSTRUCTION and (today - actual_start).days > MAX_BUILD_DAYS:
            status = S.COMPLETED  # nothing stays under construction for years on end
        if status == S.COMPLETED:
            actual_completion = actual_start + timedelta(days=rng.randint(90, MAX_BUILD_DAYS))
            if actual_completion > today:
                status, actual_completion = S.CONSTRUCTION, None
        if status == S.COMPLETED:
            progress = 100
        elif status == S.CONSTRUCTION:
            planned_days = max((planned_completion - planned_start).days, 1)
            progress = min(99, max(1, 100 * (today - actual_start).days // planned_days))
        elif actual_start is not None:
            progress = rng.randint(1, 60)
        else:
            progress = 0
        enterprise = rng.choice(enterprises) if rng.random() < 0.6 else None
        created = min(self.aware(date(year, 1, 1)) + timedelta(hours=rng.randint(0, 2000)),
                      self.now)
        last_day = actual_completion or actual_start or planned_start
        updated = max(created, min(self.aware(last_day, 18), self.now))
        return {
            "id": pk, "code": code,
            "name": f"{name}{rng.choice(WORDS)}{rng.choice(WORKS)}（{year}-{pk}）",
            "category": rng.choice(ProjectCategory.values),
            "stage": rng.choices(BatchStage.values, [3, 5, 2])[0], "status": status,
            "plan_year": year,
            "total_investment": money(min(rng.lognormvariate(9.5, 1.2), 5_000_000)),
            "owner_enterprise_id": enterprise,
            "owner_name": "" if enterprise else f"{name}街道办事处",
            "department_id": rng.choice(departments),
            "lead_official": rng.choice(PEOPLE), "location": f"{name}街道",
            "is_relocation": rng.random() < 0.02,
            "planned_start": planned_start, "planned_completion": planned_completion,
            "actual_start": actual_start, "actual_completion": actual_completion,
            "progress_percent": progress, "description": "",
            "created_at": created, "updated_at": updated, "version": 1,
        }

    def funding(self, project):
        rng = self.rng
        lines = rng.choice([1, 2, 2, 3])
        share = Decimal(rng.uniform(0.4, 1.0))
        sources = rng.sample(FundingSource.values, lines)
        if project["stage"] == BatchStage.PLANNED and rng.random() < 0.3:
            sources[0] = FundingSource.CENTRAL_SPECIAL_BOND
        amounts = split(project["total_investment"] * share, lines, rng)
        # The lines never add up to more than the project's total (services.check_funding_fits).
        assert sum(amounts) <= project["total_investment"]
        ids = self.writer.reserve_ids(FundingLine, lines)
        for pk, source, amount in zip(ids, sources, amounts, strict=True):
            row = {"id": pk, "project_id": project["id"], "source": source, "amount": amount,
                   "year": project["plan_year"] + rng.randint(0, 1), "note": "",
                   **stamped(project["created_at"])}
            self.writer.add(FundingLine, row)
            self.writer.add_history(FundingLine, row, history_date=row["created_at"])

    def milestones(self, project):
        rng, status = self.rng, project["status"]
        kinds = MilestoneKind.values[:MILESTONES_BY_STATUS[status]]
        first = project["planned_start"] - timedelta(days=180)
        step = (project["planned_completion"] - first) / len(MilestoneKind.values)
        done = DONE_MILESTONES_BY_STATUS[status]
        for index, (pk, kind) in enumerate(
            zip(self.writer.reserve_ids(Milestone, len(kinds)), kinds, strict=True)
        ):
            planned = first + step * (index + 1)
            done_date = None
            if index < done:
                done_date = min(planned + timedelta(days=rng.randint(-20, 40)), self.today)
            row = {"id": pk, "project_id": project["id"], "kind": kind, "planned_date": planned,
                   "done_date": done_date, "note": "", **stamped(project["created_at"])}
            self.writer.add(Milestone, row)
            self.writer.add_history(Milestone, row, history_date=row["created_at"])

    def monthly_progress(self, project):
        """One row per month from the actual start to completion (or this month), the
        months' investment adding up to the project's physical share of its total."""
        start = project["actual_start"]
        if start is None:
            return
        end = project["actual_completion"] or self.today
        months = [(y, m) for y in range(start.year, end.year + 1) for m in range(1, 13)
                  if (start.year, start.month) <= (y, m) <= (end.year, end.month)]
        share = project["total_investment"] * project["progress_percent"] / 100
        amounts = split(share, len(months), self.rng)
        ids = self.writer.reserve_ids(MonthlyProgress, len(months))
        for pk, (y, m), amount in zip(ids, months, amounts, strict=True):
            at = min(self.aware(date(y, m, 28), 18), self.now)
            row = {"id": pk, "project_id": project["id"], "year": y, "month": m,
                   "investment_completed": amount,
                   "narrative": f"本月完成投资{amount}万元", **stamped(at)}
            self.writer.add(MonthlyProgress, row)
            self.writer.add_history(MonthlyProgress, row, history_date=at)

    def problem(self, number, project):
        start = max(project["created_at"], self.aware(project["planned_start"]))
        year = min(project["plan_year"] + self.rng.randint(0, 2), self.today.year)
        reported_at = min(self.run.moment(year, after=start), self.now)
        item = {"project_id": project["id"], "title": f"{project['code']} 协调事项",
                "description": "需协调解决施工用电、用地手续等问题"}
        story = self.story(number, self.problem_deadlines, reported_at)
        pk = self.writer.new_id(ProjectProblem)
        write_closed_loop_story(self.writer, ProjectProblem, pk, item, story, self.problem_type)

    # --- the closed loop -------------------------------------------------------------------
    def story(self, number, deadlines, reported_at, *, returns=None, pace=1.0, may_stall=True):
        """The item's steps as its office would take them, cut off at ``now``: most are
        answered within the day, resolved within weeks and verified by another person;
        one in ten is returned once; a few stall."""
        rng = self.rng
        reporter, dispatcher, resolver, verifier = self.run.shared["users"][number]
        departments = self.run.shared["departments"][number]
        at = reported_at
        planned = []

        def after(hours_low, hours_high):
            nonlocal at
            at = at + timedelta(hours=rng.uniform(hours_low, hours_high) * pace)
            return at

        quick = rng.random() < 0.85
        planned.append(Step(A.ASSIGN, after(0.2, 20) if quick else after(25, 120), dispatcher,
                            assignee_id=resolver, department_id=rng.choice(departments)))
        if rng.random() < 0.7:
            planned.append(Step(A.START, after(1, 48), resolver))
        if returns is None:
            returns = 1 if rng.random() < 0.1 else 0
        for _ in range(returns):
            planned.append(Step(A.RESOLVE, after(24, 240), resolver, note="已初步整改"))
            planned.append(Step(A.RETURN, after(2, 72), verifier, note="整改不到位，退回"))
        planned.append(Step(A.RESOLVE, after(24, 480), resolver, note="已协调解决"))
        planned.append(Step(A.VERIFY, after(2, 120), verifier, note="核验销号"))
        if may_stall and rng.random() < 0.05:
            planned = planned[:rng.randint(1, len(planned) - 1)]
        steps = [step for step in planned if step.at <= self.now]
        return closed_loop_story(deadlines=deadlines, reported_at=reported_at,
                                 reported_by=reporter, steps=steps)

    def heavy_records(self):
        """The record with the longest history and the item with the longest log, so that
        the benchmark measures the history and transitions pages at their worst."""
        run = self.run
        number = 1
        project_id = run.writer.new_id(Project)
        departments = run.shared["departments"][number]
        year = run.years[0]
        row = self.project_row(project_id, f"{CODE_PREFIX}-HEAVY", "历史", year, departments,
                               [None])
        versions = max(10, round(HEAVY_VERSIONS * run.density))
        saved = [row["created_at"] + timedelta(minutes=k) for k in range(versions)]
        row.update(version=versions, updated_at=saved[-1], description=f"第{versions}版")
        self.writer.add(Project, row)
        for k, at in enumerate(saved, start=1):
            self.writer.add_history(Project, {**row, "version": k, "updated_at": at,
                                              "description": f"第{k}版"},
                                    history_date=at, history_type="+" if k == 1 else "~")
        returns = max(2, round(HEAVY_RETURNS * run.density))
        reported_at = self.aware(date(year, 1, 5))
        story = self.story(number, self.problem_deadlines, reported_at, returns=returns,
                           pace=0.05, may_stall=False)
        item = {"project_id": project_id, "title": f"{CODE_PREFIX}-HEAVY 反复整改事项",
                "description": ""}
        pk = self.writer.new_id(ProjectProblem)
        write_closed_loop_story(self.writer, ProjectProblem, pk, item, story, self.problem_type)

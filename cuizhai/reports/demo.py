"""The progress reports' part of the demo, loaded after the four apps (it reads their
summaries): the 2024 targets of every line, a few headline sentences the office reworded,
the 2024 annual report (all lines) generated and submitted by the system administrator, and
the November 2024 report generated as a draft.

Everything is written through the services (``record_create``, ``report_generate``,
``report_submit``) as the system administrator's demo login, which cannot log in (no
password). Idempotent: a target or sentence already there (or created and rekeyed since)
is not written again, and a report of the demo's period and lines is not generated again.
"""

from decimal import Decimal

from django.db import transaction

from cuizhai.core import roles
from cuizhai.core.base.demo import DEMO_CHANGE_REASON, demo_staff, not_yet_created
from cuizhai.core.base.services.records import record_create
from cuizhai.reports.choices import PeriodKind
from cuizhai.reports.models import HeadlineTemplate, ProgressReport, Target
from cuizhai.reports.services import report_generate, report_submit

YEAR = 2024
SYSTEM_ADMIN = {"username": "demo-system-admin", "first_name": "示例·系统管理员"}

# The year's plans, in the unit each figure is kept in (万元 for money, 亩, counts).
TARGETS = [
    ("projects:newly_planned.count", "12", "年初计划新谋划项目"),
    ("projects:newly_planned.total_investment", "800000", "年初计划总投资80亿元"),
    ("projects:completed.count", "10", ""),
    ("projects:enterprises.visited.count", "20", ""),
    ("resettlement:handovers.in_year.count", "6000", "年度安置房交付计划"),
    ("resettlement:land.area_mu", "2000", ""),
    ("resettlement:help_line.resolved.count", "900", ""),
    ("safety:inspections.expert.count", "700", ""),
    ("safety:hazards.rectified.count", "4000", ""),
    ("safety:traffic.events.count", "60", ""),
    ("safety:traffic.facilities.sets", "100", ""),
    ("partybuilding:training.by_kind.micro_class.count", "40", ""),
    ("partybuilding:training.by_kind.lecture.count", "12", ""),
    ("partybuilding:training.village_cadre_training.person_times", "5000", ""),
]

# The office's own wording of a few headline sentences (the rest keep the default one).
SENTENCES = [
    ("projects:investment_completed.amount",
     "{period}，全街道项目建设累计完成投资{value}{unit}{yoy}{completion}"),
    ("resettlement:handovers.in_year.count",
     "{period}，安置房交付{value}{unit}，群众回迁稳步推进{yoy}{completion}"),
    ("safety:hazards.rectified.count",
     "{period}，督促整改各类安全隐患{value}{unit}{yoy}{completion}"),
    ("partybuilding:training.village_cadre_training.person_times",
     "{period}，开展村干部培训{value}{unit}{yoy}{completion}"),
]

# (period kind, month or quarter, submitted): the reports of all lines the demo holds.
REPORTS = [
    (PeriodKind.YEAR, None, True),
    (PeriodKind.MONTH, 11, False),
]


def load():
    with transaction.atomic():
        admin = _system_admin()
        _targets(admin)
        _sentences(admin)
        _reports(admin)


def _system_admin():
    return demo_staff(SYSTEM_ADMIN["username"], SYSTEM_ADMIN["first_name"], roles.SYSTEM_ADMIN)


def _targets(by):
    rows = [{"year": YEAR, "key": key, "value": Decimal(value), "note": note}
            for key, value, note in TARGETS]
    for row in not_yet_created(Target, ["year", "key"], rows):
        record_create(model=Target, data=row, by=by, reason=DEMO_CHANGE_REASON)


def _sentences(by):
    rows = [{"key": key, "text": text} for key, text in SENTENCES]
    for row in not_yet_created(HeadlineTemplate, ["key"], rows):
        record_create(model=HeadlineTemplate, data=row, by=by, reason=DEMO_CHANGE_REASON)


def _reports(by):
    for kind, number, submitted in REPORTS:
        if ProgressReport.objects.filter(period_kind=kind, year=YEAR, number=number,
                                         line="").exists():
            continue
        report = report_generate(period_kind=kind, year=YEAR, number=number, by=by)
        if submitted:
            report_submit(report=report, by=by)

"""The projects app's part of the 2024 demo data: investment projects, enterprise service,
the economic indicators and the BYD service campaign.

It reproduces the figures of the subdistrict's 2024 year-end summary (see
``/work/shared/brief.md``): 14 newly planned projects totalling 870,000 万元 with 27,200 万元
of central special-purpose bonds, 62 projects under construction, 11 completed in 2024, the
two relocation projects, the honours and funds won, and budget revenue and industrial output
whose computed growth is +115.41% and +51.42%. Names are invented but plausible; no real
credit code is used. Amounts are in 万元.

The data is in the CSV tables beside this file (UTF-8, one record a line):

- ``projects.csv`` is in the layout of the app's Excel/CSV import (the Chinese headers of
  an export, choices by label, 是/否, the owner and the department by name), read with the
  import's own fields: it could be imported on its admin page. The enterprises it names are
  the core's register, loaded by the core's demo (``cuizhai/core/demo/enterprises.csv``, in
  the layout of the enterprise import).
- ``funding_lines.csv``, ``milestones.csv``, ``monthly_progress.csv``, ``visits.csv``,
  ``support_outcomes.csv``, ``indicators.csv``, ``indicator_values.csv``, ``campaigns.csv``
  and ``campaign_outputs.csv`` have one column per model field (stored choice values, ISO
  dates); a related record is named by its project code, enterprise name, department code,
  indicator code or campaign name.
- ``problems.csv`` and ``needs.csv`` are closed-loop items: reported at ``reported_at``
  (Asia/Shanghai), answered ``responded_after_hours`` later, taken to ``status`` through the
  workflow services, resolved ``resolved_after_days`` after the report.

Loading is idempotent (``cuizhai.core.base.demo.sync``); a record a user has edited since
the demo loaded it is kept as it is.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cuizhai.core.base.demo import (
    demo_staff,
    not_yet_created,
    read_import_table,
    read_table,
    records_by,
    sync,
)
from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import WorkflowAction, WorkflowStatus
from cuizhai.core.models import (
    Campaign,
    CampaignOutput,
    Department,
    Enterprise,
    Indicator,
    IndicatorValue,
    WorkflowTransition,
)
from cuizhai.core.resources import EnterpriseResource
from projects.apps import ProjectsConfig
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
from projects.resources import ProjectResource

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The department that answers the projects' problems, and the one that visits enterprises.
PROBLEMS_DEPARTMENT = "projects-office"
NEEDS_DEPARTMENT = "economic-development"

# Internal staff who move the demo's closed-loop items (no password: they cannot log in).
# Both are staff of the projects office, which owns the items: the officer handles them,
# the section chief verifies them (closed_loop_access; leaders change nothing).
DEMO_STAFF = [
    {"username": "demo-projects-officer", "first_name": "刘洋",
     "group": ProjectsConfig.office_group},
    {"username": "demo-projects-chief", "first_name": "张立伟",
     "group": ProjectsConfig.office_group},
]


def load():
    with transaction.atomic():
        departments = records_by(Department, "code", [
            row["code"] for row in read_table("cuizhai.core.demo", "departments.csv")
        ])
        officer, chief = _staff()
        # The enterprises are the core's register (its demo loads them, first); the tables
        # here name an enterprise as the demo does (a user may have renamed it since).
        enterprise_rows = read_import_table("cuizhai.core.demo", "enterprises.csv",
                                            EnterpriseResource)
        by_credit_code = records_by(Enterprise, "credit_code",
                                    [row["credit_code"] for row in enterprise_rows])
        enterprises = {row["name"]: by_credit_code[row["credit_code"]]
                       for row in enterprise_rows}
        projects = {code: project for (code,), project in sync(
            Project, ["code"], read_import_table(__name__, "projects.csv", ProjectResource)
        ).items()}
        for model, key, table in (
            (FundingLine, ["project", "source", "year"], "funding_lines.csv"),
            (Milestone, ["project", "kind"], "milestones.csv"),
            (MonthlyProgress, ["project", "year", "month"], "monthly_progress.csv"),
        ):
            sync(model, key, [{**row, "project": projects[row["project"]]}
                              for row in read_table(__name__, table)])
        _problems(projects, officer, chief, departments[PROBLEMS_DEPARTMENT])
        visits = sync(Visit, ["enterprise", "date"], [
            {**row, "enterprise": enterprises[row["enterprise"]],
             "department": departments[row["department"]]}
            for row in read_table(__name__, "visits.csv")
        ])
        _needs(enterprises, visits, officer, chief, departments[NEEDS_DEPARTMENT])
        sync(SupportOutcome, ["enterprise", "title"], [
            {**row, "enterprise": enterprises[row["enterprise"]]}
            for row in read_table(__name__, "support_outcomes.csv")
        ])
        indicators = sync(Indicator, ["code"], read_table(__name__, "indicators.csv"))
        sync(IndicatorValue, ["indicator", "year", "month"], [
            {**row, "indicator": indicators[(row["indicator"],)]}
            for row in read_table(__name__, "indicator_values.csv")
        ])
        campaigns = sync(Campaign, ["name"], [
            {**row, "department": departments[row["department"]]}
            for row in read_table(__name__, "campaigns.csv")
        ])
        sync(CampaignOutput, ["campaign", "metric"], [
            {**row, "campaign": campaigns[(row["campaign"],)]}
            for row in read_table(__name__, "campaign_outputs.csv")
        ])


def _staff():
    return [demo_staff(person["username"], person["first_name"], person["group"])
            for person in DEMO_STAFF]


# --- closed-loop items ------------------------------------------------------------------------
def _problems(projects, officer, chief, department):
    rows = [{**row, "project": projects[row["project"]]}
            for row in read_table(__name__, "problems.csv")]
    for row in not_yet_created(ProjectProblem, ["project", "title"], rows):
        item = closed_loop.closed_loop_report(
            model=ProjectProblem, by=officer, project=row["project"], title=row["title"],
            description=row["description"], reported_at=_moment(row["reported_at"]),
        )
        _walk(item, row, officer, chief, department)


def _needs(enterprises, visits, officer, chief, department):
    rows = [{**row, "enterprise": enterprises[row["enterprise"]]}
            for row in read_table(__name__, "needs.csv")]
    for row in not_yet_created(EnterpriseNeed, ["enterprise", "title"], rows):
        enterprise = row["enterprise"]
        visit = visits[(enterprise.pk, date.fromisoformat(row["visit_date"]))]
        item = closed_loop.closed_loop_report(
            model=EnterpriseNeed, by=officer, enterprise=enterprise, visit=visit, kind=row["kind"],
            title=row["title"], description=row["description"],
            reported_at=_moment(row["reported_at"]),
        )
        _walk(item, row, officer, chief, department)


def _walk(item, row, officer, chief, department):
    """Move a freshly reported item through the workflow services to ``row["status"]``,
    then put the historical times on it and on its log: the services stamp every step
    with the current time, but the demo replays 2024."""
    status = row["status"]
    times = {WorkflowAction.REPORT: item.reported_at}
    stamps = {}
    if status != WorkflowStatus.REPORTED:
        item = closed_loop.closed_loop_assign(item, by=officer, assignee=officer,
                                              department=department, note="已受理，转交专人办理。")
        times[WorkflowAction.ASSIGN] = stamps["responded_at"] = (
            item.reported_at + timedelta(hours=int(row["responded_after_hours"]))
        )
    if status not in (WorkflowStatus.REPORTED, WorkflowStatus.ASSIGNED):
        item = closed_loop.closed_loop_start(item, by=officer, note="现场对接，开始办理。")
        times[WorkflowAction.START] = stamps["responded_at"] + timedelta(hours=2)
    if row["resolved_after_days"]:
        item = closed_loop.closed_loop_resolve(item, by=officer, note=row["resolution"])
        times[WorkflowAction.RESOLVE] = stamps["resolved_at"] = item.reported_at + timedelta(
            days=int(row["resolved_after_days"]), hours=int(row["responded_after_hours"])
        )
    if status == WorkflowStatus.CLOSED:
        item = closed_loop.closed_loop_verify(item, by=chief, note="经回访核实，办结。")
        times[WorkflowAction.VERIFY] = stamps["closed_at"] = (
            stamps["resolved_at"] + timedelta(days=1)
        )
    if stamps:
        type(item).objects.filter(pk=item.pk).update(**stamps)
        # The history's snapshots show the same times as the item.
        for name, at in stamps.items():
            item.history.filter(**{f"{name}__isnull": False}).update(**{name: at})
    log = WorkflowTransition.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )
    for action, at in times.items():
        log.filter(action=action).update(at=at)


def _moment(text):
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)

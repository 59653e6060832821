"""The projects admin, used as the staff use it: the Django test client, logged in as the
projects office (项目办), a leader (领导) or a system administrator."""

import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cuizhai.core.base.services import closed_loop
from cuizhai.core.choices import WorkflowStatus
from cuizhai.core.models import Enterprise
from projects.choices import BatchStage, ProjectCategory, ProjectStatus
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
from tests.factories import DepartmentFactory
from tests.projects.factories import (
    EnterpriseFactory,
    FundingLineFactory,
    MilestoneFactory,
    MonthlyProgressFactory,
    ProjectFactory,
    SupportOutcomeFactory,
    VisitFactory,
    report_need,
    report_problem,
)

MODELS = [Project, FundingLine, Milestone, MonthlyProgress, ProjectProblem, Enterprise, Visit,
          EnterpriseNeed, SupportOutcome]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def client_for(user, language=None):
    """The admin speaks Chinese unless the user picked another language (its cookie)."""
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_data(response):
    """The POST data the change/add page would send as shown: the main form and every
    inline formset, with their management forms."""
    data = {}

    def put(bound_field):
        value = bound_field.value()
        widget = bound_field.field.widget
        if getattr(widget, "input_type", None) == "checkbox":
            if value:
                data[bound_field.html_name] = "on"
            return
        if isinstance(value, list | tuple):
            value = value[0] if value else ""
        data[bound_field.html_name] = "" if value is None else str(value)

    form = response.context["adminform"].form
    for name in form.fields:
        put(form[name])
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            put(formset.management_form[name])
        for inline_form in formset.forms:
            for name in inline_form.fields:
                put(inline_form[name])
    return data


def add_inline_rows(data, prefix, rows):
    """Append new rows to the inline formset ``prefix`` of the page data."""
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{start + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))


def errors_of(response):
    """Every error on the page: main form (field and non-field) and inline formsets."""
    adminform = response.context["adminform"].form
    messages = [m for errors in adminform.errors.values() for m in errors]
    for inline in response.context["inline_admin_formsets"]:
        messages += list(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            messages += [m for errors in form_errors.values() for m in errors]
    return messages


@pytest.fixture
def office(projects_editor):
    return client_for(projects_editor)


@pytest.fixture
def sample(projects_editor):
    """One record of every model, linked as in real life."""
    department = DepartmentFactory(name="项目服务中心")
    enterprise = EnterpriseFactory(name="济南鼎点数控设备有限公司", park="智能制造产业园")
    project = ProjectFactory(
        code="QD-2024-001", name="会展中心A-1", department=department,
        owner_enterprise=enterprise, owner_name="", total_investment=Decimal("50000"),
        planned_start=datetime.date(2024, 3, 1),
    )
    funding = FundingLineFactory(project=project, amount=Decimal("20000"))
    milestone = MilestoneFactory(project=project, planned_date=datetime.date(2024, 1, 31))
    progress = MonthlyProgressFactory(project=project, month=3)
    problem = report_problem(project=project, by=projects_editor)
    visit = VisitFactory(enterprise=enterprise, department=department)
    need = report_need(enterprise=enterprise, visit=visit, by=projects_editor)
    outcome = SupportOutcomeFactory(enterprise=enterprise)
    return {
        Project: project, FundingLine: funding, Milestone: milestone, MonthlyProgress: progress,
        ProjectProblem: problem, Enterprise: enterprise, Visit: visit, EnterpriseNeed: need,
        SupportOutcome: outcome,
    }


# -- every page loads --------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("who", ["projects_editor", "admin_user_"])
def test_changelist_change_and_history_pages_load_with_data(request, who, model, sample):
    client = client_for(request.getfixturevalue(who))
    record = sample[model]

    changelist = client.get(admin_url(model, "changelist"))
    change = client.get(admin_url(model, "change", record.pk))
    history = client.get(admin_url(model, "history", record.pk))
    add = client.get(admin_url(model, "add"))

    assert changelist.status_code == 200
    assert record in changelist.context["cl"].result_list
    assert change.status_code == 200
    assert 'name="_save"' in change.content.decode()
    assert 'name="loaded_version"' in change.content.decode()
    assert history.status_code == 200
    assert add.status_code == 200


def test_labels_come_from_the_verbose_names_in_chinese_by_default(office, sample):
    response = office.get(admin_url(Project, "change", sample[Project].pk))

    with translation.override("zh-hans"):
        label = str(Project._meta.get_field("total_investment").verbose_name)
    assert response.status_code == 200
    assert label in response.content.decode()


def test_project_page_shows_funding_milestones_and_progress_inline(office, sample):
    response = office.get(admin_url(Project, "change", sample[Project].pk))

    inlines = {inline.formset.model: inline.formset for inline in
               response.context["inline_admin_formsets"]}
    assert [f.instance for f in inlines[FundingLine].forms] == [sample[FundingLine]]
    assert [f.instance for f in inlines[Milestone].forms] == [sample[Milestone]]
    assert [f.instance for f in inlines[MonthlyProgress].forms] == [sample[MonthlyProgress]]


def test_a_project_page_shows_its_last_twelve_months_and_links_to_the_rest(office, sample):
    project = sample[Project]
    project.progress.all().delete()
    months = [(2023, month) for month in range(1, 13)] + [(2024, month) for month in (1, 2, 3)]
    for year, month in months:
        MonthlyProgressFactory(project=project, year=year, month=month,
                               investment_completed=Decimal("10"))
    url = admin_url(Project, "change", project.pk)

    response = in_english(office).get(url)

    inlines = {inline.formset.model: inline.formset for inline in
               response.context["inline_admin_formsets"]}
    shown = [(f.instance.year, f.instance.month) for f in inlines[MonthlyProgress].forms]
    assert shown == sorted(months, reverse=True)[:12]  # newest first
    page = response.content.decode()
    assert "Monthly progress: the first 12 of 15" in page
    link = f'{admin_url(MonthlyProgress, "changelist")}?project__id__exact={project.pk}'
    assert f'<a class="all-rows" href="{link}">show all</a>' in page
    listed = office.get(link)
    assert len(listed.context["cl"].result_list) == 15

    # The page saves as shown: an edited row of the twelve is written, the others kept.
    data = form_data(response)
    assert data["progress-INITIAL_FORMS"] == "12"
    data["progress-0-investment_completed"] = "99"
    saved = office.post(url, data)
    assert saved.status_code == 302, errors_of(saved)
    assert sorted(project.progress.values_list("investment_completed", flat=True)) == [
        *[Decimal("10")] * 14, Decimal("99")]
    assert project.progress.get(year=2024, month=3).investment_completed == Decimal("99")


def test_a_project_with_few_months_shows_them_all_without_a_link(office, sample):
    response = in_english(office).get(admin_url(Project, "change", sample[Project].pk))
    assert "show all" not in response.content.decode()


def test_enterprise_page_shows_visits_outcomes_and_needs_inline(office, sample):
    response = office.get(admin_url(Enterprise, "change", sample[Enterprise].pk))

    inlines = {inline.formset.model: inline.formset for inline in
               response.context["inline_admin_formsets"]}
    assert [f.instance for f in inlines[Visit].forms] == [sample[Visit]]
    assert [f.instance for f in inlines[SupportOutcome].forms] == [sample[SupportOutcome]]
    assert [f.instance for f in inlines[EnterpriseNeed].forms] == [sample[EnterpriseNeed]]


def test_monthly_progress_shows_the_cumulative_investment_across_years(office):
    project = ProjectFactory(total_investment=Decimal("1000"))
    MonthlyProgressFactory(project=project, year=2023, month=12,
                           investment_completed=Decimal("100"))
    MonthlyProgressFactory(project=project, year=2024, month=1, investment_completed=Decimal("50"))
    MonthlyProgressFactory(project=project, year=2024, month=2, investment_completed=Decimal("25"))

    response = office.get(admin_url(MonthlyProgress, "changelist"), {"year": 2024})

    rows = {(r.year, r.month): r for r in response.context["cl"].result_list}
    assert set(rows) == {(2024, 1), (2024, 2)}
    # Filtering on the year does not restart the running total at January.
    assert rows[(2024, 1)].cumulative_investment == Decimal("150")
    assert rows[(2024, 2)].cumulative_investment == Decimal("175")
    assert "17.50" in response.content.decode()


def test_project_changelist_runs_the_same_queries_for_2_or_30_projects(
        office, django_assert_max_num_queries):
    url = admin_url(Project, "changelist")

    def load():
        with CaptureQueriesContext(connection) as queries:
            assert office.get(url).status_code == 200
        return len(queries)

    ProjectFactory.create_batch(2, enterprise_owned=True)
    few = load()
    for project in ProjectFactory.create_batch(28, enterprise_owned=True):
        FundingLineFactory(project=project)
        MilestoneFactory(project=project, planned_date=datetime.date(2020, 1, 1))
    many = load()

    assert many == few
    # 15, one more to save the session's idle clock (SESSION_SAVE_EVERY_REQUEST) and one for
    # the user's roles (the admin's sections are ordered with the user's office first;
    # every role check of the request shares it).
    with django_assert_max_num_queries(15):
        office.get(url)


@pytest.mark.parametrize("model", [FundingLine, Milestone, MonthlyProgress, ProjectProblem,
                                   Enterprise, Visit, EnterpriseNeed, SupportOutcome],
                         ids=lambda m: m.__name__)
def test_other_changelists_do_not_run_a_query_per_row(office, sample, model):
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as one:
        office.get(url)
    # A second set of linked records: one more row in every list.
    user = sample[ProjectProblem].reported_by
    project = ProjectFactory(enterprise_owned=True)
    FundingLineFactory(project=project)
    MilestoneFactory(project=project)
    MonthlyProgressFactory(project=project)
    report_problem(project=project, by=user)
    visit = VisitFactory(enterprise=project.owner_enterprise)
    report_need(enterprise=visit.enterprise, visit=visit, by=user)
    SupportOutcomeFactory(enterprise=visit.enterprise)

    with CaptureQueriesContext(connection) as two:
        response = office.get(url)

    assert len(response.context["cl"].result_list) == 2
    assert len(two) == len(one)


def test_enterprise_and_department_are_picked_by_autocomplete(office, sample):
    page = office.get(admin_url(Project, "add"))
    found = office.get(reverse("admin:autocomplete"), {
        "app_label": "projects", "model_name": "project", "field_name": "owner_enterprise",
        "term": "鼎点",
    })
    departments = office.get(reverse("admin:autocomplete"), {
        "app_label": "projects", "model_name": "project", "field_name": "department",
        "term": "项目服务",
    })

    assert page.content.decode().count("admin-autocomplete") >= 2
    assert [r["id"] for r in found.json()["results"]] == [str(sample[Enterprise].pk)]
    assert [r["text"] for r in departments.json()["results"]] == ["项目服务中心"]


def test_the_import_page_lists_the_chinese_column_headers(office):
    response = office.get(admin_url(Project, "import"))

    assert response.status_code == 200
    with translation.override("zh-hans"):
        code = str(Project._meta.get_field("code").verbose_name)
    assert response.context["fields_list"][0][1][0] == code


# -- filters and search ------------------------------------------------------------------


def listed(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_project_filters(office):
    roads = DepartmentFactory(name="城建科")
    a = ProjectFactory(stage=BatchStage.PLANNED, category=ProjectCategory.LIVELIHOOD,
                       plan_year=2024, department=roads)
    b = ProjectFactory(under_construction=True, category=ProjectCategory.INDUSTRY,
                       plan_year=2023)
    c = ProjectFactory(completed=True, category=ProjectCategory.INDUSTRY, plan_year=2024,
                       is_relocation=True)
    MilestoneFactory(project=b, planned_date=datetime.date(2020, 1, 1))  # overdue
    MilestoneFactory(project=c, planned_date=datetime.date(2020, 1, 1),
                     done_date=datetime.date(2020, 1, 1))  # done: not overdue

    assert listed(office, Project, stage="planned") == {a}
    assert listed(office, Project, status__exact="construction") == {b}
    assert listed(office, Project, stage__exact="started") == {b, c}
    assert listed(office, Project, category__exact="industry") == {b, c}
    assert listed(office, Project, plan_year=2024) == {a, c}
    assert listed(office, Project, department__id__exact=roads.pk) == {a}
    assert listed(office, Project, is_relocation__exact=1) == {c}
    assert listed(office, Project, overdue="yes") == {b}
    assert listed(office, Project, overdue="no") == {a, c}
    assert listed(office, Project, q=a.code) == {a}


def test_milestone_overdue_filter(office):
    today = timezone.localdate()
    late = MilestoneFactory(planned_date=today - datetime.timedelta(days=1))
    done = MilestoneFactory(planned_date=today - datetime.timedelta(days=9),
                            done_date=today - datetime.timedelta(days=8))
    ahead = MilestoneFactory(planned_date=today + datetime.timedelta(days=5))

    assert listed(office, Milestone, overdue="yes") == {late}
    assert listed(office, Milestone, overdue="no") == {done, ahead}


def test_problem_timeliness_and_response_filters(office, projects_editor):
    now = timezone.now()
    late = report_problem(by=projects_editor, reported_at=now - datetime.timedelta(days=3))
    fresh = report_problem(by=projects_editor, reported_at=now)
    answered = report_problem(by=projects_editor, reported_at=now - datetime.timedelta(hours=2))
    closed_loop.closed_loop_assign(answered, by=projects_editor, assignee=projects_editor)

    assert listed(office, ProjectProblem, timeliness="overdue") == {late}
    assert listed(office, ProjectProblem, responded_in_time="yes") == {answered}
    assert listed(office, ProjectProblem, responded_in_time="no") == {late, fresh}


def test_need_and_enterprise_filters(office, projects_editor):
    mover = EnterpriseFactory(is_relocating=True, industry="食品加工")
    other = EnterpriseFactory()
    need = report_need(enterprise=mover, by=projects_editor, kind="land")
    report_need(enterprise=other, by=projects_editor, kind="financing")

    assert listed(office, Enterprise, is_relocating__exact=1) == {mover}
    assert listed(office, Enterprise, industry="食品加工") == {mover}
    assert listed(office, EnterpriseNeed, kind__exact="land") == {need}
    assert listed(office, Enterprise, q=mover.credit_code) == {mover}


# -- who may do what ---------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_a_leader_views_but_cannot_change(leader, sample, model):
    client = client_for(leader)
    record = sample[model]
    url = admin_url(model, "change", record.pk)

    page = client.get(url)
    posted = client.post(url, {"loaded_version": record.version})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert posted.status_code == 403
    assert client.get(admin_url(model, "add")).status_code == 403


def test_a_leader_cannot_import_but_may_export(leader):
    client = client_for(leader)

    assert client.get(admin_url(Project, "import")).status_code == 403
    assert client.post(admin_url(Project, "process_import"), {}).status_code == 403
    assert client.get(admin_url(Project, "export")).status_code == 200


def test_another_office_cannot_change_projects(safety_editor, sample):
    client = client_for(safety_editor)
    project = sample[Project]

    response = client.post(admin_url(Project, "change", project.pk), {"name": "改名"})

    assert response.status_code == 403
    # The enterprise register is edited by the projects and safety offices (safety inspects
    # enterprises), so the safety office may import enterprises, never projects.
    assert client.get(admin_url(Project, "import")).status_code == 403
    assert client.get(admin_url(Enterprise, "import")).status_code == 200


# -- adding and changing projects ---------------------------------------------------------


@pytest.fixture
def department():
    return DepartmentFactory(name="发展改革科")


def new_project_data(office, department, **overrides):
    data = form_data(office.get(admin_url(Project, "add")))
    data.update({
        "code": "QD-2024-101", "name": "安博一期", "category": "industry", "stage": "planned",
        "status": "planning", "plan_year": "2024", "total_investment": "10000",
        "owner_name": "崔寨街道办事处", "department": str(department.pk),
        "progress_percent": "0",
    })
    data.update(overrides)
    return data


def test_adding_a_project_with_funding_milestones_and_progress(office, department):
    data = new_project_data(office, department)
    add_inline_rows(data, "funding", [
        {"source": "central_special_bond", "amount": "6000", "year": "2024"},
        {"source": "self_raised", "amount": "4000", "year": "2024"},
    ])
    add_inline_rows(data, "milestones", [{"kind": "approval", "planned_date": "2024-05-01"}])
    add_inline_rows(data, "progress", [
        {"year": "2024", "month": "6", "investment_completed": "1200"},
    ])

    response = office.post(admin_url(Project, "add"), data)

    assert response.status_code == 302, errors_of(response)
    project = Project.objects.get(code="QD-2024-101")
    assert sorted(project.funding.values_list("amount", flat=True)) == [4000, 6000]
    assert project.milestones.get().kind == "approval"
    assert project.progress.get().investment_completed == Decimal("1200")
    assert project.history.count() == 1


def test_funding_above_the_total_investment_is_refused_and_nothing_saved(office, department):
    data = new_project_data(in_english(office), department, total_investment="10000")
    add_inline_rows(data, "funding", [
        {"source": "central_special_bond", "amount": "6000", "year": "2024"},
        {"source": "bank_loan", "amount": "4000.01", "year": "2024"},
    ])

    response = office.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    assert any("more than the project's total investment" in str(m)
               for m in errors_of(response)), errors_of(response)
    assert not Project.objects.exists()
    assert not FundingLine.objects.exists()


def test_lowering_the_total_below_the_funding_is_refused(office, sample):
    project = sample[Project]  # 50000, with 20000 of funding
    data = form_data(office.get(admin_url(Project, "change", project.pk)))
    data["total_investment"] = "19999.99"

    response = office.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error(
        "total_investment", "funding_exceeds_investment")
    project.refresh_from_db()
    assert (project.total_investment, project.version) == (Decimal("50000"), 1)


def test_a_funding_line_on_its_own_page_keeps_to_the_total(office, sample):
    project = sample[Project]  # 50000, with 20000 of funding
    data = form_data(office.get(admin_url(FundingLine, "add")))
    data.update({"project": project.pk, "source": "bank_loan", "amount": "30000.01",
                 "year": "2024"})

    refused = office.post(admin_url(FundingLine, "add"), data)
    data["amount"] = "30000"
    accepted = office.post(admin_url(FundingLine, "add"), data)

    assert refused.status_code == 200
    assert "amount" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    assert project.funding.count() == 2


def test_a_funding_line_added_meanwhile_is_counted_and_the_refusal_explained(
    office, sample, projects_editor, api_client_for
):
    """Another line saved after the page was loaded: the service's locked check counts it,
    and the page says why on the amount instead of answering 500."""
    project = sample[Project]  # 50000, with 20000 of funding
    data = form_data(in_english(office).get(admin_url(FundingLine, "add")))
    data.update({"project": project.pk, "source": "bank_loan", "amount": "20000",
                 "year": "2024"})
    meanwhile = api_client_for(projects_editor).post(
        reverse("projects-api:fundingline-list"),
        {"project": project.pk, "source": "self_raised", "amount": "20000", "year": 2024},
        format="json",
    )
    assert meanwhile.status_code == 201, meanwhile.content

    response = office.post(admin_url(FundingLine, "add"), data)

    assert response.status_code == 200
    assert any("more than the project's total investment" in str(m)
               for m in response.context["adminform"].form.errors["amount"])
    assert project.funding.count() == 2


def test_editing_an_inline_row_moves_its_version(office, sample):
    project, line = sample[Project], sample[FundingLine]
    data = form_data(office.get(admin_url(Project, "change", project.pk)))
    data["funding-0-amount"] = "15000"

    response = office.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 302, errors_of(response)
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal("15000"), 2)


def test_a_model_constraint_is_a_translated_form_error(office, sample):
    project = sample[Project]
    data = form_data(in_english(office).get(admin_url(Project, "change", project.pk)))
    data.update({"actual_start": "2024-05-01", "actual_completion": "2024-04-01"})

    response = office.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 200
    assert ("The actual completion cannot be before the actual start."
            in response.context["adminform"].form.non_field_errors())
    project.refresh_from_db()
    assert project.actual_start is None


@pytest.mark.parametrize("old,new", [
    (ProjectStatus.PLANNING, ProjectStatus.CONSTRUCTION),
    (ProjectStatus.CONSTRUCTION, ProjectStatus.PLANNING),
    (ProjectStatus.COMPLETED, ProjectStatus.CONSTRUCTION),
])
def test_an_illegal_status_change_is_refused(office, old, new):
    traits = {ProjectStatus.CONSTRUCTION: {"under_construction": True},
              ProjectStatus.COMPLETED: {"completed": True}}.get(old, {})
    project = ProjectFactory(status=old, **traits)
    data = form_data(office.get(admin_url(Project, "change", project.pk)))
    data["status"] = new

    response = office.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("status", "illegal_status_change")
    project.refresh_from_db()
    assert (project.status, project.version) == (old, 1)


def test_a_legal_status_change_is_saved(office):
    project = ProjectFactory(status=ProjectStatus.PREPARATION)
    data = form_data(office.get(admin_url(Project, "change", project.pk)))
    data.update({"status": "construction", "actual_start": "2024-04-01",
                 "progress_percent": "5"})

    response = office.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 302, errors_of(response)
    project.refresh_from_db()
    assert (project.status, project.version) == ("construction", 2)


def test_a_system_admin_reopens_a_completed_project_only_with_a_reason(admin_user_):
    client = client_for(admin_user_)
    project = ProjectFactory(completed=True)
    url = admin_url(Project, "change", project.pk)
    data = form_data(client.get(url))
    data["status"] = "construction"

    without_reason = client.post(url, data)
    project.refresh_from_db()
    assert project.status == "completed"
    data["reason"] = "竣工验收资料不全，退回补充"
    with_reason = client.post(url, data)

    assert without_reason.status_code == 200
    assert without_reason.context["adminform"].form.has_error("reason")
    assert with_reason.status_code == 302, errors_of(with_reason)
    project.refresh_from_db()
    assert project.status == "construction"
    latest = project.history.first()
    assert latest.history_change_reason == "竣工验收资料不全，退回补充"
    assert latest.history_user == admin_user_
    assert client.get(admin_url(Project, "history", project.pk)).status_code == 200


def test_a_stale_edit_is_refused_and_overwrites_nothing(office, sample, admin_user_):
    project = sample[Project]
    url = admin_url(Project, "change", project.pk)
    data = form_data(office.get(url))  # the editor opens the page (version 1) ...
    # ... meanwhile a colleague saves the project:
    other = client_for(admin_user_)
    theirs = form_data(other.get(url))
    theirs["name"] = "会展中心A-1（调整）"
    assert other.post(url, theirs).status_code == 302
    # ... then the editor saves the page as loaded.
    data["lead_official"] = "王强"
    in_english(office)

    response = office.post(url, data)

    assert response.status_code == 200
    assert any("changed by someone else" in str(error)
               for error in response.context["adminform"].form.non_field_errors())
    project.refresh_from_db()
    assert (project.name, project.lead_official, project.version) == ("会展中心A-1（调整）", "", 2)


# -- the closed-loop items ----------------------------------------------------------------


def test_a_problem_raised_in_the_admin_gets_its_24_hour_clock(office, sample, projects_editor):
    data = form_data(office.get(admin_url(ProjectProblem, "add")))
    reported = timezone.localtime().replace(microsecond=0, second=0)
    data.update({"project": sample[Project].pk, "title": "临时用电接入慢",
                 "reported_at_0": reported.date().isoformat(),
                 "reported_at_1": reported.time().isoformat()})

    response = office.post(admin_url(ProjectProblem, "add"), data)

    assert response.status_code == 302, errors_of(response)
    problem = ProjectProblem.objects.get(title="临时用电接入慢")
    assert problem.reported_by == projects_editor
    assert problem.response_due == problem.reported_at + datetime.timedelta(hours=24)
    assert problem.transitions.count() == 1


def test_workflow_step_page_and_bulk_actions_on_needs(office, sample, projects_editor,
                                                     admin_user_):
    need = sample[EnterpriseNeed]
    step = office.get(reverse("admin:projects_enterpriseneed_transition", args=[need.pk]))
    closed_loop.closed_loop_assign(need, by=projects_editor, assignee=projects_editor)

    started = office.post(admin_url(EnterpriseNeed, "changelist"),
                          {"action": "start_selected", "_selected_action": [need.pk]})

    assert step.status_code == 200
    assert started.status_code == 302
    need.refresh_from_db()
    assert need.status == WorkflowStatus.IN_PROGRESS


# -- export ------------------------------------------------------------------------------


def test_projects_export_to_xlsx_with_chinese_headers(office, sample):
    response = office.get(admin_url(Project, "export"))

    assert response.status_code == 200
    assert quote("项目") in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    with translation.override("zh-hans"):
        planning = str(ProjectStatus.PLANNING.label)
        expected = [str(Project._meta.get_field(name).verbose_name)
                    for name in ("code", "name", "status", "total_investment")]
    header = list(rows[2])
    assert set(expected) <= set(header)
    exported = dict(zip(header, rows[3], strict=True))
    assert exported[expected[0]] == "QD-2024-001"
    assert exported[expected[2]] == planning
    assert exported["责任部门"] == "项目服务中心"
    assert exported[expected[3]] == 50000
    assert LogEntry.objects.count() == 0  # an export changes nothing


def test_the_progress_year_and_month_filters_read_their_own_column(office):
    """Their values come from the progress table alone, not the list's annotated query
    (whose join to the project made each DISTINCT cost 130 ms at city scale)."""
    project = ProjectFactory(total_investment=Decimal("1000"))
    MonthlyProgressFactory(project=project, year=2023, month=12)
    MonthlyProgressFactory(project=project, year=2024, month=2)

    with CaptureQueriesContext(connection) as queries:
        response = in_english(office).get(admin_url(MonthlyProgress, "changelist"))

    distinct = [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"]]
    assert len(distinct) == 2
    # On PostgreSQL each walks the (year, month) index (a recursive skip scan that joins
    # the progress table to itself); never the project table.
    assert not any('"projects_project"' in sql for sql in distinct)
    if connection.vendor == "postgresql":
        assert all(sql.startswith("WITH RECURSIVE") for sql in distinct)
    filters = {str(spec.title): [c["display"] for c in spec.choices(response.context["cl"])]
               for spec in response.context["cl"].filter_specs
               if str(spec.title) in ("year", "month")}
    assert [str(v) for v in filters["year"][1:]] == ["2023", "2024"]
    assert [str(v) for v in filters["month"][1:]] == ["2", "12"]
    chosen = office.get(admin_url(MonthlyProgress, "changelist"), {"year": 2024})
    assert [(r.year, r.month) for r in chosen.context["cl"].result_list] == [(2024, 2)]

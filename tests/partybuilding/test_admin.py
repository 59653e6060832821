"""The party-building admin as the office uses it: every page opens; attendance rows on a
session's page, its "add everyone of an organisation" action and the quotas all write
through the services; the people below quota are a filtered list."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from cuizhai.core import roles
from cuizhai.core.choices import PersonKind
from partybuilding import services
from partybuilding.models import (
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
from projects.choices import BatchStage, ProjectStatus
from tests.partybuilding import factories as f
from tests.projects.factories import ProjectFactory
from tests.support.admin import admin_browser, admin_form_data
from tests.support.users import make_user

pytestmark = pytest.mark.django_db
OFFICE = roles.office_group("partybuilding")


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:partybuilding_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def office(client):
    return admin_browser(client, make_user("party-clerk", OFFICE), "zh-hans")


def records():
    """One record of every model, with its relations."""
    attendance = f.AttendanceFactory()
    cadre = f.CadreFactory(mentor=f.PersonFactory(kind=PersonKind.MENTOR))
    return {
        PartyOrganisation: cadre.organisation, Election: f.ElectionFactory(),
        CadreProfile: cadre, Placement: f.PlacementFactory(cadre=cadre),
        TrainingSession: attendance.session, Attendance: attendance,
        TrainingQuota: f.QuotaFactory(), VillageEvaluation: f.EvaluationFactory(),
        EvaluationProblem: f.report_evaluation_problem(),
        CollectiveAssetProblem: f.report_asset_problem(amount_yuan=Decimal("35000")),
    }


def test_every_page_opens_for_the_office(office):
    for model, record in records().items():
        assert office.get(admin_url(model)).status_code == 200, model
        assert office.get(admin_url(model, "change", record.pk)).status_code == 200, model
        if model is not TrainingQuota:
            assert office.get(admin_url(model, "add")).status_code == 200, model
    assert office.get(reverse("admin:app_list", args=["partybuilding"])).status_code == 200


def add_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)


def test_attendance_rows_on_the_session_page_go_through_the_services(office):
    session = f.SessionFactory(hours=Decimal("2.5"))
    url = admin_url(TrainingSession, "change", session.pk)
    present, absent = f.PersonFactory(), f.PersonFactory()
    data = admin_form_data(office.get(url))
    add_row(data, "attendances", person=present.pk, status="present", hours="")
    add_row(data, "attendances", person=absent.pk, status="absent", hours="")
    assert office.post(url, data).status_code == 302
    assert dict(session.attendances.values_list("person", "hours")) == {
        present.pk: Decimal("2.5"), absent.pk: 0}

    # A row the service refuses is shown on the page, and nothing of the page is saved.
    data = admin_form_data(office.get(url))
    data["title"] = "改过的标题"
    add_row(data, "attendances", person=f.PersonFactory().pk, status="present", hours="9")
    response = office.post(url, data)
    assert response.status_code == 200
    assert "本次培训共 2.5 学时" in response.content.decode()
    session.refresh_from_db()
    assert session.title != "改过的标题"
    assert session.attendances.count() == 2


def test_a_placement_row_at_a_project_that_is_no_site_is_refused_on_the_cadres_page(office):
    cadre = f.CadreFactory(person__birth_year=1996)
    planned = ProjectFactory(name="绿能智造产业园", stage=BatchStage.PLANNED)
    site = ProjectFactory(name="济南黄河体育中心", stage=BatchStage.STARTED,
                          status=ProjectStatus.CONSTRUCTION)
    url = admin_url(CadreProfile, "change", cadre.pk)
    data = admin_form_data(office.get(url))
    add_row(data, "placements", project=planned.pk, region="", start_date="2024-03-01",
            end_date="2024-09-30", note="")
    response = office.post(url, data)
    assert response.status_code == 200
    assert "不是重点项目建设一线" in response.content.decode()
    assert not Placement.objects.exists()

    data[f"placements-{int(data['placements-TOTAL_FORMS']) - 1}-project"] = site.pk
    assert office.post(url, data).status_code == 302
    assert Placement.objects.get().project == site

    # The placement's own page: the same rule, shown on the project field.
    placement = Placement.objects.get()
    url = admin_url(Placement, "change", placement.pk)
    data = admin_form_data(office.get(url))
    data["project"] = planned.pk
    response = office.post(url, data)
    assert response.status_code == 200
    assert "不是重点项目建设一线" in str(response.context["adminform"].form.errors["project"])
    placement.refresh_from_db()
    assert placement.project == site


def test_add_everyone_of_an_organisation(office):
    organisation = f.OrganisationFactory()
    cadres = f.CadreFactory.create_batch(3, organisation=organisation)
    session = f.SessionFactory()
    services.attendance_create(data={"session": session, "person": cadres[0].person,
                                     "status": "excused"})
    url = admin_url(TrainingSession)
    chosen = {"action": "add_organisation", ACTION_CHECKBOX_NAME: [session.pk]}
    form = office.post(url, chosen)
    assert form.status_code == 200
    assert organisation.name in form.content.decode()
    done = office.post(url, {**chosen, "apply": "1", "organisation": organisation.pk,
                             "status": "present"}, follow=True)
    assert "已添加 2 条参训记录。" in done.content.decode()
    assert dict(session.attendances.values_list("person", "status")) == {
        cadres[0].person.pk: "excused", cadres[1].person.pk: "present",
        cadres[2].person.pk: "present"}


def test_quotas_are_the_system_administrators(office, client):
    assert office.get(admin_url(TrainingQuota, "add")).status_code == 403
    admin = admin_browser(client, make_user("sysadmin", roles.SYSTEM_ADMIN), "zh-hans")
    data = admin_form_data(admin.get(admin_url(TrainingQuota, "add")))
    data.update({"year": "2024", "person_kind": "village_cadre", "hours": "6"})
    assert admin.post(admin_url(TrainingQuota, "add"), data).status_code == 302
    assert TrainingQuota.objects.get().hours == 6


def test_people_below_quota_are_a_filtered_list(office):
    f.QuotaFactory(year=2024, person_kind=PersonKind.VILLAGE_CADRE, hours=Decimal("6"))
    short = f.PersonFactory(name="示例·差两学时")
    enough = f.PersonFactory(name="示例·已达标")
    grid = f.PersonFactory(name="示例·网格员", kind=PersonKind.GRID_WORKER)
    session = f.SessionFactory(hours=Decimal("4"), held_on=datetime.date(2024, 5, 1))
    for person in (short, enough, grid):
        services.attendance_create(data={"session": session, "person": person})
    services.attendance_create(data={"session": f.SessionFactory(
        hours=Decimal("2"), held_on=datetime.date(2024, 6, 1)), "person": enough})

    quotas = office.get(admin_url(TrainingQuota)).content.decode()
    assert "?year=2024&amp;kind=village_cadre" in quotas
    page = office.get(reverse("admin:partybuilding_trainingquota_below"),
                      {"year": 2024, "kind": "village_cadre"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2024 年共 1 人未达学时标准。" in text
    assert "示例·差两学时" in text
    assert '<span class="badge badge-danger">2</span>' in text  # two hours lacking
    assert "示例·已达标" not in text and "示例·网格员" not in text
    assert office.get(reverse("admin:partybuilding_trainingquota_below"),
                      {"year": "abc"}).status_code == 200  # a bad filter is no 500


def test_people_below_quota_open_on_the_latest_year_with_a_quota(office):
    """Not this year, which has no quota yet (the 2024 demo would open on an empty page),
    nor a year whose quota is set ahead."""
    this_year = timezone.localdate().year
    assert this_year > 2024
    for year in (2023, 2024, this_year + 1):
        f.QuotaFactory(year=year, person_kind=PersonKind.VILLAGE_CADRE, hours=Decimal("6"))
    f.PersonFactory(name="示例·差六学时")
    below = reverse("admin:partybuilding_trainingquota_below")

    page = office.get(below)
    assert page.context["year"] == 2024
    assert page.context["form"]["year"].value() == 2024  # the year shown in the filter
    assert "2024 年共 1 人未达学时标准。" in page.content.decode()
    assert office.get(below, {"p": "1"}).context["year"] == 2024  # the next page too
    assert office.get(below, {"year": 2023}).context["year"] == 2023


def test_an_evaluation_added_in_the_admin_is_one_per_village_and_period(office):
    template = f.evaluation_template("10")
    first = f.EvaluationFactory(template=template)
    data = admin_form_data(office.get(admin_url(VillageEvaluation, "add")))
    data.update({"village": first.village.pk, "year": "2024", "period": "mid_term",
                 "template": template.pk, "assessed_on": "2024-07-01"})
    response = office.post(admin_url(VillageEvaluation, "add"), data)
    assert response.status_code == 200
    assert "该村班子在此评估期已有评估" in response.content.decode()
    assert VillageEvaluation.objects.count() == 1


def test_a_failed_criterion_raises_a_problem_from_the_evaluation_page(office):
    template = f.evaluation_template("10", "10")
    evaluation = f.EvaluationFactory(template=template)
    from cuizhai.core.base.services.assessments import assessment_record_result

    assessment_record_result(evaluation, criterion=template.criteria.get(position=1),
                             score=Decimal("0"), note="村务公开栏未更新")
    page = office.get(admin_url(VillageEvaluation, "change", evaluation.pk))
    assert page.status_code == 200
    assert "评估项1" in page.content.decode() and "评估项2" in page.content.decode()
    result = evaluation.results.get()
    raised = office.post(admin_url(VillageEvaluation, "raise_item", evaluation.pk, result.pk),
                         follow=True)
    assert raised.status_code == 200
    problem = EvaluationProblem.objects.get()
    assert (problem.evaluation, problem.description) == (evaluation, "村务公开栏未更新")
    listed = office.get(admin_url(VillageEvaluation)).content.decode()
    # Open / found.
    assert '<td class="field-problems">1 / 1</td>' in listed

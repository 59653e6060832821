"""A PATCH or PUT that changes nothing saves nothing (issue 9 §5): the version does not
move and the history gets no empty entry, so another editor holding that version is not
refused with 409 for a change that never happened."""

import pytest
from django.urls import reverse

from cuizhai.core.base.services.records import record_update
from cuizhai.core.models import Campaign
from projects.models import Project, ProjectProblem
from tests.factories import CampaignFactory
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


def project_url(project):
    return reverse("projects-api:project-detail", args=[project.pk])


def stored(model, pk):
    record = model.objects.get(pk=pk)
    return record.version, record.history.count()


def test_a_patch_that_changes_nothing_leaves_version_and_history(projects_editor,
                                                                  api_client_for):
    project = f.ProjectFactory(name="崔寨养老服务提升")
    before = stored(Project, project.pk)
    client = api_client_for(projects_editor)

    response = client.patch(project_url(project),
                            {"name": "崔寨养老服务提升", "version": project.version},
                            format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["version"] == project.version
    assert response["ETag"] == f'"{project.version}"'
    assert stored(Project, project.pk) == before


def test_another_editor_holding_the_version_is_not_refused(projects_editor, make_user,
                                                           api_client_for):
    from cuizhai.core import roles

    colleague = make_user("colleague", roles.office_group("projects"))
    project = f.ProjectFactory(name="绿能智造产业园")
    version = project.version
    api_client_for(projects_editor).patch(
        project_url(project), {"name": "绿能智造产业园", "version": version}, format="json")

    response = api_client_for(colleague).patch(
        project_url(project), {"location": "崔寨街道北", "version": version}, format="json")

    assert response.status_code == 200, response.json()
    assert Project.objects.get(pk=project.pk).location == "崔寨街道北"


def test_a_put_of_the_record_as_read_changes_nothing(projects_editor, api_client_for):
    project = f.ProjectFactory()
    client = api_client_for(projects_editor)
    body = client.get(project_url(project)).json()
    before = stored(Project, project.pk)
    writable = {key: value for key, value in body.items() if not isinstance(value, dict)
                or "value" in value}
    writable.update({
        key: (value["value"] if isinstance(value, dict) else value)
        for key, value in writable.items()
    })
    writable["owner_enterprise"] = None
    writable["department"] = body["department"]["id"]

    response = client.put(project_url(project), writable, format="json")

    assert response.status_code == 200, response.json()
    assert stored(Project, project.pk) == before


def test_a_change_still_moves_the_version(projects_editor, api_client_for):
    project = f.ProjectFactory(name="旧名")
    before_version, before_history = stored(Project, project.pk)

    response = api_client_for(projects_editor).patch(
        project_url(project), {"name": "新名", "version": project.version}, format="json")

    assert response.status_code == 200
    assert stored(Project, project.pk) == (before_version + 1, before_history + 1)


def test_a_closed_loop_item_patched_unchanged_keeps_its_version(projects_editor,
                                                                 api_client_for):
    problem = f.report_problem(by=projects_editor, title="临时用电")
    before = stored(ProjectProblem, problem.pk)

    response = api_client_for(projects_editor).patch(
        reverse("projects-api:projectproblem-detail", args=[problem.pk]),
        {"title": "临时用电", "reported_at": problem.reported_at.isoformat(),
         "version": problem.version},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert stored(ProjectProblem, problem.pk) == before


def test_the_service_skips_an_update_that_changes_nothing(make_user):
    campaign = CampaignFactory(name="比亚迪周边服务保障")
    before = stored(Campaign, campaign.pk)

    returned = record_update(instance=campaign, data={"name": "比亚迪周边服务保障"},
                             expected_version=campaign.version, by=make_user("clerk"))

    assert returned.version == campaign.version
    assert stored(Campaign, campaign.pk) == before

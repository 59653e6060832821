"""The projects import writes through projects.services, as the API does: the app's rules are
the services' (not a copy in the resource), the importer is passed on as ``by``, and an old
export cannot undo an edit made through the API since."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects import services
from projects.choices import ProjectStatus
from projects.models import FundingLine, Project
from tests.import_files import (
    CSV,
    client_for,
    confirm,
    csv_upload,
    export_csv,
    import_file,
    invalid_rows,
    preview,
)
from tests.projects.factories import ProjectFactory
from tests.support.writes import replace_service

PROJECT_COLUMNS = ["code", "name", "category", "stage", "status", "plan_year",
                   "total_investment", "owner_enterprise", "owner_name", "department",
                   "progress_percent", "version"]


@pytest.fixture
def office(projects_editor):
    return client_for(projects_editor, "en")


def exported_projects(client):
    return export_csv(client, Project, "projectresource", PROJECT_COLUMNS)


def as_upload(dataset):
    return csv_upload([dataset.headers, *dataset], name="重点项目.csv")


def edited(dataset, column, value):
    """The dataset with ``column`` of its first row set to ``value``."""
    assert len(dataset.headers) == len(PROJECT_COLUMNS)  # exported in this order
    row = list(dataset[0])
    row[PROJECT_COLUMNS.index(column)] = value
    dataset[0] = row
    return dataset


def recording(service, calls):
    def recorded(**kwargs):
        calls.append((service.__name__, kwargs["by"]))
        return service(**kwargs)
    return recorded


def test_rows_are_saved_by_the_project_services_with_the_importer(
        office, projects_editor, monkeypatch):
    calls = []
    for operation, service in (("bulk_create", services.project_bulk_create),
                               ("update", services.project_update)):
        replace_service(monkeypatch, Project, operation, recording(service, calls))
    ProjectFactory(code="QD-1", name="旧名称")
    exported = exported_projects(office)
    exported = edited(exported, "name", "新名称")
    exported.append(["QD-2", "新项目", *exported[0][2:-1], ""])

    assert import_file(office, Project, as_upload(exported), CSV).status_code == 302

    # Twice: the preview saves through the services too, then rolls back. New rows are
    # created together, after the updates.
    assert calls == [("project_update", projects_editor),
                     ("project_bulk_create", projects_editor)] * 2
    assert Project.objects.get(code="QD-1").history.latest().history_user == projects_editor
    assert Project.objects.get(code="QD-2").history.latest().history_user == projects_editor


def test_an_old_export_cannot_undo_an_edit_made_through_the_api(
        office, projects_editor, api_client_for):
    project = ProjectFactory(code="QD-1", total_investment=Decimal("1000"))
    exported = exported_projects(office)
    patched = api_client_for(projects_editor).patch(
        reverse("projects-api:project-detail", args=[project.pk]),
        {"total_investment": "1500.00", "version": 1}, format="json")
    assert patched.status_code == 200
    stale = edited(exported, "progress_percent", "30")

    previewed = preview(office, Project, as_upload(stale), CSV)

    errors = invalid_rows(previewed)
    assert list(errors) == [1]
    assert any("changed since the file was exported" in m for m in errors[1])
    project.refresh_from_db()
    assert (project.total_investment, project.progress_percent, project.version) == (
        Decimal("1500.00"), 0, 2)


def test_a_funding_line_added_after_the_preview_is_counted_at_confirmation(
        office, projects_editor):
    """The funding rule is the service's, checked with the project locked when the row is
    saved: a line added between preview and confirmation counts."""
    project = ProjectFactory(code="QD-1", total_investment=Decimal("1000"))
    lowered = edited(exported_projects(office), "total_investment", "800")
    previewed = preview(office, Project, as_upload(lowered), CSV)
    assert previewed.context["confirm_form"] is not None
    services.funding_line_create(data={"project": project, "source": "bank_loan",
                                       "amount": Decimal("900"), "year": 2024},
                                 by=projects_editor)

    confirmed = confirm(office, Project, previewed)

    errors = invalid_rows(confirmed)
    assert list(errors) == [1]
    assert any("more than the project's total investment" in m for m in errors[1])
    project.refresh_from_db()
    assert project.total_investment == Decimal("1000")
    assert FundingLine.objects.filter(project=project).count() == 1


def test_a_file_cannot_reopen_a_completed_project_even_for_a_system_admin(admin_user_):
    """Reopening needs a reason, which a file cannot carry: it is done on the project's
    page."""
    client = client_for(admin_user_, "en")
    project = ProjectFactory(code="QD-1", completed=True)
    reopened = edited(exported_projects(client), "status", "construction")

    previewed = preview(client, Project, as_upload(reopened), CSV)

    [row] = previewed.context["result"].invalid_rows
    assert row.number == 1
    assert any("needs a reason" in m for m in row.non_field_specific_errors)
    project.refresh_from_db()
    assert (project.status, project.version) == (ProjectStatus.COMPLETED, 1)

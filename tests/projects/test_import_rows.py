"""A projects file too big for the browser, imported with ``manage.py import_rows``: the
projects office's import resource and services (new projects created together by
``project_bulk_create``), the lead official linked to a person of the register, all rows
or none, and as many queries for 300 rows as for 10."""

import io
import math

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuizhai.core.models import Enterprise, Person
from projects.models import Project
from tests.factories import DepartmentFactory
from tests.import_files import headers
from tests.projects.factories import EnterpriseFactory, credit_code

COLUMNS = ["code", "name", "category", "stage", "status", "plan_year", "total_investment",
           "owner_enterprise", "owner_name", "department", "lead", "lead_official",
           "progress_percent"]
LEADS = ["李新华", "王振东", "刘晓峰"]


@pytest.fixture
def register(db, projects_editor):
    projects_editor.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="projects", codename__in=["add_project", "change_project"]))
    for name in LEADS:
        Person.objects.create(name=name, kind="cadre")
    return {
        "departments": [DepartmentFactory(name=name) for name in ("项目服务中心", "经济发展部")],
        "enterprises": [EnterpriseFactory(name=f"企业{n}", credit_code=credit_code(500 + n))
                        for n in range(4)],
    }


def project_file(path, count, *, bad=()):
    rows = [headers(Project, COLUMNS, "zh-hans")]
    enterprises = list(Enterprise.objects.order_by("pk"))
    for number in range(1, count + 1):
        owner = enterprises[number % len(enterprises)]
        rows.append([
            f"BM-{number:05d}", f"测量项目{number}", "产业发展", "策划", "谋划", 2024,
            1000 + number, owner.credit_code.lower() if number % 2 else owner.name, "",
            ("项目服务中心", "经济发展部")[number % 2], LEADS[number % len(LEADS)], "", 0,
        ])
    for number, column, value in bad:
        rows[number][COLUMNS.index(column)] = value
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    path.write_bytes(("\ufeff" + dataset.export("csv")).encode("utf-8"))
    return path


def import_rows(path, *options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_rows", "projects.Project", str(path), "--user",
                     "projects-editor", "--language", "en", *options, stdout=out, stderr=err)
    except CommandError as error:
        return error, err.getvalue()
    return None, out.getvalue()


def test_a_projects_file_is_all_or_nothing_and_links_the_leads(tmp_path, register,
                                                                projects_editor):
    path = project_file(tmp_path / "projects.csv", 1500, bad=[
        (700, "total_investment", "-5"), (1100, "lead", "赵六"), (1400, "department", "无")])

    error, err = import_rows(path)

    assert error is not None and error.returncode == 1
    lines = [line for line in err.splitlines() if line.startswith("Line")]
    assert lines == [
        "Line 701: The total investment cannot be negative.",
        "Line 1101 · lead official (person): There is no person “赵六”.",
        "Line 1401 · responsible department: There is no department “无”.",
    ]
    assert not Project.objects.exists()

    error, out = import_rows(project_file(path, 1500))

    assert error is None, out
    assert "Imported: 1,500 created" in out
    assert Project.objects.count() == 1500
    project = Project.objects.select_related("lead", "owner_enterprise").get(code="BM-00001")
    assert (project.lead.name, project.owner_enterprise.name) == ("王振东", "企业1")
    assert set(Project.history.values_list("history_type", "history_user")) == {
        ("+", projects_editor.pk)}


def statements(rows, model):
    limit = connection.features.max_query_params
    columns = len([field for field in model._meta.concrete_fields if not field.primary_key])
    return 1 if limit is None else math.ceil(rows / (limit // columns))


def test_a_projects_import_runs_the_same_queries_for_10_rows_as_for_300(
        tmp_path, register, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as ten:
        assert import_rows(project_file(tmp_path / "ten.csv", 10))[0] is None
    Project.history.all().delete()
    Project.objects.all().delete()
    # Only the INSERTs SQLite's parameter limit splits may be more (none on PostgreSQL).
    split = sum(statements(300, model) - statements(10, model)
                for model in (Project, Project.history.model))

    with django_assert_max_num_queries(len(ten) + split):
        assert import_rows(project_file(tmp_path / "many.csv", 300))[0] is None
    assert Project.objects.filter(lead__name="李新华").count() == 100

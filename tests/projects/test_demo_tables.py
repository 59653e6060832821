"""The demo's projects and enterprises are kept in the layout of the projects import: the
files import as they are, and the import writes what the demo loader reads from them."""

from importlib import resources

import pytest

from cuizhai.core import demo as core_demo
from cuizhai.core.base.demo import read_import_table
from projects.models import Enterprise, Project
from projects.resources import EnterpriseResource, ExcelCSV, ProjectResource

pytestmark = pytest.mark.django_db


def import_demo_table(resource_class, name, user):
    data = resources.files("projects.demo").joinpath(name).read_bytes()
    result = resource_class().import_data(ExcelCSV().create_dataset(data), dry_run=False,
                                          user=user)
    assert not result.has_errors()
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    return result


def test_the_demo_tables_import_as_they_are_and_as_the_loader_reads_them(projects_editor):
    core_demo.load()  # the departments the projects name
    tables = [(Enterprise, "credit_code", EnterpriseResource, "enterprises.csv"),
              (Project, "code", ProjectResource, "projects.csv")]
    for _model, _key, resource_class, name in tables:
        import_demo_table(resource_class, name, projects_editor)

    for model, key, resource_class, name in tables:
        rows = read_import_table("projects.demo", name, resource_class)
        imported = model.objects.in_bulk(field_name=key)
        assert len(rows) == len(imported) >= 29
        for row in rows:
            record = imported[row[key]]
            assert {field: getattr(record, field) for field in row} == row, row[key]

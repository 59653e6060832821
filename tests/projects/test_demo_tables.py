"""The demo's enterprises (the core's register) and projects are kept in the layout of their
imports: the files import as they are, and the import writes what the demo loader reads
from them."""

from importlib import resources

import pytest

from cuizhai.core import demo as core_demo
from cuizhai.core.base.demo import read_import_table
from cuizhai.core.models import Enterprise
from cuizhai.core.resources import EnterpriseResource
from projects.models import Project
from projects.resources import ExcelCSV, ProjectResource

pytestmark = pytest.mark.django_db


def import_demo_table(resource_class, package, name, user):
    data = resources.files(package).joinpath(name).read_bytes()
    result = resource_class().import_data(ExcelCSV().create_dataset(data), dry_run=False,
                                          user=user)
    assert not result.has_errors()
    assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    return result


def test_the_demo_tables_import_as_they_are_and_as_the_loader_reads_them(projects_editor):
    tables = [(Enterprise, "credit_code", EnterpriseResource, "cuizhai.core.demo",
               "enterprises.csv"),
              (Project, "code", ProjectResource, "projects.demo", "projects.csv")]
    _model, _key, resource_class, package, name = tables[0]
    import_demo_table(resource_class, package, name, projects_editor)  # into an empty register
    core_demo.load()  # the departments the projects name (its enterprises are there already)
    assert Enterprise.history.filter(history_change_reason="load_demo").count() == 0
    _model, _key, resource_class, package, name = tables[1]
    import_demo_table(resource_class, package, name, projects_editor)

    for model, key, resource_class, package, name in tables:
        rows = read_import_table(package, name, resource_class)
        imported = model.objects.in_bulk(field_name=key)
        assert len(rows) == len(imported) >= 29
        for row in rows:
            record = imported[row[key]]
            assert {field: getattr(record, field) for field in row} == row, row[key]

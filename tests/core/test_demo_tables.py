"""The demo's tables (``cuizhai.core.base.demo``): CSV files shipped in an app's demo package,
read by column name, or in the layout of an Excel/CSV import with the import's own fields,
and written by ``sync``, which parses text values with the model's fields."""

import importlib
import sys
import textwrap
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cuizhai.core.base.demo import read_import_table, read_table, sync
from cuizhai.core.models import Department
from cuizhai.core.resources import EnterpriseResource
from tests.projects.factories import credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package ``demo_tables_under_test`` holding the tables written into it."""
    folder = tmp_path / "demo_tables_under_test"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "demo_tables_under_test", raising=False)
    importlib.invalidate_caches()

    def write(name, text, encoding="utf-8"):
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding=encoding)
        return "demo_tables_under_test"

    return write


def test_a_table_reads_as_rows_of_text_by_column_a_bom_is_no_header(package):
    name = package("offices.csv", """\
        code,name,phone
        works,工程办,0531-1
        water,"水务, 排水",
        """, encoding="utf-8-sig")

    assert read_table(name, "offices.csv") == [
        {"code": "works", "name": "工程办", "phone": "0531-1"},
        {"code": "water", "name": "水务, 排水", "phone": ""},
    ]


def test_an_import_table_is_parsed_by_the_import_fields_in_either_language(package):
    chinese = package("zh.csv", f"""\
        名称,统一社会信用代码,搬迁入园,预计产值（万元）
        甲公司,{credit_code(1).lower()},是,"1,200"
        乙公司,{credit_code(2)},否,
        """)
    english = package("en.csv", f"""\
        name,unified social credit code,relocating into a park,expected output value (万元)
        甲公司,{credit_code(1).lower()},yes,1200
        乙公司,{credit_code(2)},no,
        """)

    expected = [
        {"name": "甲公司", "credit_code": credit_code(1), "is_relocating": True,
         "expected_output_value": Decimal("1200.00")},
        {"name": "乙公司", "credit_code": credit_code(2), "is_relocating": False,
         "expected_output_value": None},
    ]
    assert read_import_table(chinese, "zh.csv", EnterpriseResource) == expected
    assert read_import_table(english, "en.csv", EnterpriseResource) == expected


def test_an_unknown_column_of_an_import_table_is_named(package):
    name = package("bad.csv", "名称,注册资本\n甲公司,100\n")

    with pytest.raises(ImproperlyConfigured, match="注册资本"):
        read_import_table(name, "bad.csv", EnterpriseResource)


def test_a_bad_cell_of_an_import_table_is_named_by_line_and_column(package):
    name = package("bad.csv", "名称,搬迁入园\n甲公司,是\n乙公司,也许\n")

    with pytest.raises(ImproperlyConfigured, match=r"bad\.csv, line 3, column 搬迁入园"):
        read_import_table(name, "bad.csv", EnterpriseResource)


def test_sync_parses_text_values_with_the_model_fields(package):
    name = package("offices.csv", """\
        code,name,is_active
        works,工程办,False
        """)

    offices = sync(Department, ["code"], read_table(name, "offices.csv"))

    office = Department.objects.get(code="works")
    assert offices == {("works",): office}
    assert (office.name, office.is_active, office.version) == ("工程办", False, 1)
    sync(Department, ["code"], read_table(name, "offices.csv"))
    assert office.history.count() == 1  # the text "False" equals the stored False


def test_sync_refuses_text_a_field_cannot_parse():
    with pytest.raises(ValidationError):
        sync(Department, ["code"], [{"code": "works", "name": "工程办", "is_active": "maybe"}])
    assert not Department.objects.filter(code="works").exists()

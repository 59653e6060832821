"""Imports at the scale of housing units and attendance sheets, on the test-only register of
tests/import_app (a ``use_bulk`` resource: new rows are created together by the app's
``asset_bulk_create``): all or nothing among thousands of rows, the same messages as a
single save, history entries naming the importer and the file, a number of queries that
does not grow with the rows, the lookups read once, the preview's counts, and the
``import_rows`` command."""

import io
import math
from decimal import Decimal

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuizhai.core.base.exceptions import RowsRefused
from cuizhai.core.base.services.bulk import record_bulk_create
from cuizhai.core.base.services.records import record_create
from tests.factories import DepartmentFactory
from tests.import_app.models import SampleAsset
from tests.import_app.services import asset_bulk_create
from tests.import_files import CSV, client_for, confirm, csv_upload, headers, preview

COLUMNS = ["code", "name", "kind", "active", "amount", "date", "department"]
DEPARTMENTS = ["建设管理部", "社会事务部", "经济发展部"]


@pytest.fixture
def clerk(make_user):
    from django.contrib.auth.models import Permission

    user = make_user("clerk")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="import_app", codename__endswith="sampleasset",
    ).exclude(codename__startswith="delete"))
    return user


@pytest.fixture
def departments(db):
    return [DepartmentFactory(name=name, code=f"d{index}")
            for index, name in enumerate(DEPARTMENTS)]


def asset_table(count, *, bad=(), language="zh-hans"):
    """A header and ``count`` assets, each naming one of the departments; ``bad``:
    (row, column, value) overrides, rows counted from 1."""
    rows = [headers(SampleAsset, COLUMNS, language)]
    for number in range(1, count + 1):
        rows.append([f"ZC-{number:05d}", f"资产{number}", "基础设施", "是", f"{number},000.5",
                     "2024-03-01", DEPARTMENTS[number % len(DEPARTMENTS)]])
    for number, column, value in bad:
        rows[number][COLUMNS.index(column)] = value
    return rows


def write_csv(path, rows):
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    path.write_bytes(("\ufeff" + dataset.export("csv")).encode("utf-8"))
    return path


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_rows", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()


# -- the command: all or nothing, row-level errors -----------------------------------------


def test_a_bad_row_among_thousands_imports_nothing_and_is_named(tmp_path, clerk, departments):
    rows = asset_table(3000, bad=[(1201, "code", "ZC-00005"), (1500, "amount", "-1"),
                                  (2999, "date", "三月")])
    path = write_csv(tmp_path / "资产台账.csv", rows)

    error, out, err = run_command("import_app.SampleAsset", str(path), "--user", "clerk",
                                  "--language", "en")

    assert error is not None and error.returncode == 1
    assert "Nothing was imported: 3 rows were refused." in str(error)
    # Each refused row by its line as Excel numbers it (the header is line 1) and column.
    assert ("Line 1202 · code: Row 5 has this one already: a record may appear only once in "
            "a file.") in err
    assert "Line 1501: An amount cannot be negative." in err
    assert "Line 3000 · date: “三月” is not a date (write it as 2024-03-01)." in err
    assert not SampleAsset.objects.exists()


def test_the_command_creates_thousands_of_rows_with_their_history(tmp_path, clerk, departments):
    path = write_csv(tmp_path / "assets.csv", asset_table(1200))

    error, out, err = run_command("import_app.sampleasset", str(path), "--user", "clerk",
                                  "--language", "en")

    assert error is None, err
    assert "Imported: 1,200 created, 0 updated, 0 left unchanged." in out
    assert "1,200/1,200 rows read" in err  # the progress bar, on stderr
    assets = SampleAsset.objects.order_by("code")
    assert assets.count() == 1200
    last = assets.last()
    assert (last.name, last.amount, last.department.name) == (
        "资产1200", Decimal("1200000.50"), DEPARTMENTS[0])
    history = SampleAsset.history.all()
    assert history.count() == 1200
    assert set(history.values_list("history_type", "history_user", "history_change_reason")) == {
        ("+", clerk.pk, "Imported from assets.csv")}
    assert set(history.values_list("id", flat=True)) == set(assets.values_list("id", flat=True))


def test_a_dry_run_checks_every_row_and_writes_nothing(tmp_path, clerk, departments):
    path = write_csv(tmp_path / "assets.csv", asset_table(50))

    error, out, err = run_command("import_app.SampleAsset", str(path), "--dry-run",
                                  "--language", "en")

    assert error is None, err
    assert "nothing was written (dry run): 50 would be created" in out
    assert not SampleAsset.objects.exists()
    assert not SampleAsset.history.exists()


def test_updates_and_creates_in_one_file(tmp_path, clerk, departments):
    """Existing records are updated row by row through the app's update service (its rule
    refuses a change of kind), new ones created together."""
    SampleAsset.objects.create(code="ZC-00002", name="旧名", amount=1, kind="infrastructure")
    SampleAsset.objects.create(code="ZC-00003", name="其他", amount=1, kind="land")
    path = write_csv(tmp_path / "assets.csv", asset_table(4))

    error, out, err = run_command("import_app.SampleAsset", str(path), "--language", "en")

    assert error is not None
    assert [line for line in err.splitlines() if line.startswith("Line")] == [
        "Line 4 · kind: The kind of an asset is fixed once it is registered."]
    assert list(SampleAsset.objects.order_by("code").values_list("code", "name")) == [
        ("ZC-00002", "旧名"), ("ZC-00003", "其他")]

    SampleAsset.objects.filter(code="ZC-00003").update(kind="infrastructure")
    error, out, err = run_command("import_app.SampleAsset", str(path), "--user", "clerk",
                                  "--language", "en")
    assert error is None, err
    assert "Imported: 2 created, 2 updated, 0 left unchanged." in out
    assert SampleAsset.objects.get(code="ZC-00002").history.latest().history_type == "~"


def test_the_command_names_its_resources_and_refuses_what_it_cannot_do(tmp_path, clerk, capsys):
    with pytest.raises(SystemExit):
        call_command("import_rows", "--help")
    listed = capsys.readouterr().out.split("resources:")[1]
    assert "import_app.SampleAsset" in listed and "projects.Project" in listed

    path = write_csv(tmp_path / "assets.csv", asset_table(2))
    error, _out, _err = run_command("no.Such", str(path))
    assert error.returncode == 2 and "Unknown import resource" in str(error)
    error, _out, _err = run_command("import_app.SampleAsset", str(tmp_path / "a.txt"))
    assert error.returncode == 2
    # The history would name this user as the importer: the user needs the right.
    error, _out, _err = run_command("import_app.SampleAsset", str(path), "--user", "nobody")
    assert error.returncode == 2
    clerk.user_permissions.clear()
    error, _out, _err = run_command("import_app.SampleAsset", str(path), "--user", "clerk")
    assert error.returncode == 2 and "may not add and change" in str(error)
    assert not SampleAsset.objects.exists()


# -- a fixed number of queries; lookups read once ------------------------------------------


def _confirmed_import(client, rows):
    previewed = preview(client, SampleAsset, csv_upload(rows, name="资产台账.csv"), CSV)
    assert previewed.context["confirm_form"] is not None
    with CaptureQueriesContext(connection) as queries:
        confirmed = confirm(client, SampleAsset, previewed)
    assert confirmed.status_code == 302
    return list(queries.captured_queries)  # the log is emptied by the next request


def insert_statements(rows, model):
    """The INSERTs Django writes ``rows`` of ``model`` with: one per batch on PostgreSQL;
    SQLite's backend also splits a batch at 999 parameters."""
    limit = connection.features.max_query_params
    columns = len([field for field in model._meta.concrete_fields if not field.primary_key])
    return 1 if limit is None else math.ceil(rows / (limit // columns))


def test_an_import_runs_the_same_queries_for_10_rows_as_for_500(
        clerk, departments, django_assert_max_num_queries):
    client = client_for(clerk)
    ten = _confirmed_import(client, asset_table(10))
    SampleAsset.objects.all().delete()
    SampleAsset.history.all().delete()
    # Only the INSERTs that SQLite's parameter limit splits may be more (none on PostgreSQL):
    # the records, their history entries and the admin's log of the import.
    split = sum(insert_statements(500, model) - insert_statements(10, model)
                for model in (SampleAsset, SampleAsset.history.model, LogEntry))

    rows = asset_table(500)
    previewed = preview(client, SampleAsset, csv_upload(rows, name="资产台账.csv"), CSV)
    with django_assert_max_num_queries(len(ten) + split):
        confirm(client, SampleAsset, previewed)
    assert SampleAsset.objects.count() == 500
    assert SampleAsset.history.filter(history_user=clerk).count() == 500


def test_the_departments_named_in_a_file_are_read_once(clerk, departments):
    queries = _confirmed_import(client_for(clerk), asset_table(300))

    reads = [query["sql"] for query in queries
             if "core_department" in query["sql"] and query["sql"].startswith("SELECT")]
    # One read for the lookups; the service checks the ids of the batch in one more.
    assert len(reads) == 2, reads
    assert SampleAsset.objects.filter(department__name=DEPARTMENTS[1]).count() == 100


# -- the preview: errors first, the rest counted -------------------------------------------


def test_the_preview_shows_errors_first_and_counts_the_rest(clerk, departments):
    SampleAsset.objects.bulk_create([
        SampleAsset(code=f"ZC-{number:05d}", name=f"资产{number}", kind="infrastructure",
                    amount=Decimal(f"{number}000.50"), active=True,
                    date="2024-03-01", department=departments[number % 3])
        for number in range(1, 21)
    ])
    SampleAsset.objects.filter(code__in=["ZC-00001", "ZC-00002"]).update(name="改名")
    rows = asset_table(1500, bad=[(700, "amount", "0"), (1400, "amount", "-3")])

    page = preview(client_for(clerk, "en"), SampleAsset, csv_upload(rows), CSV)

    assert page.context["confirm_form"] is None
    assert [row.number for row in page.context["result"].invalid_rows] == [700, 1400]
    html = page.content.decode()
    assert ("Rows with errors: 2. The other 1,498 rows are valid: 1,478 would be created, "
            "2 updated and 18 left unchanged.") in html
    assert "Line 701" in html and "Line 1401" in html
    assert html.index("import-row-errors") < html.index("import-counts") + 2000
    assert html.count('class="import-row-error"') == 2


def test_a_valid_preview_shows_the_first_changed_rows_not_the_unchanged(clerk, departments):
    SampleAsset.objects.bulk_create([
        SampleAsset(code=f"ZC-{number:05d}", name=f"资产{number}", kind="infrastructure",
                    amount=Decimal(f"{number}000.50"), active=True,
                    date="2024-03-01", department=departments[number % 3])
        for number in range(1, 151)
    ])
    page = preview(client_for(clerk, "en"), SampleAsset, csv_upload(asset_table(160)), CSV)

    shown = page.context["shown_rows"]
    assert [row.import_type for row in shown] == ["new"] * 10
    assert all(row.diff for row in shown)  # each with its values
    assert "The file has 160 valid rows: 10 new, 0 to update, 150 unchanged." in (
        page.content.decode())


# -- the bulk service: the rules and messages of a single save ------------------------------


@pytest.mark.parametrize("data", [
    {"code": "ZC-1", "name": "重复", "amount": 1},  # a key stored already
    {"code": "ZC-2", "name": "负数", "amount": -1},  # a check constraint
    {"code": "ZC-3", "name": "x" * 101, "amount": 1},  # a field's own check
    {"code": "ZC-4", "name": "无此部门", "amount": 1, "department_id": 999_999},
    {"code": "ZC-5", "name": "无金额", "amount": 0},  # the app's rule
])
def test_a_row_refused_in_bulk_gets_the_message_of_a_single_save(db, data):
    from tests.import_app.services import asset_create

    SampleAsset.objects.create(code="ZC-1", name="已登记", amount=1)
    with pytest.raises(ValidationError) as single:
        asset_create(data=dict(data))
    good = {"code": "ZC-9", "name": "好", "amount": 1}

    with pytest.raises(RowsRefused) as bulk:
        asset_bulk_create(rows=[good, dict(data)])

    assert list(bulk.value.rows) == [1]
    assert bulk.value.rows[1].message_dict == single.value.message_dict
    assert SampleAsset.objects.count() == 1


def test_a_key_twice_in_one_batch_is_refused_on_the_second_row(db):
    with pytest.raises(RowsRefused) as refused:
        record_bulk_create(model=SampleAsset, rows=[
            {"code": "ZC-1", "name": "一", "amount": 1},
            {"code": "ZC-2", "name": "二", "amount": 1},
            {"code": "ZC-1", "name": "三", "amount": 1},
        ])
    assert {index: error.message_dict for index, error in refused.value.rows.items()} == {
        2: {"code": ["Sample asset with this Code already exists."]}}
    assert not SampleAsset.objects.exists()


def test_bulk_records_match_single_ones_and_are_written_in_batches(db, make_user):
    clerk = make_user("clerk2")
    rows = [{"code": f"ZC-{number}", "name": f"资产{number}", "amount": number}
            for number in range(1, 26)]
    with CaptureQueriesContext(connection) as queries:
        saved = record_bulk_create(model=SampleAsset, rows=rows, by=clerk, reason="迁移旧台账",
                                   batch_size=10)
    inserts = [query for query in queries.captured_queries
               if query["sql"].startswith("INSERT")]
    assert len(inserts) == 6  # three batches of records, three of their history entries
    assert [asset.code for asset in saved] == [row["code"] for row in rows]
    single = record_create(model=SampleAsset, data={"code": "ZC-X", "name": "单条", "amount": 5})
    for asset in (*saved, single):
        asset.refresh_from_db()
        assert (asset.version, asset.kind, asset.active) == (1, "other", True)
        assert asset.created_at is not None
    assert set(SampleAsset.history.filter(id__in=[a.pk for a in saved]).values_list(
        "history_user", "history_change_reason")) == {(clerk.pk, "迁移旧台账")}


@pytest.mark.django_db
def test_more_keys_of_several_columns_than_sqlite_takes_in_one_expression():
    """1,200 rows of a three-column key (indicator, year, month): their keys are asked in
    several queries (SQLite refuses an OR deeper than 1,000), and a stored key is still
    found."""
    from decimal import Decimal

    from cuizhai.core.base.exceptions import RowsRefused
    from cuizhai.core.base.services.bulk import record_bulk_create
    from cuizhai.core.models import IndicatorValue
    from tests.factories import IndicatorFactory

    indicators = [IndicatorFactory() for _ in range(100)]
    rows = [{"indicator": indicator, "year": 2024, "month": month, "value": Decimal(month)}
            for indicator in indicators for month in range(1, 13)]
    assert len(record_bulk_create(model=IndicatorValue, rows=rows)) == 1200
    with pytest.raises(RowsRefused) as refused:
        record_bulk_create(model=IndicatorValue, rows=[*rows[:1], {**rows[0], "year": 2025}])
    assert list(refused.value.rows) == [0]

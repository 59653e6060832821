"""The shared Excel/CSV import, exercised on the test-only register of tests/import_app: how a
file is read, that a row is saved through the app's services (their errors named by row and
column), all or nothing, the version an export carries, and who the history says imported."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.contrib.auth.models import Permission
from django.utils import translation

from cuizhai.core.base import imports
from tests.factories import DepartmentFactory
from tests.import_app.models import SampleAsset
from tests.import_app.resources import SampleAssetResource
from tests.import_app.services import asset_update
from tests.import_files import (
    CSV,
    XLSX,
    client_for,
    confirm,
    csv_upload,
    errors_of,
    export_csv,
    headers,
    import_file,
    invalid_rows,
    preview,
    xlsx_upload,
)

COLUMNS = ["code", "name", "kind", "active", "amount", "date", "department"]


@pytest.fixture
def clerk(make_user):
    """Staff who may add and change the register: what an import needs."""
    user = make_user("clerk")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="import_app", codename__endswith="sampleasset",
    ).exclude(codename__startswith="delete"))
    return user


@pytest.fixture
def office(clerk):
    return client_for(clerk)


@pytest.fixture
def english(clerk):
    return client_for(clerk, "en")


@pytest.fixture
def roads(db):
    return DepartmentFactory(name="建设管理部", code="jianshe")


def asset_rows(*overrides, language="zh-hans"):
    """A header row and three good assets; ``overrides`` are (row, column, value)."""
    rows = [
        headers(SampleAsset, COLUMNS, language),
        ["ZC-001", "青宁沟护岸", "基础设施", "是", "1,250.5", datetime.date(2024, 4, 1),
         "建设管理部"],
        ["ZC-002", "中心大街地块", "land", "否", 3600, "2024/3/1", "jianshe"],
        ["ZC-003", "临时停车场", "Other", "", 80, "2024年5月6日", ""],
    ]
    for index, column, value in overrides:
        rows[index][COLUMNS.index(column)] = value
    return rows


def asset(code, **fields):
    return SampleAsset.objects.create(code=code, name=fields.pop("name", code), **fields)


def state():
    return list(SampleAsset.objects.order_by("code").values_list("code", "name", "kind",
                                                                 "amount", "version"))


# -- reading the file -----------------------------------------------------------------------


def test_every_kind_of_column_is_read_as_the_staff_write_it(office, roads):
    upload = xlsx_upload(asset_rows(), name="资产台账.xlsx")

    previewed = preview(office, SampleAsset, upload, XLSX)

    assert [row.import_type for row in previewed.context["result"].rows] == ["new"] * 3
    assert not SampleAsset.objects.exists()  # a preview saves nothing
    assert confirm(office, SampleAsset, previewed).status_code == 302
    guard, block, parking = SampleAsset.objects.order_by("code")
    assert (guard.kind, guard.active, guard.amount) == ("infrastructure", True, Decimal("1250.50"))
    assert (guard.date, guard.department) == (datetime.date(2024, 4, 1), roads)
    assert (block.kind, block.active, block.date, block.department) == (
        "land", False, datetime.date(2024, 3, 1), roads)
    assert (parking.kind, parking.active, parking.date, parking.department) == (
        "other", False, datetime.date(2024, 5, 6), None)


def test_english_headers_plain_field_names_and_blank_lines_are_accepted(office, roads):
    rows = asset_rows(language="en")
    rows[0][0] = "code"  # the field's own name
    rows.append([None] * len(COLUMNS))  # Excel's trailing formatted line
    rows.append([""] * len(COLUMNS))

    assert import_file(office, SampleAsset, xlsx_upload(rows), XLSX).status_code == 302

    assert SampleAsset.objects.count() == 3


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_is_read_as_utf8_or_gbk(office, roads, encoding):
    rows = asset_rows((1, "date", "2024-04-01"))
    upload = csv_upload(rows, name="资产台账.csv", encoding=encoding)

    assert import_file(office, SampleAsset, upload, CSV).status_code == 302

    assert SampleAsset.objects.get(code="ZC-001").name == "青宁沟护岸"
    assert SampleAsset.objects.count() == 3


@pytest.mark.parametrize("column,value,reason", [
    ("kind", "农业", "“农业” is not one of the choices"),
    ("active", "也许", "“也许” is not a yes/no value"),
    ("amount", "一千", "“一千” is not a number."),
    ("amount", "", "This field cannot be null."),
    ("date", "三月", "“三月” is not a date"),
    ("department", "不存在的部门", "There is no department “不存在的部门”."),
])
def test_a_bad_cell_imports_nothing_and_is_named_by_row_and_column(
        english, roads, column, value, reason):
    asset("ZC-003", name="旧名称", amount=Decimal("10"))
    before = state()
    upload = xlsx_upload(asset_rows((3, column, value)))

    previewed = preview(english, SampleAsset, upload, XLSX)

    assert previewed.context.get("confirm_form") is None
    [row] = previewed.context["result"].invalid_rows
    assert row.number == 3
    [(named, messages)] = row.field_specific_errors.items()
    assert named == headers(SampleAsset, [column], "en")[0]
    assert any(reason in message for message in messages), messages
    assert "Line 4" in previewed.content.decode()  # the line as Excel numbers it
    assert state() == before


def test_a_row_against_a_model_constraint_imports_nothing(english, roads):
    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows((2, "amount", -5))), XLSX)

    [row] = previewed.context["result"].invalid_rows
    assert (row.number, row.non_field_specific_errors) == (2, ["An amount cannot be negative."])
    assert not SampleAsset.objects.exists()


def test_a_record_twice_in_one_file_is_refused(english, roads):
    rows = asset_rows()
    rows.append(rows[1][:])
    rows[4][1] = "青宁沟护岸（二期）"  # same code, another name: the second would win

    previewed = preview(english, SampleAsset, xlsx_upload(rows), XLSX)

    errors = invalid_rows(previewed)
    assert list(errors) == [4]
    assert any("Line 2 has this record already" in message for message in errors[4])
    assert not SampleAsset.objects.exists()


# -- all or nothing, through the services ---------------------------------------------------


@pytest.mark.parametrize("use_transactions", [True, False])
def test_the_resource_itself_is_all_or_nothing(settings, roads, clerk, use_transactions):
    """Row 2 of 3 is bad: rows 1 and 3 are not saved either, whatever the setting."""
    settings.IMPORT_EXPORT_USE_TRANSACTIONS = use_transactions
    rows = asset_rows((2, "amount", -1))
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])

    with translation.override("zh-hans"):
        result = SampleAssetResource().import_data(dataset, dry_run=False, user=clerk)

    assert [row.number for row in result.invalid_rows] == [2]
    assert not SampleAsset.objects.exists()


def test_rows_that_fail_at_confirmation_leave_the_database_unchanged(office, roads):
    """The data may change between preview and confirmation: every row is checked again,
    and a failure then still saves nothing, not even the rows before it."""
    previewed = preview(office, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    assert previewed.context["confirm_form"] is not None
    SampleAsset.objects.create(code="ZC-002", name="中心大街地块", kind="other", amount=1)

    confirmed = confirm(office, SampleAsset, previewed)

    assert confirmed.status_code == 200
    assert list(invalid_rows(confirmed)) == [2]  # it now exists, with another kind
    assert state() == [("ZC-002", "中心大街地块", "other", Decimal("1.00"), 1)]


def test_a_service_rule_is_named_by_row_and_column_in_the_preview_and_the_import(clerk, roads):
    """The import writes through the app's service (here: an asset's kind is fixed, a new
    asset needs its amount): its errors land on the columns the staff see, and a preview
    reports exactly what the import itself would."""
    asset("ZC-001", kind="infrastructure", amount=Decimal("5"))
    before = state()
    rows = asset_rows((1, "kind", "land"), (3, "amount", 0))
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])

    with translation.override("en"):
        dry = SampleAssetResource().import_data(dataset, dry_run=True, user=clerk)
        real = SampleAssetResource().import_data(dataset, dry_run=False, user=clerk)

    assert errors_of(dry) == errors_of(real) == {
        1: ["The kind of an asset is fixed once it is registered."],
        3: ["An asset is registered with its amount."],
    }
    assert [list(row.field_specific_errors) for row in real.invalid_rows] == [
        headers(SampleAsset, ["kind"], "en"), headers(SampleAsset, ["amount"], "en"),
    ]
    assert state() == before


def test_a_row_is_saved_through_the_resources_service(clerk, roads, monkeypatch):
    calls = []

    def spy(**kwargs):
        calls.append({**kwargs, "stored_name": kwargs["asset"].name})
        return asset_update(**kwargs)

    monkeypatch.setattr("tests.import_app.services.asset_update", spy)
    asset("ZC-002", name="旧名称", kind="land", amount=Decimal("3600"))
    rows = asset_rows()
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])

    result = SampleAssetResource().import_data(dataset, dry_run=False, user=clerk)

    assert not result.has_validation_errors()
    [call] = calls  # the two new rows went through asset_create
    assert call["data"] == {  # only what the row changes
        "name": "中心大街地块", "active": False, "date": datetime.date(2024, 3, 1),
        "department": roads,
    }
    assert (call["stored_name"], call["expected_version"], call["by"]) == ("旧名称", 1, clerk)
    assert SampleAsset.objects.get(code="ZC-002").version == 2


# -- the version an export carries ----------------------------------------------------------


def exported_assets(client):
    return export_csv(client, SampleAsset, "sampleassetresource", [*COLUMNS, "version"])


def as_upload(dataset, name="资产台账.csv"):
    return csv_upload([dataset.headers, *dataset], name=name)


def test_an_export_carries_the_version_and_reimports_unchanged(office, roads):
    asset("ZC-001", amount=Decimal("5"), department=roads)
    SampleAsset.objects.filter(code="ZC-001").update(version=4)

    exported = exported_assets(office)

    assert exported.headers[-1] == "版本"
    assert exported[0][-1] == "4"
    again = preview(office, SampleAsset, as_upload(exported), CSV)
    assert [row.import_type for row in again.context["result"].rows] == ["skip"]


def test_an_old_export_cannot_overwrite_a_newer_edit(english, office, roads):
    """Exported, then edited elsewhere (the API, the admin), then the old file comes back
    with a change of its own: refused with a word, and the newer edit is kept."""
    stored = asset("ZC-001", name="青宁沟护岸", amount=Decimal("5"))
    exported = exported_assets(office)
    asset_update(asset=stored, data={"amount": Decimal("8")}, expected_version=1)
    exported[0] = ("ZC-001", "青宁沟护岸（改）", *exported[0][2:])

    previewed = preview(english, SampleAsset, as_upload(exported), CSV)

    [row] = previewed.context["result"].invalid_rows
    assert list(row.field_specific_errors) == ["version"]
    [message] = row.field_specific_errors["version"]
    assert "changed since the file was exported" in message and "export it again" in message
    assert state() == [("ZC-001", "青宁沟护岸", "other", Decimal("8.00"), 2)]

    fresh = exported_assets(office)  # exported again, the change made in the new file
    fresh[0] = ("ZC-001", "青宁沟护岸（改）", *fresh[0][2:])
    assert import_file(office, SampleAsset, as_upload(fresh), CSV).status_code == 302
    assert state() == [("ZC-001", "青宁沟护岸（改）", "other", Decimal("8.00"), 3)]


def test_an_edit_between_preview_and_confirmation_is_caught_by_the_version(office, roads):
    stored = asset("ZC-001", name="青宁沟护岸", amount=Decimal("5"))
    exported = exported_assets(office)
    exported[0] = ("ZC-001", "青宁沟护岸（改）", *exported[0][2:])
    previewed = preview(office, SampleAsset, as_upload(exported), CSV)
    assert previewed.context["confirm_form"] is not None
    asset_update(asset=stored, data={"amount": Decimal("8")}, expected_version=1)

    confirmed = confirm(office, SampleAsset, previewed)

    assert list(invalid_rows(confirmed)) == [1]
    assert state() == [("ZC-001", "青宁沟护岸", "other", Decimal("8.00"), 2)]


def test_an_old_row_that_changes_nothing_is_skipped_not_refused(office, roads):
    """The version guards against overwriting: a row equal to the record writes nothing, so
    the other rows of an old export still go in."""
    stored = asset("ZC-001", name="青宁沟护岸", amount=Decimal("5"))
    without_dates = ["code", "name", "kind", "amount", "version"]
    exported = export_csv(office, SampleAsset, "sampleassetresource", without_dates)
    asset_update(asset=stored, data={"date": datetime.date(2024, 1, 1)}, expected_version=1)
    exported.append(("ZC-009", "新资产", "其他", "7", ""))

    assert import_file(office, SampleAsset, as_upload(exported), CSV).status_code == 302

    assert state() == [("ZC-001", "青宁沟护岸", "other", Decimal("5.00"), 2),
                       ("ZC-009", "新资产", "other", Decimal("7.00"), 1)]


def test_a_hand_typed_file_without_versions_updates_the_record(office, roads):
    """A file without a version column (or with the cell left blank) says nothing about what
    its author saw: it updates the record as this import reads it (see README)."""
    asset("ZC-001", name="旧名称", kind="infrastructure", amount=Decimal("5"))
    asset("ZC-002", name="旧名称", kind="land", amount=Decimal("5"))
    rows = asset_rows()
    rows[0].append(headers(SampleAsset, ["version"])[0])
    for row in rows[1:]:
        row.append("")

    assert import_file(office, SampleAsset, xlsx_upload(rows), XLSX).status_code == 302

    assert [(code, name, version) for code, name, _k, _a, version in state()] == [
        ("ZC-001", "青宁沟护岸", 2), ("ZC-002", "中心大街地块", 2), ("ZC-003", "临时停车场", 1),
    ]


def test_a_version_that_is_not_a_number_is_named(english, roads):
    asset("ZC-001", amount=Decimal("5"))
    rows = asset_rows()
    rows[0].append("version")
    for row, version in zip(rows[1:], ["第一版", "", ""], strict=True):
        row.append(version)

    previewed = preview(english, SampleAsset, xlsx_upload(rows), XLSX)

    [row] = previewed.context["result"].invalid_rows
    assert row.number == 1
    assert row.field_specific_errors == {"version": ["“第一版” is not a number."]}


# -- who imported ---------------------------------------------------------------------------


def test_the_history_names_the_importer_and_the_file(office, clerk, roads):
    asset("ZC-002", kind="land", amount=Decimal("1"))

    import_file(office, SampleAsset, xlsx_upload(asset_rows(), name="资产台账.xlsx"), XLSX)

    assert SampleAsset.objects.count() == 3
    for record in SampleAsset.objects.all():
        entry = record.history.latest()
        assert entry.history_user == clerk
        assert "资产台账.xlsx" in entry.history_change_reason


def test_the_importer_is_recorded_outside_a_request_too(clerk, roads):
    """A command or a script imports with ``user=``: no request carries the user there."""
    asset("ZC-002", kind="land", amount=Decimal("1"))
    rows = asset_rows()
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])

    with translation.override("en"):
        result = SampleAssetResource().import_data(dataset, dry_run=False, user=clerk,
                                                   file_name="assets.csv")

    assert not result.has_validation_errors()
    entries = [record.history.latest() for record in SampleAsset.objects.order_by("code")]
    assert [(e.history_type, e.history_user) for e in entries] == [
        ("+", clerk), ("~", clerk), ("+", clerk)]
    assert {e.history_change_reason for e in entries} == {"Imported from assets.csv"}


def test_the_version_conflict_is_told_in_chinese(office, roads):
    stored = asset("ZC-001", name="青宁沟护岸", amount=Decimal("5"))
    exported = exported_assets(office)
    asset_update(asset=stored, data={"amount": Decimal("8")}, expected_version=1)
    exported[0] = ("ZC-001", "青宁沟护岸（改）", *exported[0][2:])

    previewed = preview(office, SampleAsset, as_upload(exported), CSV)

    [row] = previewed.context["result"].invalid_rows
    assert row.field_specific_errors == {"版本": [
        "该记录在文件导出后已被修改（文件中为第 1 版，现为第 2 版）：请重新导出，并在新文件中修改。"
    ]}


class ShortCodeResource(SampleAssetResource):
    code = imports.column(SampleAsset, "code", imports.TextWidget(max_length=6))


def test_a_key_cell_that_does_not_read_is_that_cells_error(roads, clerk):
    """The key names the record to update; a key the column refuses is that cell's error,
    like any other column's, not an error of the whole row (the party-building sign-in
    sheet's unknown person is the same case with a key of two columns)."""
    rows = asset_rows((2, "code", "ZC-0002"))
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])

    with translation.override("en"):
        result = ShortCodeResource().import_data(dataset, dry_run=False, user=clerk)

        assert not result.has_errors()
        assert {row.number: row.error_dict for row in result.invalid_rows} == {
            2: {"code": ["The text has 7 characters; this column takes at most 6."]}}
    assert not SampleAsset.objects.exists()

"""The admin's import as a hostile or careless user drives it: the confirmation reads only
the file this user previewed, waiting files are deleted, a file past a limit is refused
before it is read, and the preview page stays small whatever the file. On the test-only
register of tests/import_app (and projects, for a free-text column)."""

import io
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from projects.models import Project
from tests.core import test_import_machinery as machinery
from tests.import_app.models import SampleAsset
from tests.import_files import (
    CSV,
    XLSX,
    client_for,
    confirm,
    csv_upload,
    headers,
    import_file,
    invalid_rows,
    preview,
    xlsx_upload,
)

CONFIRM_URL = "admin:import_app_sampleasset_process_import"
COLUMNS, asset_rows = machinery.COLUMNS, machinery.asset_rows
# The register's clerk (in Chinese and in English) and a department, as the machinery's
# tests have them.
clerk, office, english, roads = (machinery.clerk, machinery.office, machinery.english,
                                 machinery.roads)


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CUIZHAI_IMPORT_UPLOAD_DIR = str(tmp_path / "import-uploads")
    return tmp_path / "import-uploads"


def waiting_files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def form_errors(response):
    return [str(error) for error in response.context["form"].errors.get("import_file", [])]


def with_cell_text(upload, marker, text):
    """The workbook with ``text`` where it has ``marker``: openpyxl itself cuts a cell to
    Excel's limit, a hand-made file need not."""
    source = zipfile.ZipFile(io.BytesIO(upload.read()))
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as book:
        for member in source.infolist():
            book.writestr(member.filename, source.read(member).replace(
                marker.encode(), text.encode()))
    return SimpleUploadedFile(upload.name, content.getvalue())


def confirm_data(previewed, **changes):
    form = previewed.context["confirm_form"]
    return {**{name: form.initial.get(name, "") for name in form.fields}, **changes}


# -- the confirmation reads only this user's previewed file ----------------------------------


def test_the_previewed_file_waits_in_the_private_folder_and_goes_on_confirmation(
        office, roads, upload_dir):
    previewed = preview(office, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    token = previewed.context["confirm_form"].initial["import_file_name"]

    assert waiting_files(upload_dir) == [token]
    assert oct(upload_dir.stat().st_mode & 0o777) == "0o700"
    assert oct((upload_dir / token).stat().st_mode & 0o777) == "0o600"
    assert confirm(office, SampleAsset, previewed).status_code == 302
    assert SampleAsset.objects.count() == 3
    assert waiting_files(upload_dir) == []


def test_a_preview_with_errors_keeps_no_file(english, roads, upload_dir):
    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows((1, "kind", "农业"))), XLSX)

    assert previewed.context["confirm_form"] is None
    assert waiting_files(upload_dir) == []


def test_a_confirmation_naming_a_server_file_is_refused_and_reads_nothing(english, upload_dir):
    """The probe: a file never uploaded, named by the client, was parsed and shown."""
    header = ",".join(headers(SampleAsset, COLUMNS))
    planted = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
    planted.write(f"{header}\nSECRET-1,居民身份证号,other,是,1,2024-01-01,\n")
    planted.close()
    try:
        for name in (os.path.basename(planted.name), planted.name, "../../etc/passwd",
                     "0123456789abcdef0123456789abcdef"):
            response = english.post(reverse(CONFIRM_URL), {
                "import_file_name": name, "original_file_name": "x.csv", "format": CSV,
                "resource": "0",
            })
            assert response.status_code == 400
            assert "This import is not available" in response.content.decode()
            assert "SECRET-1" not in response.content.decode()
        assert Path(planted.name).read_text(encoding="utf-8").count("SECRET-1") == 1
        assert not SampleAsset.objects.exists()
    finally:
        os.unlink(planted.name)


def test_another_users_file_cannot_be_confirmed(office, roads, upload_dir, make_user):
    previewed = preview(office, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    intruder = make_user("intruder", is_superuser=True)

    response = client_for(intruder, "en").post(reverse(CONFIRM_URL), confirm_data(previewed))

    assert response.status_code == 400
    assert not SampleAsset.objects.exists()
    # The owner's preview is untouched and can still be confirmed.
    assert confirm(office, SampleAsset, previewed).status_code == 302
    assert SampleAsset.objects.count() == 3


@pytest.mark.parametrize("tampered", [{"format": "abc"}, {"resource": "7"}, {"format": CSV},
                                      {"import_file_name": "../x"}, {"import_file_name": ""}])
def test_a_tampered_confirmation_is_a_400_not_a_500(english, roads, upload_dir, tampered):
    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows()), XLSX)

    response = english.post(reverse(CONFIRM_URL), confirm_data(previewed, **tampered))

    assert response.status_code == 400
    assert not SampleAsset.objects.exists()


def test_a_confirmation_serves_once_and_not_after_its_file_is_gone(english, roads, upload_dir):
    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    assert confirm(english, SampleAsset, previewed).status_code == 302

    again = english.post(reverse(CONFIRM_URL), confirm_data(previewed))
    assert again.status_code == 400

    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    for path in upload_dir.iterdir():
        path.unlink()  # removed for its age meanwhile
    gone = english.post(reverse(CONFIRM_URL), confirm_data(previewed))
    assert gone.status_code == 400
    assert "no longer on the server" in gone.content.decode()


# -- waiting files are deleted ------------------------------------------------------------------


def test_cancelling_deletes_the_file(english, roads, upload_dir):
    previewed = preview(english, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    token = previewed.context["confirm_form"].initial["import_file_name"]

    response = english.post(reverse("admin:import_app_sampleasset_cancel_import"),
                            {"import_file_name": token}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:import_app_sampleasset_import")
    assert "Import cancelled; the uploaded file was deleted." in response.content.decode()
    assert waiting_files(upload_dir) == []
    assert english.post(reverse(CONFIRM_URL), confirm_data(previewed)).status_code == 400
    assert not SampleAsset.objects.exists()


def test_abandoned_files_go_by_age_at_the_next_upload_and_by_command(
        office, roads, upload_dir, settings):
    settings.CUIZHAI_IMPORT_UPLOAD_MAX_AGE_HOURS = 4
    upload_dir.mkdir(mode=0o700)
    old, fresh = upload_dir / ("a" * 32), upload_dir / ("b" * 32)
    for path in (old, fresh):
        path.write_bytes(b"residents' data")
    five_hours_ago = time.time() - 5 * 3600
    os.utime(old, (five_hours_ago, five_hours_ago))

    previewed = preview(office, SampleAsset, xlsx_upload(asset_rows()), XLSX)
    token = previewed.context["confirm_form"].initial["import_file_name"]
    assert waiting_files(upload_dir) == sorted([fresh.name, token])

    os.utime(fresh, (five_hours_ago, five_hours_ago))
    out = io.StringIO()
    call_command("clean_import_uploads", stdout=out)
    assert waiting_files(upload_dir) == [token]
    assert "1" in out.getvalue()
    call_command("clean_import_uploads", hours=0, stdout=io.StringIO())
    assert waiting_files(upload_dir) == []


def test_a_session_keeps_only_its_last_few_previews(office, roads, upload_dir):
    tokens = [
        preview(office, SampleAsset, xlsx_upload(asset_rows()), XLSX)
        .context["confirm_form"].initial["import_file_name"]
        for _ in range(6)
    ]

    assert waiting_files(upload_dir) == sorted(tokens[1:])


# -- a file past a limit is refused before it is read ----------------------------------------


def test_the_probe_a_small_xlsx_with_a_huge_cell_is_refused_without_echo(english, roads,
                                                                        upload_dir):
    """44 KB on the wire, 40 MB in one cell: it passed validation, echoed 39 MB of HTML and
    took the worker to 577 MiB."""
    rows = asset_rows()
    rows[1][COLUMNS.index("name")] = "HUGE-CELL"
    upload = with_cell_text(xlsx_upload(rows), "HUGE-CELL", "x" * 40_000_000)
    assert upload.size < 200 * 1024

    response = preview(english, SampleAsset, upload, XLSX)

    assert response.status_code == 200
    assert form_errors(response) == [
        "A cell holds more than 32,767 characters, the most a cell may hold (Excel's own "
        "limit)."
    ]
    assert len(response.content) < 100 * 1024
    assert response.context.get("result") is None
    assert waiting_files(upload_dir) == []


def test_a_cell_at_excels_limit_is_read(english, roads, settings):
    settings.CUIZHAI_IMPORT_MAX_ROWS = 10
    rows = asset_rows()
    rows[1][COLUMNS.index("name")] = "崔" * 32_767

    response = preview(english, SampleAsset, xlsx_upload(rows), XLSX)

    assert form_errors(response) == []  # read; the model's own length then refuses the row
    assert "Ensure this value has at most 100 characters" in str(invalid_rows(response)[1])


@pytest.mark.parametrize("length", [32_768, 200_000])
def test_a_csv_cell_past_excels_limit_is_refused(english, roads, length):
    rows = asset_rows()
    rows[2][COLUMNS.index("name")] = "x" * length

    response = preview(english, SampleAsset, csv_upload(rows), CSV)

    assert form_errors(response) == [
        "A cell holds more than 32,767 characters, the most a cell may hold (Excel's own "
        "limit)."
    ]


def test_a_zip_bomb_is_refused_from_its_declared_size(english, settings):
    settings.CUIZHAI_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    upload = xlsx_upload([["x"]])
    upload.file = io.BytesIO(content.getvalue())
    upload.size = len(content.getvalue())

    response = preview(english, SampleAsset, upload, XLSX)

    assert form_errors(response) == [
        "Unpacked, the workbook takes 3.0\xa0MB; an import takes at most 1.0\xa0MB. Copy the "
        "rows you import into a new workbook."
    ]


def test_a_file_larger_than_an_import_takes_is_refused(english, settings):
    settings.CUIZHAI_IMPORT_MAX_BYTES = 1024
    rows = [headers(SampleAsset, COLUMNS, "en")] + [
        [f"ZC-{n:03d}", "x" * 50, "", "", 1, "", ""] for n in range(40)
    ]

    response = preview(english, SampleAsset, csv_upload(rows), CSV)

    assert form_errors(response) == ["The file is too large: an import takes at most 1.0\xa0KB."]


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_more_rows_than_the_browser_takes_are_sent_to_the_command(english, roads, settings,
                                                                  file_format):
    settings.CUIZHAI_IMPORT_MAX_ROWS = 3
    rows = asset_rows()
    make = xlsx_upload if file_format == XLSX else csv_upload
    assert preview(english, SampleAsset, make(rows), file_format).context["confirm_form"]

    rows.append(["ZC-004", "多出的一行", "", "", 1, "", ""])
    response = preview(english, SampleAsset, make(rows), file_format)

    assert form_errors(response) == [
        "The file has 4 rows: too big for the browser, which takes at most 3. Split the "
        "file, or have the administrator import it with the import_rows command, which "
        "takes any number of rows."
    ]


def test_blank_formatted_rows_do_not_count(english, roads, settings):
    settings.CUIZHAI_IMPORT_MAX_ROWS = 3
    rows = asset_rows() + [[None] * len(COLUMNS)] * 20

    assert import_file(english, SampleAsset, xlsx_upload(rows), XLSX).status_code == 302


@pytest.mark.parametrize("file_format", [XLSX, CSV])
def test_more_columns_than_an_import_takes_are_refused(english, roads, settings, file_format):
    settings.CUIZHAI_IMPORT_MAX_COLUMNS = 8
    rows = [row + [f"extra {n}", "y"] for n, row in enumerate(asset_rows())]
    make = xlsx_upload if file_format == XLSX else csv_upload

    response = preview(english, SampleAsset, make(rows), file_format)

    assert form_errors(response) == ["The file has 9 columns; an import takes at most 8."]


def test_free_text_without_a_model_length_is_held_to_2000_characters(projects_editor, db):
    from tests.factories import DepartmentFactory

    DepartmentFactory(name="项目服务中心")
    client = client_for(projects_editor, "en")
    names = ["code", "name", "category", "stage", "status", "plan_year", "total_investment",
             "owner_name", "department", "description"]
    row = ["QD-1", "测试项目", "industry", "planned", "planning", 2024, 100, "崔寨街道办事处",
           "项目服务中心"]
    rows = [headers(Project, names), row + ["说" * 2000], ["QD-2", *row[1:], "说" * 2001]]

    response = preview(client, Project, xlsx_upload(rows), XLSX)

    assert invalid_rows(response) == {
        2: ["The text has 2001 characters; this column takes at most 2000."]
    }


# -- the preview page stays small ------------------------------------------------------------


def test_the_preview_shows_the_first_rows_and_counts_the_rest(english, roads, settings):
    rows = [headers(SampleAsset, COLUMNS)] + [
        [f"ZC-{n:04d}", f"资产{n}", "other", "是", 10, "2024-01-01", ""] for n in range(130)
    ]

    response = preview(english, SampleAsset, csv_upload(rows), CSV)

    page = response.content.decode()
    assert page.count('<tr class="new">') == 100
    assert "The first 100 rows are shown; 30 more rows will be imported too." in page
    assert "The file has 130 valid rows: 130 new, 0 to update, 0 unchanged." in page
    assert confirm(english, SampleAsset, response).status_code == 302
    assert SampleAsset.objects.count() == 130


def test_the_preview_lists_the_first_rows_with_errors_and_counts_the_rest(english, roads):
    rows = [headers(SampleAsset, COLUMNS)] + [
        [f"ZC-{n:04d}", "坏" * 300, "农业", "是", 10, "2024-01-01", ""] for n in range(130)
    ]

    response = preview(english, SampleAsset, csv_upload(rows), CSV)

    page = response.content.decode()
    assert page.count('class="import-row-error"') == 100
    assert "The first 100 rows with errors are listed; 30 more rows have errors too." in page
    assert "坏" * 101 not in page  # long values are cut short, not echoed whole
    assert len(response.content) < 400 * 1024
    assert response.context["confirm_form"] is None


def test_the_refusals_are_in_chinese_for_the_office(office, roads, settings):
    settings.CUIZHAI_IMPORT_MAX_ROWS = 2

    response = preview(office, SampleAsset, csv_upload(asset_rows()), CSV)

    assert form_errors(response) == [
        "文件有 3 行，超出网页导入的上限（2 行）。请拆分文件，或请系统管理员用 import_rows "
        "命令导入（该命令不限行数）。"
    ]

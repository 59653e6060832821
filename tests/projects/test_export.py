"""Exports of the projects lists, read back as an official and a machine read them: the XLSX
report (title, 序号, frozen bold header, autofilter, widths, formats, totals, print setup),
the raw CSV, formula injection, streaming at a fixed number of queries, the admin's buttons
giving the API's file, the limits that refuse instead of truncating, the import template,
the import preview naming Excel lines, and an exported CSV imported back."""

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import quote

import openpyxl
import pytest
from django.contrib import admin
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cuizhai.core.base.admin.tracked import TrackedModelAdmin
from cuizhai.core.base.api.export import list_viewset_for
from cuizhai.core.base.export import files
from projects.choices import ProjectStatus
from projects.models import Project
from tests.factories import DepartmentFactory
from tests.import_files import XLSX, client_for, csv_upload, import_file, preview, xlsx_upload
from tests.projects.factories import EnterpriseFactory, FundingLineFactory, ProjectFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/projects/"


def body(response):
    assert response.status_code == 200, getattr(response, "content", b"")[:500]
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(body(response))).active


def read_csv(response):
    content = body(response)
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def admin_export(model, fmt="xlsx"):
    name = "export" if fmt == "xlsx" else "export_csv"
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}")


@pytest.fixture
def api(leader, api_client_for):
    return api_client_for(leader)


@pytest.fixture
def projects(db):
    department = DepartmentFactory(name="项目服务中心")
    enterprise = EnterpriseFactory(name="济南鼎点数控设备有限公司")
    built = [
        ProjectFactory(code="XM-A", name="济南黄河体育中心配套道路及综合管廊工程",
                       status=ProjectStatus.CONSTRUCTION, stage="started",
                       total_investment=Decimal("123456.78"), progress_percent=45,
                       planned_start=datetime.date(2024, 3, 1), department=department,
                       is_relocation=True),
        ProjectFactory(code="XM-B", name="安博一期", status=ProjectStatus.CONSTRUCTION,
                       stage="started", total_investment=Decimal("1000.00"),
                       owner_enterprise=enterprise, owner_name="", department=department),
        ProjectFactory(code="XM-C", name="会展中心A-1", status=ProjectStatus.PLANNING),
    ]
    FundingLineFactory(project=built[0], amount=Decimal("500.50"))
    return built


# -- the XLSX report ----------------------------------------------------------------------
def test_the_xlsx_report_reads_as_an_official_report(projects, api):
    response = api.get(API, {"format": "xlsx", "status": "construction", "ordering": "code"})
    assert quote("项目") in response["Content-Disposition"]
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = read_xlsx(response)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    with translation.override("zh-hans"):
        assert rows[0][0] == str(Project._meta.verbose_name_plural)
        status_label = str(ProjectStatus.CONSTRUCTION.label)
    assert "筛选条件" in rows[1][0] and status_label in rows[1][0]
    assert "万元" in rows[1][0] and "截至" in rows[1][0]
    header = rows[2]
    assert header[0] == "序号"
    # Technical columns left out; one owner column, not three.
    assert not {"ID", "版本", "创建时间", "更新时间", "可执行操作"} & set(header)
    assert header.count("建设单位") == 1
    assert "建设单位（企业）" not in header
    data = [dict(zip(header, row, strict=True)) for row in rows[3:5]]
    assert [r["序号"] for r in data] == [1, 2]
    assert [r["编码"] for r in data] == ["XM-A", "XM-B"]
    assert data[0]["状态"] == status_label  # a label, never "construction"
    assert data[0]["企业搬迁入园项目"] == "是" and data[1]["企业搬迁入园项目"] == "否"
    assert data[1]["建设单位"] == "济南鼎点数控设备有限公司"
    assert data[0]["总投资（万元）"] == pytest.approx(123456.78)
    assert data[0]["形象进度（%）"] == pytest.approx(0.45)
    assert data[0]["计划开工"] == datetime.datetime(2024, 3, 1)
    # Totals of the money columns, as values (no formula).
    totals = dict(zip(header, rows[5], strict=True))
    assert totals["序号"] == "合计"
    assert totals["总投资（万元）"] == pytest.approx(124456.78)
    assert totals["资金来源合计（万元）"] == pytest.approx(500.50)
    assert len(rows) == 6

    cells = {c.value: c for c in sheet[3]}
    column = {name: cell.column_letter for name, cell in cells.items()}
    row4 = {sheet.cell(row=3, column=c.column).value: c for c in sheet[4]}
    assert row4["总投资（万元）"].number_format == "#,##0.00"
    assert row4["形象进度（%）"].number_format == "0.00%"
    assert row4["计划开工"].number_format == "yyyy-mm-dd"
    assert all(cell.font.b for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:{sheet.cell(row=3, column=len(header)).column_letter}5"
    # Widths fitted to the text: a Chinese character counts two.
    assert sheet.column_dimensions[column["名称"]].width >= 2 * len(projects[0].name)
    assert sheet.column_dimensions[column["编码"]].width < 20
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$3:$3"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_csv_keeps_the_raw_data_machines_need(projects, api):
    rows = read_csv(api.get(API, {"format": "csv", "status": "construction",
                                  "ordering": "code"}))
    header = rows[0]
    assert {"ID", "版本", "建设单位（企业）", "建设单位"} <= set(header)
    first = dict(zip(header, rows[1], strict=True))
    assert first["ID"] == str(projects[0].pk)
    assert first["版本"] == str(projects[0].version)
    assert first["总投资（万元）"] == "123456.78"  # no separators: data for machines
    assert first["计划开工"] == "2024-03-01"
    assert len(rows) == 3


def test_csv_date_times_are_the_site_times_iso_text(projects, api):
    """On PostgreSQL the query writes them (no datetime parsed per cell), as Python would."""
    utc = datetime.UTC
    stamps = {projects[0].pk: datetime.datetime(2024, 3, 1, 1, 30, 0, 123456, tzinfo=utc),
              projects[1].pk: datetime.datetime(2023, 12, 31, 16, 0, tzinfo=utc)}
    for pk, stamp in stamps.items():
        Project.objects.filter(pk=pk).update(created_at=stamp)

    with CaptureQueriesContext(connection) as queries:
        rows = read_csv(api.get(API, {"format": "csv", "status": "construction"}))

    by_id = {row[0]: row for row in rows[1:]}
    assert "2024-03-01T09:30:00.123456+08:00" in by_id[str(projects[0].pk)]
    assert "2024-01-01T00:00:00+08:00" in by_id[str(projects[1].pk)]
    for pk, stamp in stamps.items():  # as Python writes it in the site's time zone
        assert timezone.localtime(stamp).isoformat() in by_id[str(pk)]
    if connection.vendor == "postgresql":
        assert any("AT TIME ZONE" in query["sql"] for query in queries.captured_queries)


# -- formula injection -------------------------------------------------------------------
HOSTILE = {"name": "=HYPERLINK(\"http://evil\",\"点我\")", "location": "+1+1",
           "lead_official": "@SUM(A1)", "description": "-2+3", "owner_name": "\tcmd"}


def test_text_that_excel_would_run_is_neutralised_in_csv_and_xlsx(api):
    ProjectFactory(code="XM-X", **HOSTILE)
    with translation.override("zh-hans"):
        labels = {name: str(Project._meta.get_field(name).verbose_name).capitalize()
                  for name in HOSTILE}
    rows = read_csv(api.get(API, {"format": "csv"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    for name, text in HOSTILE.items():
        label = next(h for h in rows[0] if h.casefold() == labels[name].casefold())
        assert row[label] == "'" + text
    sheet = read_xlsx(api.get(API, {"format": "xlsx"}))
    cells = [c for row in sheet.iter_rows(min_row=4) for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + HOSTILE["name"] in texts and "'-2+3" in texts


# -- streaming, queries --------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_runs_the_same_queries_for_3_or_40_rows(fmt, leader, api_client_for):
    def queries():
        client = api_client_for(type(leader).objects.get(pk=leader.pk))
        with CaptureQueriesContext(connection) as captured:
            content = body(client.get(API, {"format": fmt}))
        return len(captured), content

    for _ in range(3):
        ProjectFactory(owner_enterprise=EnterpriseFactory(), owner_name="",
                       department=DepartmentFactory())
    few, _content = queries()
    for _ in range(37):
        ProjectFactory(owner_enterprise=EnterpriseFactory(), owner_name="",
                       department=DepartmentFactory())
    many, content = queries()
    assert many == few
    if fmt == "csv":
        assert content.decode("utf-8-sig").count("\n") == 41


def test_the_csv_header_is_sent_before_any_row_is_read(projects, api):
    response = api.get(API, {"format": "csv"})
    with CaptureQueriesContext(connection) as captured:
        first = next(iter(response.streaming_content))
    assert first.decode("utf-8").startswith("\ufeffID,")
    assert not [q for q in captured.captured_queries if "projects_project" in q["sql"]]


# -- the limits: refused, never a truncated file with 200 -------------------------------------
def test_more_rows_than_the_cap_are_refused_before_anything_is_sent(projects, api, settings):
    settings.CUIZHAI_EXPORT_MAX_ROWS = 2
    for fmt in ("csv", "xlsx"):
        response = api.get(API, {"format": fmt})
        assert response.status_code == 400
        assert not response.streaming
        assert "3" in response.json()["detail"] and "筛选" in response.json()["detail"]
    assert api.get(API, {"format": "csv", "status": "construction"}).status_code == 200


def test_a_csv_past_the_time_limit_says_so_and_breaks_off(projects, api, monkeypatch):
    monkeypatch.setattr(files, "CSV_BATCH_ROWS", 1)
    monkeypatch.setattr(files.Deadline, "passed", lambda self: True)
    response = api.get(API, {"format": "csv"})
    received = []
    with pytest.raises(files.ExportTooSlow):
        for piece in response.streaming_content:
            received.append(piece.decode("utf-8"))
    assert "导出未完成" in received[-1]
    assert len(received) == 3  # the header, one row, the notice: then the stream breaks


def test_an_xlsx_past_the_time_limit_is_refused(projects, api, monkeypatch):
    monkeypatch.setattr(files, "XLSX_CHECK_ROWS", 1)
    monkeypatch.setattr(files.Deadline, "passed", lambda self: True)
    response = api.get(API, {"format": "xlsx"})
    assert response.status_code == 503
    assert "筛选" in response.json()["detail"]


# -- the admin's export buttons: the API's file --------------------------------------------
def test_the_admin_export_is_the_api_export_with_the_same_filters(projects, leader, api):
    office = client_for(leader)
    changelist = office.get(reverse("admin:projects_project_changelist"),
                            {"status__exact": "construction", "o": "0"})
    assert f'href="{admin_export(Project)}?o=0&amp;status__exact=construction"' in \
        changelist.content.decode()

    from_admin = body(office.get(admin_export(Project, "csv"),
                                 {"status__exact": "construction", "o": "0"}))
    from_api = body(api.get(API, {"format": "csv", "status": "construction",
                                  "ordering": "code"}))
    assert from_admin == from_api

    admin_rows = list(read_xlsx(office.get(admin_export(Project), {
        "status__exact": "construction", "o": "0"})).iter_rows(values_only=True))
    api_rows = list(read_xlsx(api.get(API, {"format": "xlsx", "status": "construction",
                                            "ordering": "code"})).iter_rows(values_only=True))
    assert admin_rows[0] == api_rows[0]
    assert admin_rows[2:] == api_rows[2:]
    assert "在建" in admin_rows[1][0]


def tracked_admins_with_a_list():
    return sorted(
        (model._meta.label for model, model_admin in admin.site._registry.items()
         if isinstance(model_admin, TrackedModelAdmin) and list_viewset_for(model)),
    )


@pytest.mark.parametrize("label", tracked_admins_with_a_list())
def test_every_changelist_exports_its_list(label, admin_user_, projects):
    from django.apps import apps

    model = apps.get_model(label)
    office = client_for(admin_user_)
    page = office.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}"
                              "_changelist")).content.decode()
    assert 'id="export-xlsx"' in page and 'id="export-csv"' in page
    sheet = read_xlsx(office.get(admin_export(model)))
    assert sheet["A3"].value == "序号"
    assert read_csv(office.get(admin_export(model, "csv")))[0]


def test_the_changelists_of_interest_are_all_exportable():
    labels = set(tracked_admins_with_a_list())
    assert {"projects.ProjectProblem", "projects.EnterpriseNeed", "projects.Visit",
            "projects.MonthlyProgress", "projects.Milestone", "core.IndicatorValue",
            "projects.Project", "projects.FundingLine"} <= labels


def test_an_admin_export_over_the_cap_goes_back_with_a_message(projects, leader, settings):
    settings.CUIZHAI_EXPORT_MAX_ROWS = 1
    response = client_for(leader).get(admin_export(Project), {"status__exact": "construction"},
                                      follow=True)
    assert response.redirect_chain[-1][0].endswith("?status__exact=construction")
    assert "最多导出" in response.content.decode()


# -- the import template and the preview -----------------------------------------------------
def test_the_import_page_offers_a_template_with_headers_an_example_and_lists(projects_editor):
    office = client_for(projects_editor)
    page = office.get(reverse("admin:projects_project_import")).content.decode()
    url = reverse("admin:projects_project_import_template")
    assert url in page
    response = office.get(url)
    assert response.status_code == 200
    assert quote("导入模板") in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    with translation.override("zh-hans"):
        assert header[:3] == [str(Project._meta.get_field(n).verbose_name)
                              for n in ("code", "name", "category")]
        statuses = [str(label) for label in ProjectStatus.labels]
    assert "版本" not in header
    example = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert example["状态"] == statuses[0]
    assert example["企业搬迁入园项目"] == "否"
    lists = {next(iter(v.sqref.ranges)).min_col: v.formula1
             for v in sheet.data_validations.dataValidation}
    status_col = header.index("状态") + 1
    assert status_col in lists
    choices = book.worksheets[1]
    column, rows = lists[status_col].split("!")[1].replace("$", "").split(":")[0][0], len(statuses)
    assert [choices[f"{column}{i}"].value for i in range(1, rows + 1)] == statuses
    assert choices.sheet_state == "hidden"
    assert client_for(type(projects_editor).objects.create(username="x", is_staff=True)).get(
        url).status_code == 403


def test_the_preview_marks_the_bad_cells_and_names_the_excel_line(projects_editor):
    DepartmentFactory(name="项目服务中心")
    with translation.override("zh-hans"):
        names = ["code", "name", "category", "stage", "status", "plan_year",
                 "total_investment", "department"]
        header = [str(Project._meta.get_field(n).verbose_name) for n in names]
    good = ["XM-1", "甲", "产业发展", "策划", "谋划", "2024", "100", "项目服务中心"]
    bad = ["XM-2", "乙", "产业发展", "策划", "不存在的状态", "2024", "100", "项目服务中心"]
    response = preview(client_for(projects_editor), Project,
                       xlsx_upload([header, good, bad]), XLSX)
    page = response.content.decode()
    assert 'data-line="3"' in page and "第 3 行" in page
    assert "(line" not in page and "Row 2" not in page
    bad_cells = page.split('class="import-bad-cell">')[1:]
    assert len(bad_cells) == 1 and bad_cells[0].startswith("不存在的状态")


# -- an exported CSV imported back -------------------------------------------------------------
def test_an_exported_csv_imports_back_and_refuses_a_stale_row(projects, projects_editor,
                                                              api_client_for):
    office = client_for(projects_editor)
    api = api_client_for(projects_editor)
    rows = read_csv(api.get(API, {"format": "csv", "code": "XM-B"}))
    name = rows[0].index("名称")
    rows[1][name] = "安博一期（改）"
    result = import_file(office, Project, csv_upload(rows, name="项目.csv"), "1")
    assert result.status_code in (200, 302)
    assert Project.objects.get(code="XM-B").name == "安博一期（改）"

    # The same file again: its version is now stale.
    rows[1][name] = "安博一期（旧文件）"
    response = preview(office, Project, csv_upload(rows, name="项目.csv"), "1")
    assert response.context["confirm_form"] is None
    assert "导出" in response.content.decode()  # "export it again"
    assert Project.objects.get(code="XM-B").name == "安博一期（改）"

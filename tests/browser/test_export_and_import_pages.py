"""The export buttons and the import preview in Chromium at 1400 × 900: the buttons are
there with the filters in use, and a bad cell of an imported file is marked in red (the
page's own stylesheet, under the Content-Security-Policy)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from projects.models import Project
from tests.factories import DepartmentFactory
from tests.import_files import xlsx_upload
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(settings.BASE_DIR) / "var" / "screens"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


def test_the_changelist_offers_excel_and_csv_with_its_filters(page_as, live_server,
                                                              projects_editor):
    ProjectFactory(code="XM-1", name="济南黄河体育中心", status="construction",
                   stage="started")
    page = page_as(projects_editor)
    page.goto(live_server.url + reverse("admin:projects_project_changelist")
              + "?status__exact=construction")
    excel = page.locator("#export-xlsx")
    assert excel.is_visible() and page.locator("#export-csv").is_visible()
    assert excel.get_attribute("href").endswith("/export/?status__exact=construction")
    shot(page, "project-changelist-export.png")
    with page.expect_download() as download:
        excel.click()
    assert download.value.suggested_filename.startswith("项目-")


def test_the_import_preview_marks_the_bad_cell(page_as, live_server, projects_editor,
                                               tmp_path):
    DepartmentFactory(name="项目服务中心")
    header = [str(Project._meta.get_field(n).verbose_name) for n in
              ("code", "name", "category", "stage", "status", "plan_year",
               "total_investment", "department")]
    upload = tmp_path / "项目.xlsx"
    upload.write_bytes(xlsx_upload([
        header,
        ["XM-1", "甲", "产业发展", "策划", "谋划", 2024, 100, "项目服务中心"],
        ["XM-2", "乙", "产业发展", "策划", "不存在的状态", 2024, 100, "项目服务中心"],
    ]).read())
    page = page_as(projects_editor)
    page.goto(live_server.url + reverse("admin:projects_project_import"))
    assert page.locator("#import-template a").is_visible()
    page.set_input_files("input[type=file]", str(upload))
    page.select_option("select[name=format]", "0")
    with page.expect_navigation():
        page.click("input[type=submit]")
    bad = page.locator("td.import-bad-cell")
    assert bad.count() == 1
    assert bad.inner_text() == "不存在的状态"
    assert bad.evaluate("c => getComputedStyle(c).backgroundColor") == "rgb(253, 226, 225)"
    assert page.locator('tr[data-line="3"] td.import-line').inner_text() == "第 3 行"
    shot(page, "project-import-preview-errors.png")
    errors = [m.text for m in page.console_messages if m.type == "error"]
    assert not errors

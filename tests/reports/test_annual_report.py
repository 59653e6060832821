"""The 2024 annual report of the demo data reproduces every figure of the brief's table, in
DOCX, XLSX and PDF, each file read back; its figures are the summary endpoints' own.

The brief's table (/work/shared/brief.md, "The 2024 figures") is written out below: a figure
the brief gives exactly is found as the report's sentence says it; one it gives as "at
least" is read from the sentence and compared."""

import re
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from cuizhai.core import roles
from cuizhai.reports import catalogue, services
from tests.reports.support import (
    cover_rows,
    docx_text,
    pdf_fonts,
    pdf_pages_png,
    pdf_text,
    workbook,
)
from tests.support.clients import api_client
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

# The brief's figures, as the report's headline sentences write them.
EXACT = [
    "新谋划项目14个", "新谋划项目总投资87亿元", "其中争取中央专项债2.72亿元", "竣工项目11个",
    "1—11月，完成一般公共预算收入9.58亿元，同比增长115.41%",
    "完成工业总产值390.2亿元，同比增长51.42%",  # the same 1—11月 as the sentence before
    "理想社区4个", "安置村27个", "选房率100%", "征收土地2085亩", "帮办员9名",
    "交通安全设施投入19万元", "道路交通事故死亡人数3人，同比下降57.1%",
    "中期评估村级班子69个", "业务小课堂46期", "干部大讲堂12期", "选派年轻干部一线实践15名",
]
AT_LEAST = [
    (r"在建项目(\d+)个", 60), (r"安置居民(\d+)人", 21000), (r"累计交付安置房(\d+)套", 6100),
    (r"“小崔帮办”办结诉求(\d+)件", 930), (r"帮办员(\d+)名", 9),
    (r"专家“解剖式”检查(\d+)次", 750), (r"排查发现隐患(\d+)处", 4500),
    (r"开展交通安全宣传活动(\d+)场", 60), (r"修复安装交通安全设施(\d+)套", 100),
    (r"评估发现问题(\d+)个", 130), (r"村干部培训(\d+)人次", 5200), (r"后备干部(\d+)名", 200),
]
SHOTS = Path(__file__).resolve().parents[3] / "reports-shots"


def assert_brief_figures(text, where):
    text = re.sub(r"\s+", "", text)
    for phrase in EXACT:
        assert phrase in text, f"{where}: {phrase}"
    for pattern, least in AT_LEAST:
        found = re.search(pattern, text)
        assert found, f"{where}: {pattern}"
        assert int(found.group(1)) >= least, f"{where}: {found.group(0)} < {least}"


@pytest.fixture
def annual(demo):
    user = make_user("report-admin", roles.SYSTEM_ADMIN)
    report = services.report_generate(period_kind="year", year=2024, by=user)
    return user, report


def test_the_docx_reproduces_the_brief_with_chinese_fonts_and_page_numbers(annual):
    _user, report = annual
    data = services.render_file(report, "docx")
    assert_brief_figures(docx_text(data), "DOCX")
    # One rounding: the table's 同比 is the sentence's (下降57.1%).
    assert "道路交通事故死亡人数 | 3 | 人 | 7 | -57.1% |" in docx_text(data)
    document = Document(__import__("io").BytesIO(data))
    assert document.paragraphs[0].text == "崔寨街道2024年工作进展"
    assert document.paragraphs[0].style.name == "Title"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、项目建设与企业服务", "二、拆迁安置", "三、辖区安全", "四、党建引领",
                        "五、逾期督办事项"]

    def east_asian(style):
        return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    styles = document.styles
    assert (east_asian(styles["Normal"]), east_asian(styles["Heading 1"]),
            east_asian(styles["Title"])) == ("仿宋", "黑体", "宋体")
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    # Every figure's drill-down is in the stored content, the same list as its summary's.
    assert len(document.tables) >= 9


def test_the_xlsx_reproduces_the_brief_with_formats_chart_and_print_setup(annual):
    _user, report = annual
    book = workbook(services.render_file(report, "xlsx", base_url="http://testserver"))
    assert book.sheetnames == ["封面", "项目建设与企业服务", "拆迁安置", "辖区安全", "党建引领",
                               "逾期事项"]
    narrative = "".join(str(cell.value) for sheet in book.worksheets[1:5]
                        for row in sheet.iter_rows() for cell in row if cell.value)
    assert_brief_figures(narrative, "XLSX")
    cover = book["封面"]
    assert cover["A1"].value == "崔寨街道2024年工作进展"
    assert cover.freeze_panes == "B5"
    assert cover.page_setup.orientation == "landscape"
    # Fitted to one page wide (Excel's default width of 1 is left out), as long as it runs.
    assert cover.sheet_properties.pageSetUpPr.fitToPage
    assert cover.page_setup.fitToHeight == 0
    rows = cover_rows(book)
    # The unit once, in its column: not also in the value's number format.
    cells = {label: (row[2].value, row[2].number_format, row[3].value)
             for label, row in rows.items()}
    assert cells["新谋划项目总投资"] == (87, "#,##0.00", "亿元")
    assert cells["一般公共预算收入"] == (9.58, "#,##0.00", "亿元")
    assert cells["工业总产值"] == (390.2, "#,##0.00", "亿元")
    assert cells["征收土地"] == (2085, "#,##0.00", "亩")
    assert cells["交通安全设施投入"] == (19, "#,##0.00", "万元")
    # A percentage: its cell's format writes the "%", its unit column is left empty.
    assert cells["选房率"] == (1, "0.00%", None)
    assert cells["新谋划项目"] == (14, "#,##0", "个")
    revenue_growth = rows["一般公共预算收入"][5]
    assert (revenue_growth.value, revenue_growth.number_format) == (1.1541, "0.00%")
    assert rows["道路交通事故死亡人数"][5].value == pytest.approx(-0.571)  # as the sentence
    link = rows["在建项目"][-1]
    assert link.hyperlink.target == "http://testserver/api/v1/projects/projects/?status=construction"
    safety = book["辖区安全"]
    assert len(safety._charts) == 2  # hazards found, and found and rectified, by month
    assert safety.print_title_rows


def test_the_pdf_reproduces_the_brief_in_an_embedded_cjk_font(annual, tmp_path):
    _user, report = annual
    data = services.render_file(report, "pdf")
    assert_brief_figures(pdf_text(data, tmp_path), "PDF")
    fonts = pdf_fonts(data, tmp_path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    pages = pdf_pages_png(data, tmp_path)
    assert len(pages) >= 3
    first = Image.open(pages[0]).convert("L")
    darkest, _lightest = first.getextrema()
    assert darkest < 100  # text was drawn, not a blank page
    SHOTS.mkdir(exist_ok=True)
    for page in pages[:2]:
        shutil.copy(page, SHOTS / f"report-pdf-{page.name}")


def _endpoint_value(answer, key):
    """The value under ``key`` in a summary endpoint's JSON (a breakdown's row by its
    choice, which the endpoint writes with its label)."""
    node = answer
    parts = key.split(".")
    index = 0
    while index < len(parts) - 1:
        part = parts[index]
        node = node[part]
        if isinstance(node, list):
            choice = parts[index + 1]
            node = next(row for row in node
                        if (lambda v: v.get("value") if isinstance(v, dict) else v)(
                            row[next(iter(row))]) == choice)
            index += 1
        index += 1
    return node[parts[-1]], node["link"]


def test_every_figure_is_the_summary_endpoints_own(annual):
    user, report = annual
    client = api_client(user)
    for line in report.content["lines"]:
        answer = client.get(reverse(f"{line['key']}-api:summary"), {"year": 2024}).json()
        for figure in line["figures"]:
            if figure["key"].startswith("indicators."):
                continue
            value, link = _endpoint_value(answer, figure["key"])
            assert str(value) == figure["value"] or \
                float(value) == float(figure["value"]), figure["key"]
            assert link == f"http://testserver{figure['link']}", figure["key"]
    assert catalogue.LINES_BY_KEY.keys() == {line["key"] for line in report.content["lines"]}


def test_the_preview_page_shows_the_report(annual, client):
    user, report = annual
    client.force_login(user)
    page = client.get(reverse("reports-api:progressreport-preview", args=[report.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>崔寨街道2024年工作进展</h1>" in html
    assert_brief_figures(re.sub(r"<[^>]+>", "", html), "preview")
    assert 'href="/api/v1/safety/hazards/?reported_year=2024"' in html

"""The report as a Word document: the narrative officials edit before sending it upward.

Fonts as government documents use them (GB/T 9704 in spirit): the title in 宋体 (bold, 二号),
headings in 黑体, body in 仿宋_GB2312/仿宋 (三号 body is usual; 12 pt keeps the tables
readable), tables in 宋体. Word takes a Chinese character's font from ``w:eastAsia``, not
from the Latin font name, so every style sets both. The footer carries the page number.
"""

from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from cuizhai.reports.choices import REPORT_LANGUAGE
from cuizhai.reports.render.common import (
    figure_headers,
    figure_row,
    has_previous,
    overdue_headers,
)
from cuizhai.reports.render.html import CHINESE_NUMBERS, meta_line, narrative

BODY_FONT, HEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋", "黑体", "宋体", "宋体"
LAGGING_RED = RGBColor(0xB0, 0x00, 0x20)
LINK_BLUE = RGBColor(0x0B, 0x4A, 0x8B)


def set_font(target, east_asian, size=None, bold=None, latin="Times New Roman"):
    """Set ``target``'s (a style's or a run's) font for Latin and East Asian text."""
    font = target.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    properties = target.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _page_number(paragraph):
    """``— PAGE —`` as a field Word updates."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    paragraph.add_run(" —")
    for run in paragraph.runs:
        set_font(run, TITLE_FONT, size=10.5)


def _styles(document):
    styles = document.styles
    set_font(styles["Normal"], BODY_FONT, size=12)
    styles["Normal"].paragraph_format.line_spacing = 1.5
    for name, size in (("Heading 1", 16), ("Heading 2", 13)):
        style = styles[name]
        set_font(style, HEADING_FONT, size=size, bold=False)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    title = styles["Title"]
    set_font(title, TITLE_FONT, size=22, bold=True)
    title.font.color.rgb = RGBColor(0, 0, 0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The built-in Title style draws a rule under itself; an official title has none.
    borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if borders is not None:
        title.element.pPr.remove(borders)


def _cell_text(cell, text, *, bold=False, align=None, color=None, link=""):
    """``text`` in ``cell``; with ``link`` (an absolute URL), as a hyperlink to it."""
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = 1.0
    if align is not None:
        paragraph.alignment = align
    if link:
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), paragraph.part.relate_to(
            link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        element = OxmlElement("w:r")
        hyperlink.append(element)
        paragraph._p.append(hyperlink)
        run = Run(element, paragraph)
        run.text = str(text)
        run.font.underline = True
        color = color or LINK_BLUE
    else:
        run = paragraph.add_run(str(text))
    set_font(run, HEADING_FONT if bold else TABLE_FONT, size=10.5)
    if color is not None:
        run.font.color.rgb = color


TEXT_WIDTH_CM = 15.6  # A4 less the margins
FIRST_COLUMN_CM = 4.2  # the figure's name: the other columns hold short numbers


def _widths(table, columns):
    first = FIRST_COLUMN_CM if columns > 2 else TEXT_WIDTH_CM / 2
    rest = (TEXT_WIDTH_CM - first) / max(columns - 1, 1)
    table.autofit = False
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Cm(first if index == 0 else rest)


def _table(document, headers, rows, *, lagging=(), links=None, base_url="",
           link_column=1):
    """A table of ``rows`` (cell texts); ``links``: each row's drill-down link (a path),
    made a hyperlink on its ``link_column`` cell when the site's ``base_url`` is known."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # The header row repeats on every page the table runs over.
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for index, cells in enumerate(rows):
        row = table.add_row().cells
        link = links[index] if links and base_url and links[index] else ""
        for column, (cell, text) in enumerate(zip(row, cells, strict=True)):
            _cell_text(cell, text, align=None if column == 0 else WD_ALIGN_PARAGRAPH.RIGHT,
                       color=LAGGING_RED if index in lagging and column == len(cells) - 1
                       else None,
                       link=base_url + link if link and column == link_column else "")
    _widths(table, len(headers))
    return table


def render_docx(report_content, *, submitted_note="", base_url=""):
    """The DOCX; with the site's ``base_url``, each figure links to its records."""
    with translation.override(REPORT_LANGUAGE):
        return _render(report_content, submitted_note, base_url.rstrip("/"))


def _render(content, submitted_note, base_url):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _styles(document)
    _page_number(section.footer.paragraphs[0])
    core = document.core_properties
    core.title = content["title"]
    core.author = content["organisation"]
    core.language = "zh-CN"

    document.add_paragraph(content["title"], style="Title")
    meta = document.add_paragraph(meta_line(content, submitted_note))
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in meta.runs:
        set_font(run, BODY_FONT, size=10.5)

    with_previous = has_previous(content)
    headers = figure_headers(with_previous)
    for number, line in enumerate(content["lines"]):
        document.add_heading(f"{CHINESE_NUMBERS[number]}、{line['label']}", level=1)
        if line["sentences"]:
            paragraph = document.add_paragraph(narrative(line["sentences"]))
            paragraph.paragraph_format.first_line_indent = Pt(24)
        document.add_heading(_("Headline figures"), level=2)
        _table(document, headers,
               [figure_row(line["key"], figure, with_previous) for figure in line["figures"]],
               lagging={i for i, figure in enumerate(line["figures"]) if figure["lagging"]},
               links=[figure["link"] for figure in line["figures"]], base_url=base_url)
        for table in line["tables"]:
            document.add_heading(table["title"], level=2)
            _table(document, table["columns"], [row["cells"] for row in table["rows"]],
                   links=[row.get("link", "") for row in table["rows"]], base_url=base_url)
        for series in line["series"]:
            document.add_heading(series["title"], level=2)
            _table(document, [_("Month"), f"{series['title']}（{series['unit']}）"],
                   list(zip(series["categories"], series["values"], strict=True)))
    document.add_heading(
        f"{CHINESE_NUMBERS[len(content['lines'])]}、{_('Overdue closed-loop items')}", level=1)
    note = document.add_paragraph(
        _("Open items past their deadline on the whole supervision board (every office's), as "
          "at %(when)s when the report was generated, by handling office and kind; each "
          "figure is the number of items its link lists.") % {"when": content["overdue_as_of"]})
    note.paragraph_format.first_line_indent = Pt(24)
    _table(document, overdue_headers(),
           [[row["office"], row["kind"], row["count"]] for row in content["overdue"]]
           or [[_("No item is overdue."), "", ""]],
           links=[row["link"] for row in content["overdue"]], base_url=base_url,
           link_column=2)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()

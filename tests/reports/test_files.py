"""The PDF's charts are written in the report's Chinese font, like its text."""

import datetime

import pytest

from cuizhai.core import roles
from cuizhai.reports import services
from tests.reports.support import pdf_fonts
from tests.safety.factories import TrafficPublicityEventFactory
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def test_the_pdf_charts_use_the_simplified_chinese_font(tmp_path):
    TrafficPublicityEventFactory(date=datetime.date(2024, 3, 5))
    report = services.report_generate(period_kind="year", year=2024, line="safety",
                                      by=make_user("sysadmin", roles.SYSTEM_ADMIN))
    fonts = pdf_fonts(services.render_file(report, "pdf"), tmp_path)
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("CJK" in name for name in names), fonts
    assert not any("JP" in name or "DejaVu" in name for name in names), fonts


def docx_links(data):
    """The DOCX's hyperlinks: their text and their target, in the document's order."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(data))
    targets = {rel_id: rel.target_ref for rel_id, rel in document.part.rels.items()
               if rel.is_external}
    return [("".join(t.text or "" for t in link.iter(qn("w:t"))), targets[link.get(qn("r:id"))])
            for link in document.element.body.iter(qn("w:hyperlink"))]


def test_each_docx_figure_links_to_its_records_when_the_site_is_known():
    TrafficPublicityEventFactory(date=datetime.date(2024, 3, 5))
    TrafficPublicityEventFactory(date=datetime.date(2024, 4, 9))
    report = services.report_generate(period_kind="year", year=2024, line="safety",
                                      by=make_user("sysadmin", roles.SYSTEM_ADMIN))
    site = "https://cuizhai.example.org"
    links = docx_links(services.render_file(report, "docx", base_url=site + "/"))
    figures = report.content["lines"][0]["figures"]
    linked = [figure for figure in figures if figure["link"]]
    assert len(linked) > 5
    for figure in linked:
        assert (figure["display"], site + figure["link"]) in links, figure["key"]
    events = next(f for f in figures if f["key"] == "traffic.events.count")
    assert events["display"] == "2" and "year=2024" in events["link"]
    # Without the site's address a link would lead nowhere: the figures are plain text.
    assert docx_links(services.render_file(report, "docx")) == []

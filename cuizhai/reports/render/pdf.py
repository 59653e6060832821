"""The report as a PDF: the preview's HTML, laid out by WeasyPrint with the Noto CJK fonts
embedded (fonts-noto-cjk), so that it prints the same on any machine."""

from weasyprint import HTML

from cuizhai.reports.render.html import render_html


def render_pdf(report_content, *, base_url="", submitted_note=""):
    html = render_html(report_content, base_url=base_url, submitted_note=submitted_note)
    return HTML(string=html, base_url=base_url or None).write_pdf()

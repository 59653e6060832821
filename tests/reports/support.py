"""Reading a progress report's files back, as an official's software would."""

import re
import subprocess
from io import BytesIO
from pathlib import Path

from docx import Document
from openpyxl import load_workbook


def docx_text(data):
    document = Document(BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def workbook(data):
    return load_workbook(BytesIO(data))


def pdf_text(data, tmp_path):
    path = Path(tmp_path) / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"[ \t]+", " ", text)


def pdf_pages_png(data, tmp_path, resolution=60):
    """The PDF's pages rendered to PNG files (pdftoppm), in order."""
    path = Path(tmp_path) / "report.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(path),
                    str(Path(tmp_path) / "page")], check=True)
    return sorted(Path(tmp_path).glob("page-*.png"))


def pdf_fonts(data, tmp_path):
    path = Path(tmp_path) / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                          text=True).stdout


def cover_rows(book):
    """``{figure label: row of values}`` of the cover sheet's figures table."""
    sheet = book.worksheets[0]
    rows = {}
    for row in sheet.iter_rows(min_row=5, values_only=False):
        if row[1].value:
            rows[row[1].value] = row
    return rows

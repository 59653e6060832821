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

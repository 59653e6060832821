"""The overdue-items table counts the whole 督办 board as at generation, whoever generates
the report: each figure is the number of items its link lists."""

import pytest

from cuizhai.core import roles
from cuizhai.reports import services
from cuizhai.reports.periods import Period
from cuizhai.reports.selectors import report_content
from tests.safety import factories as f
from tests.support.clients import api_client
from tests.support.clock import at, clock
from tests.support.users import make_user

pytestmark = pytest.mark.django_db


def hazard(title, reported):
    with clock(reported):
        return f.report_hazard(by=make_user("clerk", "安全办"), title=title,
                               reported_at=reported)


def test_each_overdue_figure_is_what_its_link_lists_whoever_generates():
    hazard("六月的隐患", at(2024, 6, 3, 9))
    hazard("十二月的隐患", at(2024, 12, 20, 9))  # after November: overdue now all the same
    sysadmin = make_user("sysadmin", roles.SYSTEM_ADMIN)
    report = services.report_generate(period_kind="month", year=2024, number=11,
                                      line="safety", by=sysadmin)
    rows = report.content["overdue"]
    assert sum(row["count"] for row in rows) == 2
    client = api_client(sysadmin, "en")
    for row in rows:
        listed = client.get(row["link"])
        assert listed.status_code == 200
        assert listed.json()["count"] == row["count"], row
    # The table is the whole board's whoever generates the report: the content is read
    # without a user.
    assert report_content(Period("month", 2024, 11), "safety")["overdue"] == rows


def test_monthly_counts_are_whole_numbers_in_the_content_and_the_docx():
    from tests.reports.support import docx_text

    hazard("六月的隐患", at(2024, 6, 3, 9))
    report = services.report_generate(period_kind="year", year=2024, line="safety",
                                      by=make_user("sysadmin", roles.SYSTEM_ADMIN))
    found = report.content["lines"][0]["series"][0]
    assert found["values"][5] == 1 and isinstance(found["values"][5], int)
    text = docx_text(services.render_file(report, "docx"))
    assert "6月 | 1\n" in text and "1.0" not in text

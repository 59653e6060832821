"""A CSV written by PostgreSQL's COPY (``cuizhai.core.base.export.text``): the same bytes
as the file Python writes, on values that test every rule — text a spreadsheet would run,
quotes, commas, line breaks and a lone carriage return, empty and missing values, choices,
yes/no, amounts, percentages, dates and date-times with microseconds — and a COPY broken
off at the time limit leaves the connection as it found it."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cuizhai.core.base.export import files
from cuizhai.core.base.export.columns import ColumnSet
from projects.choices import ProjectStatus
from projects.models import Project
from tests.projects.factories import EnterpriseFactory, FundingLineFactory, ProjectFactory
from tests.projects.test_export import body

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

API = "/api/v1/projects/projects/"
TRICKY_TEXTS = ["=SUM(A1:A9)", "+86 531", "-1", "@cmd", "\tindent", "\rreturn", "a,b",
                'say "hi"', "line one\nline two", "windows\r\nline", "lone\rreturn", "",
                "  spaced  ", "黄河大桥", "'quoted already"]


@pytest.fixture
def api(leader, api_client_for):
    return api_client_for(leader)


@pytest.fixture
def tricky_projects(db):
    enterprise = EnterpriseFactory(name="=HYPERLINK(\"x\")")
    built = []
    for n, text in enumerate(TRICKY_TEXTS):
        project = ProjectFactory(code=f"T-{n:02d}", status=ProjectStatus.CONSTRUCTION,
                                 total_investment=Decimal("12.50") if n % 3 == 0
                                 else Decimal("1234567.89"),
                                 progress_percent=n * 7 % 101,
                                 planned_start=datetime.date(2024, 2, 29) if n % 2 else None,
                                 is_relocation=bool(n % 2),
                                 owner_enterprise=enterprise if n % 4 == 0 else None,
                                 owner_name="" if n % 4 == 0 else text or "单位")
        Project.objects.filter(pk=project.pk).update(
            name=text or "名", location=text, description=text,
            updated_at=datetime.datetime(2024, 5, 1, 8, 30, 15, n * 1000,
                                         tzinfo=datetime.UTC))
        if n % 5 == 0:
            FundingLineFactory(project=project, amount=Decimal("500.55"))
        built.append(project)
    return built


def by_copy_and_by_python(api, monkeypatch, params):
    with CaptureQueriesContext(connection) as captured:
        by_copy = body(api.get(API, {"format": "csv", **params}))
    assert any(q["sql"].startswith("COPY (") for q in captured.captured_queries)
    monkeypatch.setattr(ColumnSet, "written_by_database", lambda self, columns: False)
    by_python = body(api.get(API, {"format": "csv", **params}))
    monkeypatch.undo()
    return by_copy, by_python


def test_tricky_values_are_written_by_copy_as_python_writes_them(tricky_projects, api,
                                                                 monkeypatch):
    by_copy, by_python = by_copy_and_by_python(api, monkeypatch, {"ordering": "code"})
    assert by_copy == by_python
    text = by_copy.decode("utf-8-sig")
    assert "'=SUM(A1:A9)" in text and "'@cmd" in text and "'+86 531" in text
    assert '"say ""hi"""' in text
    assert '"lone\rreturn"' in text  # quoted, so that no reader ends the line there
    assert ",12.50," in text and ",1234567.89," in text
    assert "2024-05-01T16:30:15.005000+08:00" in text


def test_filters_and_english_are_written_alike(tricky_projects, api, monkeypatch):
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    by_copy, by_python = by_copy_and_by_python(api, monkeypatch,
                                               {"is_relocation": "true", "ordering": "-name"})
    assert by_copy == by_python
    assert "Under construction" in by_copy.decode() or "Construction" in by_copy.decode()


def test_a_copy_broken_off_at_the_time_limit_leaves_the_connection_usable(
        tricky_projects, api, monkeypatch):
    monkeypatch.setattr(files, "CSV_BATCH_ROWS", 4)
    monkeypatch.setattr(files.Deadline, "passed", lambda self: True)
    response = api.get(API, {"format": "csv"})
    received = []
    with pytest.raises(files.ExportTooSlow):
        for piece in response.streaming_content:
            received.append(piece)
    assert received[-1].decode().startswith("导出未完成")
    assert b"".join(received).decode("utf-8-sig").count("\n") == 1 + 4 + 1
    # The COPY was ended, not left running on the connection.
    assert Project.objects.count() == len(TRICKY_TEXTS)
    monkeypatch.undo()
    assert body(api.get(API, {"format": "csv"})).count(b"T-") == len(TRICKY_TEXTS)

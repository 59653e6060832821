"""make backup / make restore: a round trip of the full demo database keeps every row, every
history entry and transition, and the evidence files."""

import os
import subprocess
import uuid

import pytest
from django.db import connection

from tests.test_settings import manage

ADD_EVIDENCE_AND_COUNT = """
import json
from django.core.files.base import ContentFile
from cuizhai.core.backup import row_counts
from cuizhai.core.models import TransitionEvidence, WorkflowTransition
transition = WorkflowTransition.objects.first()
if not TransitionEvidence.objects.exists():
    evidence = TransitionEvidence(transition=transition, original_name="整改后.pdf", size=9,
                                  stage="after")
    evidence.file.save("after.pdf", ContentFile(b"%PDF-1.4\\n"), save=True)
print(json.dumps({"counts": row_counts(),
                  "files": sorted(e.file.name for e in TransitionEvidence.objects.all())}))
"""

SPOIL = """
from cuizhai.core.models import TransitionEvidence, Department
for evidence in TransitionEvidence.objects.all():
    evidence.file.delete(save=False)
TransitionEvidence.objects.all().delete()
Department.objects.create(name="备份之后新建", code="after-backup")
"""


def _state(env, home):
    import json

    result = manage("shell", "-v", "0", "-c", ADD_EVIDENCE_AND_COUNT, env=env, home=home)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _round_trip(env, tmp_path):
    for step in (["migrate", "-v", "0"], ["load_demo", "--no-users"]):
        result = manage(*step, env=env, home=tmp_path)
        assert result.returncode == 0, result.stderr
    before = _state(env, tmp_path)
    assert before["files"] and before["counts"]["core_workflowtransition"] > 0
    assert before["counts"]["projects_historicalproject"] > 0

    made = manage("backup", str(tmp_path / "backups"), env=env, home=tmp_path)
    assert made.returncode == 0, made.stderr
    folder = made.stdout.strip().splitlines()[-1]

    spoiled = manage("shell", "-v", "0", "-c", SPOIL, env=env, home=tmp_path)
    assert spoiled.returncode == 0, spoiled.stderr
    assert _state(env, tmp_path)["counts"] != before["counts"]

    restored = manage("restore", folder, "--yes", env=env, home=tmp_path)
    assert restored.returncode == 0, restored.stderr
    after = _state(env, tmp_path)
    assert after == before
    media = tmp_path / "media"
    assert all((media / name).read_bytes() == b"%PDF-1.4\n" for name in after["files"])


@pytest.mark.slow
def test_sqlite_round_trip_keeps_everything(tmp_path):
    env = {"DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
           "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
    _round_trip(env, tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="PostgreSQL round trip: runs in the PostgreSQL test run")
def test_postgresql_round_trip_keeps_everything(tmp_path, django_db_blocker):
    name = f"cuizhai_backup_{uuid.uuid4().hex[:8]}"
    settings_dict = connection.settings_dict
    server = {"PGHOST": settings_dict["HOST"] or "127.0.0.1",
              "PGPORT": str(settings_dict["PORT"] or 5432),
              "PGUSER": settings_dict["USER"] or "postgres",
              "PGPASSWORD": settings_dict["PASSWORD"] or ""}
    subprocess.run(["createdb", name], env={**os.environ, **server}, check=True)
    try:
        url = (f"postgres://{server['PGUSER']}:{server['PGPASSWORD']}@{server['PGHOST']}:"
               f"{server['PGPORT']}/{name}")
        env = {"DJANGO_DEBUG": "1", "DATABASE_URL": url,
               "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}
        _round_trip(env, tmp_path)
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env={**os.environ, **server},
                       check=False)

"""Time a big import as the import_rows command runs it: a projects CSV of --rows new projects
(three departments, fifty owner enterprises by name or credit code), read by the projects
import resource and saved through its services. Not a test: a measurement to repeat after a
change to the import.

    DJANGO_DEBUG=1 .venv/bin/python scripts/bench_import.py --rows 20000
    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty database> \\
        .venv/bin/python scripts/bench_import.py --rows 20000

It migrates a throw-away SQLite database in a temporary folder (or the DATABASE_URL given:
an empty database, its tables are created and filled), writes the file, then imports it in
a child process and prints that process's wall time, CPU time, queries and peak memory
(its maximum resident set, from getrusage), the Python start and Django set-up included.
Run from another checkout (scripts/ copied there), it measures that checkout's import.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEPARTMENTS = ["项目服务中心", "经济发展部", "规划建设部"]
COLUMNS = ["code", "name", "category", "stage", "status", "plan_year", "total_investment",
           "owner_enterprise", "owner_name", "department", "lead_official", "is_relocation",
           "planned_start", "progress_percent", "description"]


def setup():
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cuizhai.settings")
    import django

    django.setup()


def prepare(rows, folder):
    """Tables, the related records, the clerk and the file; returns the file's path."""
    setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import translation

    from cuizhai.core.models import Department, Enterprise
    from projects.models import Project
    from tests.projects.factories import credit_code

    call_command("migrate", verbosity=0)
    for index, name in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(code=f"bench-{index}", defaults={"name": name})
    enterprises = [Enterprise.objects.get_or_create(
        credit_code=credit_code(900 + number),
        defaults={"name": f"测量用企业{number}有限公司"})[0] for number in range(50)]
    get_user_model().objects.get_or_create(
        username="bench-clerk", defaults={"is_staff": True, "is_superuser": True})
    with translation.override("zh-hans"):
        header = [str(Project._meta.get_field(name).verbose_name) for name in COLUMNS]
    lines = [",".join(header)]
    for number in range(1, rows + 1):
        enterprise = enterprises[number % len(enterprises)]
        owner = (enterprise.name if number % 2 else enterprise.credit_code.lower()) \
            if number % 3 else ""
        lines.append(",".join([
            f"BM-{number:06d}", f"测量项目{number}", "产业发展", "策划", "谋划", "2024",
            f"{1000 + number}", owner, "" if owner else "崔寨街道办事处",
            DEPARTMENTS[number % len(DEPARTMENTS)], "王强", "否", "2024-03-01", "0",
            "用于测量导入速度的项目",
        ]))
    path = Path(folder) / "projects.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    return path


def child(path):
    """The import itself, in its own process: what import_rows does."""
    started = time.perf_counter()
    setup()
    import tablib
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import translation

    from projects.models import Project
    from projects.resources import ProjectResource

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    clerk = get_user_model().objects.get(username="bench-clerk")
    dataset = tablib.Dataset().load(path.read_bytes().decode("utf-8-sig"), format="csv")
    before = Project.objects.count()
    read = time.perf_counter()
    with translation.override("zh-hans"), connection.execute_wrapper(count):
        result = ProjectResource(user=clerk).import_data(
            dataset, dry_run=False, raise_errors=False, user=clerk, file_name=path.name)
    imported = time.perf_counter()
    assert not (result.has_errors() or result.has_validation_errors()), [
        (row.number, row.error_dict) for row in result.invalid_rows[:5]]
    assert Project.objects.count() - before == len(dataset)
    print(json.dumps({"import_seconds": imported - read, "total_seconds": imported - started,
                      "queries": queries, "history": Project.history.count()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        return child(Path(options.child))

    work = tempfile.mkdtemp(prefix="cuizhai-bench-import-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    path = prepare(options.rows, work)
    from django.conf import settings

    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, __file__, "--child", str(path)], check=True,
                          capture_output=True, text=True, env=os.environ)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{options.rows:,} new projects, {path.stat().st_size / 1024:,.0f} KB CSV, "
          f"{engine}, code of {ROOT}")
    print(f"import: {figures['import_seconds']:.1f} s "
          f"(process {wall:.1f} s wall, {usage.ru_utime - cpu.ru_utime:.1f} s user CPU), "
          f"{figures['queries']:,} queries, {figures['history']:,} history entries")
    print(f"peak memory of the importing process: {usage.ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

"""Time the admin's import of a projects CSV as a clerk drives it: upload and preview, then
confirm. Not a test: a measurement to repeat after a change to the import.

    DJANGO_DEBUG=1 .venv/bin/python scripts/measure_import.py --rows 3000

It migrates a throw-away SQLite database in a temporary folder (or uses DATABASE_URL when it
is set: give it an empty database), builds the file, and prints the seconds, the size of
each page and the peak memory of this process.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=3000)
    options = parser.parse_args()

    work = tempfile.mkdtemp(prefix="cuizhai-measure-import-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work}/measure.sqlite3")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cuizhai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import translation

    from cuizhai.core import roles
    from cuizhai.core.models import Department
    from projects.models import Project

    setup_test_environment()
    settings.CUIZHAI_IMPORT_UPLOAD_DIR = Path(work) / "import-uploads"
    call_command("migrate", verbosity=0)
    Department.objects.create(name="项目服务中心", code="xmfw")
    clerk = get_user_model().objects.create_user("clerk", password="x", is_staff=True)
    clerk.groups.add(Group.objects.get(name=roles.PROJECTS_OFFICE))

    names = ["code", "name", "category", "stage", "status", "plan_year", "total_investment",
             "owner_name", "department", "lead_official", "is_relocation", "planned_start",
             "progress_percent", "description"]
    with translation.override("zh-hans"):
        header = [str(Project._meta.get_field(name).verbose_name) for name in names]
    lines = [",".join(header)]
    for number in range(1, options.rows + 1):
        lines.append(",".join([
            f"QD-{number:05d}", f"测试项目{number}", "产业发展", "策划", "谋划",
            "2024", f"{1000 + number}", "崔寨街道办事处", "项目服务中心", "王强", "否",
            "2024-03-01", "0", "用于测量导入速度的项目",
        ]))
    content = ("\n".join(lines) + "\n").encode("utf-8-sig")

    client = Client()
    client.force_login(clerk)
    upload = SimpleUploadedFile("projects.csv", content)
    started, cpu = time.perf_counter(), time.process_time()
    previewed = client.post(reverse("admin:projects_project_import"),
                            {"resource": "0", "format": "1", "import_file": upload})
    preview_seconds = time.perf_counter() - started
    preview_cpu = time.process_time() - cpu
    form = previewed.context["confirm_form"]
    assert form is not None, "the preview refused the file"
    started, cpu = time.perf_counter(), time.process_time()
    confirmed = client.post(reverse("admin:projects_project_process_import"),
                            {name: form.initial.get(name, "") for name in form.fields})
    confirm_seconds = time.perf_counter() - started
    confirm_cpu = time.process_time() - cpu
    assert confirmed.status_code == 302, confirmed.status_code
    assert Project.objects.count() == options.rows
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{options.rows} rows, {len(content) / 1024:.0f} KB CSV, "
          f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"preview: {preview_seconds:.1f} s ({preview_cpu:.1f} s of CPU), "
          f"page {len(previewed.content) / 1024:.0f} KB")
    print(f"confirm: {confirm_seconds:.1f} s ({confirm_cpu:.1f} s of CPU)")
    print(f"peak memory of the process: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()

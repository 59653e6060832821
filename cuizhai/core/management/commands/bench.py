"""``make bench``: time the heaviest pages and exports against PostgreSQL's floor and
write the table to ``var/bench/latest.md`` (see ``cuizhai.core.base.bench``)."""

import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from cuizhai.core.base import bench


class Command(BaseCommand):
    help = "Benchmark lists, summaries, exports, admin pages and histories against the floor."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3, help="Timed runs per page.")
        parser.add_argument("--only", default="", help="Only the cases whose name has this.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"
                                                    / "latest.md"))

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark measures against PostgreSQL: set DATABASE_URL.")
        self.stdout.write(f"{'work':<48} {'HTTP':>4} {'queries':>7} {'ours':>10} "
                          f"{'floor':>10} {'ratio':>7}")

        def report(result):
            ratio = f"{result.ratio:.1f}×" if result.ratio is not None else "—"
            self.stdout.write(
                f"{result.case.work:<48} {result.status:>4} {result.queries:>7} "
                f"{bench.milliseconds(result.ours):>10} {bench.milliseconds(result.floor):>10} "
                f"{ratio:>7}"
            )

        results = bench.run(runs=options["runs"], only=options["only"], report=report)
        with connection.cursor() as cursor:
            cursor.execute("SELECT version(), pg_size_pretty(pg_database_size(current_database()))")
            version, size = cursor.fetchone()
        heading = (
            f"Run {timezone.localtime():%Y-%m-%d %H:%M} on {platform.node()} "
            f"({platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores), "
            f"{version.split(' on ')[0]}, database {size}; medians of {options['runs']} "
            f"runs for pages, one run in a fresh process for exports.\n\n"
        )
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(heading + bench.table(results) + "\n", encoding="utf-8")
        self.stdout.write(f"\n{heading}{bench.table(results)}\n\nwritten to {output}")

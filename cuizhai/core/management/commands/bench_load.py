"""``make bench-load``: the summaries under load, served by gunicorn with 2 workers, and the
table of requests per second and latencies written to ``var/bench/load.md`` (see
``cuizhai.core.base.bench_load``)."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token

from cuizhai.core.base import bench, bench_load


class Command(BaseCommand):
    help = "Serve the summaries with gunicorn (2 workers) and measure them under load."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=15, help="Measured seconds per URL.")
        parser.add_argument("--clients", type=int, default=8, help="Concurrent clients.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("BENCH_PORT") or 0),
            help="Loopback port for gunicorn (default BENCH_PORT, else any free port): "
                 "sessions sharing a machine each keep to their own.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"
                                                    / "load.md"))

    def handle(self, *args, **options):
        user = bench.bench_user()
        token, _created = Token.objects.get_or_create(user=user)
        urls = [case.url for case in bench.bench_cases()
                if "summary" in case.work and not case.computed]
        load_before = " / ".join(f"{v:.1f}" for v in os.getloadavg())
        port = options["port"] or bench_load.free_port()
        cache = "Redis (CACHE_URL)" if settings.CACHE_URL else "none (no CACHE_URL)"
        self.stdout.write(f"gunicorn, {options['workers']} workers, on 127.0.0.1:{port}; "
                          f"summary cache: {cache}")
        server = bench_load.start_server(port, workers=options["workers"])
        try:
            results = []
            for url in urls:
                result = bench_load.hit(port, url, token=token.key, server=server,
                                        seconds=options["seconds"], clients=options["clients"])
                self.stdout.write(result.line())
                results.append(result)
        finally:
            bench_load.stop_server(server)
        heading = (f"{options['workers']} gunicorn workers, {options['clients']} loopback "
                   f"clients (back to back), {options['seconds']:.0f} s per URL "
                   f"after one request each and 1 s of warm-up; summary cache: {cache}; "
                   f"load average before the run {load_before}. Worker CPU per answer: "
                   f"what one answer costs the server, whatever else the machine runs "
                   f"(one free core per worker serves 1 s / that many).\n\n")
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        table = "\n".join([bench_load.TABLE_HEAD, *(r.line() for r in results)])
        output.write_text(heading + table + "\n", encoding="utf-8")
        self.stdout.write(f"\n{heading}{table}\n\nwritten to {output}")

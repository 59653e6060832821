"""Fill the database with city-scale data for the benchmark (``make bench``).

Every business app with a ``scale.py`` adds its part (see ``cuizhai.core.base.scale``).
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from cuizhai.core.base.cache import records_changed
from cuizhai.core.base.scale import BulkWriter, ScaleRun, scale_parts


def positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value
    parse.__name__ = kind.__name__
    return parse


class Command(BaseCommand):
    help = (
        "Generate city-scale data: --subdistricts 150 --years 10 is one city over ten years "
        "(about 200,000 projects); 15 is one tenth. Refuses to run twice on one database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subdistricts", type=positive(int), default=15)
        parser.add_argument("--years", type=positive(int), default=10,
                            help="Years of work, ending with the current one.")
        parser.add_argument("--density", type=positive(float), default=1.0,
                            help="Scale the per-subdistrict rates (1.0 = a real city).")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--no-vacuum", action="store_true",
                            help="Skip VACUUM ANALYZE at the end.")
        parser.add_argument("--reuse", action="store_true",
                            help="Leave a database that already holds generated data as it "
                                 "is, instead of refusing (make bench).")

    def handle(self, *args, **options):
        parts = list(scale_parts())
        already = [label for label, module in parts
                   if getattr(module, "already_generated", lambda: False)()]
        if already and options["reuse"]:
            self.stdout.write(f"Reusing the generated data already there ({', '.join(already)}).")
            return
        if already:
            raise CommandError(_(
                "This database already holds generated data (%(apps)s). Generate into a fresh "
                "database: the generator does not add to or repair an earlier run."
            ) % {"apps": ", ".join(already)})
        now = timezone.now()
        writer = BulkWriter()
        run = ScaleRun(
            subdistricts=options["subdistricts"],
            years=range(timezone.localdate(now).year - options["years"] + 1,
                        timezone.localdate(now).year + 1),
            density=options["density"], rng=random.Random(options["seed"]), writer=writer,
            now=now, stream=self.stderr,
        )
        started = time.monotonic()
        for _label, module in parts:
            module.generate(run)
        writer.close()
        records_changed()  # written past the services: cached summaries and counts go
        elapsed = time.monotonic() - started
        for model, count in writer.written.items():
            self.stdout.write(f"{model._meta.label:<40} {count:>12,}")
        self.stdout.write(f"{sum(writer.written.values()):,} rows in {elapsed:.1f} s")
        if options["no_vacuum"] or connection.in_atomic_block:
            return
        started = time.monotonic()
        writer.vacuum_analyze()
        self.stdout.write(f"VACUUM ANALYZE in {time.monotonic() - started:.1f} s")

"""The load run of ``make bench-load``: the summaries served by gunicorn (2 workers, as in
production, ``DJANGO_DEBUG`` off), hit by a loopback load generator for a bounded time.

The generator is a few threads of ``http.client`` connections, each sending
the next request as soon as the last answer is read (a closed loop: the rate measured is
what the server sustains). Every answer must be 200; the run reports requests per second
and latency percentiles. The server runs with the records cache the environment gives
(``CACHE_URL``: Redis) or, without one, computes every summary.
"""

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings


@dataclass
class LoadResult:
    url: str
    seconds: float
    clients: int
    latencies: list = field(default_factory=list)  # seconds, of 200 answers
    failures: dict = field(default_factory=dict)  # status (or error) -> count
    worker_cpu: float = 0.0  # CPU seconds the workers used in the measured window

    @property
    def cpu_per_request(self):
        return self.worker_cpu / len(self.latencies) if self.latencies else None

    @property
    def rate(self):
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p):
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    def line(self):
        def ms(value):
            return "—" if value is None else f"{value * 1000:,.1f} ms"

        failures = ", ".join(f"{k}: {v}" for k, v in self.failures.items()) or "none"
        return (f"| {self.url} | {self.clients} | {self.seconds:.0f} s | {len(self.latencies):,} "
                f"| {self.rate:,.0f} | {ms(self.percentile(50))} | {ms(self.percentile(90))} "
                f"| {ms(self.percentile(99))} | {ms(max(self.latencies, default=None))} "
                f"| {ms(self.cpu_per_request)} | {failures} |")


TABLE_HEAD = ("| URL | clients | duration | answers (200) | req/s | p50 | p90 | p99 | max "
              "| worker CPU per answer | other answers |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|")


def workers_cpu_seconds(server):
    """CPU seconds (user and system) used so far by the gunicorn master's workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port, *, workers=2):
    """gunicorn serving this project on the loopback, production settings, plain HTTP."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WEB_CONCURRENCY": str(workers),
        # The run measures the server, not the per-account rate limit (off).
        "API_THROTTLE_USER": "",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "cuizhai.wsgi:application", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit code {server.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def prime(port, url, *, headers, clients):
    """One request per client, not counted: the workers' first answers (imports, the
    database connection, a summary computed into the cache) are not the steady state."""

    def one():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request("GET", url, headers=headers)
        connection.getresponse().read()
        connection.close()

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def hit(port, url, *, token, seconds, clients, warmup=1.0, server=None):
    """``clients`` threads requesting ``url`` back to back for ``seconds`` (after one
    request each and ``warmup`` seconds not counted)."""
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    prime(port, url, headers=headers, clients=clients)
    result = LoadResult(url=url, seconds=seconds, clients=clients)
    lock = threading.Lock()
    started = time.monotonic()
    measure_from, stop_at = started + warmup, started + warmup + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, failures = [], {}
        while (now := time.monotonic()) < stop_at:
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            done = time.monotonic()
            if now < measure_from or done > stop_at:
                continue
            if status == 200:
                latencies.append(done - now)
            else:
                failures[status] = failures.get(status, 0) + 1
        connection.close()
        with lock:
            result.latencies.extend(latencies)
            for status, count in failures.items():
                result.failures[status] = result.failures.get(status, 0) + count

    def sample_cpu():
        time.sleep(max(0.0, measure_from - time.monotonic()))
        before = workers_cpu_seconds(server)
        time.sleep(max(0.0, stop_at - time.monotonic()))
        result.worker_cpu = workers_cpu_seconds(server) - before

    threads = [threading.Thread(target=client) for _ in range(clients)]
    if server is not None:
        threads.append(threading.Thread(target=sample_cpu))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def summary(results):
    rates = [r.rate for r in results]
    return f"median {statistics.median(rates):,.0f} req/s" if rates else ""

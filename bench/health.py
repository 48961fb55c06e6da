"""How long /healthz takes (goal: ≤ 50 ms), in-process and over HTTP through gunicorn, and each of its checks.

Run by bench/run.py (`--only health`) inside the demo database, or by hand on any migrated database:
`DATABASE_URL=sqlite:////path/db.sqlite3 ANTQ_ALLOW_INSECURE_KEY=1 python bench/health.py sqlite 300`.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the project root, when run as bench/health.py
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # not one request line per sample

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from antq.core import health  # noqa: E402
from bench.stats import p95  # noqa: E402

ENGINE, REPEAT = sys.argv[1], int(sys.argv[2])


def timed(label: str, call: Callable[[], object]) -> None:
    call()  # warm up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"[{ENGINE}] {label}: median {statistics.median(samples):.2f} ms, p95 {p95(samples):.2f} ms (n={REPEAT})")


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local http URL
        response.read()


def over_http() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2", ANTQ_HEALTH_MIN_FREE_MB="1")
    config = str(ROOT / "scripts" / "gunicorn.conf.py")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", config, "antq.wsgi:application"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz"
        for _ in range(300):
            try:
                _get(url)
                break
            except OSError:
                time.sleep(0.1)
        timed("GET /healthz over HTTP (gunicorn, 2 workers)", lambda: _get(url))
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    client = Client()
    assert client.get("/healthz").status_code in (200, 503)
    timed("GET /healthz in-process (test client)", lambda: client.get("/healthz"))
    for name, check in health.CHECKS.items():
        timed(f"check {name}", check)

    def uncached() -> bool:
        health.forget_migrations()
        return health.migrations_ok()

    timed("check migrations, uncached (once a minute per process)", uncached)
    over_http()


if __name__ == "__main__":
    main()

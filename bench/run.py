"""`make bench`: ANTQ's speed and size figures (never part of the test suite; it reports, it does not assert).

Builds a benchmark database per engine (SQLite always; PostgreSQL when DATABASE_URL_BENCH_PG or the local server
answers), loads the geography and the Hưng Yên demo (seed 1), then measures:
- the province team list page (≈2,000 teams) and the province dashboard for 2025: median and p95 over N requests;
- the import of a 10,000-member roster sheet: time, peak Python memory, and the ratio to python-calamine's bare
  read of the same file (goal ≤ 3×).
Usage: python bench/run.py [--engines sqlite,postgres] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/antq_bench"


def run_engine(engine: str, repeat: int) -> None:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="antq.settings",
        ANTQ_ALLOW_INSECURE_KEY="1",
        DEBUG="0",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    if engine == "sqlite":
        path = ROOT / "var" / "bench.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        url = os.environ.get("DATABASE_URL_BENCH_PG", PG_DEFAULT)
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {name}", "postgres"],
            check=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}", "postgres"], check=True
        )
        env["DATABASE_URL"] = url
    python = sys.executable
    started = time.perf_counter()
    for command in (["migrate", "-v0"], ["load_geography"], ["seed_demo", "--province", "33", "--seed", "1"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"[{engine}] database built (migrate + geography + Hưng Yên demo) in {time.perf_counter() - started:.1f} s")
    subprocess.run([python, str(ROOT / "bench" / "measure.py"), engine, str(repeat)], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    print(
        f"Machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    )
    for engine in args.engines.split(","):
        if engine == "postgres" and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
            print("[postgres] server not reachable: skipped")
            continue
        run_engine(engine, args.repeat)


if __name__ == "__main__":
    main()

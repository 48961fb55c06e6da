"""`make bench`: ANTQ's speed and size figures (never part of the test suite; it reports, it does not assert).

Two databases per engine (SQLite always; PostgreSQL when DATABASE_URL_BENCH_PG or the local server answers):

1. the Hưng Yên demo (seed 1): the province team list page (≈2,000 teams), the province dashboard for 2025 (median
   and p95 over N requests), and the import of a 10,000-member roster sheet against python-calamine's bare read;
2. the synthetic nation (`seed_national --seed 1`: 34 provinces, 3,321 communes, ≈10 million outreach rows):
   bench/national.py times the indicator set for 2025 against the hand-written SQL floor — the nation and a
   province on PostgreSQL, the province on SQLite — and the national and province dashboards through HTTP.

Building the nation takes minutes (≈6 on PostgreSQL here); --keep reuses a national database already built.
3. /healthz (bench/health.py) on the demo database: in-process, each check, and over HTTP through gunicorn.
4. Crime tips (bench/tips.py, issue 19) on the demo database, last (it tops the province up to 10,000 tips): the
   public portal's form, sending, the lookup and the dialogue (with and without the slow hash), and the police
   inbox and overdue board of 10,000 tips.

Usage: python bench/run.py [--engines sqlite,postgres] [--repeat 30] [--only demo|national|health|tips] [--keep]
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


def _database(engine: str, name: str, keep: bool, env: dict[str, str]) -> bool:
    """Point env at the benchmark database `name`; returns True when it is new (empty)."""
    if engine == "sqlite":
        path = ROOT / "var" / f"{name}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{path}"
        if keep and path.exists():
            return False
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return True
    url = os.environ.get("DATABASE_URL_BENCH_PG", PG_DEFAULT).rsplit("/", 1)[0] + f"/{name}"
    env["DATABASE_URL"] = url
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAt", "postgres", "-c"]
    exists = subprocess.run([*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True)
    if keep and exists.stdout.strip() == b"1":
        return False
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    return True


def _build(engine: str, env: dict[str, str], seed_command: list[str], label: str) -> None:
    started = time.perf_counter()
    for command in (["migrate", "-v0"], ["load_geography"], seed_command):
        output = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
    if seed_command[0] == "seed_national":
        print(output.stdout.rstrip())
    print(f"[{engine}] database built (migrate + geography + {label}) in {time.perf_counter() - started:.1f} s")


def run_engine(engine: str, repeat: int, only: str | None, keep: bool) -> None:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="antq.settings",
        ANTQ_ALLOW_INSECURE_KEY="1",
        DEBUG="0",
        ALLOWED_HOSTS="testserver,127.0.0.1",
    )
    python = sys.executable
    if only in (None, "demo", "health", "tips"):
        _database(engine, "antq_bench" if engine == "postgres" else "bench", False, env)
        _build(engine, env, ["seed_demo", "--province", "33", "--seed", "1"], "Hưng Yên demo")
        if only in (None, "demo"):
            measure = [python, str(ROOT / "bench" / "measure.py"), engine, str(repeat)]
            subprocess.run(measure, cwd=ROOT, env=env, check=True)
        if only in (None, "demo", "health"):
            # /healthz (bench/health.py): in-process, each check, and over HTTP through gunicorn.
            health = [python, str(ROOT / "bench" / "health.py"), engine, str(repeat * 10)]
            subprocess.run(health, cwd=ROOT, env=env | {"ALLOWED_HOSTS": "testserver,127.0.0.1"}, check=True)
        if only in (None, "tips"):
            # Crime tips (bench/tips.py) last: it adds tips to the demo database. Its pages render with the hashed
            # static names of production (DEBUG=0), so the manifest must exist.
            collect = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
            subprocess.run(collect, cwd=ROOT, env=env, check=True, capture_output=True)
            tips = [python, str(ROOT / "bench" / "tips.py"), engine, str(repeat)]
            subprocess.run(tips, cwd=ROOT, env=env, check=True)
    if only in (None, "national"):
        name = "antq_bench_national" if engine == "postgres" else "bench-national"
        if _database(engine, name, keep, env):
            _build(engine, env, ["seed_national", "--seed", "1"], "synthetic nation")
        flags = ["--nation", "--http"] if engine == "postgres" else ["--http"]
        subprocess.run(
            [python, str(ROOT / "bench" / "national.py"), engine, "--repeat", str(repeat), *flags],
            cwd=ROOT,
            env=env,
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", choices=["demo", "national", "health", "tips"])
    parser.add_argument("--keep", action="store_true", help="reuse national databases already built")
    args = parser.parse_args()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"Machine: {os.cpu_count()} cores, {memory:.0f} GiB")
    for engine in args.engines.split(","):
        if engine == "postgres" and subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
            print("[postgres] server not reachable: skipped")
            continue
        run_engine(engine, args.repeat, args.only, args.keep)


if __name__ == "__main__":
    main()

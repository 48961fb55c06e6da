"""Run ANTQ in production: gunicorn (the web pages) and the background-job worker (`manage.py db_worker`), together.
Before the worker starts, `manage.py jobs_recover` queues once more (or fails) the jobs a killed worker left running.

`make serve` runs it after `migrate` and `collectstatic`; a systemd unit may run it directly (docs/operations.md).
Both children start in sessions of their own, so a Ctrl-C in a terminal reaches this script only, and each child is
asked once to stop: SIGTERM or SIGINT here sends SIGTERM to both (gunicorn finishes its requests; the worker finishes
the job it runs), waits up to ANTQ_STOP_SECONDS (default 60), then kills what is left. When either child ends on its
own, the other is stopped as well and this script exits non-zero, so that systemd restarts the pair.

Environment: everything the settings read (docs/operations.md), gunicorn's (scripts/gunicorn.conf.py), and
ANTQ_JOBS_WORKER=0 to run gunicorn alone (a second web server beside one that runs the jobs).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _worker_enabled() -> bool:
    return os.environ.get("ANTQ_JOBS_WORKER", "1") != "0"


def _commands() -> list[list[str]]:
    python = sys.executable
    web = [python, "-m", "gunicorn", "--config", str(ROOT / "scripts" / "gunicorn.conf.py"), "antq.wsgi:application"]
    jobs = [python, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--verbosity", "1"]
    return [web, jobs] if _worker_enabled() else [web]


def _fresh_metrics_folder(env: dict[str, str]) -> None:
    # Counters count from this start (antq/core/metrics.py): the files the previous run's processes left go.
    folder = Path(env.setdefault("ANTQ_METRICS_DIR", str(ROOT / "var" / "metrics")))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        stale.unlink(missing_ok=True)


def main() -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "antq.settings")
    _fresh_metrics_folder(env)
    stop_seconds = float(env.get("ANTQ_STOP_SECONDS", "60"))

    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    signal.signal(signal.SIGINT, lambda signum, frame: stopping.append(signum))

    if _worker_enabled():
        # No worker runs yet: whatever a job row says is running was interrupted (antq/core/jobs.py, jobs_recover).
        recovered = subprocess.run([sys.executable, "manage.py", "jobs_recover"], cwd=ROOT, env=env, check=False)
        if recovered.returncode:
            return recovered.returncode
    children = [subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True) for command in _commands()]
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.2)
    ended_alone = [child.returncode for child in children if child.returncode is not None]

    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + stop_seconds
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    if stopping:
        return 0
    return ended_alone[0] or 1


if __name__ == "__main__":
    sys.exit(main())

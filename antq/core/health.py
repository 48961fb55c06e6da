"""What `/healthz` checks: the database answers, every migration is applied, the job queue moves, the disk has room.

Each check answers True or False and never raises; why one failed goes to the server log (class and stack, by
antq.core.logformat), never into the answer, which a stranger may read. The migration check loads every migration
file, so its result is kept for a minute (and computed once when a gunicorn worker starts, scripts/gunicorn.conf.py);
the others cost one small query or one system call each.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

log = logging.getLogger("antq.health")

MIGRATIONS_TTL_SECONDS = 60.0
_migrations_lock = threading.Lock()
_migrations: dict[str, float | bool] = {"checked": float("-inf"), "ok": False}


def database_ok() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _migrations_applied() -> bool:
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrations_ok(now: float | None = None) -> bool:
    """No migration left to apply (the answer kept for MIGRATIONS_TTL_SECONDS)."""
    now = time.monotonic() if now is None else now
    with _migrations_lock:
        if now - float(_migrations["checked"]) >= MIGRATIONS_TTL_SECONDS:
            _migrations.update(ok=_migrations_applied(), checked=now)
        return bool(_migrations["ok"])


def forget_migrations() -> None:
    """Check the migrations afresh on the next call (after `migrate`, in tests)."""
    with _migrations_lock:
        _migrations["checked"] = float("-inf")


def queue_ok() -> bool:
    """No job has waited to start longer than ANTQ_HEALTH_QUEUE_WAIT_MINUTES (the worker is down or swamped), and
    none has run longer than ANTQ_HEALTH_JOB_MAX_MINUTES (stuck, or left "running" by a killed worker)."""
    now = timezone.now()
    waited = now - dt.timedelta(minutes=settings.ANTQ_HEALTH_QUEUE_WAIT_MINUTES)
    # A job to run later (run_after) starts waiting at run_after; the others when they were enqueued.
    late = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=waited) | Q(run_after__lt=waited)
    )
    stuck = DBTaskResult.objects.running().filter(
        started_at__lt=now - dt.timedelta(minutes=settings.ANTQ_HEALTH_JOB_MAX_MINUTES)
    )
    return not late.exists() and not stuck.exists()


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def disk_ok() -> bool:
    """At least ANTQ_HEALTH_MIN_FREE_MB free where the uploads and the SQLite database (if any) are written."""
    folders = {Path(settings.MEDIA_ROOT)}
    if connection.vendor == "sqlite":
        folders.add(Path(str(settings.DATABASES["default"]["NAME"])).parent)
    minimum = settings.ANTQ_HEALTH_MIN_FREE_MB * 1024 * 1024
    return all(shutil.disk_usage(_existing(folder)).free >= minimum for folder in folders)


CHECKS: dict[str, Callable[[], bool]] = {
    "database": database_ok,
    "migrations": migrations_ok,
    "jobs": queue_ok,
    "disk": disk_ok,
}


def _run(name: str, check: Callable[[], bool]) -> bool:
    try:
        passed = check()
    except Exception:
        log.warning("health check failed", extra={"check": name}, exc_info=True)
        return False
    if not passed:
        log.warning("health check failed", extra={"check": name})
    return passed


def health() -> dict[str, object]:
    """{"status": "ok" | "fail", "checks": {name: "ok" | "fail"}}: the whole answer of /healthz."""
    results = {name: _run(name, check) for name, check in CHECKS.items()}
    return {
        "status": "ok" if all(results.values()) else "fail",
        "checks": {name: "ok" if passed else "fail" for name, passed in results.items()},
    }

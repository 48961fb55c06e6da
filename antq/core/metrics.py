"""Counters for `/metrics`, in Prometheus' text format (version 0.0.4), written here in a few lines (the
prometheus-client package is not installed).

Request counters are kept in each server process. gunicorn runs several, and a scrape reaches only one of them, so
each process also leaves its counters in a small file in ANTQ_METRICS_DIR (set by scripts/serve.py, emptied at each
start) at most once a second, and `/metrics` adds up every file there — a counter thus counts the whole server since
it started, and keeps the counts of a worker gunicorn has replaced. Without ANTQ_METRICS_DIR (tests, runserver) the
figures are the answering process's own. Job figures are read from the job table itself, so they hold across
processes and restarts (they drop when old job rows are pruned; Prometheus reads that as a counter reset).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.dispatch import receiver
from django_tasks_db.models import DBTaskResult

_FLUSH_SECONDS = 1.0
# Upper bounds (seconds) of the job duration histogram's buckets: a quick export … a national report.
JOB_BUCKETS = (1, 5, 15, 60, 300, 900, 3600)
_STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")

_lock = threading.Lock()
_state: dict[str, Any] = {"pid": None, "file": None, "flushed": 0.0, "counts": {}}


def _counts() -> dict[str, float]:
    # A forked process starts from zero under a file of its own (gunicorn forks its workers from the master).
    if _state["pid"] != os.getpid():
        _state.update(pid=os.getpid(), file=f"{os.getpid()}-{secrets.token_hex(4)}.json", flushed=0.0, counts={})
    return _state["counts"]


def _add(counts: dict[str, float], key: str, value: float) -> None:
    counts[key] = counts.get(key, 0) + value


def request_observed(status: int, seconds: float) -> None:
    """Count one answered request (called by RequestLogMiddleware)."""
    with _lock:
        counts = _counts()
        _add(counts, f"requests:{status // 100}xx", 1)
        _add(counts, "request_seconds_sum", seconds)
        _add(counts, "request_seconds_count", 1)
        _flush(counts)


@receiver(got_request_exception)
def exception_observed(**kwargs: Any) -> None:
    """Count a request whose view raised an unexpected exception (it answers 500)."""
    with _lock:
        counts = _counts()
        _add(counts, "exceptions", 1)
        _flush(counts)


def _flush(counts: dict[str, float], force: bool = False) -> None:
    folder = settings.ANTQ_METRICS_DIR
    now = time.monotonic()
    if not folder or (not force and now - _state["flushed"] < _FLUSH_SECONDS):
        return
    path = Path(folder) / _state["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(counts))
    temporary.replace(path)  # atomic: a reader never sees half a file
    _state["flushed"] = now


def server_counts() -> dict[str, float]:
    """Every server process's counters added up (only this process's without ANTQ_METRICS_DIR)."""
    with _lock:
        counts = _counts()
        _flush(counts, force=True)
        if not settings.ANTQ_METRICS_DIR:
            return dict(counts)
    total: dict[str, float] = {}
    for path in Path(settings.ANTQ_METRICS_DIR).glob("*.json"):
        try:
            for key, value in json.loads(path.read_text()).items():
                _add(total, key, value)
        except (OSError, ValueError):
            continue  # a file being replaced right now: its counts are in the next scrape
    return total


def _job_figures() -> tuple[dict[str, int], list[dict[str, Any]]]:
    by_status = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("id")))
    duration = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
    buckets = {
        f"le_{seconds}": Count("id", filter=Q(duration__lte=dt.timedelta(seconds=seconds))) for seconds in JOB_BUCKETS
    }
    finished = (
        DBTaskResult.objects.filter(finished_at__isnull=False, started_at__isnull=False)
        .annotate(duration=duration)
        .order_by()
        .values("task_path")
        .annotate(count=Count("id"), total=Sum("duration"), **buckets)
        .order_by("task_path")
    )
    return by_status, list(finished)


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def exposition() -> str:
    """The /metrics page: request and error counters, request time, jobs by status, job durations by task."""
    counts = server_counts()
    lines = [
        "# HELP antq_http_requests_total Requests answered, by status class.",
        "# TYPE antq_http_requests_total counter",
        *(f'antq_http_requests_total{{status="{c}"}} {counts.get(f"requests:{c}", 0):g}' for c in _STATUS_CLASSES),
        "# HELP antq_http_exceptions_total Requests whose handling raised an unexpected exception (answered 500).",
        "# TYPE antq_http_exceptions_total counter",
        f"antq_http_exceptions_total {counts.get('exceptions', 0):g}",
        "# HELP antq_http_request_duration_seconds Time taken to answer requests.",
        "# TYPE antq_http_request_duration_seconds summary",
        f"antq_http_request_duration_seconds_sum {counts.get('request_seconds_sum', 0):.6f}",
        f"antq_http_request_duration_seconds_count {counts.get('request_seconds_count', 0):g}",
    ]
    by_status, finished = _job_figures()
    lines += [
        "# HELP antq_jobs Background jobs in the job table, by status.",
        "# TYPE antq_jobs gauge",
        *(f'antq_jobs{{status="{s}"}} {by_status.get(s, 0)}' for s in ("READY", "RUNNING", "SUCCESSFUL", "FAILED")),
        "# HELP antq_job_duration_seconds Run time of finished background jobs, by task.",
        "# TYPE antq_job_duration_seconds histogram",
    ]
    for row in finished:
        task = _label(row["task_path"])
        for seconds in JOB_BUCKETS:
            lines.append(f'antq_job_duration_seconds_bucket{{task="{task}",le="{seconds}"}} {row[f"le_{seconds}"]}')
        total = row["total"] or dt.timedelta(0)
        lines += [
            f'antq_job_duration_seconds_bucket{{task="{task}",le="+Inf"}} {row["count"]}',
            f'antq_job_duration_seconds_sum{{task="{task}"}} {total.total_seconds():.3f}',
            f'antq_job_duration_seconds_count{{task="{task}"}} {row["count"]}',
        ]
    return "\n".join(lines) + "\n"

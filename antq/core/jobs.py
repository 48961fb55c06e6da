"""Background jobs with progress (docs/operations.md, "Background jobs").

`job_start` records a `Job` and enqueues `job_run` (django-tasks: the database backend in production, run by
`manage.py db_worker`; at once, in-process, in the tests). The worker calls the job's function
`func(*, actor, unit, progress, **kwargs)`, which reports `progress(done, total, text)` and returns a `JobFile`
(the file is stored under MEDIA_ROOT/jobs/ for the owner to download) or a `JobLink` (what was done and the page
to see it: an import's list). A job started with a `once_key` runs once: a second start with the same key (a
second click on "Xác nhận nhập") gets the first job back — the database's unique constraint decides, not a read.
A run whose job was failed as stale meanwhile stops at its next progress report (`JobLost`). A typed error
(ANTQError) fails the job with its Vietnamese message; anything else fails it with "Lỗi hệ thống; mã yêu cầu …"
and the stack goes to the log under that id — never to the page.

A job a dead worker left running is found by `jobs_recover`: at the worker's start (scripts/serve.py runs
`manage.py jobs_recover` before `db_worker`) every running job is queued once more, or failed when it was already
retried; a running job silent (no progress) for ANTQ_JOB_STALE_MINUTES is failed whenever it is looked at or a new
job starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.models import Job, JobStatus

log = logging.getLogger("antq.jobs")

MAX_ATTEMPTS = 2  # a job interrupted by a restart is run once more, then failed
INTERRUPTED = "Công việc bị gián đoạn khi máy chủ khởi động lại. Hãy chạy lại."
STALE = "Công việc không báo tiến độ quá lâu nên đã được dừng. Hãy chạy lại; nếu vẫn lỗi, báo bộ phận hỗ trợ."

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JobFile:
    """What a job function returns: the file its owner downloads."""

    data: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class JobLink:
    """What a job function returns when its result is written data, not a file: `text` says what was done
    (Vietnamese, ≤ 200 characters), `url` the page that shows it."""

    url: str
    text: str


class JobLost(Exception):
    """Raised by a progress report when the job is no longer this run's (failed as stale, or queued again): the
    run stops, and what it did in its open transaction is rolled back."""


# --- reads --------------------------------------------------------------------------------------------------------


def jobs_for(actor: Any) -> QuerySet[Job]:
    """The actor's own jobs, newest first (nobody sees another user's jobs, whatever their role)."""
    if not getattr(actor, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=actor).select_related("unit")


def get_job_for(actor: Any, pk: int) -> Job:
    """One of the actor's jobs; NotFoundOrOutOfScope (404) when missing or someone else's."""
    job = jobs_for(actor).filter(pk=pk).first()
    if job is None:
        raise NotFoundOrOutOfScope("Không tìm thấy công việc.")
    return job


# --- writes -------------------------------------------------------------------------------------------------------


def job_start(
    *, actor: Any, unit: Any, kind: str, label: str, func_path: str, kwargs: dict[str, Any], once_key: str = ""
) -> Job:
    """Record a job for `actor` and queue it; returns the job (already finished on the immediate backend). With a
    `once_key` already taken by one of `actor`'s jobs, that job is returned and nothing is queued; taken by
    another user's: NotFoundOrOutOfScope."""
    import_string(func_path)  # a wrong path fails now, in the request, rather than in the worker
    jobs_fail_stale()
    try:
        with transaction.atomic():
            job = Job.objects.create(
                owner=actor,
                unit=unit,
                kind=kind,
                label=label[:200],
                func_path=func_path,
                kwargs=kwargs,
                once_key=once_key,
            )
    except IntegrityError:
        first = Job.objects.filter(once_key=once_key).first() if once_key else None
        if first is None:
            raise
        if first.owner_id != getattr(actor, "pk", None):
            raise NotFoundOrOutOfScope("Không tìm thấy công việc.") from None
        return first
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job: Job) -> None:
    result = job_run.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=result.id)


def _claim(job_id: int) -> Job | None:
    """Mark a queued job running (one worker only: the row is locked); None if it is not queued any more."""
    with transaction.atomic():
        job = Job.objects.select_for_update(of=("self",)).select_related("owner", "unit").filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        now = timezone.now()
        job.status, job.started_at, job.updated_at = JobStatus.RUNNING, now, now
        job.attempts += 1
        job.progress_done = job.progress_total = 0
        job.progress_text = ""
        job.save(
            update_fields=[
                "status",
                "started_at",
                "updated_at",
                "attempts",
                "progress_done",
                "progress_total",
                "progress_text",
            ]
        )
    return job


def _this_run(job: Job) -> QuerySet[Job]:
    # Writes of a run land only while the job is still this run's (not failed as stale, nor retried meanwhile).
    return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


def _progress_for(job: Job) -> Progress:
    def progress(done: int, total: int, text: str = "") -> None:
        total = max(int(total), 0)
        done = min(max(int(done), 0), total)
        reported = _this_run(job).update(
            progress_done=done, progress_total=total, progress_text=text[:200], updated_at=timezone.now()
        )
        if not reported:
            raise JobLost(job.pk)

    return progress


def _fail(job: Job, message: str) -> None:
    now = timezone.now()
    _this_run(job).update(status=JobStatus.FAILED, error=message, finished_at=now, updated_at=now)


@task()
def job_run(job_id: int) -> str:
    """The worker's side of a job: run its function, store the file or the reason it failed."""
    job = _claim(job_id)
    if job is None:
        return "skipped"
    try:
        func = import_string(job.func_path)
        output = func(actor=job.owner, unit=job.unit, progress=_progress_for(job), **job.kwargs)
        if not isinstance(output, JobFile | JobLink):
            raise TypeError(f"{job.func_path} returned {type(output).__name__}, not JobFile or JobLink")
    except JobLost:
        return "lost"  # the job's row already says why (stale, or queued again for another run)
    except ANTQError as exc:
        _fail(job, exc.message)
        return JobStatus.FAILED
    except Exception:
        error_id = uuid.uuid4().hex[:12]
        log.exception("job failed", extra={"task": job.kind, "request_id": error_id})
        _fail(job, f"Lỗi hệ thống; mã yêu cầu {error_id}. Hãy báo mã này cho bộ phận hỗ trợ.")
        return JobStatus.FAILED
    if isinstance(output, JobLink):
        result: dict[str, str] = {"result_url": output.url[:300], "result_name": output.text[:200]}
    else:
        job.result.save(output.filename, ContentFile(output.data), save=False)
        result = {
            "result": job.result.name,
            "result_name": output.filename[:200],
            "result_type": output.content_type[:120],
        }
    now = timezone.now()
    total = _this_run(job).values_list("progress_total", flat=True).first() or 1
    written = _this_run(job).update(
        status=JobStatus.DONE,
        **result,
        progress_done=total,
        progress_total=total,
        finished_at=now,
        updated_at=now,
    )
    if not written and job.result:  # failed as stale (or retried) while it ran: its file is nobody's
        job.result.delete(save=False)
    return JobStatus.DONE


# --- interrupted and stale jobs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    retried: int = 0
    failed: int = 0
    tasks_closed: int = 0


def jobs_recover() -> Recovery:
    """At the worker's start, before it takes a job: nothing can be running, so every job left running was
    interrupted — queued once more, or failed when it was already retried — and the task rows a killed worker left
    running are closed as failed (else /healthz would call the queue stuck). Run with one worker only."""
    retried = failed = 0
    now = timezone.now()
    for pk in list(Job.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True)):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=pk)
            if job.status != JobStatus.RUNNING:
                continue
            if job.attempts < MAX_ATTEMPTS:
                job.status, job.task_id = JobStatus.QUEUED, ""
                job.progress_text = "Đang chờ chạy lại sau khi máy chủ khởi động lại"
                job.updated_at = now
                job.save(update_fields=["status", "task_id", "progress_text", "updated_at"])
                retried += 1
            else:
                job.status, job.error, job.finished_at, job.updated_at = JobStatus.FAILED, INTERRUPTED, now, now
                job.save(update_fields=["status", "error", "finished_at", "updated_at"])
                failed += 1
                continue
        _enqueue(job)
    closed = DBTaskResult.objects.running().update(status=TaskResultStatus.FAILED, finished_at=now)
    if retried or failed or closed:
        log.warning("jobs recovered", extra={"task": f"retried={retried} failed={failed} closed={closed}"})
    return Recovery(retried=retried, failed=failed, tasks_closed=closed)


def jobs_fail_stale(now: dt.datetime | None = None) -> int:
    """Fail every running job that reported no progress for ANTQ_JOB_STALE_MINUTES (a hung or lost run); safe
    beside live workers. Returns how many."""
    now = now or timezone.now()
    silent_since = now - dt.timedelta(minutes=settings.ANTQ_JOB_STALE_MINUTES)
    return Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=silent_since).update(
        status=JobStatus.FAILED, error=STALE, finished_at=now, updated_at=now
    )

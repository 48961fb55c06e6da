"""Retention of background jobs (antq/ops/retention.py; docs/privacy.md, "Retention"): a finished job's file goes
after JOB_FILE_DAYS, a done job's row after JOB_DONE_DAYS, a failed one's after JOB_FAILED_DAYS, the task queue's
finished rows after TASK_RESULT_DAYS; recent ones, and jobs waiting or running, stay."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from antq.core.models import Job, JobStatus
from antq.ops.retention import JOB_DONE_DAYS, JOB_FAILED_DAYS, JOB_FILE_DAYS, TASK_RESULT_DAYS, retention_run

NOW = timezone.now()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _job(owner, status, days_ago, *, file=True):
    finished = NOW - dt.timedelta(days=days_ago, hours=1) if status in (JobStatus.DONE, JobStatus.FAILED) else None
    job = Job.objects.create(
        owner=owner,
        kind="test",
        label=f"{status} {days_ago}",
        func_path="x.y",
        status=status,
        started_at=NOW - dt.timedelta(days=days_ago, hours=2),
        finished_at=finished,
        error="Lỗi hệ thống; mã yêu cầu 0123456789ab." if status == JobStatus.FAILED else "",
    )
    if file:
        job.result.save("danh-sach.xlsx", ContentFile(b"PK data"), save=False)
        Job.objects.filter(pk=job.pk).update(result=job.result.name, result_name="danh-sach.xlsx")
        job.refresh_from_db()
    return job


def _stray(media, name, days_old):
    path = media / "jobs" / "2026" / "01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left over")
    stamp = (NOW - dt.timedelta(days=days_old)).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def _task(days_ago, status=TaskResultStatus.SUCCESSFUL):
    finished = NOW - dt.timedelta(days=days_ago, hours=1) if status != TaskResultStatus.RUNNING else None
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="antq.core.jobs.job_run",
        backend_name="default",
        run_after=NOW - dt.timedelta(days=days_ago, hours=2),
        finished_at=finished,
    )


@pytest.fixture
def world(media, commune_officer):
    o = commune_officer
    return {
        "file_expired": _job(o, JobStatus.DONE, JOB_FILE_DAYS + 1),
        "recent": _job(o, JobStatus.DONE, JOB_FILE_DAYS - 2),
        "done_expired": _job(o, JobStatus.DONE, JOB_DONE_DAYS + 1),
        "failed_kept": _job(o, JobStatus.FAILED, JOB_DONE_DAYS + 10, file=False),
        "failed_expired": _job(o, JobStatus.FAILED, JOB_FAILED_DAYS + 1, file=False),
        "running": _job(o, JobStatus.RUNNING, JOB_FAILED_DAYS + 5, file=False),
        "queued": _job(o, JobStatus.QUEUED, JOB_FAILED_DAYS + 5, file=False),
        "stray_old": _stray(media, "mat-chu.xlsx", JOB_FILE_DAYS + 1),
        "stray_fresh": _stray(media, "dang-luu.xlsx", 0),
        "task_expired": _task(TASK_RESULT_DAYS + 1),
        "task_failed_expired": _task(TASK_RESULT_DAYS + 1, TaskResultStatus.FAILED),
        "task_recent": _task(TASK_RESULT_DAYS - 1),
        "task_running": _task(TASK_RESULT_DAYS + 5, TaskResultStatus.RUNNING),
    }


def test_old_job_files_and_rows_go_recent_and_unfinished_ones_stay(world, client, commune_officer):
    paths = {key: world[key].result.path for key in ("file_expired", "recent", "done_expired")}

    report = retention_run()

    assert (report.job_files, report.jobs, report.task_results) == (3, 2, 2)
    remaining = set(Job.objects.values_list("label", flat=True))
    assert remaining == {world[key].label for key in ("file_expired", "recent", "failed_kept", "running", "queued")}
    assert not os.path.exists(paths["file_expired"]) and not os.path.exists(paths["done_expired"])
    assert os.path.exists(paths["recent"])
    assert not world["stray_old"].exists() and world["stray_fresh"].exists()
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {world["task_recent"].pk, world["task_running"].pk}

    # The job whose file went: its page says so, its download answers 404; the recent one still downloads.
    world["file_expired"].refresh_from_db()
    assert world["file_expired"].result.name == ""
    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{world['file_expired'].pk}/").content.decode()
    assert "đã được xóa theo thời hạn lưu giữ" in page and "/tai-ve/" not in page
    assert client.get(f"/cong-viec/{world['file_expired'].pk}/tai-ve/").status_code == 404
    assert client.get(f"/cong-viec/{world['recent'].pk}/tai-ve/").status_code == 200


def test_a_dry_run_counts_and_changes_nothing(world):
    report = retention_run(dry_run=True)
    assert (report.job_files, report.jobs, report.task_results, report.dry_run) == (3, 2, 2, True)
    assert Job.objects.count() == 7 and DBTaskResult.objects.count() == 4
    assert world["stray_old"].exists() and os.path.exists(world["file_expired"].result.path)
    world["file_expired"].refresh_from_db()
    assert world["file_expired"].result.name != ""


def test_the_command_prints_the_job_counts(world):
    out = io.StringIO()
    call_command("retention", stdout=out)
    text = out.getvalue()
    assert "3 tệp kết quả công việc quá 7 ngày xóa" in text
    assert "2 công việc cũ xóa" in text and "2 dòng hàng đợi công việc quá 30 ngày xóa" in text

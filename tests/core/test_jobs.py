"""Background jobs (antq/core/jobs.py) on the immediate backend: progress, results, failures, owner-only pages,
recovery of jobs a killed worker left running, and the stale timeout."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from antq.core import jobs
from antq.core.errors import ValidationFailed
from antq.core.models import Job, JobStatus
from tests.core.test_request_logs import _capture

HERE = "tests.core.test_jobs"


def look_at_own_progress(*, actor, unit, progress):
    """Reports a step, then reads what the job's row says meanwhile and returns it as the file."""
    progress(1, 4, "Đang đếm tổ")
    row = Job.objects.get(owner=actor, status=JobStatus.RUNNING)
    seen = f"{row.progress_done}/{row.progress_total} {row.progress_text}"
    return jobs.JobFile(data=seen.encode(), filename="tien-do.txt", content_type="text/plain")


def refuse(*, actor, unit, progress):
    raise ValidationFailed("Kỳ báo cáo chưa kết thúc.", field="period")


def crash(*, actor, unit, progress):
    raise RuntimeError("CCCD 001234567890 không đọc được")


def lose_the_race(*, actor, unit, progress):
    """Its job is failed as stale while it runs: what it returns afterwards must not overwrite that."""
    Job.objects.filter(owner=actor, status=JobStatus.RUNNING).update(status=JobStatus.FAILED, error=jobs.STALE)
    return jobs.JobFile(data=b"late", filename="muon.txt", content_type="text/plain")


def _start(actor, func, **kwargs):
    return jobs.job_start(actor=actor, unit=None, kind="test", label="Thử", func_path=f"{HERE}.{func}", kwargs=kwargs)


@pytest.mark.django_db
def test_job_runs_reports_progress_and_stores_its_file(client, commune_officer):
    job = _start(commune_officer, "look_at_own_progress")
    assert job.status == JobStatus.DONE
    assert job.result.read().decode() == "1/4 Đang đếm tổ"  # what the row said mid-run
    assert (job.progress_done, job.progress_total, job.percent) == (4, 4, 100)
    assert job.started_at and job.finished_at and job.task_id and job.attempts == 1

    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Đã xong" in page and 'http-equiv="refresh"' not in page
    assert f"/cong-viec/{job.pk}/tai-ve/" in page
    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert download["Content-Disposition"] == 'attachment; filename="tien-do.txt"'
    assert b"".join(download.streaming_content).startswith(b"1/4")
    assert client.get(f"/cong-viec/{job.pk}/trang-thai.json").json()["status"] == "done"
    assert "Thử" in client.get("/cong-viec/").content.decode()


@pytest.mark.django_db
def test_running_job_page_shows_progress_bar_and_refreshes_itself(client, commune_officer):
    job = Job.objects.create(
        owner=commune_officer, kind="test", label="Thử", func_path=f"{HERE}.refuse", status=JobStatus.RUNNING
    )
    Job.objects.filter(pk=job.pk).update(progress_done=3, progress_total=10, progress_text="Đang tạo bảng")
    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress max="10" value="3">' in page and "30%" in page and "Đang tạo bảng" in page
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404  # nothing to download yet
    status = client.get(f"/cong-viec/{job.pk}/trang-thai.json").json()
    assert (status["done"], status["total"], status["percent"], status["finished"]) == (3, 10, 30, False)


@pytest.mark.django_db
def test_failed_job_shows_its_vietnamese_reason(client, commune_officer):
    job = _start(commune_officer, "refuse")
    assert (job.status, job.error) == (JobStatus.FAILED, "Kỳ báo cáo chưa kết thúc.")
    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Không thành công: Kỳ báo cáo chưa kết thúc." in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404


@pytest.mark.django_db
def test_unexpected_error_shows_a_reference_not_the_exception(client, commune_officer):
    with _capture() as lines:
        job = _start(commune_officer, "crash")
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Lỗi hệ thống; mã yêu cầu ")
    assert "CCCD" not in job.error and "001234567890" not in job.error
    error_id = job.error.removeprefix("Lỗi hệ thống; mã yêu cầu ").split(".")[0]
    logged = [entry for entry in map(json.loads, lines) if entry["logger"] == "antq.jobs"]
    assert [(entry["request_id"], entry["error"][0]["class"]) for entry in logged] == [
        (error_id, "builtins.RuntimeError")
    ]
    assert "001234567890" not in json.dumps(logged)  # the stack is logged, never the exception's message
    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert error_id in page and "Traceback" not in page and "RuntimeError" not in page


@pytest.mark.django_db
def test_another_users_job_is_404_and_not_listed(client, commune_job, province_officer):
    client.force_login(province_officer)  # covers the job's commune, still not the owner
    for suffix in ("", "trang-thai.json", "tai-ve/"):
        assert client.get(f"/cong-viec/{commune_job.pk}/{suffix}").status_code == 404
    assert "Tệp thử" not in client.get("/cong-viec/").content.decode()


@pytest.mark.django_db
def test_a_result_after_the_job_was_failed_as_stale_is_dropped(commune_officer):
    job = _start(commune_officer, "lose_the_race")
    assert (job.status, job.error, job.result.name) == (JobStatus.FAILED, jobs.STALE, "")


def _left_running(owner, attempts):
    return Job.objects.create(
        owner=owner,
        kind="test",
        label="Thử",
        func_path=f"{HERE}.look_at_own_progress",
        status=JobStatus.RUNNING,
        attempts=attempts,
        started_at=timezone.now(),
    )


@pytest.mark.django_db
def test_recovery_at_worker_start_retries_once_then_fails(commune_officer, other_commune_officer):
    first_try = _left_running(commune_officer, attempts=1)
    retried_already = _left_running(other_commune_officer, attempts=2)
    call_command("jobs_recover")
    first_try.refresh_from_db()
    retried_already.refresh_from_db()
    assert (first_try.status, first_try.attempts) == (JobStatus.DONE, 2)  # queued again, run (immediate backend)
    assert (retried_already.status, retried_already.error) == (JobStatus.FAILED, jobs.INTERRUPTED)
    assert "bị gián đoạn khi máy chủ khởi động lại" in jobs.INTERRUPTED
    assert not Job.objects.filter(status=JobStatus.RUNNING).exists()


@pytest.mark.django_db
def test_running_job_silent_too_long_is_failed_as_stale(client, commune_officer, settings):
    settings.ANTQ_JOB_STALE_MINUTES = 30
    silent, busy = _left_running(commune_officer, 1), _left_running(commune_officer, 1)
    Job.objects.filter(pk=silent.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=31))
    Job.objects.filter(pk=busy.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=29))
    client.force_login(commune_officer)
    page = client.get(f"/cong-viec/{silent.pk}/").content.decode()
    assert "Không thành công" in page and jobs.STALE in page
    busy.refresh_from_db()
    assert busy.status == JobStatus.RUNNING
    call_command("jobs_recover", "--stale")  # the same sweep from the command line, safe beside a live worker
    busy.refresh_from_db()
    assert busy.status == JobStatus.RUNNING

"""/healthz (no login: which checks pass, never why) and /metrics (Prometheus text, by token only)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from antq.core import health

ALL_OK = {"database": "ok", "migrations": "ok", "jobs": "ok", "disk": "ok"}


@pytest.fixture(autouse=True)
def _fresh_migration_check(settings):
    settings.ANTQ_HEALTH_MIN_FREE_MB = 1
    health.forget_migrations()
    yield
    health.forget_migrations()


def _job(*, status="READY", enqueued_ago=0, started_ago=None, ran_seconds=None, run_after=None, task="antq.x.job"):
    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}}, task_path=task, backend_name="default", run_after=run_after
    )
    now = timezone.now()
    started = now - dt.timedelta(minutes=started_ago) if started_ago is not None else None
    finished = started + dt.timedelta(seconds=ran_seconds) if started and ran_seconds is not None else None
    DBTaskResult.objects.filter(pk=job.pk).update(
        status=status,
        enqueued_at=now - dt.timedelta(minutes=enqueued_ago),
        started_at=started,
        finished_at=finished,
    )
    return job


def _healthz(client=None):
    response = (client or Client()).get("/healthz")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_healthz_answers_ok_without_a_login_and_is_never_cached():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_unapplied_migration_fails_the_check_and_answers_503():
    MigrationRecorder.Migration.objects.filter(app="sessions").order_by("-id")[:1].get().delete()

    status, body = _healthz()

    assert status == 503
    assert body == {"status": "fail", "checks": ALL_OK | {"migrations": "fail"}}


@pytest.mark.django_db
def test_the_migration_check_is_kept_for_a_minute():
    assert health.migrations_ok(now=1000.0)
    MigrationRecorder.Migration.objects.filter(app="sessions").order_by("-id")[:1].get().delete()
    assert health.migrations_ok(now=1030.0)  # within the minute: the answer kept, no migration files loaded
    assert not health.migrations_ok(now=1061.0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("job", "ok"),
    [
        ({"enqueued_ago": 2}, True),  # waiting a little: the worker will take it
        ({"enqueued_ago": 20}, False),  # waiting 20 minutes: no worker is taking jobs
        ({"enqueued_ago": 120, "run_after": "in_an_hour"}, True),  # deferred: not due yet
        ({"enqueued_ago": 120, "run_after": "30_minutes_ago"}, False),  # due for 30 minutes
        ({"status": "RUNNING", "started_ago": 10}, True),
        ({"status": "RUNNING", "started_ago": 90}, False),  # stuck, or left running by a killed worker
        ({"status": "FAILED", "enqueued_ago": 300, "started_ago": 299, "ran_seconds": 1}, True),  # finished
    ],
)
def test_a_job_waiting_or_running_too_long_fails_the_jobs_check(job, ok):
    offsets = {"in_an_hour": dt.timedelta(hours=1), "30_minutes_ago": -dt.timedelta(minutes=30)}
    if "run_after" in job:
        job["run_after"] = timezone.now() + offsets[job["run_after"]]
    _job(**job)

    status, body = _healthz()

    assert body["checks"]["jobs"] == ("ok" if ok else "fail")
    assert status == (200 if ok else 503)


@pytest.mark.django_db
def test_too_little_free_disk_fails_the_disk_check(settings):
    settings.ANTQ_HEALTH_MIN_FREE_MB = 10**9  # a petabyte

    assert _healthz() == (503, {"status": "fail", "checks": ALL_OK | {"disk": "fail"}})


class _Unreachable:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password authentication')


@pytest.mark.django_db
def test_an_unreachable_database_fails_without_saying_why(monkeypatch):
    monkeypatch.setattr(health, "connection", _Unreachable())

    response = Client().get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["database"] == "fail"
    assert set(body) == {"status", "checks"} and set(body["checks"]) == set(ALL_OK)
    text = response.content.decode()
    assert "10.0.0.5" not in text and "OperationalError" not in text and "5432" not in text


# --- /metrics ---------------------------------------------------------------------------------------------------


def _scrape(token="jeton-giam-sat-0123456789"):
    return Client(headers={"Authorization": f"Bearer {token}"}).get("/metrics")


def _value(text: str, series: str) -> float:
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{series} not in {text}")


@pytest.mark.django_db
def test_metrics_answer_404_without_a_configured_token(settings):
    settings.ANTQ_METRICS_TOKEN = ""
    assert _scrape("").status_code == 404
    assert Client().get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_answer_404_to_a_wrong_token_and_text_to_the_right_one(settings):
    settings.ANTQ_METRICS_TOKEN = "jeton-giam-sat-0123456789"

    assert _scrape("sai").status_code == 404
    assert Client().get("/metrics").status_code == 404  # from localhost too: a proxy on the host is localhost
    response = _scrape()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")


@pytest.mark.django_db
def test_metrics_count_requests_by_status_class_and_errors(settings):
    settings.ANTQ_METRICS_TOKEN = "jeton-giam-sat-0123456789"
    before = _scrape().content.decode()

    Client().get("/healthz")
    Client().get("/khong-co-trang-nay/")
    after = _scrape().content.decode()

    # The first scrape itself was a 2xx too.
    assert (
        _value(after, 'antq_http_requests_total{status="2xx"}')
        == _value(before, 'antq_http_requests_total{status="2xx"}') + 2
    )
    assert (
        _value(after, 'antq_http_requests_total{status="4xx"}')
        == _value(before, 'antq_http_requests_total{status="4xx"}') + 1
    )
    assert (
        _value(after, "antq_http_request_duration_seconds_count")
        == _value(before, "antq_http_request_duration_seconds_count") + 3
    )
    assert "# TYPE antq_http_exceptions_total counter" in after


@pytest.mark.django_db
def test_metrics_give_job_durations_by_task_as_a_histogram(settings):
    settings.ANTQ_METRICS_TOKEN = "jeton-giam-sat-0123456789"
    _job(status="SUCCESSFUL", started_ago=10, ran_seconds=2, task="antq.documents.tasks.report_pdf")
    _job(status="FAILED", started_ago=10, ran_seconds=100, task="antq.documents.tasks.report_pdf")
    _job(status="READY")

    text = _scrape().content.decode()

    series = 'antq_job_duration_seconds_{}{{task="antq.documents.tasks.report_pdf"{}}}'
    assert _value(text, series.format("bucket", ',le="1"')) == 0
    assert _value(text, series.format("bucket", ',le="5"')) == 1
    assert _value(text, series.format("bucket", ',le="300"')) == 2
    assert _value(text, series.format("bucket", ',le="+Inf"')) == 2
    assert _value(text, series.format("count", "")) == 2
    assert _value(text, series.format("sum", "")) == pytest.approx(102)
    assert _value(text, 'antq_jobs{status="READY"}') == 1
    assert _value(text, 'antq_jobs{status="FAILED"}') == 1


@pytest.mark.django_db
def test_metrics_add_up_the_counts_every_server_process_left(settings, tmp_path):
    """gunicorn runs several processes; each leaves its counters in ANTQ_METRICS_DIR, /metrics adds them up."""
    settings.ANTQ_METRICS_TOKEN = "jeton-giam-sat-0123456789"
    own = _scrape().content.decode()  # this process alone (earlier tests' requests included)
    settings.ANTQ_METRICS_DIR = str(tmp_path)
    (tmp_path / "999999-worker.json").write_text(json.dumps({"requests:5xx": 7, "exceptions": 7}))

    text = _scrape().content.decode()

    five = 'antq_http_requests_total{status="5xx"}'
    assert _value(text, five) == _value(own, five) + 7
    assert _value(text, "antq_http_exceptions_total") == _value(own, "antq_http_exceptions_total") + 7
    assert _value(text, 'antq_http_requests_total{status="2xx"}') >= 1  # this process's own, flushed to its file
    assert len(list(tmp_path.glob("*.json"))) == 2

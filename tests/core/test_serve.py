"""Production mode: `check --deploy` is clean with the documented production environment, and scripts/serve.py (what
`make serve` runs) serves pages and collected static files through gunicorn and WhiteNoise, then stops both of its
processes on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k9Qx-3vL_8mZ2pR7tW1yB4nF6hJ0sD5gA-cE8uI2oP4qT7wX1zV3bN6mK9jH2fG5dS8aL",
    "ALLOWED_HOSTS": "antq.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://antq.example.vn",
    "DATABASE_URL": "sqlite:////tmp/antq-check-deploy.sqlite3",
    # Production refuses to start without the tip keys (antq/settings.py); a fresh Fernet key, not the local one.
    "ANTQ_TIPS_KEYS": "x3C0bq9Jm1vQzH8kE2rT5uW7yA4dF6gL0nP3sV9cX1M=",
}


def _production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "ANTQ_", "DEBUG", "DATABASE_URL"))}
    return env | PRODUCTION | overrides


def test_check_deploy_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Host": "antq.example.vn"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - a local http URL
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served_database(django_db_setup, django_db_blocker, tmp_path_factory) -> str:
    """A migrated database for the server: the test database itself, copied to a temporary SQLite file (migrating
    afresh would take longer than the test may), or on PostgreSQL the test database (already migrated)."""
    if connection.vendor != "sqlite":
        db = connection.settings_dict
        login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    target = tmp_path_factory.mktemp("served") / "antq.sqlite3"
    # Module-scoped, so outside any test's transaction: SQLite's backup waits as long as a writer holds the source.
    with django_db_blocker.unblock():
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        connection.connection.backup(copy)
        copy.close()
    return f"sqlite:///{target}"


@pytest.mark.django_db
def test_serve_runs_gunicorn_with_whitenoise_and_the_job_worker_and_stops_both(served_database, tmp_path):
    port = _free_port()
    env = _production_env(
        DATABASE_URL=served_database,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        ANTQ_METRICS_DIR=str(tmp_path / "metrics"),
        ANTQ_HEALTH_MIN_FREE_MB="1",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        SECURE_COOKIES="0",  # plain HTTP here; behind TLS in production
    )
    # The production storage (hashed names, compressed copies); the API docs' large bundles are left out for speed.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", "-i", "ninja"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    log = tmp_path / "serve.log"
    log_file = log.open("wb")
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py"], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                health = _get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)

        page = _get(f"{base}/tai-khoan/dang-nhap/")
        css = _get(f"{base}/static/{manifest['antq/site.css']}")
        # The worker starts beside gunicorn, not before it: on a busy machine it may still be starting.
        deadline = time.monotonic() + 30
        while "Starting worker" not in log.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log_file.close()
        output = log.read_text(errors="replace")

    assert health[0] == 200 and json.loads(health[2])["status"] == "ok", output
    assert page[0] == 200 and "Đăng nhập" in page[2].decode()
    assert page[1]["Server"].startswith("gunicorn") and len(page[1]["X-Request-ID"]) == 16
    assert css[0] == 200 and css[1]["Content-Type"].startswith("text/css")
    assert css[1]["Content-Encoding"] == "gzip" and "immutable" in css[1]["Cache-Control"]  # WhiteNoise, hashed name
    assert server.returncode == 0
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(line["logger"] == "django_tasks_db" and "Starting worker" in line["message"] for line in lines)
    assert any(line.get("route") == "accounts:login" and line.get("status") == 200 for line in lines)
    assert not any("Traceback" in line for line in output.splitlines()), output

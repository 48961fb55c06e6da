"""KILL TEST (issue 14, "keep the probe"): a worker killed with SIGKILL in the middle of an import confirm leaves
the database exactly as it was, and no upload behind.

A real process (tests/core/import_kill_worker.py) runs against a file-based SQLite copy of the test database:
it previews and stores a sheet of 3,000 localities, confirms it, and is held after the bulk insert and the audit
rows — inside the confirm's transaction — where the test kills it. Takes a few seconds.

SQLite only: on PostgreSQL the test's data live in a transaction another process cannot see, and copying the
test database for a worker would need a second database per run; there the guarantee is the server's own (a
backend whose client vanishes rolls its transaction back), which this test cannot add to.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("import_kill_worker.py")
ROWS = 3000


def _counts(database: Path) -> dict[str, int]:
    """Rows in every table of the database (imported rows, summaries, audit entries alike)."""
    db = sqlite3.connect(database)
    try:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
    finally:
        db.close()


@pytest.mark.django_db
def test_kill_worker_mid_confirm_leaves_database_unchanged_and_no_upload(
    commune_officer, dong_hung, tmp_path, settings
):
    if connection.vendor != "sqlite":
        pytest.skip("needs a file copy of the test database for the worker process (see the module docstring)")
    database, media = tmp_path / "kill.sqlite3", tmp_path / "media"
    connection.ensure_connection()
    # A dump, not sqlite3's backup: it runs on the test's own connection, so it sees the test world and the
    # commune officer inside the test's open transaction (a backup would wait for that transaction forever).
    copy = sqlite3.connect(database)
    copy.executescript("\n".join(connection.connection.iterdump()))
    copy.close()
    before = _counts(database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "antq.settings",
        "ANTQ_ALLOW_INSECURE_KEY": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(media),
        "PYTHONPATH": str(REPO),
        "KILL_TEST_ROWS": str(ROWS),
        "KILL_TEST_USER": commune_officer.username,
    }
    worker = subprocess.Popen(  # noqa: S603 — our own script
        [sys.executable, str(WORKER)], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watchdog = threading.Timer(60, worker.kill)  # never hang the suite
    watchdog.start()
    try:
        lines = []
        assert worker.stdout is not None
        for line in worker.stdout:
            lines.append(line.strip())
            if line.startswith("WRITING"):
                os.kill(worker.pid, signal.SIGKILL)
                break
        worker.wait()
    finally:
        watchdog.cancel()
    assert worker.returncode == -signal.SIGKILL, (lines, worker.stderr.read() if worker.stderr else "")
    assert lines[0].startswith("STORED") and lines[-1].startswith("WRITING")
    written, audited = map(int, lines[-1].split()[1:])
    assert written >= ROWS and audited >= ROWS  # killed after the rows and their audit entries were written

    # Nothing of the import is left: no localities, no summary rows, no audit entries — every table as before.
    assert _counts(database) == before
    # The upload (full CCCDs in a roster) was deleted when the confirm read it; the clean-up finds nothing else.
    imports = media / "imports"
    assert not imports.exists() or list(imports.iterdir()) == []
    settings.MEDIA_ROOT = media
    call_command("purge_imports", hours=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not imports.exists() or list(imports.iterdir()) == []

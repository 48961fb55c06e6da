"""Backups restore: a backup of the test world with registry rows, summaries, audit entries and uploaded files,
restored into an empty database, gives every table's rows and every file back; restore refuses what it must."""

from __future__ import annotations

import importlib
import io
import json
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from antq.accounts.models import AuditEntry
from antq.activities.models import AwardForm, OutreachActivity
from antq.core.periods import Period
from antq.forces.models import StockChange, TeamMember
from antq.geo.models import AdminUnit, Level
from antq.geo.services import geography_load
from antq.ops.backup import MANIFEST, BackupError, backup_create, backup_restore, manifest_read
from antq.reporting.models import EnteredValue
from antq.reporting.services import values_enter
from antq.schemes.models import SchemeSite, SchemeType
from tests.conftest import _user_with_role
from tests.world import COMMUNE_DONG_HUNG, small_geography

ALIAS = "restored"
REFERENCE_DATA = [
    ("antq.schemes.migrations.0002_national_scheme_types", "add_types", SchemeType),
    ("antq.activities.migrations.0002_standard_award_forms", "add_forms", AwardForm),
]
# Registry rows, summaries and the audit trail: the restore must find each kind (and the comparison below all).
MUST_HAVE = [TeamMember, SchemeSite, OutreachActivity, EnteredValue, StockChange, AuditEntry]


def _world(media: Path, settings) -> dict[str, bytes]:
    """The test world (a transactional test starts from a flushed database), the demo seed of Hưng Yên (members,
    sites, activities, entered values, summaries, audit entries) and uploaded files."""
    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000  # October's entry stays open whenever the suite runs
    rows, links = small_geography()
    geography_load(rows=rows, links=links)
    # A transactional test before this one flushed the reference rows the data migrations wrote: put them back.
    for module, function, model in REFERENCE_DATA:
        if not model.objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)
    _user_with_role("pv05_33", "province", "33")
    officer = _user_with_role("ca_12688", "commune", COMMUNE_DONG_HUNG)
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    dong_hung = AdminUnit.objects.get(level=Level.COMMUNE, code=COMMUNE_DONG_HUNG, valid_to__isnull=True)
    values_enter(
        actor=officer, unit=dong_hung, period=Period.parse("2026-10"), values={"mediation_cases": ("3", "exact")}
    )
    for model in MUST_HAVE:
        assert model._base_manager.exists(), model
    files = {
        "schemes/exemplars/anh-mau.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "festivals/2026/ngay-hoi.jpg": b"\xff\xd8\xff\xe0" + b"photo" * 1000,
    }
    for name, data in files.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(data)
    (media / "imports").mkdir(parents=True, exist_ok=True)
    (media / "imports" / ("a" * 32 + ".upload")).write_bytes(b"full CCCDs: never in a backup")
    return files


def _rows(alias: str) -> dict[str, list[tuple]]:
    """Every table's rows, ordered by primary key, through the ORM (every model, auto-created ones included)."""
    return {
        model._meta.label: list(model._base_manager.using(alias).order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@contextmanager
def _second_database(name: str) -> Iterator[str]:
    """A second connection on the same engine, database `name`, reachable as `connections[ALIAS]` (and `using`).
    It is not in `connections.settings`: Django's test case then treats it as a dynamically created connection
    rather than a database the test did not declare."""
    connections.settings[ALIAS] = {**connections.settings["default"], "NAME": name}
    try:
        connections[ALIAS] = connections.create_connection(ALIAS)
    finally:
        del connections.settings[ALIAS]
    try:
        yield ALIAS
    finally:
        connections[ALIAS].close()
        del connections[ALIAS]


def _round_trip(tmp_path: Path, media: Path, settings, target: str) -> None:
    files = _world(media, settings)
    archive = backup_create(output_dir=tmp_path / "backups")
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only
    restored_media = tmp_path / "restored-media"
    with _second_database(target) as alias:
        result = backup_restore(archive=archive, using=alias, media_root=restored_media)
        original, restored = _rows("default"), _rows(alias)
    assert result.files == len(files)
    for model in MUST_HAVE:
        assert original[model._meta.label], model
    assert restored.keys() == original.keys()
    for label, rows in original.items():
        assert restored[label] == rows, label
    assert {
        p.relative_to(restored_media).as_posix(): p.read_bytes() for p in restored_media.rglob("*") if p.is_file()
    } == files


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip; PostgreSQL has its own below")
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_a_sqlite_backup_restores_every_row_and_file_into_an_empty_database(tmp_path, media, settings):
    _round_trip(tmp_path, media, settings, str(tmp_path / "restored.sqlite3"))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL (pg_dump / pg_restore round trip)"
)
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_a_postgresql_backup_restores_every_row_and_file_into_an_empty_database(tmp_path, media, settings):
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        _round_trip(tmp_path, media, settings, name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


# --- refusals: they stop at the manifest, the target or a checksum ------------------------------------------------


# SQLite cannot back up from inside the test's open transaction (pg_dump would not see its rows): the tests that
# make an archive commit, like the round trips.
committed = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))


@pytest.fixture
def archive(transactional_db, tmp_path, media):
    (media / "schemes").mkdir()
    (media / "schemes" / "a.png").write_bytes(b"png")
    return backup_create(output_dir=tmp_path / "backups")


def _rewrite(archive: Path, tmp_path: Path, *, manifest=None, replace: dict[str, bytes] | None = None) -> Path:
    """A copy of `archive` with its manifest changed by `manifest(dict)` or members replaced."""
    copy = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            data = (replace or {}).get(member.name, data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return copy


@committed
def test_the_manifest_names_the_vendor_the_migrations_and_every_checksum(archive):
    manifest = manifest_read(archive)
    assert manifest["vendor"] == connection.vendor
    assert manifest["migrations"]["forces"].startswith("00")
    assert manifest["antq"]["version"]
    assert set(manifest["checksums"]) == {manifest["database"], "media/schemes/a.png"}


@committed
def test_restore_refuses_an_archive_of_another_database_vendor(archive, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    changed = _rewrite(archive, tmp_path, manifest=lambda m: {**m, "vendor": other})
    with pytest.raises(BackupError, match="không khôi phục chéo"):
        backup_restore(archive=changed, force=True)


@committed
def test_restore_refuses_migrations_newer_than_the_code(archive, tmp_path):
    changed = _rewrite(
        archive, tmp_path, manifest=lambda m: {**m, "migrations": {**m["migrations"], "forces": "9999_from_the_future"}}
    )
    with pytest.raises(BackupError, match=r"forces\.9999_from_the_future"):
        backup_restore(archive=changed, force=True)


@committed
def test_restore_refuses_a_database_that_is_not_empty_without_force(archive):
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive), stdout=io.StringIO())


@committed
def test_restore_refuses_a_damaged_archive_before_writing_anything(archive, tmp_path, media):
    changed = _rewrite(archive, tmp_path, replace={"media/schemes/a.png": b"not the same"})
    with pytest.raises(BackupError, match="bị hỏng"):  # --force passes the target check: only the checksum stops it
        backup_restore(archive=changed, force=True, media_root=tmp_path / "restored-media")
    assert not (tmp_path / "restored-media").exists()


@committed
def test_the_backup_command_writes_an_archive_into_the_output_folder(tmp_path, media):
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "b"), stdout=out)
    assert "Đã sao lưu vào" in out.getvalue()
    assert len(list((tmp_path / "b").glob("antq-backup-*.tar.gz"))) == 1

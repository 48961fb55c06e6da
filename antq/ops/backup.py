"""Backups that restore: one `.tar.gz` holding the database, the uploaded files and a manifest (docs/backups.md).

PostgreSQL is dumped with `pg_dump --format=custom` and restored with `pg_restore`; SQLite is copied with its
online backup API (`sqlite3.Connection.backup`), which gives a consistent copy while the server keeps writing in
WAL mode. The uploaded files are MEDIA_ROOT (exemplar and festival photos) except `imports/`, the uploads waiting
for an import's confirm: they hold full CCCDs, live at most ANTQ_IMPORT_KEEP_HOURS and are useless after a restore.
Generated documents (reports, forms, exports) are built on request from the database and are never stored.

The manifest records when, from which ANTQ version and git revision, the database vendor, the last migration of
each app and a SHA-256 of every member. `restore` checks all of it before it writes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Uploads waiting for an import's confirm: personal data kept for hours, never put in a backup kept for months.
MEDIA_SKIPPED = ("imports",)
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message (Vietnamese) says why and what to do."""


@dataclass(frozen=True)
class Restored:
    """What a restore did: the manifest it followed and how many uploaded files it wrote."""

    manifest: dict[str, Any]
    files: int


# --- what the code and the database are -------------------------------------------------------------------------


def antq_version() -> dict[str, str | None]:
    """ANTQ's version (pyproject) and, when run from a git checkout, its revision."""
    try:
        version: str | None = metadata.version("antq")
    except metadata.PackageNotFoundError:
        match = re.search(r'^version = "([^"]+)"', _read(settings.BASE_DIR / "pyproject.toml"), re.M)
        version = match.group(1) if match else None
    return {"version": version, "git": _git_revision()}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _git_revision() -> str | None:
    git = shutil.which("git")
    if not git or not (settings.BASE_DIR / ".git").exists():
        return None
    result = subprocess.run(  # noqa: S603 (fixed arguments, git found on PATH)
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
    )
    return (result.stdout.strip() or None) if result.returncode == 0 else None


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The last applied migration of each app (migration names start with their number, so the greatest name)."""
    last: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def migrations_unknown_to_code(state: Mapping[str, str], connection: BaseDatabaseWrapper) -> list[str]:
    """The migrations of `state` this code does not have: the backup comes from a newer ANTQ."""
    on_disk = set(MigrationLoader(connection, ignore_no_migrations=True, load=True).disk_migrations)
    return [f"{app}.{name}" for app, name in state.items() if (app, name) not in on_disk]


def database_is_empty(connection: BaseDatabaseWrapper) -> bool:
    """No table at all: a database just created (`createdb`, or a SQLite file not yet migrated)."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL client programs ---------------------------------------------------------------------------------


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise BackupError(f"Không đọc được phiên bản từ “{version_text.strip()}”.")
    return int(match.group(1))


def pg_program(name: str, server_major: int) -> tuple[Path, int]:
    """`pg_dump` or `pg_restore` at least as new as the server (an older one refuses a newer server's data):
    ANTQ_PG_BIN_DIR, then Debian's /usr/lib/postgresql/<major>/bin, then PATH. Returns the path and its major."""
    candidates: list[Path] = []
    if configured := getattr(settings, "ANTQ_PG_BIN_DIR", ""):
        candidates.append(Path(configured) / name)
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: -_major(p.parts[-3]))
    if found := shutil.which(name):
        candidates.append(Path(found))
    seen: list[str] = []
    for path in candidates:
        if not path.is_file() or not os.access(path, os.X_OK):
            continue
        result = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False)  # noqa: S603
        major = _major(result.stdout)
        if major >= server_major:
            return path, major
        seen.append(f"{path} ({major})")
    found_text = f" Đã thấy: {', '.join(seen)} — cũ hơn máy chủ." if seen else ""
    raise BackupError(
        f"Cần {name} phiên bản {server_major} trở lên (máy chủ PostgreSQL {server_major}).{found_text} "
        f"Cài gói postgresql-client-{server_major} (Debian: apt-get install postgresql-client-{server_major}) "
        "hoặc đặt ANTQ_PG_BIN_DIR là thư mục chứa chương trình."
    )


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's environment for the connection: the password never appears on a command line."""
    params = connection.get_connection_params()
    env = {**os.environ}
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    for key, value in params.items():
        if key in {"sslmode", "sslrootcert", "sslcert", "sslkey", "service", "passfile"}:
            env[f"PG{key.upper()}"] = str(value)
    env["PGDATABASE"] = str(params.get("dbname") or connection.settings_dict["NAME"])
    return env


def _pg_server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _run(command: list[str], env: Mapping[str, str], what: str) -> None:
    result = subprocess.run(command, env=dict(env), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} thất bại: {result.stderr.strip()[-2000:]}")


# --- backup -----------------------------------------------------------------------------------------------------


def _dump_database(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    vendor = connection.vendor
    if vendor == "sqlite":
        if connection.in_atomic_block:  # SQLite's backup would wait for ever on its own connection's transaction
            raise BackupError("Không sao lưu SQLite từ bên trong một giao dịch đang mở.")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # online backup API: consistent while others write
        finally:
            destination.close()
        return {"sqlite": sqlite3.sqlite_version}
    if vendor == "postgresql":
        server = _pg_server_major(connection)
        pg_dump, major = pg_program("pg_dump", server)
        env = _pg_env(connection)
        _run([str(pg_dump), "--format=custom", "--no-owner", "--file", str(target)], env, "pg_dump")
        return {"server_major": server, "pg_dump_major": major}
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")


def _media_files(media_root: Path) -> Iterator[tuple[Path, str]]:
    """(file, its name in the archive) for every uploaded file kept in backups."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root)
        if path.is_file() and not path.is_symlink() and relative.parts[0] not in MEDIA_SKIPPED:
            yield path, f"{MEDIA}/{relative.as_posix()}"


def backup_create(*, output_dir: Path, using: str = "default", media_root: Path | None = None) -> Path:
    """Write `antq-backup-<time>.tar.gz` into `output_dir` (readable by its owner only) and return its path."""
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT if media_root is None else media_root)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.localtime()
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".antq-backup-") as work:
        dump = Path(work) / DUMPS.get(connection.vendor, "database")
        tool = _dump_database(connection, dump)
        checksums = {dump.name: _sha256(dump)}
        files = list(_media_files(media_root))
        checksums.update({name: _sha256(path) for path, name in files})
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "antq": antq_version(),
            "vendor": connection.vendor,
            "tool": tool,
            "migrations": migration_state(connection),
            "database": dump.name,
            "files": len(files),
            "checksums": checksums,
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for path, name in files:
                archive.add(path, arcname=name)
        partial.chmod(0o600)  # personal data: the operator's account only
        target = output_dir / f"antq-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
        counter = 1
        while target.exists():
            counter += 1
            target = output_dir / f"antq-backup-{created:%Y%m%d-%H%M%S}-{counter}.tar.gz"
        partial.rename(target)
    return target


# --- restore ----------------------------------------------------------------------------------------------------


def manifest_read(archive: Path) -> dict[str, Any]:
    """The archive's manifest (it is the first member, read without unpacking the rest)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest: dict[str, Any] = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive} không phải bản sao lưu ANTQ đọc được ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Bản sao lưu định dạng {manifest.get('format')!r}; bản ANTQ này đọc định dạng {FORMAT}.")
    return manifest


def _check(manifest: Mapping[str, Any], connection: BaseDatabaseWrapper, *, force: bool) -> None:
    """Refuse before anything is written: another vendor, migrations newer than the code, a database in use."""
    vendor = manifest.get("vendor")
    if vendor != connection.vendor:
        raise BackupError(
            f"Bản sao lưu là của {VENDOR_NAMES.get(str(vendor), vendor)}, cơ sở dữ liệu đích là "
            f"{VENDOR_NAMES.get(connection.vendor, connection.vendor)}: không khôi phục chéo giữa hai loại. "
            "Khôi phục vào một cơ sở dữ liệu cùng loại (đặt DATABASE_URL)."
        )
    newer = migrations_unknown_to_code(manifest.get("migrations", {}), connection)
    if newer:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản ANTQ mới hơn mã nguồn đang chạy (migration chưa có: "
            f"{', '.join(newer)}). Cập nhật ANTQ lên phiên bản {manifest.get('antq', {}).get('version')} "
            f"(git {manifest.get('antq', {}).get('git')}) hoặc mới hơn rồi khôi phục lại."
        )
    if not force and not database_is_empty(connection):
        raise BackupError(
            "Cơ sở dữ liệu đích đã có dữ liệu. Khôi phục vào một cơ sở dữ liệu trống, hoặc dùng --force để thay "
            "toàn bộ nội dung của nó bằng bản sao lưu."
        )


def _unpack(archive: Path, manifest: Mapping[str, Any], work: Path) -> None:
    """Unpack into `work` and check every member against the manifest's checksums."""
    expected: Mapping[str, str] = manifest.get("checksums", {})
    with tarfile.open(archive, "r:gz") as tar:
        names = {member.name for member in tar.getmembers() if member.isfile()} - {MANIFEST}
        if names != set(expected):
            raise BackupError("Bản sao lưu thiếu hoặc thừa tệp so với bảng kê: không khôi phục.")
        tar.extractall(work, filter="data")  # refuses absolute paths, "..", links out of `work`
    for name, digest in expected.items():
        if _sha256(work / name) != digest:
            raise BackupError(f"Tệp {name} trong bản sao lưu bị hỏng (sai mã SHA-256): không khôi phục.")


def _drop_all_tables(connection: BaseDatabaseWrapper) -> None:
    """Empty a PostgreSQL database for --force (sequences owned by the tables go with them)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            quoted = ", ".join(connection.ops.quote_name(name) for name in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {quoted} CASCADE")


def _load_database(connection: BaseDatabaseWrapper, dump: Path, manifest: Mapping[str, Any]) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # replaces every page of the target, in place
        finally:
            source.close()
    else:
        server = _pg_server_major(connection)
        needed = max(server, int(manifest.get("tool", {}).get("pg_dump_major") or 0))
        pg_restore, _major_found = pg_program("pg_restore", needed)
        env = _pg_env(connection)
        _drop_all_tables(connection)
        command = [str(pg_restore), "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        _run([*command, "--dbname", env["PGDATABASE"], str(dump)], env, "pg_restore")
    connection.close()  # the next query sees the restored database (and SQLite re-reads its schema)


def _restore_media(work: Path, media_root: Path) -> int:
    source = work / MEDIA
    if not source.is_dir():
        return 0
    count = 0
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            count += 1
    return count


def backup_restore(
    *, archive: Path, using: str = "default", force: bool = False, media_root: Path | None = None
) -> Restored:
    """Restore `archive` into the database `using` and MEDIA_ROOT, after checking the manifest, the target and
    every checksum. Without `force` the target database must be empty."""
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT if media_root is None else media_root)
    manifest = manifest_read(archive)
    _check(manifest, connection, force=force)
    with tempfile.TemporaryDirectory(prefix="antq-restore-") as work_dir:
        work = Path(work_dir)
        _unpack(archive, manifest, work)
        _load_database(connection, work / manifest["database"], manifest)
        files = _restore_media(work, media_root)
    return Restored(manifest=manifest, files=files)

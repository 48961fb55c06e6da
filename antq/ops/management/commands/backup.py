"""`python manage.py backup [--output DIR]`: one archive with the database, the uploaded files and a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from antq.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp .tar.gz (docs/backups.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="Thư mục lưu bản sao lưu (mặc định ANTQ_BACKUP_DIR)."
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            archive = backup_create(output_dir=output or Path(settings.ANTQ_BACKUP_DIR))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã sao lưu vào {archive} ({archive.stat().st_size:,} byte).".replace(",", "."))

"""`python manage.py restore ARCHIVE [--force]`: restore a backup made by `manage.py backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from antq.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu của ANTQ vào cơ sở dữ liệu trống (DATABASE_URL) và MEDIA_ROOT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Tệp .tar.gz do `manage.py backup` tạo.")
        parser.add_argument(
            "--force", action="store_true", help="Thay toàn bộ cơ sở dữ liệu đích, kể cả khi nó đã có dữ liệu."
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        try:
            restored = backup_restore(archive=archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = restored.manifest
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} ({manifest['vendor']}, "
            f"{restored.files} tệp đã tải lên). Chạy `python manage.py migrate` nếu mã nguồn mới hơn bản sao lưu."
        )

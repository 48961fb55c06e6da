"""Delete stored import uploads older than the keeping time: previews never confirmed or cancelled, and confirms
a killed worker left behind. They hold personal data (full CCCDs); run this daily (docs/imports.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.core.imports import plan_ttl, plans_purge


class Command(BaseCommand):
    help = "Xóa các tệp nhập đã tải lên quá thời hạn giữ (mặc định 24 giờ, ANTQ_IMPORT_KEEP_HOURS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="Xóa tệp cũ hơn số giờ này (mặc định: ANTQ_IMPORT_KEEP_HOURS, 24).",
        )

    def handle(self, *args: Any, hours: float | None, **options: Any) -> None:
        older_than = plan_ttl() if hours is None else dt.timedelta(hours=hours)
        deleted = plans_purge(older_than=older_than)
        self.stdout.write(f"Đã xóa {deleted} tệp nhập cũ hơn {older_than.total_seconds() / 3600:g} giờ.")

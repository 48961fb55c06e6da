"""Run before the job worker starts (scripts/serve.py does): jobs a killed worker left running are queued once more
or failed, and with --stale only the running jobs silent for ANTQ_JOB_STALE_MINUTES are failed (safe while a
worker runs; docs/operations.md, "Background jobs")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.core.jobs import jobs_fail_stale, jobs_recover


class Command(BaseCommand):
    help = "Xử lý các công việc nền bị gián đoạn: chạy lại một lần hoặc đánh dấu không thành công."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale",
            action="store_true",
            help="Chỉ dừng các công việc đang chạy mà quá lâu không báo tiến độ (dùng được khi worker đang chạy).",
        )

    def handle(self, *args: Any, stale: bool, **options: Any) -> None:
        if stale:
            self.stdout.write(f"Đã dừng {jobs_fail_stale()} công việc quá lâu không báo tiến độ.")
            return
        found = jobs_recover()
        self.stdout.write(
            f"Chạy lại {found.retried}, đánh dấu không thành công {found.failed} công việc bị gián đoạn; "
            f"đóng {found.tasks_closed} tác vụ còn treo."
        )

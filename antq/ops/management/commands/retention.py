"""`python manage.py retention [--dry-run]`: apply docs/privacy.md's retention rules once (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from antq.ops.retention import retention_run

LABELS = {
    "uploads": "tệp nhập quá hạn xóa",
    "job_files": "tệp kết quả công việc quá 7 ngày xóa",
    "jobs": "công việc cũ xóa (xong quá 30 ngày, lỗi quá 90 ngày)",
    "task_results": "dòng hàng đợi công việc quá 30 ngày xóa",
    "members": "thành viên đã thôi quá 5 năm ẩn danh",
    "proposals": "đề nghị của tổ trưởng ẩn danh",
    "users": "tài khoản hết vai trò quá 5 năm ẩn danh",
    "audit_entries_anonymised": "mục nhật ký về bản ghi ẩn danh được xóa giá trị",
    "audit_entries_deleted": "mục nhật ký quá 5 năm xóa",
}


class Command(BaseCommand):
    help = (
        "Áp dụng thời hạn lưu giữ (docs/privacy.md): xóa tệp nhập và tệp công việc quá hạn, ẩn danh dữ liệu cá "
        "nhân, xóa nhật ký cũ."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không thay đổi gì.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        report = retention_run(dry_run=dry_run).as_dict()
        self.stdout.write("Chạy thử — không thay đổi gì:" if dry_run else "Đã áp dụng thời hạn lưu giữ:")
        for key, label in LABELS.items():
            self.stdout.write(f"  {report[key]:>8} {label}")

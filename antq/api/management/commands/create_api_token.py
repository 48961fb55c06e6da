"""`python manage.py create_api_token <username> --name "…"`: issue an API token and print it (shown only once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from antq.api.services import api_token_create
from antq.core.errors import ANTQError


class Command(BaseCommand):
    help = "Cấp mã truy cập API cho một tài khoản và in mã ra (chỉ hiện một lần, hệ thống chỉ lưu bản băm)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập của tài khoản.")
        parser.add_argument("--name", required=True, help="Tên gợi nhớ, ví dụ “Đồng bộ báo cáo tỉnh 33”.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”.")
        try:
            # actor=None: the operator at the server's console, recorded as the system in the audit trail.
            token, raw_token = api_token_create(actor=None, user=user, name=options["name"])
        except ANTQError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Đã cấp mã “{token.name}” ({token.prefix}…) cho {user.username}. Hãy lưu lại ngay: mã chỉ hiện một lần."
        )
        self.stdout.write(raw_token)

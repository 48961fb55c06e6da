"""`python manage.py indicators --unit 33 --period 2025 --format json|table [--as USER]`.

Prints every declared indicator for the unit and period: {"code": {"value", "qualifier", "source", "approved"}}.
The CLI runs as a user (--as, default: the first active ministry officer) so scope applies here too."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.selectors import cli_actor
from antq.accounts.units import unit_resolve_for
from antq.core.errors import ANTQError
from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.reporting.selectors import indicator_values


class Command(BaseCommand):
    help = "In các chỉ tiêu của một đơn vị trong một kỳ báo cáo."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="Mã (33, 12688, VN) hoặc “tên, tỉnh”.")
        parser.add_argument("--period", required=True, help="2025, 2025H1, 2025Q3, 2025-07 hoặc 2013..2023.")
        parser.add_argument("--format", choices=["json", "table"], default="json")
        parser.add_argument("--as", dest="username", help="Tên đăng nhập dùng để xác định phạm vi dữ liệu.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor(options["username"])
        if actor is None:
            raise CommandError("Không có tài khoản để xác định phạm vi dữ liệu; dùng --as <tên đăng nhập>.")
        try:
            # A unit outside the actor's scope is "not found", as on the web and the API.
            unit = unit_resolve_for(actor, options["unit"])
            period = Period.parse(options["period"])
        except ANTQError as exc:
            raise CommandError(exc.message) from exc
        values = indicator_values(actor=actor, unit=unit, period=period)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({code: v.as_dict() for code, v in values.items()}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"{unit.label} — {period.label}")
        for code, value in values.items():
            shown = value.as_dict()
            number = "–" if shown["value"] is None else shown["value"]
            approved = "" if shown["approved"] is None else f"  (đã duyệt {shown['approved']})"
            self.stdout.write(f"{code:<40} {number!s:>14}  {INDICATORS[code].label}{approved}")

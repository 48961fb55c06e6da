"""`python manage.py export_report --unit 33 --period 2025 --format docx|pdf|xlsx --out FILE [--as USER]`.

Writes the unit's report for the period: the issued document when there is one (its frozen figures), else the
draft with its text, else a report with the unit's default header and text. Figures are the approved snapshot
when the period's report is approved, live values otherwise (the footer then says "Số liệu chưa được phê
duyệt"). The command runs as a user (--as, default: the first active ministry officer), so scope applies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from antq.accounts.selectors import cli_actor
from antq.accounts.units import unit_resolve_for
from antq.core.errors import ANTQError, NotFoundOrOutOfScope
from antq.core.periods import Period
from antq.documents import selectors, services


class Command(BaseCommand):
    help = "Xuất báo cáo sơ kết, tổng kết của một đơn vị ra DOCX, PDF hoặc XLSX."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="Mã (33, 12688) hoặc “tên, tỉnh”.")
        parser.add_argument("--period", required=True, help="2025, 2025H1, 2025Q3 hoặc 2013..2023.")
        parser.add_argument("--format", choices=sorted(services.FORMATS), required=True)
        parser.add_argument("--out", required=True, help="Tệp kết quả.")
        parser.add_argument("--as", dest="username", help="Tên đăng nhập dùng để xác định phạm vi dữ liệu.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = cli_actor(options["username"])
        if actor is None:
            raise CommandError("Không có tài khoản để xác định phạm vi dữ liệu; dùng --as <tên đăng nhập>.")
        try:
            # As the web's document pages: a unit out of scope, or whose documents the actor may not read, is
            # "not found" (nothing said about whether it exists).
            unit = unit_resolve_for(actor, options["unit"])
            period = Period.parse(options["period"])
            if not selectors.may_read(actor, unit):
                raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
            document = selectors.document_for_period(actor, unit, period.code)
            if document is None or not document.is_final:
                fresh = services.document_new(actor=actor, unit=unit, period=period)
                if document is not None:  # keep the draft's header and text, with today's figures
                    document.content = fresh.content
                else:
                    document = fresh
            data, _, _ = services.document_render(document, options["format"], actor=actor)
        except ANTQError as exc:
            raise CommandError(exc.message) from exc
        Path(options["out"]).write_bytes(data)
        source = document.content.get("source")
        note = "số liệu đã phê duyệt" if source == "approved" else "số liệu chưa được phê duyệt"
        self.stdout.write(f"Đã ghi {options['out']} ({len(data):,} byte; {unit.label}, {period.label}; {note}).")

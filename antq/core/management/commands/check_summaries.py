"""`python manage.py check_summaries [--unit U] [--period P] [--fix]`: recount every registered summary table
(antq.core.summary.SUMMARIES: outreach totals, forces stock changes, …) from its registry rows and report every row
that differs from what is stored — unit, key, stored and recounted figures, in Vietnamese number layout. Exits with
status 1 when anything drifted; with --fix rewrites the drifted rows to the recount (each repair is logged to the
`antq.summary` logger and printed) and exits 0.

--unit restricts the check to a unit and the units below it (a province: its own and total rows and its communes'
rows); --period to the rows whose date (a month's first day, a change's day) falls within the period.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from antq.core.errors import ANTQError
from antq.core.periods import Period
from antq.core.summary import SUMMARIES, Summary
from antq.core.templatetags.antq import vn
from antq.geo.models import AdminUnit
from antq.geo.selectors import ids_within, unit_resolve

log = logging.getLogger("antq.summary")


class Command(BaseCommand):
    help = "Đếm lại mọi bảng tổng hợp từ dữ liệu gốc và báo các dòng lệch (--fix: ghi lại các dòng lệch)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", help="Mã hoặc tên đơn vị (tỉnh, xã): chỉ kiểm tra đơn vị đó và cấp dưới.")
        parser.add_argument("--period", help="Kỳ, ví dụ 2025, 2025Q4, 2025-03: chỉ kiểm tra các dòng trong kỳ.")
        parser.add_argument("--fix", action="store_true", help="Ghi lại các dòng lệch theo số đếm lại.")

    def handle(self, *args: Any, **options: Any) -> None:
        unit, period = None, None
        try:
            if options["unit"]:
                unit = unit_resolve(options["unit"])
            if options["period"]:
                period = Period.parse(options["period"])
        except (ANTQError, ValueError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        units = None if unit is None else ids_within(unit)  # the unit and the units below it; None: everywhere
        drifted = 0
        for summary in SUMMARIES.values():
            stored, recounted = summary.stored(units, period), summary.recount(units, period)
            keys = sorted(set(stored) | set(recounted), key=repr)
            zero = [0] * len(summary.values)
            bad = [key for key in keys if stored.get(key, zero) != recounted.get(key, zero)]
            names = _unit_names({key[0] for key in bad})
            checked = len(recounted)
            self.stdout.write(f"{summary.label}: {vn(checked)} dòng đếm lại, {vn(len(bad))} dòng lệch.")
            for key in bad:
                before, after = stored.get(key, zero), recounted.get(key, zero)
                self.stdout.write("  " + _describe(summary, key, names, before, after))
            if bad and options["fix"]:
                _fix(summary, bad, recounted)
                self.stdout.write(self.style.SUCCESS(f"  Đã ghi lại {vn(len(bad))} dòng theo số đếm lại."))
            drifted += len(bad)
        if drifted and not options["fix"]:
            raise CommandError(f"{vn(drifted)} dòng tổng hợp lệch với số đếm lại từ dữ liệu gốc.", returncode=1)
        if not drifted:
            self.stdout.write(self.style.SUCCESS("Các bảng tổng hợp khớp với dữ liệu gốc."))


def _unit_names(ids: set[int]) -> dict[int, str]:
    return {
        pk: f"{name} ({code})"
        for pk, name, code in AdminUnit.objects.filter(pk__in=ids).values_list("pk", "name", "code")
    }


def _describe(summary: Summary, key: tuple, names: dict[int, str], stored: list[int], recounted: list[int]) -> str:
    """ "Xã Đông Hưng (12688) · riêng · 01/03/2025 · session: activities lưu 3, đếm lại 4"."""
    unit, total, day, *rest = key
    parts = [names.get(unit, str(unit)), "tổng tỉnh" if total else "riêng", _date(day), *map(str, rest)]
    figures = [
        f"{name} lưu {vn(before)}, đếm lại {vn(after)}"
        for name, before, after in zip(summary.values, stored, recounted, strict=True)
        if before != after
    ]
    return " · ".join(parts) + ": " + "; ".join(figures)


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _fix(summary: Summary, keys: list[tuple], recounted: dict[tuple, list[int]]) -> None:
    """Rewrite the drifted rows to the recount (a row that should not exist is removed), in one transaction."""
    manager = summary.model._default_manager
    with transaction.atomic():
        for key in keys:
            where = dict(zip(summary.keys, key, strict=True))
            values = recounted.get(key)
            if values is None:
                manager.filter(**where).delete()
            else:
                manager.update_or_create(**where, defaults=dict(zip(summary.values, values, strict=True)))
            log.warning("check_summaries --fix: %s %s -> %s", summary.name, key, values)

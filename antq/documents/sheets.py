"""XLSX tables of a report: every declared indicator for the unit (with the baseline and the change), and every
indicator by child unit. Numbers are written as numbers, so Excel shows them in the reader's own format; every
cell goes through `antq.core.xlsx` (a subject or unit name starting with "=" stays text, never a formula)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from antq.core.indicators import AREAS, INDICATORS
from antq.core.narrative import change_pct
from antq.core.xlsx import append_row
from antq.documents import layout
from antq.reporting.models import Qualifier

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
QUALIFIERS = dict(Qualifier.choices)


def _number(text: str | None) -> int | float | None:
    if text is None:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def report_xlsx(document: Any) -> bytes:
    """Two sheets: "Tổng hợp" (indicator, value, qualifier, baseline, change) and "Theo đơn vị" (every indicator
    by child unit, then the unit's own level, then the unit's figures, which the rows above add up to)."""
    content = document.content
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    source = "Số liệu đã phê duyệt" if content.get("source") == "approved" else layout.UNAPPROVED
    append_row(summary, [f"{document.subject} — {content.get('unit_name', '')}"])
    append_row(summary, [source])
    summary["A1"].font = BOLD
    append_row(summary, [None])
    header = ["Lĩnh vực", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", content.get("period_label", ""), "Mức độ"]
    header += [content.get("baseline_label", "Kỳ trước"), "Tăng/giảm (%)"]
    append_row(summary, header)
    for cell in summary[4]:
        cell.font, cell.alignment = BOLD, WRAP
    figures, baseline = content.get("figures", {}), content.get("baseline", {})
    for code, indicator in INDICATORS.items():
        value, qualifier = figures.get(code, [None, "exact"])
        before = baseline.get(code)
        change = None if indicator.is_ratio else change_pct(value, before)
        append_row(
            summary,
            [
                AREAS[indicator.area].label,
                code,
                indicator.label,
                indicator.unit,
                _number(value),
                str(QUALIFIERS.get(qualifier, "")) if value is not None and qualifier != "exact" else "",
                _number(before),
                None if change is None else float(change),
            ],
        )
    for column, width in zip("ABCDEFGH", (30, 34, 50, 14, 14, 10, 14, 12), strict=True):
        summary.column_dimensions[column].width = width
    summary.freeze_panes = "E5"

    by_unit = book.create_sheet("Theo đơn vị")
    codes = list(INDICATORS)
    append_row(
        by_unit,
        ["Mã", content.get("child_level", "Đơn vị").capitalize() or "Đơn vị"]
        + [f"{INDICATORS[c].label} ({INDICATORS[c].unit})" for c in codes],
    )
    append_row(by_unit, ["", "Mã chỉ tiêu", *codes])
    for row in content.get("children", []):
        name = row["name"] + ("" if row["approved"] or content.get("source") != "approved" else " (*)")
        append_row(by_unit, [row["code"], name] + [_number(row["values"].get(c)) for c in codes])
    own = content.get("own")  # the unit's own level (documents issued before it was added have none)
    if own:
        append_row(by_unit, ["", own["name"]] + [_number(own["values"].get(c)) for c in codes])
    append_row(by_unit, ["", content.get("unit_name", "")] + [_number(figures.get(c, [None])[0]) for c in codes])
    for cell in by_unit[1]:
        cell.font, cell.alignment = BOLD, WRAP
    for cell in by_unit[by_unit.max_row]:
        cell.font = BOLD
    by_unit.column_dimensions["A"].width = 8
    by_unit.column_dimensions["B"].width = 28
    for index in range(3, len(codes) + 3):
        by_unit.column_dimensions[get_column_letter(index)].width = 14
    by_unit.freeze_panes = "C3"
    notes = list(content.get("table_notes") or [])
    if content.get("children_unapproved"):
        notes.append("(*) Số liệu chưa được phê duyệt.")
    if notes:
        append_row(by_unit, [None])
    for note in notes:
        append_row(by_unit, ["", note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""The one way ANTQ writes cells of a spreadsheet it hands out: text stays text, never a live formula.

A name, a note or a subject that begins with `=`, `+`, `-` or `@` (`=HYPERLINK(…)`) would be written by openpyxl
as a formula and run when the file is opened (CSV / formula injection, OWASP). Every export writes through
`put` / `append_row`, which store strings as string cells — the value is kept exactly as entered, Excel shows
it as text and evaluates nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.cell import WriteOnlyCell as _WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD/MM/YYYY"


def put(cell: Cell | _WriteOnlyCell, value: Any) -> None:
    """Set `cell` to `value`: strings as text cells (control characters Excel refuses dropped), dates dd/mm/yyyy."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # openpyxl makes "=…" a formula; a string cell is never evaluated
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` through `put`; works on normal and write-only sheets."""
    if getattr(sheet, "_parent", None) is not None and getattr(sheet.parent, "write_only", False):
        cells = []
        for value in values:
            cell = _WriteOnlyCell(sheet)
            put(cell, value)
            cells.append(cell)
        sheet.append(cells)
        return
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        put(sheet.cell(row=row, column=column), value)


def is_formula_text(value: Any) -> bool:
    """Whether a cell value would start a formula if written as-is (for tests and checks)."""
    return isinstance(value, str) and value[:1] in ("=", "+", "-", "@")

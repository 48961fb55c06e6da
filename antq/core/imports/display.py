"""How the import preview shows a plan to people: Vietnamese, never codes, in the order they need to act.

Values are shown as on the registry's own pages: a choice by its Vietnamese label (“Nam”, never `male`), a yes / no
as “Có” / “Không”, a date as dd/mm/yyyy, a count as 2.991, a related record by its name. A change to a record
reads “Số điện thoại: 0931234567 → 0901234567”. Each value goes through the importer's `shown(key, value)`, where
an importer hides or masks what the actor may not see (the roster masks personal fields per accounts.policy).

Rows come in the order the user acts on them: rows with errors, then changed rows, then new rows, then the
unchanged ones (folded on the page); the hidden rows of the file are shown apart. Only the rows shown are
formatted (at most `limit` per section), from what the plan already holds — no query, whatever the file's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from antq.core.imports.cells import ChoiceParser, Column, match_key, parse_count
from antq.core.imports.legacy import LegacyTextError

if TYPE_CHECKING:
    from antq.core.imports.importer import Importer, ImportPlan, RowResult

Formatter = Callable[[Any], str]
EMPTY = "(trống)"  # an empty side of a change: “Ghi chú: (trống) → Đã chuyển nơi ở”
YES, NO = "Có", "Không"


def number_text(value: int | float | Decimal) -> str:
    """2991 → "2.991"; 94.5 → "94,5" (Vietnamese digit grouping and decimal comma)."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    whole = int(number)
    grouped = f"{abs(whole):,}".replace(",", ".")
    sign = "-" if number < 0 else ""
    if number == number.to_integral_value():
        return sign + grouped
    fraction = f"{abs(number).normalize():f}".partition(".")[2]
    return f"{sign}{grouped},{fraction}"


def plain_text(value: Any) -> str:
    """Any value as text, by its type: a record by its name, Có / Không, dd/mm/yyyy; numbers without grouping
    (a phone number typed into a number cell stays 0912345678-like digits)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, models.Model):
        return str(getattr(value, "name", None) or value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return str(value)


def _labels(field: models.Field[Any, Any] | None, column: Column | None) -> dict[str, str]:
    """Choice value → Vietnamese label, from the model field's choices or else the column's parser."""
    if field is not None and field.choices:
        return {str(value): str(label) for value, label in field.flatchoices}
    if column is not None and isinstance(column.parser, ChoiceParser):
        parser = column.parser
        return {parser.lookup[match_key(label)]: label for label in parser.labels if match_key(label) in parser.lookup}
    return {}


def _formatter(model: type[models.Model], column: Column | None, key: str) -> Formatter:
    try:
        field: models.Field[Any, Any] | None = model._meta.get_field(key)  # type: ignore[assignment]
    except FieldDoesNotExist:
        field = None
    labels = _labels(field, column)
    numeric = isinstance(field, models.IntegerField | models.DecimalField | models.FloatField) or (
        column is not None and column.parser is parse_count
    )

    def shown(value: Any) -> str:
        if value is None or value == "":
            return ""
        if labels and isinstance(value, str):
            return labels.get(value, value)  # a code the choices do not know is shown as it is, never dropped
        if numeric and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return number_text(value)
        return plain_text(value)

    return shown


_FORMATTERS: dict[type, dict[str, Formatter]] = {}


def _formatters(importer: type[Importer]) -> dict[str, Formatter]:
    """One formatter per column of an importer, built once per process (labels translated once, not per row)."""
    if importer not in _FORMATTERS:
        _FORMATTERS[importer] = {
            column.key: _formatter(importer.model, column, column.key) for column in importer.columns
        }
    return _FORMATTERS[importer]


def value_text(importer: type[Importer], key: str, value: Any) -> str:
    """`value` of column or field `key` of `importer`'s model as the preview shows it ("" for nothing)."""
    formatter = _formatters(importer).get(key)
    if formatter is None:
        formatter = _formatter(importer.model, None, key)
    return formatter(value)


def field_label(importer: type[Importer], key: str) -> str:
    """What a change names: the column's header, else the model field's verbose name."""
    for column in importer.columns:
        if column.key == key:
            return column.header
    try:
        name = str(importer.model._meta.get_field(key).verbose_name)  # type: ignore[union-attr]
    except FieldDoesNotExist:
        return key
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Change:
    """One field of an existing record the import changes, both sides as shown."""

    label: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.label}: {self.old or EMPTY} → {self.new or EMPTY}"


@dataclass(frozen=True)
class ShownRow:
    """A sheet row as the preview shows it: its number, whether it is hidden in the file, its non-empty cells as
    (header, text, blamed) in column order — `blamed` when an error names the column (a cell that could not be
    read is then shown as typed) —, what it changes and its errors."""

    number: int
    hidden: bool
    cells: list[tuple[str, str, bool]]
    changes: list[Change]
    errors: list[str]


@dataclass(frozen=True)
class Section:
    """The rows of one kind: "error", "update", "create" or "unchanged"; `rows` holds at most the page's limit,
    `total` them all."""

    kind: str
    title: str
    rows: list[ShownRow]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


SECTIONS = (
    ("error", "Dòng có lỗi"),
    ("update", "Dòng cập nhật"),
    ("create", "Dòng thêm mới"),
    ("unchanged", "Dòng giữ nguyên"),
)


def _kind(result: RowResult) -> str:
    return "error" if result.errors or result.action is None else str(result.action)


def _as_read(plan: ImportPlan, value: Any) -> Any:
    """A raw cell as the row step reads it: legacy-encoded text converted, spaces tidied."""
    if isinstance(value, str):
        text = " ".join(value.split())
        try:
            return plan.sheet.decode(text)
        except LegacyTextError:
            return text
    return value


def _row(plan: ImportPlan, result: RowResult, hidden: set[int]) -> ShownRow:
    importer = plan.importer
    row = result.row
    raw = plan.cells(row.number) if result.errors else None
    cells: list[tuple[str, str, bool]] = []
    for index, column in enumerate(importer.columns):
        blamed = raw is not None and any(f"cột “{column.header}”" in error for error in result.errors)
        if column.key in row.values:
            text = importer.shown(column.key, row.values[column.key])
        elif blamed:  # a cell the row step refused: shown as typed, for the user to find it
            text = importer.shown(column.key, _as_read(plan, raw[index]))  # type: ignore[index]
        else:
            continue
        if text:
            cells.append((column.header, text, blamed))
    changes = []
    if result.action == "update":
        kind = type(importer)
        changes = [
            Change(field_label(kind, key), importer.shown(key, old), importer.shown(key, new))
            for key, (old, new) in result.changes.items()
        ]
    return ShownRow(row.number, row.number in hidden, cells, changes, list(result.errors))


def preview_sections(plan: ImportPlan, *, limit: int) -> list[Section]:
    """The plan's rows in the order people act on them — errors, changed, new, unchanged — each section with at
    most `limit` rows formatted (the total is counted over all). Empty sections are left out."""
    hidden = set(plan.hidden) if plan.options.include_hidden else set()
    by_kind: dict[str, list[RowResult]] = {kind: [] for kind, _title in SECTIONS}
    for result in plan.results:
        by_kind[_kind(result)].append(result)
    return [
        Section(kind, title, [_row(plan, r, hidden) for r in by_kind[kind][:limit]], len(by_kind[kind]))
        for kind, title in SECTIONS
        if by_kind[kind]
    ]


def hidden_rows(plan: ImportPlan, *, limit: int) -> list[ShownRow]:
    """The rows hidden in the file (at most `limit`), their cells as typed, through the importer's `shown`."""
    importer = plan.importer
    shown = []
    for number in plan.hidden[:limit]:
        cells = [
            (column.header, importer.shown(column.key, _as_read(plan, value)), False)
            for column, value in zip(importer.columns, plan.cells(number), strict=True)
        ]
        shown.append(ShownRow(number, True, [cell for cell in cells if cell[1]], [], []))
    return shown

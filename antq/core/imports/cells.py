"""Columns of an import sheet and the parsers that turn what real sheets hold into clean values.

A parser gets a non-blank cell (text already trimmed and in Unicode; numbers, dates and booleans as the reader
gave them) and returns the value or raises `CellError` with a Vietnamese message; the importer adds the row and
column to it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

from antq.core.dates import DateRange
from antq.core.text import fold

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta
Parser = Callable[[Any], Any]

# Day 0 of Excel's 1900 date system as counted from serial 61 (01/03/1900) on; below 60 a day is added back
# (see _excel_serial). LibreOffice counts from the same day.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999


class CellError(ValueError):
    """A cell's value is wrong; the message says why, in Vietnamese, without the row and column."""


def match_key(text: str) -> str:
    """How headers and enum labels compare: accents, case, punctuation and "(notes)" do not matter."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(re.sub(r"\(.*?\)", " ", text))))


def parse_text(value: Any) -> str:
    """Text as typed; numbers typed into a text column come back without a trailing ".0"."""
    if isinstance(value, bool):
        raise CellError("phải là chữ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


_GROUPED = re.compile(r"[0-9]{1,3}(?:[. ][0-9]{3})+|[0-9]+")  # ASCII digits only (issue 14, item 4)


MAX_COUNT = 2**31 - 1  # what every count column holds (PositiveIntegerField on PostgreSQL)
_TOO_LARGE = f"số quá lớn (tối đa {MAX_COUNT:,})".replace(",", ".")


def parse_count(value: Any) -> int:
    """A non-negative whole number: 12, 12.0, "12", "1.234" or "1 234" (Vietnamese thousands separators)."""
    message = "phải là số nguyên không âm"
    if isinstance(value, bool):
        raise CellError(message)
    if isinstance(value, int | float):
        if value < 0 or not float(value).is_integer():
            raise CellError(message)
        number = int(value)
    elif isinstance(value, str) and _GROUPED.fullmatch(value):
        digits = re.sub(r"[^0-9]", "", value)
        if len(digits) > len(str(MAX_COUNT)):  # before int(): 5,000 digits would raise, not refuse
            raise CellError(_TOO_LARGE)
        number = int(digits)
    else:
        raise CellError(message)
    if number > MAX_COUNT:
        raise CellError(_TOO_LARGE)
    return number


_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")  # ASCII digits only (issue 14, item 4)
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_YEAR = re.compile(r"(?:năm\s*)?[0-9]{4}", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?:tháng\s*)?[0-9]{1,2}\s*[/.-]\s*[0-9]{4}", re.IGNORECASE)
YEAR_ONLY = "chỉ có năm — cần ngày/tháng/năm"
# Excel's 1900 date system counts 29/02/1900, a day that never was (Lotus 1-2-3's bug, kept for compatibility):
# serial 1 is 01/01/1900, 59 is 28/02/1900, 60 is the phantom day, 61 is 01/03/1900.
_PHANTOM_SERIAL = 60


def _excel_serial(value: int | float) -> dt.date:
    """The day an Excel serial number stands for, in Excel's 1900 date system."""
    if float(value).is_integer() and 1000 <= value <= 9999:
        raise CellError(YEAR_ONLY)  # four digits are a year typed alone, not a day of 1902–1927
    if not 1 <= value <= _MAX_SERIAL:
        raise CellError("không phải ngày hợp lệ")
    serial = int(value)
    if serial == _PHANTOM_SERIAL:
        raise CellError("ngày 29/02/1900 không có thật (Excel đếm nhầm năm 1900 là năm nhuận)")
    return _EXCEL_EPOCH + dt.timedelta(days=serial + (serial < _PHANTOM_SERIAL))


# A year typed into a cell formatted as a date shows as a day of 1905 (2021 → 13/07/1905): the reader hands over
# that day, which no record in ANTQ can hold, so it is read back as the year alone.
_YEAR_AS_DAY = (_EXCEL_EPOCH + dt.timedelta(days=1900), _EXCEL_EPOCH + dt.timedelta(days=2100))


def parse_date(value: Any) -> dt.date:
    """A date cell, an Excel serial number (Excel's 1900 calendar), or text "dd/mm/yyyy" (also with "-" or ".";
    "yyyy-mm-dd" too). A year alone (1982, "2021", or 2021 in a date-formatted cell) or a month and year
    ("09/2021") is refused, never guessed."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if _YEAR_AS_DAY[0] <= value <= _YEAR_AS_DAY[1]:
            year = (value - _EXCEL_EPOCH).days
            raise CellError(f"{YEAR_ONLY} (ô kiểu ngày ghi {year}, Excel hiện thành {value:%d/%m/%Y})")
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    if isinstance(value, str):
        if match := _DMY.fullmatch(value):
            day, month, year = map(int, match.groups())
        elif match := _ISO.fullmatch(value):
            year, month, day = map(int, match.groups())
        elif _YEAR.fullmatch(value):
            raise CellError(YEAR_ONLY)
        elif _MONTH_YEAR.fullmatch(value):
            raise CellError("chỉ có tháng/năm — cần ngày/tháng/năm")
        else:
            raise CellError("phải là ngày dạng dd/mm/yyyy")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise CellError(f"ngày {value} không có thật") from None
    raise CellError("phải là ngày dạng dd/mm/yyyy")


# Words people write in a cell to mean "nothing here" (compared folded: any case, with or without accents).
PLACEHOLDERS = frozenset({"khong co", "khong", "-", "--", "x", "n/a", "chua co"})
_DASHES = re.compile(r"[-‐‑‒–—―]+")
_LONGEST = max(map(len, PLACEHOLDERS)) + 2  # with a full stop or a space around


@functools.lru_cache(maxsize=4096)  # a sheet repeats its short cells ("Nam", "Kinh", "Có") thousands of times
def is_placeholder(text: str) -> bool:
    """Whether a cell's text means "nothing here": “Không có”, “không”, “-”, “--”, “x”, “N/A”, “chưa có”, in any
    case and with or without accents (a trailing full stop allowed), or a run of dashes."""
    if len(text) > _LONGEST:  # most cells: no folding needed to tell
        return bool(_DASHES.fullmatch(text.strip()))
    folded = fold(text).rstrip(".").strip()
    return folded in PLACEHOLDERS or bool(_DASHES.fullmatch(folded))


@dataclass(frozen=True)
class ChoiceParser:
    """One of a fixed list, by Vietnamese label or code, in any case, with or without accents."""

    labels: tuple[str, ...]
    lookup: Mapping[str, str]

    def __call__(self, value: Any) -> str:
        found = self.lookup.get(match_key(parse_text(value)))
        if found is None:
            raise CellError("phải là một trong: " + ", ".join(f"“{label}”" for label in self.labels))
        return found


def parse_choice(choices: type[models.Choices], *, aliases: Mapping[str, str] | None = None) -> ChoiceParser:
    """A parser for a `TextChoices` field; `aliases` maps extra spellings to values."""
    lookup = {match_key(str(value)): str(value) for value in choices.values}
    lookup |= {match_key(str(label)): str(value) for value, label in choices.choices}
    lookup |= {match_key(alias): value for alias, value in (aliases or {}).items()}
    return ChoiceParser(labels=tuple(str(label) for label in choices.labels), lookup=lookup)


@dataclass(frozen=True)
class Column:
    """One column of an import sheet: `key` names the value (usually the model field), `header` is the title in
    the template and in messages, `aliases` are other titles accepted on upload. A date column declares `dates`,
    the range its values must fall in. `placeholders`: whether “Không có”, “-”, “x”… mean an empty cell here
    (off for a column where such words are values, like a yes / no column where “x” means yes). `offered`: in the
    template to download (off for an older layout's column that uploads may still have)."""

    key: str
    header: str
    parser: Parser = parse_text
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 20
    dates: DateRange | None = None
    placeholders: bool = True
    offered: bool = True

    def means_empty(self, text: str) -> bool:
        """Whether `text` is a placeholder for nothing in this column (never a label of its own choices)."""
        if not self.placeholders or not is_placeholder(text):
            return False
        return not (isinstance(self.parser, ChoiceParser) and match_key(text) in self.parser.lookup)

    @property
    def choices(self) -> tuple[str, ...]:
        """The labels offered as a drop-down list in the template (empty for free-form columns)."""
        return self.parser.labels if isinstance(self.parser, ChoiceParser) else ()

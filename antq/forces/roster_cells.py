"""How the cells of a commune's roster sheet are read, as communes write them (domain.md §7): yes / no answers, the
CCCD (a number cell that lost its leading zero, Excel's text apostrophe), the phone, education as "12/12" or
"THPT", and the recognition decision as "123/QĐ-UBND ngày 15/3/2024" in one cell.

Each parser gets a non-blank cell and returns the value, or raises `CellError` saying why in Vietnamese. What
cannot be read with certainty is refused, never guessed."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from antq.core.imports import CellError, parse_choice, parse_date, parse_text
from antq.core.imports.cells import ChoiceParser, match_key
from antq.core.phones import PhoneInvalid, phone_canonical
from antq.core.text import fold
from antq.forces import rules
from antq.forces.models import EDUCATION_RANK, Education

YES = {"co", "x", "1", "dat", "yes", "true"}
NO = {"khong", "0", "no", "false", ""}


def parse_yes_no(value: Any) -> bool:
    """ "Có" / "x" / 1 → True; "Không" / 0 → False."""
    return _yes_no(parse_text(value))


@functools.lru_cache(maxsize=256)  # "Có", "x", "Không" on every row
def _yes_no(text: str) -> bool:
    key = fold(text).strip()
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError("phải là “Có” hoặc “Không”")


def parse_national_id(value: Any) -> str:
    """12 ASCII digits (rules.national_id_clean: spaces and Excel's leading apostrophe dropped, full-width digits
    become 0–9, other scripts' digits are refused); a number cell that lost its leading zero ("33080001234") gets
    it back."""
    text = rules.national_id_clean(parse_text(value))
    if len(text) == rules.NATIONAL_ID_LENGTH - 1 and text.isascii() and text.isdigit():
        text = "0" + text
    if rules.national_id_problem(text):
        raise CellError("phải gồm đúng 12 chữ số 0–9")
    return text


def parse_phone(value: Any) -> str:
    """One phone number in its canonical form (antq.core.phones: "+84 987 654 321" → 0987654321; a number cell's
    912345678 → 0912345678); otherwise refused with the reason. ("Không có", "-", "x"… never reach it: the shared
    reader reads a placeholder in an optional column as an empty cell, antq.core.imports.cells.PLACEHOLDERS.)"""
    text = parse_text(value)
    try:
        return phone_canonical(text)
    except PhoneInvalid as exc:
        raise CellError(exc.reason) from exc


@dataclass(frozen=True)
class RepeatedChoice(ChoiceParser):
    """A choice column whose few spellings repeat on every row ("Nam", "Tổ viên"): each read once per import, not
    once per row. A spelling that is refused is not kept."""

    seen: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, value: Any) -> str:
        text = parse_text(value)
        found = self.seen.get(text)
        if found is None:
            found = super().__call__(text)
            if len(self.seen) < 1000:
                self.seen[text] = found
        return found


def repeated_choice(choices: type[models.Choices]) -> RepeatedChoice:
    """`parse_choice` for a column whose values repeat (see RepeatedChoice)."""
    plain = parse_choice(choices)
    return RepeatedChoice(labels=plain.labels, lookup=plain.lookup)


# --- Education ---------------------------------------------------------------------------------------------------

# Grades completed, out of the general-education system's years: the 12-year system (Luật Giáo dục 2019, Art. 28:
# tiểu học grades 1–5, THCS 6–9, THPT 10–12) and the northern 10-year system of older members (until 1981: cấp I
# grades 1–4, cấp II 5–7, cấp III 8–10). Each level is reached by finishing its last grade.
_SYSTEMS = {12: (5, 9, 12), 10: (4, 7, 10)}
_GRADES = re.compile(r"(?:lop\s*)?([0-9]{1,2})\s*/\s*([0-9]{1,2})")
_WORDS = {
    Education.NONE: ("chua tot nghiep tieu hoc", "khong biet chu", "mu chu"),
    Education.PRIMARY: ("tieu hoc", "cap 1", "cap i"),
    Education.LOWER_SECONDARY: ("trung hoc co so", "thcs", "cap 2", "cap ii", "bo tuc thcs"),
    Education.UPPER_SECONDARY: (
        "trung hoc pho thong",
        "pho thong trung hoc",
        "thpt",
        "ptth",
        "cap 3",
        "cap iii",
        "bo tuc thpt",
    ),
    Education.VOCATIONAL: ("trung cap", "trung cap nghe", "trung cap chuyen nghiep"),
    Education.COLLEGE: ("cao dang", "cd", "cao dang nghe"),
    Education.UNIVERSITY: (
        "dai hoc",
        "dh",
        "dai hoc tro len",
        "cu nhan",
        "ky su",
        "thac si",
        "ths",
        "tien si",
        "sau dai hoc",
    ),
}
_PARTS = re.compile(r"\s*[,;+]\s*|\s+-\s+")
_GRADUATED = re.compile(r"^tot nghiep\s+")


def _grade_level(done: int, years: int) -> str | None:
    primary, lower, upper = _SYSTEMS[years]
    if not 1 <= done <= years:
        return None
    if done >= upper:
        return Education.UPPER_SECONDARY
    if done >= lower:
        return Education.LOWER_SECONDARY
    if done >= primary:
        return Education.PRIMARY
    return Education.NONE


@dataclass(frozen=True)
class EducationParser(ChoiceParser):
    """Education as people write it: a level ("Tiểu học", "THCS", "THPT", "Trung cấp", "Cao đẳng", "Đại học",
    "Cấp 2", "Tốt nghiệp THPT"…), grades completed ("12/12", "9/12", "7/10" in the older 10-year system), or
    several of them ("12/12, Đại học": the highest). Anything else — "12" alone, "8/11", "Sơ cấp" — is refused."""

    def __call__(self, value: Any) -> str:
        return _education(parse_text(value))


@functools.lru_cache(maxsize=1024)  # a sheet repeats a handful of spellings thousands of times
def _education(text: str) -> str:
    found: list[str] = []
    for part in _PARTS.split(text.strip()):
        plain = _GRADUATED.sub("", fold(re.sub(r"\(.*?\)", " ", part)).strip())
        level = parse_education.lookup.get(match_key(plain))
        if level is None and (grades := _GRADES.fullmatch(plain)):
            done, years = map(int, grades.groups())
            level = _grade_level(done, years) if years in _SYSTEMS else None
        if level is None:
            raise CellError(
                "không đọc được trình độ học vấn — ghi số lớp đã học xong trên 12 (“9/12”, “12/12”) hoặc cấp học: "
                + ", ".join(f"“{label}”" for label in parse_education.labels)
            )
        found.append(level)
    return max(found, key=EDUCATION_RANK.__getitem__)


def _education_parser() -> EducationParser:
    lookup = {match_key(str(value)): str(value) for value in Education.values}
    lookup |= {match_key(str(label)): str(value) for value, label in Education.choices}
    lookup |= {word: str(value) for value, words in _WORDS.items() for word in words}
    return EducationParser(labels=tuple(str(label) for label in Education.labels), lookup=lookup)


parse_education = _education_parser()


# --- The recognition decision: number and date in one cell ------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A recognition decision as the sheet gives it: its number ("" when the cell has only the date) and its date
    (None when it has only the number). Shown as it would be written back."""

    number: str
    date: dt.date | None

    def __str__(self) -> str:
        day = f"{self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.number} ngày {day}" if self.number and day else self.number or day


# Day, month and a four-digit year, not part of a longer number ("123/2024/QĐ-UBND" holds no date).
_DAY = re.compile(r"(?<![0-9/])([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})(?![0-9]|/[0-9A-Za-zĐđ])")
_WORDY_DAY = re.compile(
    r"ng[àa]y\s*([0-9]{1,2})\s*th[áa]ng\s*([0-9]{1,2})\s*n[ăa]m\s*([0-9]{4})(?![0-9])", re.IGNORECASE
)
_DAY_WORD = re.compile(r"(?:^|[\s,;(–-])ng[àa]y\s*[:.]?\s*$", re.IGNORECASE)  # "… ngày" left before a date
_NUMBER_PREFIX = re.compile(r"^(?:(?:quy[ếe]t\s+đ[ịi]nh|q[đd])\s+)?(?:s[ốo](?=[\s:.0-9])\s*[:.]?\s*)?", re.IGNORECASE)
_EDGES = " ,;:-–()[]"
# A decision number: letters and digits joined by "/", "-", "." or "_" ("123/QĐ-UBND", "45/2024/QĐ-CT").
_NUMBER = re.compile(r"[0-9A-Za-zÀ-ỹĐđ]+(?:[/.\-_][0-9A-Za-zÀ-ỹĐđ]+)*")
_UNREAD = "không đọc chắc được số và ngày quyết định — ghi dạng “123/QĐ-UBND ngày 15/3/2024”"


def parse_decision(value: Any) -> Decision:
    """A cell of "Quyết định công nhận (số, ngày)": "123/QĐ-UBND ngày 15/3/2024" (also "Số 123/QĐ-UBND, ngày
    15/03/2024", "123/QĐ-UBND (15-3-2024)", "… ngày 15 tháng 3 năm 2024"), the number alone, or the date alone
    (text or a date cell). Refused: two dates, a date without its four-digit year or that does not exist, a year
    alone, words beyond a number and a date."""
    if isinstance(value, dt.date | dt.datetime):
        return Decision("", parse_date(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            raise CellError("chỉ có một số, như một năm — ghi số và ngày/tháng/năm của quyết định")
        return Decision(parse_text(value), None)  # a number cell: the number alone ("123")
    return _decision(unicodedata.normalize("NFC", parse_text(value)))


@functools.lru_cache(maxsize=4096)
def _decision(text: str) -> Decision:
    days = [*_DAY.finditer(text), *_WORDY_DAY.finditer(text)]
    if len(days) > 1:
        raise CellError("có hơn một ngày trong ô — chỉ ghi số và một ngày của quyết định công nhận")
    day = None
    rest = text
    if days:
        match = days[0]
        first, second, year = map(int, match.groups())
        try:
            day = dt.date(year, second, first)
        except ValueError:
            raise CellError(f"ngày “{match.group(0)}” không có thật") from None
        rest = _DAY_WORD.sub("", text[: match.start()]) + " " + text[match.end() :]
    number = _NUMBER_PREFIX.sub("", rest.strip(_EDGES)).strip(_EDGES)
    number = re.sub(r"\s*([/-])\s*", r"\1", number)  # "123 / QĐ - UBND" is "123/QĐ-UBND"
    if number and (not _NUMBER.fullmatch(number) or not any(ch.isdigit() for ch in number) or len(number) > 50):
        raise CellError(_UNREAD)
    if day is None and not number:
        raise CellError(_UNREAD)
    if day is None and re.fullmatch(r"(?:n[ăa]m\s*)?[0-9]{4}", text.strip(), re.IGNORECASE):
        raise CellError("chỉ có năm — cần số và ngày/tháng/năm của quyết định")
    return Decision(number, day)

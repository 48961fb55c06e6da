"""The words of a report's section I: what a report area's sentence function reads and writes with.

Each report area declares its sentence function with its indicators (`ReportArea(..., sentences=...)` in the
owning app's `indicators.py`); `antq.documents.narrative` walks the areas in report order and prints what each
returns. A sentence function takes `Facts` and returns the area's sentences (none when it has no figure: an area
without data is left out of the report, never printed as zero). It reads figures by `Code` member
(`f.n(Code.SCHEME_SITES_ACTIVE)`), and a system check (antq.reporting.checks) runs it on probe figures to refuse a
code that is not declared.

The sentences follow the provinces' own reports ("Toàn tỉnh đang duy trì hoạt động của 15 loại mô hình, với
2.991 điểm mô hình tự quản về an ninh, trật tự …"): Vietnamese number format (2.991; 59.500; 94,5%), the
qualifier before the figure ("trên 59.500"), a leading zero for counts below ten ("08 lớp"), and a comparison
with the baseline period only where the baseline has a figure. A clause whose figure is missing or zero is left
out.

`sentence()` is the one place every printed sentence passes through, and it keeps two rules whatever the area's
function wrote: the baseline is named once per sentence ("1.032 tổ (giảm 6,2% so với năm 2024) với 3.310 thành
viên (tăng 3%)"; `Facts.cmp` marks each comparison so that only the first names it), and no two parentheticals
stand side by side ("(gồm …) (giảm …)" becomes "(gồm …; giảm …)"; sentences are written to avoid it in the first
place). What a report says about who took part (audiences, gift recipients, the pilot festival's commune) comes
from the breakdowns recorded with the figures (`Facts.details`), never from a stock phrase."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from antq.core.indicators import ratio
from antq.core.templatetags.antq import QUALIFIER_WORDS, vn

MOVEMENT = "phong trào toàn dân bảo vệ an ninh Tổ quốc"
# Marks a comparison inside a sentence until `sentence()` words it: MARK first-mention MARK repeat MARK. The
# invisible separator (U+2063) never occurs in figures or labels, and `sentence()` removes every one.
_MARK = "\u2063"
_COMPARISON = re.compile(f"{_MARK}([^{_MARK}]*){_MARK}([^{_MARK}]*){_MARK}")
_ADJACENT_BRACKETS = re.compile(r"\)\s*\(")


def _number(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def count_text(value: Any, qualifier: str = "exact") -> str:
    """ "trên 59.500", "2.991", "08" (administrative style writes counts below ten with a leading zero)."""
    number = _number(value)
    if number is None:
        return ""
    text = f"{int(number):02d}" if number == number.to_integral_value() and 0 < number < 10 else vn(number)
    word = QUALIFIER_WORDS.get(qualifier or "", "")
    return f"{word} {text}".strip()


def pct_text(value: Any) -> str:
    """ "94,5%", "100%"."""
    number = _number(value)
    return "" if number is None else f"{vn(number)}%"


def change_pct(now: Any, before: Any) -> Decimal | None:
    """Change against the baseline in percent (one decimal), or None without a baseline figure."""
    current, baseline = _number(now), _number(before)
    if current is None or not baseline:
        return None
    return ((current - baseline) * 100 / baseline).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _compare_once(text: str) -> str:
    """The first comparison of a sentence names the baseline ("tăng 12% so với năm 2024"), the later ones not
    ("tăng 3%"): a reader is told once what the figures are compared with."""
    named = False

    def word(match: re.Match[str]) -> str:
        nonlocal named
        text = match.group(2) if named else match.group(1)
        named = True
        return text

    return _COMPARISON.sub(word, text).replace(_MARK, "")


def one_bracket(text: str) -> str:
    """Two parentheticals side by side become one: "(gồm 60 tập thể) (tăng 5% …)" → "(gồm 60 tập thể; tăng 5% …)"."""
    while _ADJACENT_BRACKETS.search(text):
        text = _ADJACENT_BRACKETS.sub("; ", text)
    return text


def sentence(text: str) -> str:
    """One printed sentence: the baseline named once, no two brackets side by side, spaces collapsed, a capital
    first letter and a closing full stop."""
    text = " ".join(one_bracket(_compare_once(text)).split())
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def join_clauses(clauses: list[str]) -> str:
    """Clauses of one sentence, the empty ones (a missing figure) left out: "a; b; c"."""
    return "; ".join(c for c in clauses if c)


def listing(items: Sequence[str]) -> str:
    """ "a", "a và b", "a, b và c" (the empty ones left out)."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} và {items[-1]}"


@dataclass
class Facts:
    """The figures a report prints, {code: (value, qualifier)}, the baseline's values, and the words around them.

    `whole` ("toàn tỉnh") and `area` ("trên địa bàn tỉnh") name the reporting unit; the caller (documents) works
    them out from the unit, so that sentences need nothing above core. Figures are read by `Code` member."""

    whole: str  # "toàn tỉnh", "toàn phường", "toàn quốc"
    area: str  # "trên địa bàn tỉnh", "trên phạm vi toàn quốc"
    period_label: str  # "năm 2025"
    end_label: str  # "31/12/2025"
    values: Mapping[str, tuple[Decimal | None, str]]
    baseline: Mapping[str, Decimal | None]
    baseline_label: str  # "năm 2024", "cùng kỳ năm 2024", "giai đoạn 2002 - 2012"
    # Breakdowns of the figures an area's sentences name ({code: {dimension: {category: value}}}), for the codes
    # its `ReportArea.details` lists: who attended, who received gifts, where the pilot festival was held.
    details: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)

    def value(self, code: StrEnum) -> Decimal | None:
        return self.values.get(code, (None, "exact"))[0]

    def has(self, code: StrEnum) -> bool:
        value = self.value(code)
        return value is not None and value != 0

    def n(self, code: StrEnum) -> str:
        """The figure with its qualifier: "trên 59.500", "08"."""
        value, qualifier = self.values.get(code, (None, "exact"))
        return count_text(value, qualifier)

    def pct(self, code: StrEnum) -> str:
        return pct_text(self.value(code))

    def share(self, part: StrEnum, total: StrEnum) -> str:
        """ "94,5%": `part` as a share of `total` (two figures with no declared ratio); "" without `total`."""
        value = ratio(self.value(part), self.value(total))
        return pct_text(value) if value else ""

    def detail(self, code: StrEnum, dimension: str) -> dict[str, Any]:
        """{category: value} of one breakdown of `code` (empty when not recorded): the categories with a value."""
        return {k: v for k, v in self.details.get(code, {}).get(dimension, {}).items() if v}

    def cmp(self, code: StrEnum) -> str:
        """ " (tăng 12% so với năm 2024)" where the baseline period has a figure; "" otherwise. A later comparison
        in the same sentence reads " (tăng 3%)" (see `sentence`)."""
        change = change_pct(self.value(code), self.baseline.get(code))
        if change is None:
            return ""
        if change == 0:
            first, again = f"bằng {self.baseline_label}", "không đổi"
        else:
            again = f"{'tăng' if change > 0 else 'giảm'} {vn(abs(change))}%"
            first = f"{again} so với {self.baseline_label}"
        return f" ({_MARK}{first}{_MARK}{again}{_MARK})"

    @property
    def when(self) -> str:
        """ "Năm 2025", "6 tháng đầu năm 2025", "Giai đoạn 2013 - 2023"."""
        return self.period_label[:1].upper() + self.period_label[1:]

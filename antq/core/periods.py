"""Reporting periods: year `2025`, half-year `2025H1`, quarter `2025Q3`, month `2025-07`, range `2013..2023`.

A period is a closed date range [start, end]. Years (and their halves and quarters) follow the data cut-off in
settings.ANTQ_YEAR_END (default 31/12: the calendar year). Registry figures are `f(actor, unit, period)`:
stock figures (teams, members, active sites) are taken at `period.end`; flow figures (classes, awards) count
what happened within the period.

`Period.parse` is the one parser of periods (URLs, forms, the API, the CLI): it accepts only years from MIN_YEAR
to next year and ranges of at most MAX_RANGE_YEARS years, so no request can name a period too long to compute.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from antq.core.errors import ValidationFailed


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    RANGE = "range"


# Bounds on every period a user, a script or the CLI can name (not settings: they are facts, not choices).
# The movement's digital records start around 2000 — earlier years have no data to count — and the latest year
# is next year, for plans and targets. A range spans at most MAX_RANGE_YEARS years: the longest review the
# movement writes (its whole digital history, ~2000 to now) with room to spare, while keeping a range's cost
# (figures computed year by year for trends and comparisons) bounded: "1900..9998" used to pin a CPU.
MIN_YEAR = 2000
MAX_RANGE_YEARS = 30

# ASCII digits only (`[0-9]`, not `\d`, which matches any script's digits); input is NFKC-normalised first, so
# full-width "２０２５" reads as "2025" while Arabic-Indic "٢٠٢٥" is refused — as for identifiers (core.text).
_PATTERNS = [
    (PeriodKind.YEAR, re.compile(r"^([0-9]{4})$")),
    (PeriodKind.HALF, re.compile(r"^([0-9]{4})H([12])$", re.I)),
    (PeriodKind.QUARTER, re.compile(r"^([0-9]{4})Q([1-4])$", re.I)),
    (PeriodKind.MONTH, re.compile(r"^([0-9]{4})-([0-9]{1,2})$")),
    (PeriodKind.RANGE, re.compile(r"^([0-9]{4})\.\.([0-9]{4})$")),
]
# Longer input is refused before any pattern runs: no period notation is longer than "2013..2023".
_MAX_LENGTH = 20


def max_year() -> int:
    """The latest year a period may name: next year (plans and targets are set a year ahead)."""
    return timezone.localdate().year + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of reporting year `year` under the configured cut-off."""
    end_month, end_day = settings.ANTQ_YEAR_END
    end = dt.date(year, end_month, min(end_day, calendar.monthrange(year, end_month)[1]))
    previous_end = dt.date(year - 1, end_month, min(end_day, calendar.monthrange(year - 1, end_month)[1]))
    return previous_end + dt.timedelta(days=1), end


def reporting_year(day: dt.date | None = None) -> int:
    """The reporting year `day` (today by default) falls in under the data cut-off: the calendar year by default;
    with the year ending on 14/12, 20/12/2026 is in 2027; ending on 30/6, 01/12/2026 is in 2027 too."""
    day = day or timezone.localdate()
    return day.year + 1 if day > year_bounds(day.year)[1] else day.year


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of reporting month `month` of `year`, so that months nest in quarters, halves and years:
    calendar months when the year ends on a month's last day (31/12, 30/6); under a cut-off inside a month
    (ANTQ_YEAR_END on the 14th: the police's reporting month) each month ends on that day — month 12 runs from
    15/11 to 14/12."""
    end_month, end_day = settings.ANTQ_YEAR_END
    month_end_cut_off = end_day >= calendar.monthrange(2001, end_month)[1]  # 31/12, 30/6: calendar months

    def month_end(y: int, m: int) -> dt.date:
        last = calendar.monthrange(y, m)[1]
        return dt.date(y, m, last if month_end_cut_off else min(end_day, last))

    previous_year, previous_month = (year - 1, 12) if month == 1 else (year, month - 1)
    return month_end(previous_year, previous_month) + dt.timedelta(days=1), month_end(year, month)


@dataclass(frozen=True, order=True)
class Period:
    """An immutable reporting period; build it with `Period.parse("2025H1")`."""

    kind: PeriodKind
    year: int
    index: int = 0  # half (1–2), quarter (1–4), month (1–12), or the last year of a range

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse the period notation; raise ValidationFailed with a Vietnamese message otherwise.

        The one parser of periods: page URLs, forms, the API and the CLI all call it, so every period that reaches
        a computation lies within MIN_YEAR … next year and a range within MAX_RANGE_YEARS years."""
        raw = str(text or "").strip()
        value = unicodedata.normalize("NFKC", raw[: _MAX_LENGTH + 1])
        shown = raw if len(raw) <= _MAX_LENGTH else raw[:_MAX_LENGTH] + "…"
        # A superscript or circled digit ("²⁰²⁵") is not a year someone typed, though NFKC makes it one.
        typed = len(value) <= _MAX_LENGTH and not any(unicodedata.category(ch) == "No" for ch in raw)
        for kind, pattern in _PATTERNS if typed else ():
            match = pattern.match(value)
            if not match:
                continue
            year = int(match.group(1))
            index = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 0
            if kind is PeriodKind.MONTH and not 1 <= index <= 12:
                break
            last = index if kind is PeriodKind.RANGE else year
            if year < MIN_YEAR or last > max_year():
                raise ValidationFailed(
                    f"Kỳ báo cáo “{shown}” nằm ngoài khoảng cho phép: các năm từ {MIN_YEAR} đến {max_year()}.",
                    field="period",
                )
            if kind is PeriodKind.RANGE and index < year:
                raise ValidationFailed(f"Khoảng thời gian “{shown}” có năm kết thúc trước năm bắt đầu.", field="period")
            if kind is PeriodKind.RANGE and index - year + 1 > MAX_RANGE_YEARS:
                raise ValidationFailed(f"Khoảng thời gian “{shown}” dài quá {MAX_RANGE_YEARS} năm.", field="period")
            return cls(kind, year, index)
        raise ValidationFailed(
            f"Kỳ báo cáo “{shown}” không hợp lệ. Dùng dạng 2025, 2025H1, 2025Q3, 2025-07 hoặc 2013..2023.",
            field="period",
        )

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, year)

    def __str__(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}"
            case PeriodKind.HALF:
                return f"{self.year}H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}-{self.index:02d}"
            case PeriodKind.RANGE:
                return f"{self.year}..{self.index}"
        raise AssertionError(self.kind)

    @property
    def code(self) -> str:
        return str(self)

    @property
    def start(self) -> dt.date:
        return self.bounds[0]

    @property
    def end(self) -> dt.date:
        return self.bounds[1]

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """(first day, last day), both inclusive."""
        year_start, year_end = year_bounds(self.year)
        match self.kind:
            case PeriodKind.YEAR:
                return year_start, year_end
            case PeriodKind.HALF:
                start = _add_months(year_start, 6 * (self.index - 1))
                return start, (_add_months(year_start, 6 * self.index) - dt.timedelta(days=1))
            case PeriodKind.QUARTER:
                start = _add_months(year_start, 3 * (self.index - 1))
                return start, (_add_months(year_start, 3 * self.index) - dt.timedelta(days=1))
            case PeriodKind.MONTH:
                return month_bounds(self.year, self.index)
            case PeriodKind.RANGE:
                return year_start, year_bounds(self.index)[1]
        raise AssertionError(self.kind)

    def contains(self, day: dt.date) -> bool:
        """Whether `day` falls within the period (both ends included)."""
        if isinstance(day, dt.datetime):
            day = day.date()
        start, end = self.bounds
        return start <= day <= end

    def previous(self) -> Period:
        """The period of the same kind just before: 2025H1 → 2024H2, 2025-01 → 2024-12, 2013..2023 → 2002..2012."""
        match self.kind:
            case PeriodKind.YEAR:
                return Period(self.kind, self.year - 1)
            case PeriodKind.HALF | PeriodKind.QUARTER:
                if self.index > 1:
                    return Period(self.kind, self.year, self.index - 1)
                return Period(self.kind, self.year - 1, 2 if self.kind is PeriodKind.HALF else 4)
            case PeriodKind.MONTH:
                if self.index > 1:
                    return Period(self.kind, self.year, self.index - 1)
                return Period(self.kind, self.year - 1, 12)
            case PeriodKind.RANGE:
                length = self.index - self.year + 1
                return Period(self.kind, self.year - length, self.year - 1)
        raise AssertionError(self.kind)

    @property
    def label(self) -> str:
        """Vietnamese label as reports write it: "năm 2025", "6 tháng đầu năm 2025", "giai đoạn 2013 - 2023"."""
        match self.kind:
            case PeriodKind.YEAR:
                return f"năm {self.year}"
            case PeriodKind.HALF:
                return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
            case PeriodKind.QUARTER:
                return f"quý {['I', 'II', 'III', 'IV'][self.index - 1]} năm {self.year}"
            case PeriodKind.MONTH:
                return f"tháng {self.index} năm {self.year}"
            case PeriodKind.RANGE:
                return f"giai đoạn {self.year} - {self.index}"
        raise AssertionError(self.kind)

    @property
    def stock_date(self) -> dt.date:
        """The day stock figures are taken on: the period's last day."""
        return self.end


def stock_q(period: Period, *, start_field: str | None, end_field: str) -> Q:
    """Rows alive on the period's last day: started on or before it (when there is a start) and not yet ended.

    Stock figures (teams, members, active sites) use this; an end date on the last day itself still counts."""
    day = period.stock_date
    alive = Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": day})
    if start_field:
        alive &= Q(**{f"{start_field}__lte": day})
    return alive


def flow_q(period: Period, *, date_field: str) -> Q:
    """Rows whose `date_field` falls within the period (flow figures: classes held, awards decided)."""
    return Q(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end})


def month_split(period: Period) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """The period as (first and last whole month, each as its first day) plus the day ranges at either end that
    are not whole months (none under the default calendar-year cut-off). Monthly summary rows answer the whole
    months; the edges are counted from the rows themselves."""
    start, end = period.bounds
    first = start if start.day == 1 else _add_months(start.replace(day=1), 1)
    after_end = end + dt.timedelta(days=1)
    last = _add_months(after_end.replace(day=1), -1) if after_end.day == 1 else _add_months(end.replace(day=1), -1)
    if first > last:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    month_end = _add_months(last, 1) - dt.timedelta(days=1)
    if month_end < end:
        edges.append((month_end + dt.timedelta(days=1), end))
    return (first, last), edges

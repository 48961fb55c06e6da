"""Plausible ranges of dates, shared by imports, forms and the API: a day outside is a typing slip (a year alone
read as 1905, 2201 for 2021), refused rather than stored.

    BIRTH_DATES    born after 1900, not in the future
    PAST_DATES     a day of a life (resident since…): after 1900, not in the future
    RECORD_DATES   decisions, start dates, activities: from 2000 (the records ANTQ keeps), not in the future

Each column's own rules (a member's age, a team's founding date) come after these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DateRange:
    """The days a date column can plausibly hold: from `earliest`, and not after today unless `future`. A day
    outside is a typing slip (a year alone read as 1905, 2201 for 2021), refused rather than stored."""

    earliest: dt.date
    future: bool = False

    def problem(self, day: dt.date, *, today: dt.date) -> str | None:
        """Why `day` is out of range (Vietnamese, without the column), or None."""
        if day < self.earliest:
            return f"ngày {day:%d/%m/%Y} trước {self.earliest:%d/%m/%Y}, không hợp lý — hãy kiểm tra lại"
        if not self.future and day > today:
            return f"ngày {day:%d/%m/%Y} chưa đến"
        return None


BIRTH_DATES = DateRange(dt.date(1901, 1, 1))
PAST_DATES = DateRange(dt.date(1901, 1, 1))
RECORD_DATES = DateRange(dt.date(2000, 1, 1))

"""Rules of the 2023 Law on grassroots forces that ANTQ checks: CCCD structure, member eligibility (Art. 13),
team size per province, evaluation quota and years of service. Pure functions; services call them."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass

from antq.core.text import ascii_digits
from antq.forces.models import EDUCATION_RANK, Education, Gender, Rating, TeamSizeRule
from antq.geo.models import AdminUnit, Level

# Art. 13.1: members are Vietnamese citizens aged 18–70 (over 70 only by the commune chairman's decision).
MIN_AGE, MAX_AGE = 18, 70
# Art. 13.1.b: resident in the area for at least one year.
MIN_RESIDENCE_DAYS = 365
# Thông tư 14/2024/TT-BCA: "xuất sắc" may not exceed 20% of those rated "tốt"; under 9 months are not rated.
EXCELLENT_SHARE_OF_GOOD = 0.20
MIN_MONTHS_TO_RATE = 9


@functools.cache
def _cccd_province_codes() -> frozenset[str]:
    """Birth-province codes used in CCCD numbers: the 63 pre-2025 province codes (001–096), from ANTQ's
    legacy geography (loaded from the vietnam-provinces package)."""
    codes = AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=False).values_list("code", flat=True)
    return frozenset(code.zfill(3) for code in codes)


NATIONAL_ID_LENGTH = 12
NATIONAL_ID_DIGITS = "Số CCCD phải gồm đúng 12 chữ số 0–9."
# Phone numbers have one validator for every app: antq.core.phones.phone_canonical.


def national_id_clean(value: object) -> str:
    """The CCCD as ANTQ stores and compares it: NFKC-normalised, so full-width "０３３…" is "033…", spaces removed.

    Anything that is not digits 0–9 then (Arabic-Indic "٠٣٣…", superscripts, letters) is returned stripped but
    unchanged, and `cccd_problem` refuses it — never guessed. Every path (service, form, roster import, award
    nominees) cleans through here, so the one-active-membership constraint compares like with like."""
    raw = "" if value is None else str(value)
    compact = "".join(unicodedata.normalize("NFKC", raw).split())
    digits = ascii_digits(compact) if not any(unicodedata.category(ch) == "No" for ch in raw) else None
    return digits if digits is not None else raw.strip()


def national_id_problem(national_id: str) -> str | None:
    """Why a (cleaned) CCCD is not 12 ASCII digits 0–9, or None. `\\d` / `str.isdigit` also accept other scripts'
    digits, which would let one person be active in two communes under two spellings of one number."""
    if len(national_id) != NATIONAL_ID_LENGTH or not national_id.isascii() or not national_id.isdigit():
        return NATIONAL_ID_DIGITS
    return None


def cccd_problem(national_id: str, *, birth_date: dt.date, gender: str) -> str | None:
    """Why a CCCD number is not valid for this person, or None.

    Structure (Thông tư 59/2021/TT-BCA): 3 digits birth province (001–096), 1 digit century and gender
    (0/1: 1900s male/female, 2/3: 2000s, 4/5: 2100s), 2 digits of the birth year, 6 random digits."""
    problem = national_id_problem(national_id or "")
    if problem:
        return problem
    province, century_gender, year = national_id[:3], int(national_id[3]), national_id[4:6]
    known = _cccd_province_codes()
    if known and province not in known:
        return f"Ba số đầu của CCCD ({province}) không phải mã tỉnh nơi đăng ký khai sinh."
    if century_gender > 9:
        return "Chữ số thứ tư của CCCD không hợp lệ."
    century = 1900 + (century_gender // 2) * 100
    expected_gender = Gender.MALE if century_gender % 2 == 0 else Gender.FEMALE
    if century + int(year) != birth_date.year:
        coded = century + int(year)
        return f"Số CCCD không khớp năm sinh {birth_date.year} (năm sinh mã hóa trong CCCD là {coded})."
    if expected_gender != gender:
        return "Số CCCD không khớp giới tính (chữ số thứ tư mã hóa giới tính và thế kỷ sinh)."
    return None


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


@dataclass(frozen=True)
class Applicant:
    birth_date: dt.date
    resident_since: dt.date
    education: str
    health_certified: bool
    no_prosecution: bool
    age_exception_decision: str = ""
    hardship_area: bool = False


def eligibility_problems(person: Applicant, *, on: dt.date) -> list[tuple[str, str]]:
    """(field, Vietnamese message naming the rule) for every Art. 13 condition the person does not meet."""
    problems: list[tuple[str, str]] = []
    age = age_on(person.birth_date, on)
    if age < MIN_AGE:
        problems.append(
            (
                "birth_date",
                f"Chưa đủ {MIN_AGE} tuổi ({age} tuổi) — Điều 13 Luật Lực lượng tham gia "
                "bảo vệ ANTT ở cơ sở: từ đủ 18 tuổi.",
            )
        )
    elif age > MAX_AGE and not person.age_exception_decision.strip():
        problems.append(
            (
                "age_exception_decision",
                f"Trên {MAX_AGE} tuổi ({age} tuổi) — chỉ được tham gia khi có "
                "quyết định của Chủ tịch UBND cấp xã (Điều 13).",
            )
        )
    if (on - person.resident_since).days < MIN_RESIDENCE_DAYS:
        problems.append(("resident_since", "Chưa cư trú tại địa bàn đủ 01 năm (Điều 13)."))
    required = Education.PRIMARY if person.hardship_area else Education.LOWER_SECONDARY
    if EDUCATION_RANK.get(person.education, -1) < EDUCATION_RANK[required]:
        problems.append(
            (
                "education",
                "Chưa tốt nghiệp trung học cơ sở (tiểu học đối với vùng đặc biệt khó khăn, "
                "đồng bào dân tộc thiểu số) — Điều 13.",
            )
        )
    if not person.health_certified:
        problems.append(("health_certified", "Chưa có giấy chứng nhận đủ sức khỏe (Điều 13)."))
    if not person.no_prosecution:
        problems.append(
            ("no_prosecution", "Chưa xác minh không bị truy cứu trách nhiệm hình sự, không bị xử lý vi phạm (Điều 13).")
        )
    return problems


def required_team_size(
    rules: list[TeamSizeRule], *, locality_kind: str, urban: bool, households: int
) -> TeamSizeRule | None:
    """The province rule that applies: the most specific kind/urban match with the highest threshold reached."""
    candidates = [
        r
        for r in rules
        if r.locality_kind in ("", locality_kind) and (r.urban is False or urban) and households >= r.households_from
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.urban, r.locality_kind != "", r.households_from))


def excellent_quota_problem(ratings: list[str]) -> str | None:
    """The "xuất sắc ≤ 20% of tốt" rule over one commune's ratings for a year."""
    excellent = ratings.count(Rating.EXCELLENT)
    good = ratings.count(Rating.GOOD)
    allowed = int(good * EXCELLENT_SHARE_OF_GOOD)
    if excellent > allowed:
        return (
            f"Số thành viên xếp loại “Hoàn thành xuất sắc nhiệm vụ” ({excellent}) vượt quá 20% số xếp loại "
            f"“Hoàn thành tốt nhiệm vụ” ({good}; tối đa {allowed})."
        )
    return None


def evaluation_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """Evaluation year Y runs 15/11/(Y-1) → 14/11/Y."""
    return dt.date(year - 1, 11, 15), dt.date(year, 11, 14)


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def service_days(
    stints: list[tuple[dt.date, dt.date | None]], *, on: dt.date, hardship: list[bool] | None = None
) -> int:
    """Days served across memberships up to `on`; hardship-area stints count double (Thông tư 20/2025/TT-BCA)."""
    total = 0
    for index, (start, end) in enumerate(stints):
        stop = min(end or on, on)
        if stop < start:
            continue
        days = (stop - start).days + 1
        total += days * (2 if hardship and hardship[index] else 1)
    return total

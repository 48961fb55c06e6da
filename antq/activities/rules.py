"""Rules the activities app checks: the measures each outreach kind needs, when two activities are the same one
recorded twice, the festival's dates (Quyết định 521/2005/QĐ-TTg), photo files, and the "Bảo vệ an ninh Tổ quốc"
medal (Thông tư 20/2025/TT-BCA). Pure functions (no queries: they compare with what the caller loaded): services,
the pages' forms, the API and the spreadsheet import all call the same ones, and each returns every problem it
finds, not the first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from antq.activities.models import GROUP_FIELDS, MEDIA_KINDS, FestivalStatus, Gender, Kind, MedalBasis
from antq.core.errors import Problem
from antq.core.periods import year_bounds
from antq.core.text import fold
from antq.geo.models import AdminUnit, Level

FIRST_YEAR = 2000  # the registry starts with the movement's records of 2000

# The measures each kind needs (all required) and may have (optional); every other measure must be empty.
MEASURES = ("attendees", *GROUP_FIELDS, "outlet", "link", "display_type", "count", "participants")
MEASURES += ("recipient_kind", "recipients", "value_vnd")
REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.SESSION: ("attendees",),
    Kind.NEWS: ("title", "outlet"),
    Kind.REPORTAGE: ("title", "outlet"),
    Kind.BROADCAST: ("title", "outlet"),
    Kind.SOCIAL_POST: ("title", "outlet", "link"),
    Kind.BANNERS: ("display_type", "count"),
    Kind.CONTEST: ("title", "participants"),
    Kind.STORY: ("title",),
    Kind.VISIT: ("recipient_kind", "recipients", "value_vnd"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    Kind.SESSION: GROUP_FIELDS,
    Kind.NEWS: ("link",),
    Kind.REPORTAGE: ("link",),
    Kind.BROADCAST: ("link",),
    Kind.STORY: ("outlet", "link"),  # a story may be told at a meeting or published
}
LABELS = {
    "title": "Nội dung, tiêu đề",
    "attendees": "Số người dự",
    "attendees_officials": "Cán bộ",
    "attendees_civil_servants": "Công nhân viên chức",
    "attendees_students": "Học sinh, sinh viên",
    "attendees_workers": "Người lao động",
    "attendees_residents": "Nhân dân",
    "outlet": "Cơ quan báo chí, kênh",
    "link": "Đường dẫn",
    "display_type": "Loại pano, áp phích",
    "count": "Số lượng",
    "participants": "Số lượt người dự thi",
    "recipient_kind": "Đối tượng được thăm",
    "recipients": "Số gia đình, người được thăm",
    "value_vnd": "Giá trị quà",
}


def _empty(value: Any) -> bool:
    return value is None or value == "" or (value == 0 and not isinstance(value, bool) and value is not None)


def measure_problems(kind: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, Vietnamese message naming the field) for each measure that is missing, not allowed for the kind, or
    inconsistent (target groups adding up to more than the total)."""
    if kind not in Kind.values:
        return [("kind", "Hình thức hoạt động không hợp lệ.")]
    label = Kind(kind).label
    problems: list[tuple[str, str]] = []
    for field in REQUIRED[kind]:
        value = values.get(field)
        if value is None or value == "":
            problems.append((field, f"{LABELS[field]}: cần nhập đối với hình thức “{label}”."))
    allowed = set(REQUIRED[kind]) | set(OPTIONAL.get(kind, ()))
    for field in MEASURES:
        if field in allowed:
            continue
        value = values.get(field)
        # Target groups default to 0, which is "empty" for them; other numbers are empty only when None.
        empty = value in (None, "", 0) if field in GROUP_FIELDS else value in (None, "")
        if not empty:
            problems.append((field, f"{LABELS[field]}: không dùng cho hình thức “{label}”; hãy để trống."))
    for field in ("attendees", *GROUP_FIELDS, "count", "participants", "recipients", "value_vnd"):
        value = values.get(field)
        if isinstance(value, int) and value < 0:
            problems.append((field, f"{LABELS[field]}: không được âm."))
    if kind == Kind.SESSION and isinstance(values.get("attendees"), int):
        groups = sum(values.get(field) or 0 for field in GROUP_FIELDS)
        if groups > values["attendees"]:
            problems.append(
                (
                    "attendees",
                    f"Số người dự theo đối tượng ({groups:,}) vượt tổng số người dự ({values['attendees']:,}).".replace(
                        ",", "."
                    ),
                )
            )
    if kind == Kind.SESSION and values.get("attendees") == 0:
        problems.append(("attendees", "Số người dự: lớp, buổi tuyên truyền phải có người dự."))
    if kind in MEDIA_KINDS | {Kind.STORY} and values.get("link"):
        link = str(values["link"])
        if not link.startswith(("http://", "https://")):
            problems.append(("link", "Đường dẫn phải bắt đầu bằng http:// hoặc https://."))
    return problems


def activity_problems(unit: AdminUnit, values: dict[str, Any], *, today: dt.date) -> list[Problem]:
    """Every rule an activity recorded by `unit` breaks: its date, its place, and its kind's measures."""
    problems: list[Problem] = []
    if unit.level not in (Level.COMMUNE, Level.PROVINCE):
        problems.append((None, "Hoạt động tuyên truyền do xã, phường hoặc Công an tỉnh ghi nhận."))
    day = values.get("date")
    if isinstance(day, dt.date):
        if day > today:
            problems.append(("date", f"Ngày: {day:%d/%m/%Y} chưa tới; chỉ ghi nhận hoạt động đã diễn ra."))
        elif day.year < FIRST_YEAR:
            problems.append(("date", f"Ngày: chỉ ghi nhận hoạt động từ năm {FIRST_YEAR}."))
    locality, establishment = values.get("locality"), values.get("establishment")
    if locality is not None and establishment is not None:
        problems.append(("establishment", "Địa điểm: chọn thôn, tổ dân phố hoặc cơ sở, không chọn cả hai."))
    for field, place in (("locality", locality), ("establishment", establishment)):
        if place is not None and not _place_in(unit, place.commune_id, place.commune.parent_id):
            problems.append((field, f"Địa điểm “{place.name}” không thuộc {unit.name}."))
    problems += measure_problems(values.get("kind", ""), values)
    return problems


def _place_in(unit: AdminUnit, commune_id: int, province_id: int | None) -> bool:
    return commune_id == unit.pk if unit.level == Level.COMMUNE else province_id == unit.pk


# --- The same activity recorded twice ------------------------------------------------------------------------

# What an activity counts: its numbers and the choices that qualify them. Two activities of one unit on the same
# day, of the same kind, with the same of these (the kind's own), are most likely one activity entered twice (by
# hand and again from a sheet, or by two officers): recording the second needs a confirmation.
NUMBERS = ("attendees", *GROUP_FIELDS, "count", "participants", "recipients", "value_vnd")
COUNTED = (*NUMBERS, "display_type", "recipient_kind")
# Kinds that count nothing (a news item, a story) are told apart by what they are about and where.
NAMED = ("title", "outlet")
DUPLICATE_FIELDS = ("date", "kind", *COUNTED, *NAMED)  # every field `duplicate_key` reads


def duplicate_key(values: dict[str, Any]) -> tuple[Any, ...] | None:
    """What makes two activities of one unit the same: the date, the kind, and the kind's numbers and choices
    (attendees and their groups; count and display type; participants; recipients, their kind and the value) —
    or, for a kind that counts nothing (press items, stories), its title and outlet (accents, case and spacing
    ignored). None while the date or kind is missing or invalid (other rules refuse those)."""
    kind, day = values.get("kind"), values.get("date")
    if kind not in Kind.values or not isinstance(day, dt.date):
        return None
    own = (*REQUIRED[kind], *OPTIONAL.get(kind, ()))
    counted = [field for field in COUNTED if field in own]
    if counted:
        measures = tuple(_plain(values.get(field)) for field in counted)
    else:
        measures = tuple(fold(str(values.get(field) or "")) for field in NAMED)
    return day, str(kind), measures


def _plain(value: Any) -> Any:
    # An empty target group is 0 wherever it comes from (a form's None, the database's 0).
    return 0 if value in (None, "") else value


def describe(values: dict[str, Any]) -> str:
    """A short description of an activity for messages: "Lớp, buổi tuyên truyền, 120 người dự"."""
    kind = values.get("kind")
    parts = [str(Kind(kind).label) if kind in Kind.values else str(kind or "")]
    for field, unit in (("attendees", "người dự"), ("participants", "lượt người dự thi"), ("count", "")):
        if values.get(field):
            parts.append(f"{values[field]:,} {unit}".replace(",", ".").strip())
    if values.get("recipients"):
        parts.append(f"{values['recipients']} gia đình, người được thăm")
    if values.get("title") and not any(values.get(f) for f in ("attendees", "participants", "count", "recipients")):
        parts.append(f"“{values['title']}”")
    return ", ".join(parts)


def duplicate_message(existing: dict[str, Any]) -> str:
    """The confirmation asked when an activity repeats one already recorded (pages and API)."""
    return (
        f"Trùng với hoạt động đã ghi ngày {existing['date']:%d/%m/%Y} ({describe(existing)}): cùng ngày, hình thức, "
        "đơn vị và số liệu. Nếu đúng là một hoạt động khác, hãy xác nhận “Vẫn lưu”."
    )


def duplicate_row_message(*, confirm_column: str, existing: dict[str, Any] | None = None, row: int = 0) -> str:
    """The import's row message: the activity already recorded (`existing`), or the earlier row of the same file
    (`row`) it repeats."""
    if existing is not None:
        where = f"hoạt động đã ghi ngày {existing['date']:%d/%m/%Y} ({describe(existing)})"
    else:
        where = f"dòng {row} của tệp"
    return (
        f"trùng với {where} — cùng ngày, hình thức và số liệu. Nếu đúng là một hoạt động khác, ghi “Có” ở cột "
        f"“{confirm_column}”."
    )


# --- The 19/8 festival -----------------------------------------------------------------------------------------


def festival_window(year: int) -> tuple[dt.date, dt.date]:
    """Quyết định 521/2005/QĐ-TTg: the festival is held between 01/7 and 19/8 each year."""
    return dt.date(year, 7, 1), dt.date(year, 8, 19)


def festival_year_in(reporting_year: int) -> int:
    """The festival year whose 19/8 falls in reporting year `reporting_year` (the festival the year's figures
    count): the same year under a cut-off after 19/8 (31/12, 14/12), the year before under one before it (30/6)."""
    last_day = year_bounds(reporting_year)[1]
    return last_day.year if dt.date(last_day.year, 8, 19) <= last_day else last_day.year - 1


def festival_date_problem(day: dt.date, year: int, *, label: str) -> str | None:
    start, end = festival_window(year)
    if not start <= day <= end:
        return (
            f"{label} phải trong khoảng {start:%d/%m/%Y} – {end:%d/%m/%Y} "
            "(Quyết định 521/2005/QĐ-TTg: Ngày hội tổ chức từ 01/7 đến 19/8 hằng năm)."
        )
    return None


def festival_problems(
    *, year: int, planned_date: dt.date | None, status: str, held_on: dt.date | None, place: str, today: dt.date
) -> list[Problem]:
    """Every rule a festival's plan and record break (Quyết định 521/2005/QĐ-TTg: 01/7 – 19/8); a date that is
    None was not given (or did not parse) and is left to the field's own message."""
    problems: list[Problem] = []
    if planned_date is not None:
        problem = festival_date_problem(planned_date, year, label="Ngày dự kiến")
        if problem:
            problems.append(("planned_date", problem))
    if status == FestivalStatus.HELD:
        if held_on is None:
            problems.append(("held_on", "Ngày tổ chức: cần nhập khi ngày hội đã tổ chức."))
        else:
            problem = festival_date_problem(held_on, year, label="Ngày tổ chức")
            if problem:
                problems.append(("held_on", problem))
            elif held_on > today:
                problems.append(("held_on", "Ngày tổ chức chưa tới; hãy giữ trạng thái “Đã có kế hoạch”."))
    elif held_on is not None:
        problems.append(("held_on", "Ngày tổ chức: chỉ nhập khi ngày hội đã tổ chức."))
    if not (place or "").strip():
        problems.append(("place", "Địa điểm: cần nhập."))
    return problems


# --- Festival photos -------------------------------------------------------------------------------------------

MAX_PHOTO_BYTES = 5 * 1024 * 1024
_MAGIC = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


def photo_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) recognised from the file's first bytes, whatever its name says; None otherwise."""
    for magic, content_type, extension in _MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


def photo_problem(head: bytes, size: int) -> str | None:
    if size > MAX_PHOTO_BYTES:
        return f"Ảnh quá lớn ({size / 1024 / 1024:.1f} MB); tối đa 5 MB.".replace(".", ",", 1)
    if size == 0:
        return "Tệp ảnh rỗng."
    if photo_type(head) is None:
        return "Chỉ nhận ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp, không theo tên tệp)."
    return None


# --- The "Bảo vệ an ninh Tổ quốc" medal ------------------------------------------------------------------------

# Thông tư 20/2025/TT-BCA (in force 28/4/2025): leaders ≥ 10 years in office; team members ≥ 15 years (men) or
# ≥ 10 years (women) up to the time of the proposal, time in hardship, border and island areas counting double.
LEADER_YEARS = Decimal(10)
MEMBER_YEARS = {Gender.MALE: Decimal(15), Gender.FEMALE: Decimal(10)}


@dataclass(frozen=True)
class MedalNominee:
    basis: str
    gender: str
    registry_years: Decimal  # team memberships in ANTQ (hardship stints already doubled)
    prior_years: Decimal  # entered on the proposal: service not in the registry
    prior_hardship_years: Decimal  # of which in hardship areas (counted double)

    @property
    def counted_years(self) -> Decimal:
        """Years that count for the medal: leaders' years in office are entered on the proposal (the registry
        holds no leadership posts); team members' add the registry's memberships."""
        entered = self.prior_years + self.prior_hardship_years  # hardship years once more: coefficient 2
        if self.basis == MedalBasis.TEAM_MEMBER:
            return self.registry_years + entered
        return entered


def required_years(basis: str, gender: str) -> Decimal | None:
    if basis == MedalBasis.LEADER:
        return LEADER_YEARS
    if basis == MedalBasis.TEAM_MEMBER:
        return MEMBER_YEARS.get(Gender(gender)) if gender in Gender.values else None
    return None


def medal_service_problem(nominee: MedalNominee) -> tuple[str, str] | None:
    """(field, message) when the nominee's counted years fall short of the rule for their group, else None."""
    if nominee.basis not in MedalBasis.values:
        return "medal_basis", "Cần chọn diện xét Kỷ niệm chương (lãnh đạo phong trào hoặc thành viên Tổ bảo vệ ANTT)."
    needed = required_years(nominee.basis, nominee.gender)
    if needed is None:
        return "gender", "Cần ghi giới tính để xét số năm công tác (nam 15 năm, nữ 10 năm)."
    counted = nominee.counted_years.quantize(Decimal("0.1"))
    if counted >= needed:
        return None
    group = (
        "lãnh đạo, chỉ đạo phong trào"
        if nominee.basis == MedalBasis.LEADER
        else f"thành viên Tổ bảo vệ ANTT ({'nam' if nominee.gender == Gender.MALE else 'nữ'})"
    )
    detail = ""
    if nominee.basis == MedalBasis.TEAM_MEMBER:
        detail = (
            f" (trong sổ quản lý {nominee.registry_years.quantize(Decimal('0.1'))} năm, "
            f"nhập thêm {nominee.prior_years} năm, trong đó {nominee.prior_hardship_years} năm vùng khó khăn tính "
            "hệ số 2)"
        )
    counted_text = f"{counted}".replace(".", ",")
    return (
        "prior_years",
        f"Chưa đủ số năm: {counted_text} năm{detail}; {group} cần từ {needed} năm trở lên (Thông tư 20/2025/TT-BCA).",
    )

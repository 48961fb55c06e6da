"""Rules of the 2023 Law on grassroots forces that ANTQ checks: CCCD structure, member eligibility (Art. 13),
team size per province, evaluation quota and years of service. Pure functions; services call them.

A membership's rules are one function, `member_problems`, called alike by `member_add` / `member_update` (and so
the member forms) and by the roster import: it returns every problem at once, each with its code from
`MEMBER_RULES` — the one list of them (a test runs each through the service and the import). What the rules need
to know of other memberships (is this CCCD active elsewhere, who leads the team, who has the same name, birth date
and locality) comes in an `ActiveMembers` the caller loads — the service for one member, the import once per file
— so no rule queries."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from antq.core.dates import BIRTH_DATES, PAST_DATES, RECORD_DATES, DateRange
from antq.core.text import ascii_digits, fold
from antq.forces.models import EDUCATION_RANK, Education, Gender, Rating, Role, TeamSizeRule, TeamStatus
from antq.geo.models import AdminUnit, Level

if TYPE_CHECKING:
    from antq.forces.models import SecurityTeam, TeamMember

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


# Excel's "keep as text" prefix, typed or pasted into the cell: '033080001234 (and its typographic look-alikes).
_TEXT_PREFIXES = "'\u2018\u2019`"


def national_id_clean(value: object) -> str:
    """The CCCD as ANTQ stores and compares it: NFKC-normalised, so full-width "０３３…" is "033…", spaces removed,
    and a leading apostrophe — Excel's "keep as text" prefix, '033080001234 — dropped.

    Anything that is not digits 0–9 then (Arabic-Indic "٠٣٣…", superscripts, letters) is returned stripped but
    unchanged, and `cccd_problem` refuses it — never guessed. Every path (service, form, roster import, award
    nominees) cleans through here, so the one-active-membership constraint compares like with like."""
    raw = "" if value is None else str(value)
    if len(raw) == NATIONAL_ID_LENGTH and raw.isascii() and raw.isdigit():
        return raw  # as typed, the usual case: nothing to clean (what the steps below would return)
    raw = raw.strip().lstrip(_TEXT_PREFIXES)
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


class RuleProblem(NamedTuple):
    """One broken rule: a stable `code` (MEMBER_RULES for a membership), the `field` it concerns (None: the record
    as a whole) and the Vietnamese `message`. The services refuse with every one, as (field, message) pairs."""

    code: str
    field: str | None
    message: str


@dataclass(frozen=True)
class Applicant:
    birth_date: dt.date | None  # None: not known (a form field that did not validate); the age is not checked
    resident_since: dt.date | None
    education: str
    health_certified: bool
    no_prosecution: bool
    age_exception_decision: str = ""
    hardship_area: bool = False
    residence_verified: bool = False


NO_RESIDENCE = "Cần ngày bắt đầu cư trú tại địa bàn, hoặc xác nhận đã xác minh cư trú đủ 01 năm (Điều 13)."


def _eligibility(person: Applicant, *, on: dt.date | None) -> list[RuleProblem]:
    """Art. 13 of the 2023 Law: each condition the person does not meet on `on`, with its code (without `on`, the
    conditions that do not depend on the day)."""
    problems: list[RuleProblem] = []
    age = age_on(person.birth_date, on) if person.birth_date is not None and on is not None else None
    if age is None:
        pass
    elif age < MIN_AGE:
        problems.append(
            RuleProblem(
                "min_age",
                "birth_date",
                f"Chưa đủ {MIN_AGE} tuổi ({age} tuổi) — Điều 13 Luật Lực lượng tham gia "
                "bảo vệ ANTT ở cơ sở: từ đủ 18 tuổi.",
            )
        )
    elif age > MAX_AGE and not person.age_exception_decision.strip():
        problems.append(
            RuleProblem(
                "max_age",
                "age_exception_decision",
                f"Trên {MAX_AGE} tuổi ({age} tuổi) — chỉ được tham gia khi có "
                "quyết định của Chủ tịch UBND cấp xã (Điều 13).",
            )
        )
    if person.resident_since is not None:
        if on is not None and (on - person.resident_since).days < MIN_RESIDENCE_DAYS:
            problems.append(RuleProblem("residence", "resident_since", "Chưa cư trú tại địa bàn đủ 01 năm (Điều 13)."))
    elif not person.residence_verified:
        problems.append(RuleProblem("residence", "resident_since", NO_RESIDENCE))
    required = Education.PRIMARY if person.hardship_area else Education.LOWER_SECONDARY
    if EDUCATION_RANK.get(person.education, -1) < EDUCATION_RANK[required]:
        problems.append(
            RuleProblem(
                "education",
                "education",
                "Chưa tốt nghiệp trung học cơ sở (tiểu học đối với vùng đặc biệt khó khăn, "
                "đồng bào dân tộc thiểu số) — Điều 13.",
            )
        )
    if not person.health_certified:
        problems.append(RuleProblem("health", "health_certified", "Chưa có giấy chứng nhận đủ sức khỏe (Điều 13)."))
    if not person.no_prosecution:
        problems.append(
            RuleProblem(
                "no_prosecution",
                "no_prosecution",
                "Chưa xác minh không bị truy cứu trách nhiệm hình sự, không bị xử lý vi phạm (Điều 13).",
            )
        )
    return problems


def eligibility_problems(person: Applicant, *, on: dt.date | None) -> list[tuple[str, str]]:
    """(field, Vietnamese message naming the rule) for every Art. 13 condition the person does not meet."""
    return [(problem.field or "", problem.message) for problem in _eligibility(person, on=on)]


# --- One membership's rules ------------------------------------------------------------------------------------

# Every rule `member_problems` applies, by code: the one list of them (the tests run each through the member
# service and the roster import; a code not listed here is a bug).
MEMBER_RULES: dict[str, str] = {
    "dates": "Ngày tháng trong khoảng hợp lý (sinh sau 1900; quyết định, ngày tham gia từ 2000; không ở tương lai)",
    "national_id": "Số CCCD đủ 12 chữ số, khớp năm sinh và giới tính (Thông tư 59/2021/TT-BCA)",
    "national_id_active": "Mỗi người chỉ tham gia một Tổ bảo vệ ANTT tại một thời điểm",
    "team_active": "Chỉ thêm, sửa thành viên của Tổ đang hoạt động",
    "min_age": "Từ đủ 18 tuổi (Điều 13)",
    "max_age": "Trên 70 tuổi cần quyết định của Chủ tịch UBND cấp xã (Điều 13)",
    "residence": "Cư trú tại địa bàn từ 01 năm (Điều 13)",
    "education": "Tốt nghiệp THCS; tiểu học ở vùng đặc biệt khó khăn, đồng bào DTTS (Điều 13)",
    "health": "Có giấy chứng nhận đủ sức khỏe (Điều 13)",
    "no_prosecution": "Không bị truy cứu trách nhiệm hình sự, xử lý vi phạm (Điều 13)",
    "start_after_founding": "Ngày tham gia không trước ngày thành lập Tổ",
    "one_leader": "Mỗi Tổ có một Tổ trưởng",
    "possible_duplicate": "Cảnh báo trùng người: cùng họ tên, ngày sinh, nơi cư trú với một thành viên đang hoạt động",
}
# Problems a person may confirm past ("Vẫn thêm"): a warning, not a rule of the law.
CONFIRMABLE = frozenset({"possible_duplicate"})
NEUTRAL_DUPLICATE = "Số CCCD này đang là thành viên một Tổ bảo vệ ANTT khác; không thể thêm lần nữa."
# Each date of a membership and its plausible range (antq.core.dates).
MEMBER_DATES: tuple[tuple[str, DateRange], ...] = (
    ("birth_date", BIRTH_DATES),
    ("resident_since", PAST_DATES),
    ("decision_date", RECORD_DATES),
    ("start_date", RECORD_DATES),
)

Place = tuple[dt.date, int]  # (birth date, residence locality id): where to look for the same person


def place_of(birth_date: dt.date | None, residence_id: int | None) -> Place | None:
    """The birth date and locality two memberships of one person share; None when one is missing."""
    if birth_date is None or residence_id is None:
        return None
    return (birth_date, residence_id)


def same_name(first: str, second: str) -> bool:
    """Whether two full names are the same person's, told without the CCCD: accents, case and spacing do not
    matter (a sheet typed without accents still matches) — "NGUYEN VAN AN" is "Nguyễn Văn An"."""
    return fold(first) == fold(second)


class Held(NamedTuple):
    """An active membership as the rules see it: its CCCD, team, role, name, birth date and locality, and how a
    message names it ("Nguyễn Văn An — Tổ bảo vệ ANTT thôn Đông", or "dòng 7" for a row of the file being
    imported). A tuple: the import makes one per row."""

    national_id: str
    team_id: int
    role: str
    full_name: str
    place: Place | None
    label: str
    pk: int | None = None

    @classmethod
    def of(cls, member: TeamMember) -> Held:
        """A stored membership (its team loaded), named by the member's name and team."""
        return cls(
            national_id=member.national_id,
            team_id=member.team_id,
            role=member.role,
            full_name=member.full_name,
            place=place_of(member.birth_date, member.residence_id),
            label=f"{member.full_name} — {member.team.name}",
            pk=member.pk,
        )


@dataclass
class ActiveMembers:
    """What the rules know of the active memberships around a member. `members`: those of the member's commune
    that could clash (the service loads only those of one member; the import its commune's, and adds each row it
    plans, so rows of one file are compared with each other too); `elsewhere`: the CCCDs active in other
    communes (named by nobody: a neutral message)."""

    members: Iterable[Held] = ()
    elsewhere: frozenset[str] | set[str] = frozenset()
    _by_id: dict[str, Held] = field(default_factory=dict, init=False, repr=False)
    _leaders: dict[int, Held] = field(default_factory=dict, init=False, repr=False)
    _by_place: dict[Place, list[Held]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for held in self.members:
            self.put(held)
        self.members = ()

    def put(self, held: Held) -> None:
        """Add a membership, or replace the one with its CCCD (a row of the file that updates a member)."""
        previous = self._by_id.get(held.national_id)
        if previous is not None:
            if self._leaders.get(previous.team_id) is previous:
                del self._leaders[previous.team_id]
            if previous.place is not None:
                self._by_place[previous.place].remove(previous)
        self._by_id[held.national_id] = held
        if held.role == Role.LEADER:
            self._leaders.setdefault(held.team_id, held)
        if held.place is not None:
            self._by_place.setdefault(held.place, []).append(held)

    def holder(self, national_id: str) -> Held | None:
        return self._by_id.get(national_id)

    def leader(self, team_id: int) -> Held | None:
        return self._leaders.get(team_id)

    def same_person(self, full_name: str, place: Place | None) -> list[Held]:
        """The memberships with the same name (rules.same_name), birth date and locality — names are compared
        only among those born the same day in the same locality, a handful at most."""
        if place is None or place not in self._by_place:
            return []
        return [held for held in self._by_place[place] if same_name(held.full_name, full_name)]


def member_problems(
    member: TeamMember,
    *,
    team: SecurityTeam,
    joining: bool,
    active: ActiveMembers,
    today: dt.date,
    is_self: Held | None = None,
) -> list[RuleProblem]:
    """Every problem of `member` (in `team`), each with its code from MEMBER_RULES — all of them, not the first.

    `joining`: a new membership, so the Art. 13 conditions apply (a correction of a member's record is not
    checked against them again). `active`: what the caller loaded of other memberships; `is_self`: the entry of
    `active` that is this membership (an update), never compared with itself. A value that is missing (a form
    field that did not validate) skips the rules that read it. Reads only the attributes of `member` and `team`
    (the residence as `residence_id`), never the database."""
    problems: list[RuleProblem] = []
    days: dict[str, dt.date | None] = {}
    for name, span in MEMBER_DATES:
        day = days[name] = getattr(member, name)
        if day is not None and (why := span.problem(day, today=today)):
            problems.append(RuleProblem("dates", name, why[:1].upper() + why[1:] + "."))
            days[name] = None  # a day typed wrongly (2201 for 2021): the rules that read it would mislead
    national_id, birth_date, start_date = member.national_id, days["birth_date"], days["start_date"]
    if national_id:
        if birth_date is not None and member.gender:
            problem = cccd_problem(national_id, birth_date=birth_date, gender=member.gender)
        else:
            problem = national_id_problem(national_id)
        if problem:
            problems.append(RuleProblem("national_id", "national_id", problem))
        holder = active.holder(national_id)
        if national_id in active.elsewhere or (holder is not None and holder is not is_self):
            # Neutral on purpose: do not reveal which team (or commune) the person belongs to.
            problems.append(RuleProblem("national_id_active", "national_id", NEUTRAL_DUPLICATE))
    if team.status != TeamStatus.ACTIVE:
        problems.append(RuleProblem("team_active", None, "Tổ đã giải thể; không thể thêm hoặc sửa thành viên."))
    if joining:
        applicant = Applicant(
            birth_date=birth_date,
            resident_since=member.resident_since,
            education=member.education,
            health_certified=member.health_certified,
            no_prosecution=member.no_prosecution,
            age_exception_decision=member.age_exception_decision or "",
            hardship_area=member.hardship_area,
            residence_verified=member.residence_verified,
        )
        out_of_range = {p.field for p in problems if p.code == "dates"}
        problems += [p for p in _eligibility(applicant, on=start_date) if p.field not in out_of_range]
    elif member.resident_since is None and not member.residence_verified:
        problems.append(RuleProblem("residence", "resident_since", NO_RESIDENCE))
    if start_date is not None and start_date < team.founded_on:
        problems.append(
            RuleProblem(
                "start_after_founding",
                "start_date",
                f"Ngày tham gia trước ngày thành lập Tổ ({team.founded_on:%d/%m/%Y}).",
            )
        )
    if member.role == Role.LEADER:
        leader = active.leader(team.pk)
        if leader is not None and leader is not is_self and leader.national_id != national_id:
            problems.append(
                RuleProblem("one_leader", "role", f"Tổ đã có Tổ trưởng ({leader.label}); mỗi Tổ chỉ có một Tổ trưởng.")
            )
    place = place_of(birth_date, member.residence_id)
    twins = [
        h for h in active.same_person(member.full_name, place) if h is not is_self and h.national_id != national_id
    ]
    if twins:
        problems.append(
            RuleProblem(
                "possible_duplicate",
                "full_name",
                "Có thể trùng người: cùng họ tên, ngày sinh và nơi cư trú với "
                + "; ".join(h.label for h in twins)
                + ". Nếu là người khác, hãy xác nhận “Vẫn thêm”.",
            )
        )
    return problems


def team_problems(
    *,
    name: str | None,
    founded_on: dt.date | None,
    decision_date: dt.date | None,
    today: dt.date,
    localities: Iterable[str] | None = None,
    outside: Iterable[str] = (),
    taken: Iterable[tuple[str, str]] = (),
    name_taken: bool = False,
) -> list[RuleProblem]:
    """Every problem of a team's record, all at once: dates in range (antq.core.dates), a name that no other
    active team of the commune has (the roster import finds teams by name), at least one locality, each of the
    commune (`outside`: those that are not) and without another active team (`taken`: (locality, its team);
    Art. 14 — one team per locality, a database rule too). `localities` None: not being changed."""
    problems: list[RuleProblem] = []
    for field_name, day in (("founded_on", founded_on), ("decision_date", decision_date)):
        if day is not None and (why := RECORD_DATES.problem(day, today=today)):
            problems.append(RuleProblem("dates", field_name, why[:1].upper() + why[1:] + "."))
    if name is not None and not name.strip():
        problems.append(RuleProblem("team_name", "name", "Cần nhập tên Tổ."))
    elif name is not None and name_taken:
        problems.append(RuleProblem("team_name", "name", f"Xã đã có Tổ đang hoạt động tên “{name.strip()}”."))
    if localities is not None and not list(localities):
        problems.append(RuleProblem("localities", "localities", "Tổ phải phụ trách ít nhất một thôn, tổ dân phố."))
    for locality in outside:
        problems.append(RuleProblem("localities", "localities", f"{locality} không thuộc xã của Tổ."))
    for locality, team in taken:
        problems.append(
            RuleProblem(
                "one_team_per_locality",
                "localities",
                f"{locality} đã do {team} phụ trách; mỗi thôn, tổ dân phố chỉ có một Tổ bảo vệ ANTT đang hoạt động.",
            )
        )
    return problems


def dissolve_problems(
    *, on: dt.date | None, reason: str | None, founded_on: dt.date, today: dt.date
) -> list[RuleProblem]:
    """Why a team cannot be dissolved on `on` for `reason`: a reason is required, and the day is neither before the
    team was founded nor still to come — dissolving ends every membership and coverage on that day, so a future
    day (01/01/2099, a slip) would end them all at once. `on`/`reason` None: that input did not parse."""
    problems: list[RuleProblem] = []
    if reason is not None and not reason.strip():
        problems.append(RuleProblem("dissolve", "dissolution_reason", "Cần ghi lý do giải thể."))
    if on is not None and on > today:
        problems.append(
            RuleProblem("dates", "dissolved_on", f"Ngày giải thể {on:%d/%m/%Y} chưa tới; chỉ ghi nhận Tổ đã giải thể.")
        )
    elif on is not None and on < founded_on:
        problems.append(RuleProblem("dates", "dissolved_on", "Ngày giải thể trước ngày thành lập."))
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

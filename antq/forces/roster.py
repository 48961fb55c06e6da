"""The commune roster sheet (danh sách thành viên Tổ bảo vệ ANTT): import on the shared machinery, and export in
the same layout, so that export → import changes nothing.

Columns follow the roster sheet communes keep (domain.md §7), plus the team, the start date and the Art. 13
attestations that a new member needs."""

from __future__ import annotations

import functools
import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font

from antq.accounts.audit import audit_access
from antq.accounts.policy import Access, field_access, shown_value
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.imports import (
    BIRTH_DATES,
    PAST_DATES,
    RECORD_DATES,
    Action,
    CellError,
    Column,
    Importer,
    ImportPlan,
    ImportResult,
    Row,
    RowResult,
    parse_choice,
    parse_date,
    parse_text,
)
from antq.core.phones import PhoneInvalid, phone_canonical
from antq.core.summary import track, writes_summary
from antq.core.text import fold, name_sort_key
from antq.core.xlsx import append_row
from antq.forces import rules
from antq.forces.models import Education, Gender, Role, SecurityTeam, TeamMember, TeamStatus
from antq.forces.services import NEUTRAL_DUPLICATE
from antq.geo.models import AdminUnit, Level, Locality

YES = {"co", "x", "1", "dat", "yes", "true"}
NO = {"khong", "0", "no", "false", ""}


def parse_yes_no(value: Any) -> bool:
    """ "Có" / "x" / 1 → True; "Không" / 0 → False."""
    key = fold(parse_text(value)).strip()
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError("phải là “Có” hoặc “Không”")


def parse_national_id(value: Any) -> str:
    """12 ASCII digits (rules.national_id_clean: full-width digits become 0–9, other scripts' digits are refused);
    a number cell that lost its leading zero ("33080001234") gets it back."""
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


COLUMNS = (
    Column("team", "Tổ", required=True, aliases=("Tên tổ", "Tổ bảo vệ ANTT"), width=36),
    Column("full_name", "Họ và tên", required=True, width=26),
    Column("birth_date", "Ngày sinh", parser=parse_date, required=True, width=12, dates=BIRTH_DATES),
    Column("gender", "Giới tính", parser=parse_choice(Gender), required=True, width=10),
    Column(
        "national_id",
        "Số định danh cá nhân / CCCD",
        parser=parse_national_id,
        required=True,
        aliases=("CCCD", "Số CCCD", "Số định danh cá nhân"),
        width=18,
    ),
    Column("ethnicity", "Dân tộc", width=10),
    Column(
        "education",
        "Trình độ học vấn",
        parser=parse_choice(Education, aliases={"THCS": "lower_secondary", "THPT": "upper_secondary"}),
        required=True,
        width=18,
    ),
    Column("residence", "Nơi cư trú (thôn / tổ dân phố)", required=True, aliases=("Nơi cư trú",), width=22),
    Column("phone", "Số điện thoại", parser=parse_phone, width=14),
    Column("role", "Chức danh", parser=parse_choice(Role), required=True, width=12),
    Column("decision_number", "Số quyết định công nhận", width=16),
    Column("decision_date", "Ngày quyết định công nhận", parser=parse_date, width=14, dates=RECORD_DATES),
    Column("start_date", "Ngày tham gia", parser=parse_date, required=True, width=12, dates=RECORD_DATES),
    Column("resident_since", "Cư trú tại địa bàn từ ngày", parser=parse_date, width=14, dates=PAST_DATES),
    # “Không” / “x” are answers here, not placeholders for an empty cell.
    Column("health_certified", "Giấy chứng nhận đủ sức khỏe", parser=parse_yes_no, width=12, placeholders=False),
    Column(
        "no_prosecution",
        "Đã xác minh không bị truy cứu, xử lý",
        parser=parse_yes_no,
        width=12,
        placeholders=False,
    ),
    Column("note", "Ghi chú", width=24),
)
_NEW_MEMBER_NEEDS = ("resident_since", "health_certified", "no_prosecution")


class RosterImporter(Importer):
    """Members of one commune's teams, matched to active memberships by CCCD."""

    model = TeamMember
    title = "Danh sách thành viên Tổ bảo vệ ANTT"
    columns = COLUMNS
    derived_fields = ("sort_key",)

    def __init__(self, *, actor: Any, commune: AdminUnit) -> None:
        super().__init__(actor=actor, commune=commune)

    @property
    def commune(self) -> AdminUnit:
        return self.context["commune"]  # type: ignore[no-any-return]

    def authorize(self) -> None:
        commune = self.commune
        if commune.level != Level.COMMUNE or not scope_for(self.actor).can_write(commune):
            raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")

    def prefetch(self) -> None:
        teams = SecurityTeam.objects.filter(commune=self.commune, status=TeamStatus.ACTIVE)
        self.teams = {team.folded_name: team for team in teams}
        self.localities = {
            loc.folded_name: loc for loc in Locality.objects.filter(commune=self.commune, ended_on__isnull=True)
        }
        active = TeamMember.objects.filter(end_date__isnull=True)
        mine = active.filter(team__commune=self.commune).select_related("team", "residence")  # names for the preview
        self.existing = {m.national_id: m for m in mine}
        # Other communes' active CCCDs: refused with the same neutral message as the member service.
        self.elsewhere = set(active.exclude(team__commune=self.commune).values_list("national_id", flat=True))
        self.leaders = {m.team_id: m.national_id for m in self.existing.values() if m.role == Role.LEADER}
        self.seen: dict[str, int] = {}
        rules._cccd_province_codes()  # load once, before the row loop

    def validate_row(self, row: Row) -> RowResult:
        values = dict(row.values)
        national_id = values["national_id"]
        if (first := self.seen.setdefault(national_id, row.number)) != row.number:
            row.error("national_id", f"trùng số CCCD với dòng {first}")
            return RowResult(row)
        if national_id in self.elsewhere:
            row.error("national_id", NEUTRAL_DUPLICATE)
            return RowResult(row)
        team = self.teams.get(fold(values["team"]))
        if team is None:
            row.error("team", f"xã không có tổ đang hoạt động tên “{values['team']}”")
            return RowResult(row)
        residence = self.localities.get(fold(values["residence"]))
        if residence is None:
            row.error("residence", f"xã không có thôn, tổ dân phố “{values['residence']}”")
            return RowResult(row)
        values["team"], values["residence"] = team, residence
        existing = self.existing.get(national_id)
        if existing is None:
            missing = [c.header for c in COLUMNS if c.key in _NEW_MEMBER_NEEDS and c.key not in values]
            if missing:
                row.error("resident_since", "thành viên mới cần có: " + ", ".join(missing))
                return RowResult(row)
        elif existing.team_id != team.pk:
            row.error("team", "chuyển tổ hãy cho thôi tham gia ở tổ cũ rồi thêm vào tổ mới")
            return RowResult(row)
        if values["role"] == Role.LEADER:
            holder = self.leaders.setdefault(team.pk, national_id)
            if holder != national_id:
                row.error("role", f"{team.name} đã có Tổ trưởng")
                return RowResult(row)
        result = self.upsert(row, existing, values)
        if result.action == "create" and isinstance(result.instance, TeamMember):
            self._check_new(row, result.instance)
            if row.errors:
                return RowResult(row)
        return result

    @functools.cached_property
    def _access(self) -> dict[str, Access]:
        return {key: field_access(self.actor, self.commune, key) for key in PERSONAL_COLUMNS}

    def shown(self, key: str, value: Any) -> str:
        """Personal columns as accounts.policy shows them to the actor in a list (the preview is one): the CCCD
        masked even for the commune's officers, the phone masked for the province and the Ministry."""
        text = super().shown(key, value)
        if key in PERSONAL_COLUMNS:
            return shown_value(self._access[key], text)
        return text

    @writes_summary("forces")
    def apply(self, plan: ImportPlan) -> ImportResult:
        """Write the members and carry their changes into the stock summary (the caller's transaction)."""
        with track("forces", members=[m.pk for m in plan.instances(Action.UPDATE)]) as changes:
            result = super().apply(plan)
            changes.add(members=[m.pk for m in plan.instances(Action.CREATE)])
        return result

    def derive(self, instance: Any) -> None:
        instance.full_name = " ".join(instance.full_name.split())
        instance.sort_key = name_sort_key(instance.full_name)

    def check(self, row: Row, instance: Any) -> None:
        problem = rules.cccd_problem(instance.national_id, birth_date=instance.birth_date, gender=instance.gender)
        if problem:
            row.error("national_id", problem[0].lower() + problem[1:])

    def _check_new(self, row: Row, member: TeamMember) -> None:
        applicant = rules.Applicant(
            birth_date=member.birth_date,
            resident_since=member.resident_since,
            education=member.education,
            health_certified=member.health_certified,
            no_prosecution=member.no_prosecution,
        )
        for field, message in rules.eligibility_problems(applicant, on=member.start_date):
            row.error(field, message[0].lower() + message[1:])


def _cell(member: TeamMember, key: str) -> Any:
    value = getattr(member, key)
    if key == "team":
        return member.team.name
    if key == "residence":
        return member.residence.name
    if key in ("gender", "education", "role"):
        return getattr(member, f"get_{key}_display")()
    if key in ("health_certified", "no_prosecution"):
        return "Có" if value else "Không"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value or ""


# Personal columns of the sheet, each shown as accounts.policy says for the actor (FIELD_VISIBILITY).
PERSONAL_COLUMNS = ("national_id", "phone", "birth_date")
MASKED_TITLE = "BẢN CHE THÔNG TIN CÁ NHÂN — KHÔNG DÙNG ĐỂ NHẬP LẠI"


def roster_xlsx(*, actor: Any, commune: AdminUnit) -> bytes:
    """The commune's active roster in the import layout. Officers only; each export is audited.

    Personal columns follow accounts.policy. The commune's own officer gets the full CCCD although the policy
    shows it in full only on a member's own page ("full_on_detail"): this file is the commune's working copy,
    edited and imported back, and the import matches members by CCCD — so the export counts as a detail view
    and is audited like one. The province and the Ministry get masked CCCD and phone numbers; such a file
    cannot be imported back, and its title row says so."""
    if not scope_for(actor).covers(commune, frozenset({"commune", "province", "ministry"})):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    access = {key: field_access(actor, commune, key) for key in PERSONAL_COLUMNS}
    reimportable = all(a in ("full", "full_on_detail") for a in access.values())
    members = (
        TeamMember.objects.filter(team__commune=commune, end_date__isnull=True)
        .select_related("team", "residence")
        .order_by("team__sort_key", "sort_key")
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    province = commune.parent.name.upper() if commune.parent else ""
    title = f"DANH SÁCH THÀNH VIÊN TỔ BẢO VỆ ANTT — {commune.name.upper()}, {province}"
    append_row(sheet, [title if reimportable else f"{title} ({MASKED_TITLE})"])
    append_row(sheet, ["STT", *(c.header for c in COLUMNS)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, member in enumerate(members, start=1):
        values = [
            shown_value(access[c.key], _cell(member, c.key), detail=True) if c.key in access else _cell(member, c.key)
            for c in COLUMNS
        ]
        append_row(sheet, [number, *values])
    for index, column in enumerate(COLUMNS, start=2):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    buffer = io.BytesIO()
    book.save(buffer)
    # With the commune as unit, so the export reaches the province's audit trail.
    masked = access["national_id"] not in ("full", "full_on_detail")
    audit_access(actor=actor, obj=commune, field="roster_export", unit=commune, masked=masked)
    return buffer.getvalue()

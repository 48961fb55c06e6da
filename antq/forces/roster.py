"""The commune roster sheet (danh sách thành viên Tổ bảo vệ ANTT): import on the shared machinery, and export in
the same layout, so that export → import changes nothing.

The columns are those of the roster sheet communes keep (domain.md §7) — STT, Họ và tên, Ngày sinh, Giới tính,
Số định danh cá nhân / CCCD, Dân tộc, Trình độ học vấn, Nơi cư trú, Số điện thoại, Chức danh, Quyết định công
nhận (số, ngày), Ghi chú —, then those ANTQ keeps besides, all optional: the team, the start date, residence and
the Art. 13 attestations, the over-70 decision, the hardship-area flag. A commune's own sheet goes through as it
is: a new member's team follows from their locality (each locality has one active team; a locality without one
is asked about once in the preview), the start date from the recognition decision's date, and an attestation the
sheet has no column for is asked once for the whole file (`questions`), recorded in the plan and in the audit
note. Every row is checked by the rules the member service applies (rules.member_problems), against what
`prefetch` loaded once for the file — the rows of the file with each other too."""

from __future__ import annotations

import functools
import hashlib
import io
from typing import Any

import openpyxl
from django.utils import timezone
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
    Column,
    Importer,
    ImportPlan,
    ImportResult,
    Question,
    Row,
    RowResult,
    parse_date,
)
from antq.core.summary import track, writes_summary
from antq.core.text import fold, name_sort_key
from antq.core.xlsx import append_row
from antq.forces import rules
from antq.forces.models import Gender, Role, SecurityTeam, TeamCoverage, TeamMember, TeamStatus
from antq.forces.roster_cells import (
    Decision,
    parse_decision,
    parse_education,
    parse_national_id,
    parse_phone,
    parse_yes_no,
    repeated_choice,
)
from antq.geo.models import AdminUnit, Level, Locality


def _yes_no(key: str, header: str, **kwargs: Any) -> Column:
    # “Không” / “x” are answers here, not placeholders for an empty cell.
    return Column(key, header, parser=parse_yes_no, width=12, placeholders=False, **kwargs)


COLUMNS = (
    # The sheet communes keep (domain.md §7; STT is not read).
    Column("full_name", "Họ và tên", required=True, aliases=("Họ tên",), width=26),
    Column(
        "birth_date",
        "Ngày sinh",
        parser=parse_date,
        required=True,
        aliases=("Ngày, tháng, năm sinh", "Ngày tháng năm sinh"),
        width=12,
        dates=BIRTH_DATES,
    ),
    Column("gender", "Giới tính", parser=repeated_choice(Gender), required=True, width=10),
    Column(
        "national_id",
        "Số định danh cá nhân / CCCD",
        parser=parse_national_id,
        required=True,
        aliases=("CCCD", "Số CCCD", "Số định danh cá nhân", "Số CCCD / định danh cá nhân"),
        width=18,
    ),
    Column("ethnicity", "Dân tộc", width=10),
    Column(
        "education",
        "Trình độ học vấn",
        parser=parse_education,
        required=True,
        aliases=("Trình độ văn hóa", "Học vấn"),
        width=18,
    ),
    Column(
        "residence",
        "Nơi cư trú (thôn / tổ dân phố)",
        required=True,
        aliases=("Nơi cư trú", "Thôn, tổ dân phố", "Thôn / tổ dân phố"),
        width=22,
    ),
    Column("phone", "Số điện thoại", parser=parse_phone, width=14),
    Column("role", "Chức danh", parser=repeated_choice(Role), required=True, aliases=("Chức vụ",), width=12),
    Column(
        "decision",
        "Quyết định công nhận (số, ngày)",
        parser=parse_decision,
        aliases=("Số, ngày quyết định công nhận", "Quyết định công nhận số, ngày"),
        width=30,
    ),
    Column("note", "Ghi chú", width=24),
    # What ANTQ keeps besides; each may be left out of the sheet.
    Column("team", "Tổ", aliases=("Tên tổ", "Tổ bảo vệ ANTT"), width=36),
    Column("start_date", "Ngày tham gia", parser=parse_date, width=12, dates=RECORD_DATES),
    Column("resident_since", "Cư trú tại địa bàn từ ngày", parser=parse_date, width=14, dates=PAST_DATES),
    _yes_no("residence_verified", "Đã xác minh cư trú tại địa bàn đủ 01 năm"),
    _yes_no("health_certified", "Giấy chứng nhận đủ sức khỏe"),
    _yes_no("no_prosecution", "Đã xác minh không bị truy cứu, xử lý"),
    Column("age_exception_decision", "Quyết định cho người trên 70 tuổi", width=18),
    _yes_no("hardship_area", "Vùng đặc biệt khó khăn, đồng bào dân tộc thiểu số"),
    # The older layout, number and date apart: still read, no longer offered.
    Column("decision_number", "Số quyết định công nhận", width=16, offered=False),
    Column(
        "decision_date",
        "Ngày quyết định công nhận",
        parser=parse_date,
        width=14,
        dates=RECORD_DATES,
        offered=False,
    ),
)
HEADERS = {column.key: column.header for column in COLUMNS}
EXPORTED = tuple(column for column in COLUMNS if column.offered)  # the template's columns, in its order
# Attestations of Art. 13 a sheet may have no column for: asked once for the whole file. (attested field, the
# rule whose problem waits for the answer, the question.)
ATTESTATIONS = (
    (
        "health_certified",
        "health",
        "Tất cả thành viên mới trong tệp đã có giấy chứng nhận đủ sức khỏe (Điều 13).",
    ),
    (
        "no_prosecution",
        "no_prosecution",
        "Tất cả thành viên mới trong tệp đã được xác minh không bị truy cứu trách nhiệm hình sự, không bị xử lý vi "
        "phạm (Điều 13).",
    ),
    (
        "residence_verified",
        "residence",
        "Tất cả thành viên mới trong tệp đã được xác minh cư trú tại địa bàn từ đủ 01 năm (Điều 13).",
    ),
)
ASK = "ở mục “Cần xác nhận cho cả tệp” phía trên rồi bấm “Xem trước lại”"
# A sheet names the same few teams and localities on every row: fold each spelling once.
_name_key = functools.lru_cache(maxsize=4096)(fold)


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
        """Five queries whatever the file's size: the commune's teams, localities and active coverage, its active
        members, and the CCCDs active in other communes."""
        self.teams: dict[str, list[SecurityTeam]] = {}
        for team in SecurityTeam.objects.filter(commune=self.commune).order_by("pk"):
            self.teams.setdefault(team.folded_name, []).append(team)
        self.active_teams = {str(t.pk): t for ts in self.teams.values() for t in ts if t.status == TeamStatus.ACTIVE}
        self.localities = {
            loc.folded_name: loc for loc in Locality.objects.filter(commune=self.commune, ended_on__isnull=True)
        }
        coverage = TeamCoverage.objects.filter(team__commune=self.commune, team__status=TeamStatus.ACTIVE)
        self.covering = {
            locality_id: self.active_teams[str(team_id)]
            for locality_id, team_id in coverage.filter(valid_to__isnull=True).values_list("locality_id", "team_id")
            if str(team_id) in self.active_teams
        }
        active = TeamMember.objects.filter(end_date__isnull=True)
        mine = active.filter(team__commune=self.commune).select_related("team", "residence")  # names for the preview
        self.existing = {m.national_id: m for m in mine}
        # Other communes' active CCCDs: refused with the same neutral message as the member service.
        elsewhere = set(active.exclude(team__commune=self.commune).values_list("national_id", flat=True))
        self.active = rules.ActiveMembers(map(rules.Held.of, self.existing.values()), elsewhere=elsewhere)
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()
        # What the rows leave to ask: rows per attestation, rows per locality without a team, possible duplicates.
        self.attest_rows: dict[str, list[int]] = {key: [] for key, _code, _text in ATTESTATIONS}
        self.team_rows: dict[int, list[int]] = {}
        self.duplicates: dict[str, tuple[int, str]] = {}
        rules._cccd_province_codes()  # load once, before the row loop

    def validate_row(self, row: Row) -> RowResult:
        values = dict(row.values)
        national_id = values["national_id"]
        if (first := self.seen.setdefault(national_id, row.number)) != row.number:
            row.error("national_id", f"trùng số CCCD với dòng {first}")
            return RowResult(row)
        decided = self._decision(row, values)
        residence = self.localities.get(_name_key(values["residence"]))
        if residence is None:
            row.error("residence", f"xã không có thôn, tổ dân phố “{values['residence']}”")
        existing = self.existing.get(national_id)
        team = self._team(row, values, residence, existing) if residence is not None else None
        if existing is not None and team is not None and existing.team_id != team.pk:
            row.error("team", "chuyển tổ hãy cho thôi tham gia ở tổ cũ rồi thêm vào tổ mới")
        if not decided or team is None or residence is None or row.errors:
            return RowResult(row)
        values["team"], values["residence"] = team, residence
        waiting = self._new_member(row, values) if existing is None else set()
        if row.errors:
            return RowResult(row)
        result = self.upsert(row, existing, values)
        if row.errors or not isinstance(result.instance, TeamMember):
            return RowResult(row)
        self._check(row, result.instance, existing, waiting)
        return RowResult(row) if row.errors else result

    def _decision(self, row: Row, values: dict[str, Any]) -> bool:
        """Split "Quyết định công nhận (số, ngày)" into number and date; a sheet with the older separate columns
        too must agree with it."""
        decision: Decision | None = values.pop("decision", None)
        if decision is None:
            return True
        for key, value in (("decision_number", decision.number), ("decision_date", decision.date)):
            if not value:
                continue
            if key in values and values[key] != value:
                other = Decision("", values[key]) if key == "decision_date" else values[key]
                row.error("decision", f"khác với cột “{HEADERS[key]}” ({other})")
                return False
            values[key] = value
        return True

    def _team(
        self, row: Row, values: dict[str, Any], residence: Locality, existing: TeamMember | None
    ) -> SecurityTeam | None:
        """The team the row names; else the member's team; else, for a new member, the team covering their
        locality — or the one the user chose in the preview for a locality no team covers (asked, never guessed)."""
        name = values.get("team")
        if name is not None:
            found = self.teams.get(_name_key(name), [])
            active = [team for team in found if team.status == TeamStatus.ACTIVE]
            if len(active) > 1:
                row.error("team", f"xã có {len(active)} tổ đang hoạt động cùng tên “{name}”; hãy đặt tên khác nhau")
                return None
            if not found:
                row.error("team", f"xã không có tổ tên “{name}”")
                return None
            return (active or found)[0]  # a dissolved team: the rules say so (team_active)
        if existing is not None:
            return existing.team
        team = self.covering.get(residence.pk)
        if team is None:
            if not self.active_teams:
                row.error("team", "xã chưa có Tổ bảo vệ ANTT đang hoạt động; hãy thành lập Tổ trước")
                return None
            self.team_rows.setdefault(residence.pk, []).append(row.number)
            team = self.active_teams.get(self.answers.get(f"team:{residence.pk}", ""))
            if team is None:
                row.error("team", f"{residence.name} chưa có Tổ phụ trách — chọn Tổ cho {residence.name} {ASK}")
                return None
        row.values["team"] = team  # shown in the preview: where the member goes
        return team

    def _new_member(self, row: Row, values: dict[str, Any]) -> set[str]:
        """A new member's start date (the recognition decision's date when the sheet has none) and the
        attestations the sheet does not give, from the answers for the whole file. Returns the rules whose
        problem waits for an answer not given yet."""
        if "start_date" not in values:
            if values.get("decision_date") is None:
                where = f"ghi cột “{HEADERS['start_date']}”, hoặc ngày trong cột “{HEADERS['decision']}”"
                row.error("start_date", f"cần ngày tham gia: {where}")
                return set()
            values["start_date"] = row.values["start_date"] = values["decision_date"]
        waiting = set()
        for key, code, _text in ATTESTATIONS:
            given = key in values or (key == "residence_verified" and "resident_since" in values)
            if given:
                continue
            self.attest_rows[key].append(row.number)
            values[key] = self.answers.get(f"attest:{key}") == "1"
            if not values[key]:
                waiting.add(code)
        return waiting

    def _check(self, row: Row, member: TeamMember, existing: TeamMember | None, waiting: set[str]) -> None:
        """The member service's rules on the planned member; then the row joins what later rows are compared with."""
        held = self.active.holder(member.national_id) if existing is not None else None
        problems = rules.member_problems(
            member, team=member.team, joining=existing is None, active=self.active, today=self.today, is_self=held
        )
        for problem in problems:
            if problem.code in waiting:
                continue  # asked once for the whole file, not refused row by row
            if problem.code in rules.CONFIRMABLE and self._confirmed(row, member, problem):
                continue
            self._error(row, problem)
        self.active.put(
            rules.Held(
                national_id=member.national_id,
                team_id=member.team_id,
                role=member.role,
                full_name=member.full_name,
                place=rules.place_of(member.birth_date, member.residence_id),
                label=f"dòng {row.number}",
                pk=member.pk,
            )
        )

    def _confirmed(self, row: Row, member: TeamMember, problem: rules.RuleProblem) -> bool:
        """A possible duplicate: confirmed when the user ticked "Vẫn thêm" for this row (keyed by what makes it
        one, so a stale answer never confirms another row); else asked."""
        basis = f"{row.number}|{fold(member.full_name)}|{member.birth_date}|{member.residence_id}|{member.national_id}"
        key = "dup:" + hashlib.blake2b(basis.encode(), digest_size=6).hexdigest()
        shown = f"{member.full_name}, sinh {member.birth_date:%d/%m/%Y}, {member.residence.name}"
        self.duplicates[key] = (row.number, f"Dòng {row.number} — {shown}: vẫn thêm (đã kiểm tra, là người khác).")
        return self.answers.get(key) == "1"

    def _error(self, row: Row, problem: rules.RuleProblem) -> None:
        key = problem.field or "team"  # the record as a whole: its team (dissolved)
        if key in ("decision_number", "decision_date") and "decision" in row.values:
            key = "decision"
        message = problem.message  # word for word as the member form shows it
        if problem.code in rules.CONFIRMABLE:
            message += f" Đánh dấu “Vẫn thêm” cho dòng {row.number} {ASK}."
        row.error(key, message)

    def questions(self) -> list[Question]:
        """Attestations asked for the whole file, a team for each locality no team covers, and each possible
        duplicate to confirm ("Vẫn thêm")."""
        asked = [
            Question(f"attest:{key}", text, answer=self._yes(f"attest:{key}"), rows=tuple(self.attest_rows[key]))
            for key, _code, text in ATTESTATIONS
            if self.attest_rows[key]
        ]
        names = {loc.pk: loc.name for loc in self.localities.values()}
        choices = tuple((pk, team.name) for pk, team in self.active_teams.items())
        for locality_id, numbers in self.team_rows.items():
            key = f"team:{locality_id}"
            chosen = self.answers.get(key, "")
            asked.append(
                Question(
                    key,
                    f"Tổ của thành viên mới ở {names[locality_id]} (chưa có Tổ phụ trách):",
                    choices=choices,
                    answer=chosen if chosen in self.active_teams else "",
                    rows=tuple(numbers),
                    required=False,  # its rows carry the error until it is answered
                )
            )
        asked += [
            Question(key, text, answer=self._yes(key), rows=(number,), required=False)
            for key, (number, text) in self.duplicates.items()
        ]
        return asked

    def _yes(self, key: str) -> str:
        return "1" if self.answers.get(key) == "1" else ""

    def audit_note(self, plan: ImportPlan) -> str:
        """The file's name, and what the user confirmed for the whole file (the attestations, teams chosen,
        duplicates confirmed), so each member's audit entry says on what word it was imported."""
        confirmed = [
            q.text.rstrip(".:") + (f" {dict(q.choices)[q.answer]}" if q.choices else "")
            for q in plan.questions
            if q.answered
        ]
        note = f"Nhập từ tệp “{plan.filename[:150]}”"
        return note + ("; xác nhận cho cả tệp: " + "; ".join(confirmed) if confirmed else "")

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


def member_cells(member: TeamMember) -> dict[str, Any]:
    """A member's cells as the export writes them (and the import reads them back), by column key."""
    return {column.key: _cell(member, column.key) for column in EXPORTED}


def _cell(member: TeamMember, key: str) -> Any:
    if key == "decision":
        return str(Decision(member.decision_number, member.decision_date))
    value = getattr(member, key)
    if key == "team":
        return member.team.name
    if key == "residence":
        return member.residence.name
    if key in ("gender", "education", "role"):
        return getattr(member, f"get_{key}_display")()
    if isinstance(value, bool):
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
    append_row(sheet, ["STT", *(c.header for c in EXPORTED)])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, member in enumerate(members, start=1):
        values = [
            shown_value(access[key], cell, detail=True) if key in access else cell
            for key, cell in member_cells(member).items()
        ]
        append_row(sheet, [number, *values])
    for index, column in enumerate(EXPORTED, start=2):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = column.width
    buffer = io.BytesIO()
    book.save(buffer)
    # With the commune as unit, so the export reaches the province's audit trail.
    masked = access["national_id"] not in ("full", "full_on_detail")
    audit_access(actor=actor, obj=commune, field="roster_export", unit=commune, masked=masked)
    return buffer.getvalue()

"""The team forms of Thông tư 14/2024/TT-BCA printed from the forces registry, in the Nghị định 30/2020/NĐ-CP
layout, for one team or a whole commune:

- Mẫu 05: list proposing recognition of Tổ viên (Art. 4.1: the commune police send it to the commune chairman);
- Mẫu 06: list proposing Tổ trưởng / Tổ phó;
- Mẫu 07: the commune police's report proposing termination (Luật LLTGBVANTTCS 2023, Art. 17.3 reasons);
- Mẫu 08: the commune chairman's decision — establish a team, recognise members, terminate, dissolve.

Officers only (the lists carry personal data); each print is an audited access, recorded with the commune (and so
its province's audit trail). A printed form is one of the commune's own official documents, so personal fields
follow antq/accounts/policy.py with `detail=True`: the CCCD in full for the commune's own officers (the form asks
for the "Số định danh cá nhân"), masked for the province and the ministry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from antq.accounts.audit import audit_access
from antq.accounts.policy import field_access, personal_value
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.narrative import count_text
from antq.documents.layout import date_line, level_word, number_line, recipient_lines
from antq.documents.word import CENTER, RIGHT, Writer
from antq.forces.models import Role, SecurityTeam, TeamCoverage, TeamMember, TeamStatus
from antq.forces.selectors import ROSTER_ROLES
from antq.geo.models import AdminUnit

LAW = "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở"
GROUNDS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương;",
    f"Căn cứ {LAW} ngày 28 tháng 11 năm 2023;",
    "Căn cứ Nghị định số 40/2024/NĐ-CP ngày 16 tháng 4 năm 2024 của Chính phủ quy định chi tiết và biện pháp thi "
    f"hành một số điều của {LAW};",
    "Căn cứ Thông tư số 14/2024/TT-BCA ngày 22 tháng 4 năm 2024 của Bộ trưởng Bộ Công an quy định chi tiết một số "
    f"điều của {LAW};",
]


@dataclass(frozen=True)
class Form:
    number: str  # "05"
    kind: str  # "DANH SÁCH", "BÁO CÁO", "QUYẾT ĐỊNH"
    subject: str
    members: str  # "members" (Tổ viên), "leaders" (Tổ trưởng, Tổ phó), "active" (all), "ended", "teams"


FORMS: dict[str, Form] = {
    "05": Form("05", "Danh sách", "Đề nghị công nhận Tổ viên Tổ bảo vệ an ninh, trật tự", "members"),
    "06": Form(
        "06", "Danh sách", "Giới thiệu đề nghị công nhận Tổ trưởng, Tổ phó Tổ bảo vệ an ninh, trật tự", "leaders"
    ),
    "07": Form(
        "07", "Báo cáo", "Đề nghị cho thôi tham gia lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở", "ended"
    ),
    "08-thanh-lap": Form(
        "08", "Quyết định", "Về việc thành lập Tổ bảo vệ an ninh, trật tự và công nhận thành viên", "active"
    ),
    "08-cong-nhan": Form("08", "Quyết định", "Về việc công nhận thành viên Tổ bảo vệ an ninh, trật tự", "active"),
    "08-thoi": Form(
        "08", "Quyết định", "Về việc cho thôi tham gia lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở", "ended"
    ),
    "08-giai-the": Form("08", "Quyết định", "Về việc giải thể Tổ bảo vệ an ninh, trật tự", "teams"),
}
ROLE_ORDER = Case(
    When(role=Role.LEADER, then=Value(0)),
    When(role=Role.DEPUTY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _teams(commune: AdminUnit, team: SecurityTeam | None, form: Form, since: dt.date | None) -> list[SecurityTeam]:
    """The teams the form is about, with their current localities (one query each for teams and coverage)."""
    teams: QuerySet[SecurityTeam] = SecurityTeam.objects.filter(commune=commune).prefetch_related(
        Prefetch(
            "coverages",
            queryset=TeamCoverage.objects.select_related("locality").order_by("locality__sort_key"),
            to_attr="all_coverages",
        )
    )
    if team is not None:
        teams = teams.filter(pk=team.pk)
    elif form.members == "teams":
        teams = teams.filter(status=TeamStatus.DISSOLVED)
        if since:
            teams = teams.filter(dissolved_on__gte=since)
    else:
        teams = teams.filter(status=TeamStatus.ACTIVE)
    return list(teams.order_by("sort_key"))


def _members(teams: list[SecurityTeam], form: Form, since: dt.date | None) -> dict[int, list[TeamMember]]:
    """Members per team for the form, leaders first then by Vietnamese name order (one query)."""
    members = TeamMember.objects.filter(team__in=teams).select_related("residence", "team")
    if form.members == "ended":
        members = members.filter(end_date__isnull=False)
        if since:
            members = members.filter(end_date__gte=since)
    else:
        members = members.filter(end_date__isnull=True)
        if form.members == "members":
            members = members.filter(role=Role.MEMBER)
        elif form.members == "leaders":
            members = members.filter(role__in=[Role.LEADER, Role.DEPUTY])
    grouped: dict[int, list[TeamMember]] = {t.pk: [] for t in teams}
    for member in members.annotate(role_rank=ROLE_ORDER).order_by("role_rank", "sort_key"):
        grouped[member.team_id].append(member)
    return grouped


def _localities(team: SecurityTeam) -> str:
    """The localities a team covers; for a dissolved team, those it covered until it was dissolved."""
    coverages = getattr(team, "all_coverages", [])
    current = [c for c in coverages if c.valid_to is None]
    if not current and coverages:
        last = max(c.valid_to for c in coverages if c.valid_to)
        current = [c for c in coverages if c.valid_to == last]
    return ", ".join(c.locality.name for c in current) or "…"


class _Printer:
    """Fills one form: header, title, body and tables, signature."""

    def __init__(self, *, actor: Any, commune: AdminUnit, form: Form) -> None:
        self.actor, self.commune, self.form = actor, commune, form
        self.word = level_word(commune)
        self.writer = Writer()
        self.police = f"Công an {self.word} {commune.short_name}"
        self.committee = f"Ủy ban nhân dân {self.word} {commune.short_name}"

    def national_id(self, member: TeamMember) -> str:
        return personal_value(self.actor, self.commune, "national_id", member.national_id, detail=True)

    def birth_date(self, member: TeamMember) -> str:
        return personal_value(self.actor, self.commune, "birth_date", _date(member.birth_date), detail=True)

    def header(self) -> None:
        w = self.writer
        w.para(f"Mẫu số {self.form.number}", align=RIGHT, bold=True, size=12, indent=False, before=0)
        if self.form.number == "08":
            parent, issuer, symbol = (
                "",
                f"ỦY BAN NHÂN DÂN\n{self.word.upper()} {self.commune.short_name.upper()}",
                "QĐ-UBND",
            )
        else:
            parent = f"UBND {self.commune.name.upper()}"
            issuer, symbol = f"CÔNG AN {self.commune.name.upper()}", "BC-CAX" if self.form.number == "07" else ""
        w.header(
            parent_body=parent,
            issuing_body=issuer,
            number_line=number_line("", symbol) if symbol else "",
            date_line=date_line(self.commune.short_name, None, year=timezone.localdate().year),
        )

    def member_table(self, members: list[TeamMember], *, with_role: bool, ended: bool = False) -> None:
        if ended:
            header = ["STT", "Họ và tên", "Ngày sinh", "Số định danh cá nhân", "Chức danh", "Lý do", "Từ ngày"]
            widths = [1.1, 3.3, 2.1, 2.7, 1.8, 3.5, 2.0]
            rows = [
                [
                    str(i),
                    m.full_name,
                    self.birth_date(m),
                    self.national_id(m),
                    m.get_role_display(),
                    m.get_end_reason_display() + (f" ({m.end_note})" if m.end_note else ""),
                    _date(m.end_date),
                ]
                for i, m in enumerate(members, start=1)
            ]
        else:
            header = [
                "STT",
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Số định danh cá nhân",
                "Dân tộc",
                "Trình độ học vấn",
                "Nơi cư trú",
            ]
            widths = [1.1, 3.2, 2.0, 1.3, 2.6, 1.4, 2.1, 2.8]
            rows = [
                [
                    str(i),
                    m.full_name,
                    self.birth_date(m),
                    m.get_gender_display(),
                    self.national_id(m),
                    m.ethnicity,
                    m.get_education_display(),
                    m.residence.name,
                ]
                for i, m in enumerate(members, start=1)
            ]
            if with_role:
                header.append("Chức danh")
                widths = [1.1, 2.9, 1.9, 1.2, 2.5, 1.2, 1.8, 2.3, 1.6]
                for row, member in zip(rows, members, strict=True):
                    row.append(member.get_role_display())
        self.writer.grid(header, rows, widths, numeric_from=None)

    def team_heading(self, number: int, team: SecurityTeam, count: int) -> None:
        self.writer.para(
            f"{number}. {team.name} (địa bàn: {_localities(team)}) — {count} người",
            bold=True,
            size=13,
            before=9,
            indent=False,
        )

    def lists(self, teams: list[SecurityTeam], members: dict[int, list[TeamMember]], *, with_role: bool) -> int:
        total = 0
        for number, team in enumerate(t for t in teams if members[t.pk] or len(teams) == 1):
            self.team_heading(number + 1, team, len(members[team.pk]))
            self.member_table(members[team.pk], with_role=with_role, ended=self.form.members == "ended")
            total += len(members[team.pk])
        return total

    def signature(self, recipients: list[str]) -> None:
        if self.form.number == "08":
            lines = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
        else:
            lines = [f"TRƯỞNG CÔNG AN {self.word.upper()}"]
        self.writer.signature(recipients=recipient_lines("\n".join(recipients)), lines=lines, name="")


def _article(p: _Printer, text: str) -> None:
    """ "Điều 1. …" with the article label in bold, as decisions print it."""
    label, _, rest = text.partition(". ")
    paragraph = p.writer.para()
    paragraph.add_run(f"{label}. ").bold = True
    paragraph.add_run(rest)


def _decision(p: _Printer, key: str, teams: list[SecurityTeam], members: dict[int, list[TeamMember]]) -> None:
    w = p.writer
    w.para(f"CHỦ TỊCH {p.committee.upper()}", align=CENTER, bold=True, indent=False, before=12)
    for ground in [*GROUNDS, f"Theo đề nghị của Trưởng {p.police}."]:
        w.para(ground, italic=True)
    w.para("QUYẾT ĐỊNH:", align=CENTER, bold=True, indent=False, before=12)
    count = count_text(sum(len(v) for v in members.values()))
    names = ", ".join(t.name for t in teams) or "…"
    if key == "08-thanh-lap":
        _article(p, f"Điều 1. Thành lập {names} và công nhận {count} ông (bà) có tên sau là thành viên:")
        p.lists(teams, members, with_role=True)
    elif key == "08-cong-nhan":
        _article(p, f"Điều 1. Công nhận {count} ông (bà) có tên sau là thành viên {names}:")
        p.lists(teams, members, with_role=True)
    elif key == "08-thoi":
        _article(
            p,
            f"Điều 1. Cho thôi tham gia lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở đối với {count} ông (bà) "
            "có tên sau:",
        )
        p.lists(teams, members, with_role=False)
    else:
        for number, team in enumerate(teams, start=1):
            founded = f" (thành lập theo Quyết định số {team.decision_number})" if team.decision_number else ""
            when = _date(team.dissolved_on) or "…"
            reason = team.dissolution_reason or "…"
            text = f"Giải thể {team.name}{founded}, địa bàn {_localities(team)}, kể từ ngày {when}. Lý do: {reason}."
            if number == 1:
                _article(p, f"Điều 1. {text}")
            else:
                w.para(text)
        if not teams:
            _article(p, "Điều 1. Giải thể Tổ bảo vệ an ninh, trật tự …")
    _article(
        p,
        f"Điều 2. Giao {p.police} hướng dẫn, quản lý hoạt động của lực lượng tham gia bảo vệ an ninh, trật tự ở cơ "
        f"sở theo quy định của {LAW}; niêm yết công khai Quyết định này tại trụ sở {p.committee}, {p.police} và "
        "nhà văn hóa thôn, tổ dân phố.",
    )
    _article(
        p,
        f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân "
        f"{p.word}, Trưởng {p.police}, Trưởng thôn, Tổ trưởng tổ dân phố có liên quan và các ông (bà) có tên tại Điều "
        "1 chịu trách nhiệm thi hành Quyết định này./.",
    )
    province = p.commune.parent.short_name if p.commune.parent else ""
    p.signature(["Như Điều 3;", f"Công an tỉnh {province} (Phòng PV05);", "Lưu: VT."])


def team_form_docx(
    *,
    actor: Any,
    key: str,
    commune: AdminUnit,
    team: SecurityTeam | None = None,
    since: dt.date | None = None,
) -> bytes:
    """Mẫu 05–08 of Thông tư 14/2024/TT-BCA for a team (or every team of the commune) as DOCX; audited access."""
    form = FORMS.get(key)
    if form is None or not scope_for(actor).covers(commune, ROSTER_ROLES):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    if team is not None and team.commune_id != commune.pk:
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    teams = _teams(commune, team, form, since)
    members = _members(teams, form, since) if form.members != "teams" else {t.pk: [] for t in teams}
    printer = _Printer(actor=actor, commune=commune, form=form)
    printer.header()
    w = printer.writer
    w.title(form.kind, form.subject)
    if form.number == "08":
        _decision(printer, key, teams, members)
    elif form.number == "07":
        w.para(f"Kính gửi: Chủ tịch {printer.committee}.", align=CENTER, indent=False, before=12)
        count = count_text(sum(len(v) for v in members.values()))
        w.para(
            f"Căn cứ khoản 3 Điều 17 {LAW}, {printer.police} đề nghị Chủ tịch {printer.committee} xem xét, quyết định "
            f"cho thôi tham gia lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở đối với {count} người có tên sau:"
        )
        printer.lists(teams, members, with_role=False)
        w.para(f"{printer.police} kính đề nghị Chủ tịch {printer.committee} xem xét, quyết định./.")
        printer.signature([f"Chủ tịch UBND {printer.word} (để quyết định);", "Lưu: VT."])
    else:
        w.para(
            f"{printer.commune.name}, {printer.commune.parent.name if printer.commune.parent else ''}",
            align=CENTER,
            italic=True,
            indent=False,
            before=0,
        )
        printer.lists(teams, members, with_role=form.number == "06")
        printer.signature([])
    masked = field_access(actor, commune, "national_id") not in ("full", "full_on_detail")
    audit_access(actor=actor, obj=team or commune, field=f"tt14_mau_{key}", unit=commune, masked=masked)
    return w.save()

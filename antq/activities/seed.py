"""Demo outreach, festivals and awards at the scale of the Hưng Yên report for 2025 (118 classes for about 59.500
people, 300+ news items, 122 exemplary stories, 70 policy families and 43 officers visited with gifts, 397
commendations, 119 medal proposals, a festival in most communes with one pilot), and a slightly smaller 2024 so
that dashboards can compare. Fake people only; written with bulk inserts and one audit entry per row."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from antq.accounts.audit import CREATE, audit_objects
from antq.accounts.seed import demo_commune
from antq.activities.models import (
    GROUP_FIELDS,
    Award,
    AwardForm,
    AwardProposal,
    AwardTransition,
    DisplayType,
    Festival,
    FestivalStatus,
    Kind,
    MedalBasis,
    NomineeKind,
    OutreachActivity,
    ProposalStatus,
    RecipientKind,
    Topic,
)
from antq.core.extensions import Seeder, register_seeder
from antq.core.summary import track, writes_summary
from antq.forces.models import Gender as ForcesGender
from antq.forces.models import TeamMember
from antq.forces.seed import FAMILY, GIVEN, MIDDLE
from antq.geo.models import AdminUnit, Establishment, Level, Locality

# (year, share of the 2025 volume): 2024 a little smaller, as movements grow.
YEARS = ((2024, 0.88), (2025, 1.0))
SESSIONS, ATTENDEES, STORIES = 118, 59_500, 122
NEWS = {Kind.NEWS: 220, Kind.BROADCAST: 40, Kind.SOCIAL_POST: 45}
REPORTAGES, BANNER_ROWS, CONTESTS = 28, 160, 8
VISITS = {RecipientKind.POLICY_FAMILY: 70, RecipientKind.OFFICER_HARDSHIP: 43}
AWARDS, MEDAL_PROPOSALS = 397, 119
STANDARD_FORMS = {
    "bang-khen-bo-truong": ("Bằng khen của Bộ trưởng Bộ Công an", False, 10),
    "bang-khen-chu-tich-tinh": ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", False, 20),
    "giay-khen-giam-doc": ("Giấy khen của Giám đốc Công an tỉnh", False, 30),
    "ky-niem-chuong": ("Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”", True, 40),
}
SESSION_TITLES = {
    Topic.CRIME: "Tuyên truyền phòng, chống tội phạm",
    Topic.DRUGS: "Tuyên truyền phòng, chống ma túy",
    Topic.TRAFFIC: "Tuyên truyền pháp luật về trật tự, an toàn giao thông",
    Topic.FIRE: "Tuyên truyền, hướng dẫn kỹ năng phòng cháy, chữa cháy",
    Topic.CYBER_FRAUD: "Tuyên truyền phòng, chống lừa đảo trên không gian mạng",
    Topic.LAW: "Phổ biến, giáo dục pháp luật",
    Topic.OTHER: "Tuyên truyền phong trào toàn dân bảo vệ ANTQ",
}
AUDIENCES = {  # the dominant target group of a session and its share
    "attendees_students": ("cho học sinh", 0.85),
    "attendees_workers": ("cho công nhân, người lao động", 0.8),
    "attendees_residents": ("cho Nhân dân", 0.9),
    "attendees_officials": ("cho cán bộ, đảng viên", 0.7),
    "attendees_civil_servants": ("cho công nhân viên chức", 0.75),
}
ACHIEVEMENTS = [
    "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}.",
    "Tích cực tham gia phát hiện, tố giác tội phạm, giữ gìn an ninh, trật tự tại địa bàn năm {year}.",
    "Xây dựng, duy trì hiệu quả mô hình tự quản về an ninh, trật tự năm {year}.",
]
COLLECTIVES = ["Tổ bảo vệ ANTT", "Ban Chỉ đạo phong trào", "Chi hội Cựu chiến binh", "Đoàn Thanh niên", "Hội Phụ nữ"]


def _award_forms() -> dict[str, AwardForm]:
    """The standard forms (normally made by migration 0002; recreated if a test flushed them)."""
    forms = {}
    for code, (name, is_medal, order) in STANDARD_FORMS.items():
        forms[code], _ = AwardForm.objects.get_or_create(
            code=code, defaults={"name": name, "is_medal": is_medal, "individuals_only": is_medal, "order": order}
        )
    return forms


def _day(rng: random.Random, year: int, start: tuple[int, int] = (1, 1), end: tuple[int, int] = (12, 31)) -> dt.date:
    first, last = dt.date(year, *start), dt.date(year, *end)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _split(rng: random.Random, total: int, parts: int, low: float = 0.4) -> list[int]:
    """`total` split into `parts` random positive shares that add up to it exactly."""
    weights = [rng.uniform(low, 1.6) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


class _World:
    """The province's units, places and members, loaded once."""

    def __init__(self, province: AdminUnit) -> None:
        self.province = province
        self.communes = list(
            AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True).order_by("code")
        )
        self.localities: dict[int, list[Locality]] = {}
        for locality in Locality.objects.filter(commune__parent=province, ended_on__isnull=True).order_by("pk"):
            self.localities.setdefault(locality.commune_id, []).append(locality)
        self.establishments: dict[int, list[Establishment]] = {}
        for place in Establishment.objects.filter(commune__parent=province, ended_on__isnull=True).order_by("pk"):
            self.establishments.setdefault(place.commune_id, []).append(place)
        self.members: dict[int, list[TeamMember]] = {}
        members = TeamMember.objects.filter(team__commune__parent=province, end_date__isnull=True)
        for member in members.select_related("team").order_by("pk"):
            self.members.setdefault(member.team.commune_id, []).append(member)

    def unit(self, rng: random.Random, province_share: float) -> AdminUnit:
        if not self.communes or rng.random() < province_share:
            return self.province
        return rng.choice(self.communes)


def _outreach(world: _World, year: int, scale: float, rng: random.Random) -> list[OutreachActivity]:
    province_name = world.province.short_name
    rows: list[OutreachActivity] = []

    def add(kind: str, province_share: float, **values: Any) -> OutreachActivity:
        unit = world.unit(rng, province_share)
        place: dict[str, Any] = {}
        if unit.level == Level.COMMUNE and rng.random() < 0.4:
            pool = world.establishments if rng.random() < 0.5 else world.localities
            choices = pool.get(unit.pk, [])
            if choices:
                chosen = rng.choice(choices)
                place = {"establishment" if isinstance(chosen, Establishment) else "locality": chosen}
        values.setdefault("topic", rng.choice(Topic.values))
        activity = OutreachActivity(unit=unit, kind=kind, date=values.pop("date", _day(rng, year)), **place, **values)
        rows.append(activity)
        return activity

    sessions = round(SESSIONS * scale * rng.uniform(0.97, 1.03))
    total = round(ATTENDEES * scale * rng.uniform(0.98, 1.04))
    for attendees in _split(rng, total, sessions):
        topic = rng.choice(Topic.values)
        group, (audience, share) = rng.choice(sorted(AUDIENCES.items()))
        groups = dict.fromkeys(GROUP_FIELDS, 0)
        groups[group] = int(attendees * share * rng.uniform(0.85, 1.0))
        rest = attendees - groups[group]
        other = rng.choice([name for name in GROUP_FIELDS if name != group])
        groups[other] = int(rest * rng.uniform(0.3, 0.9))
        add(
            Kind.SESSION,
            0.15,
            topic=topic,
            title=f"{SESSION_TITLES[Topic(topic)]} {audience}",
            attendees=attendees,
            **groups,
        )
    outlets = {
        Kind.NEWS: [
            f"Báo {province_name}",
            f"Cổng thông tin điện tử Công an tỉnh {province_name}",
            "Báo Công an nhân dân",
        ],
        Kind.BROADCAST: [f"Đài Phát thanh và Truyền hình {province_name}", "Đài truyền thanh xã"],
        Kind.SOCIAL_POST: [f"Trang Facebook Công an tỉnh {province_name}", "Trang Zalo Công an xã"],
        Kind.REPORTAGE: [f"Đài Phát thanh và Truyền hình {province_name}", "Truyền hình Công an nhân dân"],
    }
    media = {**NEWS, Kind.REPORTAGE: REPORTAGES}
    for kind, target in media.items():
        for number in range(round(target * scale * rng.uniform(0.97, 1.05))):
            topic = rng.choice(Topic.values)
            link = f"https://example.vn/tin/{year}/{kind}-{number + 1}" if kind != Kind.BROADCAST else ""
            add(
                kind,
                0.4,
                topic=topic,
                title=f"{SESSION_TITLES[Topic(topic)]} — bài {number + 1}",
                outlet=rng.choice(outlets[Kind(kind)]),
                link=link,
            )
    for _ in range(round(BANNER_ROWS * scale)):
        add(Kind.BANNERS, 0.05, display_type=rng.choice(DisplayType.values), count=rng.randint(2, 15))
    for number in range(round(CONTESTS * scale) or 1):
        add(
            Kind.CONTEST,
            0.5,
            topic=Topic.LAW,
            title=f"Cuộc thi tìm hiểu pháp luật về an ninh, trật tự lần {number + 1}",
            participants=rng.randint(80, 300),
        )
    for number in range(round(STORIES * scale * rng.uniform(0.97, 1.04))):
        add(Kind.STORY, 0.3, topic=Topic.OTHER, title=f"Gương người tốt, việc tốt số {number + 1} năm {year}")
    for recipient, target in VISITS.items():
        for _ in range(round(target * scale)):
            # Công an tỉnh visits before Tết and on 27/7 (Ngày Thương binh – Liệt sĩ).
            day = dt.date(year, 7, 27) if rng.random() < 0.5 else dt.date(year, 1, rng.randint(10, 25))
            add(
                Kind.VISIT,
                0.85,
                date=day,
                topic=Topic.OTHER,
                title="Thăm hỏi, tặng quà",
                recipient_kind=recipient,
                recipients=1,
                value_vnd=rng.choice([500_000, 1_000_000, 1_500_000, 2_000_000]),
            )
    return rows


def _festivals(world: _World, year: int, rng: random.Random) -> list[Festival]:
    """A festival in most communes; one pilot: Xã Đông Hưng (12688) in 2025 as the report says, else a random one."""
    if not world.communes or Festival.objects.filter(province=world.province, year=year).exists():
        return []  # one festival per commune and year: never seed over an existing year
    pilot = demo_commune(world.province) if year == 2025 else rng.choice(world.communes)
    festivals = []
    for commune in world.communes:
        if commune.pk != pilot.pk and rng.random() > 0.9:
            continue
        held = _day(rng, year, (8, 1), (8, 19)) if rng.random() < 0.85 else _day(rng, year, (7, 1), (7, 31))
        villages = world.localities.get(commune.pk, [])
        venue = rng.choice(villages).name if villages else commune.short_name
        festivals.append(
            Festival(
                commune=commune,
                province=world.province,
                year=year,
                planned_date=held,
                held_on=held,
                status=FestivalStatus.HELD,
                place=f"Nhà văn hóa {venue}",
                is_pilot=commune.pk == pilot.pk,
                ceremony_activities="Sơ kết phong trào 8 tháng; khen thưởng tập thể, cá nhân tiêu biểu.",
                festival_activities="Văn nghệ, thể thao; diễn đàn “Công an lắng nghe ý kiến Nhân dân”; thi tìm hiểu "
                "pháp luật.",
                participants=rng.randint(200, 1500) * (3 if commune.pk == pilot.pk else 1),
                guests="Lãnh đạo Đảng ủy, UBND xã; Công an tỉnh; Ủy ban MTTQ xã.",
                results="Tổ chức trang trọng, an toàn, thiết thực.",
            )
        )
    return festivals


class _People:
    """Fake people with unique, well-formed CCCD numbers (province code 033, century / gender, birth year)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set(Award.objects.filter(is_medal=True).values_list("national_id", flat=True)) | set(
            TeamMember.objects.values_list("national_id", flat=True)
        )

    def person(self) -> dict[str, Any]:
        rng = self.rng
        gender = ForcesGender.MALE if rng.random() < 0.75 else ForcesGender.FEMALE
        birth = dt.date(rng.randint(1955, 1985), rng.randint(1, 12), rng.randint(1, 28))
        while True:
            century_gender = 0 if gender == ForcesGender.MALE else 1  # born in the 1900s
            national_id = f"033{century_gender}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"
            if national_id not in self.used:
                self.used.add(national_id)
                break
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        return {"full_name": name, "gender": gender, "birth_date": birth, "national_id": national_id}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _awards(
    world: _World, year: int, scale: float, forms: dict[str, AwardForm], people: _People, rng: random.Random
) -> tuple[list[AwardProposal], list[AwardTransition], list[Award]]:
    proposals: list[AwardProposal] = []
    transitions: list[AwardTransition] = []
    awards: list[Award] = []
    steps: dict[str, list[tuple[str, str]]] = {
        ProposalStatus.SUBMITTED: [(ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)],
        ProposalStatus.APPROVED: [
            (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
            (ProposalStatus.SUBMITTED, ProposalStatus.APPROVED),
        ],
        ProposalStatus.DECIDED: [
            (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
            (ProposalStatus.SUBMITTED, ProposalStatus.APPROVED),
            (ProposalStatus.APPROVED, ProposalStatus.DECIDED),
        ],
    }

    def propose(form: AwardForm, status: str, submitted: dt.date, decided: dt.date | None, medal: bool) -> None:
        unit = world.unit(rng, 0.05 if medal else 0.2)
        values: dict[str, Any] = {}
        if medal or form.individuals_only or rng.random() < 0.65:
            members = world.members.get(unit.pk, [])
            if not medal and members and rng.random() < 0.25:
                member = rng.choice(members)
                values = {
                    "member": member,
                    "full_name": member.full_name,
                    "gender": member.gender,
                    "birth_date": member.birth_date,
                    "national_id": member.national_id,
                    "position": "Thành viên Tổ bảo vệ ANTT",
                }
            else:
                values = people.person() | {"position": "Cán bộ lãnh đạo, chỉ đạo phong trào"}
            values["nominee_kind"] = NomineeKind.PERSON
        else:
            values = {
                "nominee_kind": NomineeKind.COLLECTIVE,
                "collective_name": f"{rng.choice(COLLECTIVES)} {unit.short_name}",
                "collective_unit": unit,
            }
        if medal:
            basis = MedalBasis.LEADER if rng.random() < 0.7 else MedalBasis.TEAM_MEMBER
            years = rng.randint(16, 28)
            values |= {"medal_basis": basis, "prior_years": years, "prior_hardship_years": rng.choice([0, 0, 0, 2])}
        proposal = AwardProposal(
            proposing_unit=unit,
            year=year,
            form=form,
            achievements=rng.choice(ACHIEVEMENTS).format(year=year),
            status=status,
            submitted_on=submitted,
            created_at=_at(submitted - dt.timedelta(days=7)),
            **values,
        )
        proposals.append(proposal)
        days = [submitted, submitted + dt.timedelta(days=10), decided or submitted]
        for (frm, to), day in zip(steps[status], days, strict=False):
            transitions.append(
                AwardTransition(proposal=proposal, from_status=frm, to_status=to, actor=None, at=_at(day))
            )
        if decided is not None:
            awards.append(
                Award(
                    proposal=proposal,
                    unit=unit,
                    form=form,
                    is_medal=form.is_medal,
                    nominee_kind=proposal.nominee_kind,
                    name=proposal.nominee_name,
                    national_id=proposal.national_id,
                    member=proposal.member,
                    decision_number=f"{rng.randint(100, 3999)}/QĐ-{'BCA' if form.is_medal else 'UBND'}",
                    decision_date=decided,
                    signer="Bộ trưởng Bộ Công an"
                    if form.code == "bang-khen-bo-truong" or medal
                    else "Chủ tịch UBND tỉnh",
                )
            )

    weights = [("giay-khen-giam-doc", 0.6), ("bang-khen-chu-tich-tinh", 0.3), ("bang-khen-bo-truong", 0.1)]
    for _ in range(round(AWARDS * scale * rng.uniform(0.98, 1.03))):
        code = rng.choices([c for c, _ in weights], [w for _, w in weights])[0]
        # Provincial commendations are processed in December; some are presented on 19/8.
        decided = _day(rng, year, (12, 1), (12, 28)) if rng.random() < 0.7 else dt.date(year, 8, 19)
        propose(forms[code], ProposalStatus.DECIDED, decided - dt.timedelta(days=30), decided, medal=False)
    medal = forms["ky-niem-chuong"]
    for _ in range(round(MEDAL_PROPOSALS * scale * rng.uniform(0.97, 1.03))):
        submitted = _day(rng, year, (5, 1), (6, 30))
        if year < 2025:  # earlier years' proposals have been decided (presented on 19/8)
            propose(medal, ProposalStatus.DECIDED, submitted, dt.date(year, 8, 19), medal=True)
        else:
            status = ProposalStatus.APPROVED if rng.random() < 0.4 else ProposalStatus.SUBMITTED
            propose(medal, status, submitted, None, medal=True)
    return proposals, transitions, awards


def _save(model: Any, rows: Sequence[Any]) -> None:
    model.objects.bulk_create(rows, batch_size=2000)
    audit_objects(actor=None, objects=rows, action=CREATE, note="Dữ liệu mẫu")


@writes_summary("outreach")
def seed_activities(*, province: AdminUnit, rng: random.Random, stdout: Any) -> None:
    forms = _award_forms()
    world = _World(province)
    people = _People(rng)
    activities: list[OutreachActivity] = []
    festivals: list[Festival] = []
    proposals: list[AwardProposal] = []
    transitions: list[AwardTransition] = []
    awards: list[Award] = []
    for year, scale in YEARS:
        activities += _outreach(world, year, scale, rng)
        festivals += _festivals(world, year, rng)
        made = _awards(world, year, scale, forms, people, rng)
        proposals += made[0]
        transitions += made[1]
        awards += made[2]
    with track("outreach") as changes:
        _save(OutreachActivity, activities)
        changes.add(activities=[activity.pk for activity in activities])
    _save(Festival, festivals)
    _save(AwardProposal, proposals)
    for transition in transitions:
        transition.proposal_id = transition.proposal.pk
    for award in awards:
        award.proposal_id = award.proposal.pk
    _save(AwardTransition, transitions)
    _save(Award, awards)
    stdout.write(
        f"  {len(activities)} hoạt động tuyên truyền, {len(festivals)} ngày hội, {len(proposals)} đề nghị khen thưởng, "
        f"{len(awards)} khen thưởng (năm 2024–2025)"
    )


register_seeder(Seeder(name="Tuyên truyền, ngày hội, khen thưởng", run=seed_activities, order=40))

"""National-volume activities for `seed_national`: ≈ 10 million outreach rows over the five years (≈ 600 per
commune and year, of every kind, plus each province department's own), a 19/8 festival in most communes every year
with one pilot per province, and award proposals with their decisions (≈ 9 per commune and year), bulk-loaded;
then the outreach summary rows are recounted from the loaded rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from antq.activities.models import (
    Award,
    AwardForm,
    AwardProposal,
    DisplayType,
    Festival,
    Kind,
    NomineeKind,
    OutreachActivity,
    ProposalStatus,
    RecipientKind,
    Topic,
)
from antq.activities.seed import STANDARD_FORMS, _award_forms
from antq.core.bulk import NationalContext, bulk_load, next_id
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.summary import track, writes_summary
from antq.forces.models import Gender
from antq.forces.seed import FAMILY, GIVEN, MIDDLE
from antq.geo.models import Locality

PER_COMMUNE_YEAR, PER_PROVINCE_YEAR = 595, 600
YEAR_GROWTH = (0.9, 0.95, 1.0, 1.05, 1.1)
KINDS = [
    (Kind.SOCIAL_POST, 35),
    (Kind.NEWS, 18),
    (Kind.BANNERS, 16),
    (Kind.SESSION, 14),
    (Kind.BROADCAST, 7),
    (Kind.STORY, 5),
    (Kind.VISIT, 3),
    (Kind.REPORTAGE, 1.5),
    (Kind.CONTEST, 0.5),
]
OUTLETS = {
    Kind.NEWS: "Báo địa phương",
    Kind.BROADCAST: "Đài truyền thanh xã",
    Kind.SOCIAL_POST: "Trang Zalo Công an xã",
    Kind.REPORTAGE: "Đài Phát thanh và Truyền hình tỉnh",
}
OUTREACH_FIELDS = [
    "unit",
    "date",
    "kind",
    "topic",
    "title",
    "locality",
    "attendees",
    "attendees_officials",
    "attendees_students",
    "attendees_residents",
    "outlet",
    "link",
    "display_type",
    "count",
    "participants",
    "recipient_kind",
    "recipients",
    "value_vnd",
]
TOPICS = Topic.values
DISPLAY_TYPES = DisplayType.values
RECIPIENTS = RecipientKind.values
GIFTS = [500_000, 1_000_000, 1_500_000, 2_000_000]


def _outreach(context: NationalContext, localities: dict[int, tuple[int, int]]) -> Iterator[tuple[Any, ...]]:
    """Outreach rows, streamed (never all in memory)."""
    rng = context.rng("outreach")
    kinds = [kind for kind, _ in KINDS]
    weights = [weight for _, weight in KINDS]
    units = [(commune_id, PER_COMMUNE_YEAR) for commune_id, *_ in context.communes]
    units += [(province_id, PER_PROVINCE_YEAR) for province_id, _ in context.provinces]
    for year, growth in zip(context.years, YEAR_GROWTH * (len(context.years) // 5 + 1), strict=False):
        first = dt.date(year, 1, 1)
        days = (dt.date(year, 12, 31) - first).days
        for unit_id, mean in units:
            size = round(mean * growth * rng.uniform(0.5, 1.5))
            places = localities.get(unit_id)
            for kind in rng.choices(kinds, weights=weights, k=size):
                day = first + dt.timedelta(days=rng.randint(0, days))
                topic = TOPICS[rng.randrange(7)]
                locality = rng.randint(*places) if places and rng.random() < 0.3 else None
                row: list[Any] = [unit_id, day, kind, topic, "", locality, None, 0, 0, 0, "", "", "", None]
                row += [None, "", None, None]
                if kind == Kind.SESSION:
                    attendees = rng.randint(30, 300)
                    officials = attendees // 10
                    students = rng.randint(0, attendees // 3)
                    row[4], row[6:10] = "Tuyên truyền pháp luật", [attendees, officials, students, attendees // 2]
                elif kind in OUTLETS:
                    row[10] = OUTLETS[kind]
                elif kind == Kind.BANNERS:
                    row[12], row[13] = DISPLAY_TYPES[rng.randrange(4)], rng.randint(2, 15)
                elif kind == Kind.CONTEST:
                    row[4], row[14] = "Cuộc thi tìm hiểu pháp luật", rng.randint(80, 300)
                elif kind == Kind.VISIT:
                    row[15], row[16], row[17] = RECIPIENTS[rng.randrange(3)], rng.randint(1, 5), GIFTS[rng.randrange(4)]
                yield tuple(row)


def _festivals(context: NationalContext) -> list[tuple[Any, ...]]:
    rng = context.rng("festivals")
    by_province: dict[int, list[int]] = {}
    for commune_id, province_id, *_ in context.communes:
        by_province.setdefault(province_id, []).append(commune_id)
    rows = []
    for year in context.years:
        for province_id, communes in by_province.items():
            pilot = rng.choice(communes)
            for commune_id in communes:
                if commune_id != pilot and rng.random() > 0.93:
                    continue
                held = dt.date(year, 7, 1) + dt.timedelta(days=rng.randint(0, 49))
                participants = rng.randint(200, 1500) * (3 if commune_id == pilot else 1)
                pilot_here, results = commune_id == pilot, "Tổ chức trang trọng, an toàn, thiết thực."
                place = "Nhà văn hóa xã"
                rows.append(
                    (commune_id, province_id, year, held, place, pilot_here, "held", held, participants, results)
                )
    return rows


def _awards(context: NationalContext, forms: dict[str, AwardForm]) -> tuple[list[Any], list[Any]]:
    rng = context.rng("awards")
    proposal_id = next_id(AwardProposal)
    ordinary = [forms[code] for code, (_, is_medal, _) in STANDARD_FORMS.items() if not is_medal]
    medal = next(form for form in forms.values() if form.is_medal)
    proposals, awards = [], []
    serial = 0
    units = [(commune_id, province_id) for commune_id, province_id, *_ in context.communes]
    units += [(province_id, province_id) for province_id, _ in context.provinces]
    for year in context.years:
        for unit_id, _province_id in units:
            for _ in range(rng.randint(2, 16)):
                form = medal if rng.random() < 0.06 else ordinary[rng.randrange(len(ordinary))]
                person = form.is_medal or rng.random() < 0.7
                gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
                birth = dt.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28))
                serial += 1
                national_id = f"0{rng.randint(1, 96):02d}{(0 if birth.year < 2000 else 2) + (gender == Gender.FEMALE)}"
                national_id += f"{birth.year % 100:02d}{serial % 1_000_000:06d}"
                submitted = dt.date(year, 10, 1) + dt.timedelta(days=rng.randint(0, 60))
                decided = None if form.is_medal or rng.random() < 0.15 else submitted + dt.timedelta(days=30)
                status = ProposalStatus.DECIDED if decided else ProposalStatus.SUBMITTED
                nominee = (
                    (NomineeKind.PERSON, name, gender, birth, national_id, "")
                    if person
                    else (NomineeKind.COLLECTIVE, "", "", None, "", f"Tổ bảo vệ ANTT số {rng.randint(1, 40)}")
                )
                achievement = "Hoàn thành xuất sắc nhiệm vụ bảo vệ ANTT ở cơ sở."
                proposals.append((proposal_id, unit_id, year, form.pk, *nominee, achievement, status, submitted))
                if decided:
                    awards.append(
                        (
                            proposal_id,
                            unit_id,
                            form.pk,
                            form.is_medal,
                            nominee[0],
                            name if person else nominee[5],
                            nominee[4],
                            f"{rng.randint(10, 999)}/QĐ-KT",
                            decided,
                            "Giám đốc Công an tỉnh",
                        )
                    )
                proposal_id += 1
    return proposals, awards


@writes_summary("outreach")
def seed_activities(context: NationalContext) -> dict[str, int]:
    localities: dict[int, tuple[int, int]] = {}  # commune: (first, last) locality id (loaded in one id range)
    for pk, commune_id in Locality.objects.order_by("pk").values_list("pk", "commune_id"):
        first, _last = localities.get(commune_id, (pk, pk))
        localities[commune_id] = (first, pk)
    proposals, awards = _awards(context, _award_forms())
    proposal_fields = ["id", "proposing_unit", "year", "form", "nominee_kind", "full_name", "gender", "birth_date"]
    proposal_fields += ["national_id", "collective_name", "achievements", "status", "submitted_on"]
    award_fields = ["proposal", "unit", "form", "is_medal", "nominee_kind", "name", "national_id", "decision_number"]
    festival_fields = ["commune", "province", "year", "planned_date", "place", "is_pilot", "status", "held_on"]
    with track("outreach", rebuild=True) as summary:  # the whole summary recounted once the rows are in
        outreach = bulk_load(OutreachActivity, OUTREACH_FIELDS, _outreach(context, localities))
    counts = {
        "Hoạt động tuyên truyền": outreach,
        "Ngày hội toàn dân bảo vệ ANTQ": bulk_load(
            Festival, [*festival_fields, "participants", "results"], _festivals(context)
        ),
        "Đề nghị khen thưởng": bulk_load(AwardProposal, proposal_fields, proposals),
        "Khen thưởng": bulk_load(Award, [*award_fields, "decision_date", "signer"], awards),
    }
    counts["Dòng tổng hợp tuyên truyền theo tháng"] = summary.written
    return counts


register_national_seeder(Seeder(name="Hoạt động", run=seed_activities, order=40))

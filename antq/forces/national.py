"""National-volume security teams (one per ≈ 82% of localities: ≈ 82,000) with 3–4 members each (≈ 290,000),
their trainings, and each province's size rules and support rates, bulk-loaded for `seed_national`; then the
stock summary is recounted from the loaded rows."""

from __future__ import annotations

import datetime as dt

from antq.core.bulk import NationalContext, bulk_load, next_id
from antq.core.extensions import Seeder, register_national_seeder
from antq.core.phones import demo_mobile
from antq.core.summary import track, writes_summary
from antq.core.text import fold, name_sort_key, place_sort_key
from antq.forces.models import (
    BaseSalary,
    EndReason,
    Gender,
    RateKind,
    Role,
    SecurityTeam,
    SupportRate,
    TeamCoverage,
    TeamMember,
    TeamSizeRule,
    Training,
)
from antq.forces.seed import FAMILY, GIVEN, LAW_IN_FORCE, MIDDLE, RATES
from antq.geo.models import Locality

EDUCATION = ["lower_secondary", "upper_secondary", "upper_secondary", "vocational", "college"]
COURSE = "Bồi dưỡng kiến thức pháp luật, nghiệp vụ bảo vệ ANTT ở cơ sở"
MEMBER_FIELDS = [
    "id",
    "team",
    "full_name",
    "sort_key",
    "birth_date",
    "gender",
    "national_id",
    "education",
    "phone",
    "residence",
    "resident_since",
    "role",
    "decision_number",
    "decision_date",
    "start_date",
    "end_date",
    "end_reason",
    "health_certified",
    "no_prosecution",
]


def _rates(context: NationalContext) -> None:
    source = "Nghị quyết HĐND tỉnh (mẫu)"
    rules, rates = [], []
    for province_id, _code in context.provinces:
        for kind, urban, households, members in (
            ("", False, 0, 3),
            ("thon", False, 350, 4),
            ("to_dan_pho", False, 500, 4),
            ("", True, 700, 5),
        ):
            rules.append((province_id, kind, urban, households, members, source))
        for role, amount in RATES.items():
            rates.append((province_id, role, RateKind.FIXED, amount, LAW_IN_FORCE, source))
    bulk_load(TeamSizeRule, ["province", "locality_kind", "urban", "households_from", "members", "source"], rules)
    bulk_load(SupportRate, ["province", "role", "kind", "amount_vnd", "valid_from", "source"], rates)
    BaseSalary.objects.get_or_create(
        valid_from=LAW_IN_FORCE, defaults={"amount_vnd": 2_340_000, "source": "Nghị định 73/2024/NĐ-CP"}
    )


@writes_summary("forces")
def seed_forces(context: NationalContext) -> dict[str, int]:
    rng = context.rng("forces")
    _rates(context)
    team_id, member_id = next_id(SecurityTeam), next_id(TeamMember)
    teams, coverages, members, trainings = [], [], [], []
    localities = Locality.objects.filter(ended_on__isnull=True).order_by("commune_id", "pk")
    for locality_id, commune_id, name, households in localities.values_list("pk", "commune_id", "name", "households"):
        if rng.random() >= 0.82:
            continue
        team_name = f"Tổ bảo vệ ANTT {name}"
        founded = LAW_IN_FORCE + dt.timedelta(days=rng.randint(0, 60) if rng.random() < 0.9 else rng.randint(61, 500))
        decided = founded - dt.timedelta(days=rng.randint(1, 10))
        number = f"{rng.randint(10, 300)}/QĐ-UBND"
        dissolved = founded + dt.timedelta(days=rng.randint(60, 400)) if rng.random() < 0.02 else None
        teams.append(
            (team_id, commune_id, team_name, fold(team_name), place_sort_key(team_name), number, decided, founded)
            + (("dissolved", dissolved, "Sáp nhập địa bàn") if dissolved else ("active", None, ""))
        )
        coverages.append((team_id, locality_id, founded, dissolved))
        size = 4 if (households or 0) >= 350 else 3
        for position in range(size + (1 if rng.random() < 0.05 else 0)):
            role = Role.LEADER if position == 0 else (Role.DEPUTY if position == 1 else Role.MEMBER)
            gender = Gender.MALE if rng.random() < 0.82 else Gender.FEMALE
            full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
            birth = dt.date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
            century = (0 if birth.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
            national_id = f"{rng.randint(1, 96):03d}{century}{birth.year % 100:02d}{member_id % 1_000_000:06d}"
            ended = dissolved
            if ended is None and position == size:  # the extra member of a few teams has left
                ended = founded + dt.timedelta(days=rng.randint(30, 400))
            members.append(
                (
                    member_id,
                    team_id,
                    full_name,
                    name_sort_key(full_name),
                    birth,
                    gender,
                    national_id,
                    rng.choice(EDUCATION),
                    demo_mobile(rng.randint(10000000, 99999999)),
                    locality_id,
                    birth + dt.timedelta(days=365 * 18),
                    role,
                    number,
                    decided,
                    founded,
                    ended,
                    (EndReason.TEAM_DISSOLVED if dissolved else EndReason.OWN_REQUEST) if ended else "",
                    True,
                    True,
                )
            )
            if rng.random() < 0.97:
                start = dt.date(founded.year, 9, 10) if founded.month < 9 else founded + dt.timedelta(days=20)
                trainings.append((member_id, COURSE, start, start + dt.timedelta(days=2), 24, rng.random() > 0.004))
            member_id += 1
        team_id += 1
    team_fields = [
        "id",
        "commune",
        "name",
        "folded_name",
        "sort_key",
        "decision_number",
        "decision_date",
        "founded_on",
        "status",
    ]
    with track("forces", rebuild=True) as summary:  # the whole summary recounted once the rows are in
        counts = {
            "Tổ bảo vệ ANTT": bulk_load(SecurityTeam, [*team_fields, "dissolved_on", "dissolution_reason"], teams),
            "Địa bàn phụ trách của tổ": bulk_load(
                TeamCoverage, ["team", "locality", "valid_from", "valid_to"], coverages
            ),
            "Thành viên Tổ bảo vệ ANTT": bulk_load(TeamMember, MEMBER_FIELDS, members),
            "Lượt tập huấn": bulk_load(
                Training, ["member", "course", "start_date", "end_date", "hours", "passed"], trainings
            ),
        }
    counts["Dòng thay đổi lực lượng theo ngày"] = summary.written
    return counts


register_national_seeder(Seeder(name="Lực lượng", run=seed_forces, order=20))

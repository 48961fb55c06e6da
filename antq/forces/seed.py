"""Demo teams and members at the scale of the Hưng Yên report (1.831 teams, 5.595 members, ~100% trained).

Fake people only: names from common Vietnamese name parts, CCCD numbers with a valid structure but random."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType

from antq.accounts.audit import CREATE, audit_objects
from antq.accounts.models import Role as AccountRole
from antq.accounts.models import RoleAssignment, User
from antq.accounts.seed import DEMO_PASSWORD, demo_commune
from antq.core.extensions import Seeder, register_seeder
from antq.core.phones import demo_mobile
from antq.core.summary import track, writes_summary
from antq.core.text import fold, name_sort_key, place_sort_key
from antq.forces.models import (
    BaseSalary,
    Education,
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
from antq.geo.models import AdminUnit, Level, Locality

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đinh", "Mai"]
MIDDLE = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành"],
    Gender.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng"],
}
GIVEN = {
    Gender.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đạt",
        "Hải",
        "Hùng",
        "Khánh",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Việt",
        "Hiếu",
        "Trung",
        "Toàn",
        "Lâm",
    ],
    Gender.FEMALE: [
        "Anh",
        "Chi",
        "Dung",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Thảo",
        "Trang",
        "Yến",
    ],
}
LAW_IN_FORCE = dt.date(2024, 7, 1)
# Example provincial rates (domain.md §7; a province sets its own by People's Council resolution).
RATES = {Role.LEADER: 2_340_000, Role.DEPUTY: 1_638_000, Role.MEMBER: 1_170_000}


def _person(rng: random.Random, used: set[str]) -> dict[str, Any]:
    gender = Gender.MALE if rng.random() < 0.82 else Gender.FEMALE
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    birth = dt.date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
    century_digit = (0 if birth.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
    while True:
        province_code = rng.choice(["033", "034", "033", "001"])
        national_id = f"{province_code}{century_digit}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"
        if national_id not in used:
            used.add(national_id)
            break
    return {
        "full_name": name,
        "sort_key": name_sort_key(name),
        "gender": gender,
        "birth_date": birth,
        "national_id": national_id,
        "phone": demo_mobile(rng.randint(10000000, 99999999)),
    }


def _rules_and_rates(province: AdminUnit) -> None:
    source = "Nghị quyết HĐND tỉnh (mẫu)"
    for kind, urban, households, members in (
        ("", False, 0, 3),
        ("thon", False, 350, 4),
        ("to_dan_pho", False, 500, 4),
        ("", True, 700, 5),
    ):
        TeamSizeRule.objects.get_or_create(
            province=province,
            locality_kind=kind,
            urban=urban,
            households_from=households,
            defaults={"members": members, "source": source},
        )
    for role, amount in RATES.items():
        SupportRate.objects.get_or_create(
            province=province,
            role=role,
            valid_from=LAW_IN_FORCE,
            defaults={"kind": RateKind.FIXED, "amount_vnd": amount, "source": source},
        )
    BaseSalary.objects.get_or_create(
        valid_from=LAW_IN_FORCE, defaults={"amount_vnd": 2_340_000, "source": "Nghị định 73/2024/NĐ-CP"}
    )


@writes_summary("forces")
def seed_forces(*, province: AdminUnit, rng: random.Random, stdout: Any) -> None:
    _rules_and_rates(province)
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True).order_by("code")
    )
    localities = list(Locality.objects.filter(commune__in=communes, ended_on__isnull=True).order_by("commune_id", "pk"))
    by_commune: dict[int, list[Locality]] = {}
    for locality in localities:
        by_commune.setdefault(locality.commune_id, []).append(locality)
    teams: list[SecurityTeam] = []
    groups: list[list[Locality]] = []
    for commune in communes:
        pool = list(by_commune.get(commune.pk, []))
        index = 0
        while index < len(pool):
            size = 2 if rng.random() < 0.03 and index + 1 < len(pool) else 1
            group = pool[index : index + size]
            index += size
            name = "Tổ bảo vệ ANTT " + " - ".join(loc.name for loc in group)
            founded = LAW_IN_FORCE + dt.timedelta(days=rng.randint(0, 60))
            teams.append(
                SecurityTeam(
                    commune=commune,
                    name=name,
                    folded_name=fold(name),
                    sort_key=place_sort_key(name),
                    founded_on=founded,
                    decision_number=f"{rng.randint(10, 300)}/QĐ-UBND",
                    decision_date=founded - dt.timedelta(days=rng.randint(1, 10)),
                )
            )
            groups.append(group)
    # The new teams and members go into the stock summary (nothing of other provinces is recounted).
    with track("forces") as changes:
        SecurityTeam.objects.bulk_create(teams, batch_size=2000)
        coverages = [
            TeamCoverage(team=team, locality=loc, valid_from=team.founded_on)
            for team, group in zip(teams, groups, strict=True)
            for loc in group
        ]
        TeamCoverage.objects.bulk_create(coverages, batch_size=2000)

        used: set[str] = set()
        members: list[TeamMember] = []
        for team, group in zip(teams, groups, strict=True):
            households = sum(loc.households or 0 for loc in group)
            size = 4 if households >= 350 else 3
            if rng.random() < 0.05:
                size -= 1  # a few teams short of the provincial rule, so the warning shows in the demo
            for position in range(size):
                role = Role.LEADER if position == 0 else (Role.DEPUTY if position == 1 else Role.MEMBER)
                person = _person(rng, used)
                members.append(
                    TeamMember(
                        team=team,
                        role=role,
                        ethnicity="Kinh",
                        residence=rng.choice(group),
                        education=rng.choice(
                            [
                                Education.LOWER_SECONDARY,
                                Education.UPPER_SECONDARY,
                                Education.UPPER_SECONDARY,
                                Education.VOCATIONAL,
                                Education.COLLEGE,
                            ]
                        ),
                        resident_since=person["birth_date"] + dt.timedelta(days=365 * 18),
                        start_date=team.founded_on,
                        decision_number=team.decision_number,
                        decision_date=team.decision_date,
                        health_certified=True,
                        no_prosecution=True,
                        **person,
                    )
                )
        TeamMember.objects.bulk_create(members, batch_size=2000)
        trainings = [
            Training(
                member=m,
                course="Bồi dưỡng kiến thức pháp luật, nghiệp vụ bảo vệ ANTT ở cơ sở",
                start_date=dt.date(2024, 9, 10),
                end_date=dt.date(2024, 9, 12),
                hours=24,
                passed=rng.random() > 0.004,
            )
            for m in members
        ]
        Training.objects.bulk_create(trainings, batch_size=2000)
        changes.add(teams=[team.pk for team in teams], members=[member.pk for member in members])
    for objects in (teams, coverages, members, trainings):
        audit_objects(actor=None, objects=objects, action=CREATE, note="Dữ liệu mẫu")
    _team_leader_account(communes, teams, members, stdout)
    stdout.write(f"  {len(teams)} tổ bảo vệ ANTT, {len(members)} thành viên, {len(trainings)} lượt tập huấn")


def _team_leader_account(
    communes: list[AdminUnit], teams: list[SecurityTeam], members: list[TeamMember], stdout: Any
) -> None:
    """A demo login for the team leader of the demo commune's first team."""
    if not communes:
        return
    commune = demo_commune(communes[0].parent)  # type: ignore[arg-type]
    team = next((t for t in teams if t.commune_id == commune.pk), None)
    leader = next((m for m in members if team and m.team_id == team.pk and m.role == Role.LEADER), None)
    if team is None or leader is None:
        return
    user, created = User.objects.get_or_create(
        username=f"tt_{commune.code}", defaults={"full_name": leader.full_name, "home_unit": commune}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        RoleAssignment.objects.create(
            user=user,
            role=AccountRole.TEAM_LEADER,
            unit=commune,
            bound_type=ContentType.objects.get_for_model(SecurityTeam),
            bound_id=team.pk,
        )
    stdout.write(f"    {user.username:<12} Tổ trưởng — {team.name}, {commune.name} (mật khẩu {DEMO_PASSWORD})")


register_seeder(Seeder(name="Tổ bảo vệ ANTT", run=seed_forces, order=20))

"""The forces stock summary stays exact: after writes through every service that founds or dissolves a team, adds,
corrects or ends a member, records a training or imports a roster, the summary equals a recount, and teams,
members, trained members, their share and the support due equal the same figures counted from the rows — for the
nation, a province and a commune, per child unit, on several days (including the days changes happen)."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Exists, OuterRef, Q

from antq.core.imports import import_confirm, import_preview
from antq.core.indicators import INDICATORS
from antq.core.periods import Period, stock_q
from antq.forces import services
from antq.forces.models import SecurityTeam, StockChange, TeamMember, Training
from antq.forces.roster import RosterImporter
from antq.forces.summary import per_child, summary_rebuild
from antq.geo.models import AdminUnit, Level, Locality
from antq.geo.selectors import within_unit_q
from tests.forces.fixtures import member_data
from tests.forces.test_roster import row, sheet

PERIODS = ["2024", "2024-07", "2024-08", "2024Q3", "2024-09", "2025-01", "2025H1", "2025", "2026-02"]


def _summary():
    return {(r.unit_id, r.total, r.day, r.role): (r.active, r.trained) for r in StockChange.objects.all()}


def _raw(unit, period):
    """The figures straight from the rows (the rules of periods.stock_q), for the ministry's scope."""
    teams = SecurityTeam.objects.filter(within_unit_q(unit, "commune")).filter(
        stock_q(period, start_field="founded_on", end_field="dissolved_on")
    )
    members = TeamMember.objects.filter(within_unit_q(unit, "team__commune")).filter(
        stock_q(period, start_field="start_date", end_field="end_date")
    )
    passed = Training.objects.filter(member=OuterRef("pk"), passed=True, start_date__lte=period.end)
    trained = members.filter(Exists(passed))
    share = None
    if members.count():
        share = (Decimal(100 * trained.count()) / members.count()).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return {
        "security_teams_active": teams.count(),
        "security_team_members_active": members.count(),
        "security_team_members_trained": trained.count(),
        "security_team_members_trained_pct": share,
    }


def _raw_support(unit, period):
    """Support from the rows: each member active on a month's 15th, at the fixed rate of their role."""
    from antq.forces.indicators import _months
    from antq.forces.models import SupportRate

    total = 0
    members = TeamMember.objects.filter(within_unit_q(unit, "team__commune")).select_related("team__commune")
    for day in _months(period):
        for member in members:
            if member.start_date <= day and (member.end_date is None or member.end_date >= day):
                rate = (
                    SupportRate.objects.filter(province=member.team.commune.parent_id, role=member.role)
                    .filter(valid_from__lte=day)
                    .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
                    .order_by("-valid_from")
                    .first()
                )
                total += rate.amount_vnd if rate else 0
    return total


@pytest.fixture
def written(commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, team, other_team, thon_dong):
    """Teams and members written through every forces service."""
    write_through_every_service(
        commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, team, other_team, thon_dong
    )


def write_through_every_service(
    commune_officer, other_commune_officer, province_officer, dong_hung, tan_tien, team, other_team, thon_dong
):
    """Teams and members written through every forces service (also the exercise of tests/core/test_summaries.py:
    the arguments are fixture names)."""
    from antq.forces.services import support_rate_set

    support_rate_set(
        actor=province_officer,
        province=dong_hung.parent,
        role="member",
        kind="fixed",
        amount_vnd=1_000_000,
        valid_from=dt.date(2024, 7, 1),
    )
    leader = services.member_add(actor=commune_officer, team=team, **member_data(thon_dong, role="leader"))
    second = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(thon_dong, full_name="Lê Văn Bình", national_id="033080005678", start_date=dt.date(2024, 9, 3)),
    )
    services.training_record(
        actor=commune_officer,
        member=leader,
        course="Bồi dưỡng",
        start_date=dt.date(2024, 6, 1),  # before joining: trained from the day they joined
        end_date=dt.date(2024, 6, 3),
        hours=16,
    )
    services.training_record(
        actor=commune_officer,
        member=second,
        course="Bồi dưỡng",
        start_date=dt.date(2024, 10, 1),
        end_date=dt.date(2024, 10, 2),
        hours=16,
        passed=False,  # not passed: not trained
    )
    services.training_record(
        actor=commune_officer,
        member=second,
        course="Bồi dưỡng lại",
        start_date=dt.date(2025, 2, 10),
        end_date=dt.date(2025, 2, 11),
        hours=16,
    )
    services.member_update(actor=commune_officer, member=second, role="deputy", start_date=dt.date(2024, 8, 20))
    services.team_update(actor=commune_officer, team=team, name="Tổ bảo vệ ANTT Thôn Đông - Thôn Tây")
    services.member_end(actor=commune_officer, member=second, end_date=dt.date(2025, 5, 31), reason="moved")
    other = services.member_add(
        actor=other_commune_officer,
        team=other_team,
        **member_data(Locality.objects.get(commune=tan_tien), full_name="Trần Văn Cường", national_id="033080009999"),
    )
    services.training_record(
        actor=other_commune_officer,
        member=other,
        course="Bồi dưỡng",
        start_date=dt.date(2024, 8, 20),
        end_date=dt.date(2024, 8, 21),
        hours=16,
    )
    services.team_dissolve(actor=other_commune_officer, team=other_team, on=dt.date(2025, 3, 14), reason="Sáp nhập")
    plan = import_preview(
        actor=commune_officer,
        importer=RosterImporter,
        file=sheet(
            row(team),
            row(
                team,
                **{
                    "Họ và tên": "Nguyễn Văn An",
                    "Số định danh cá nhân / CCCD": "033080001234",
                    "Giới tính": "Nam",
                    "Ngày sinh": "15/03/1980",
                    "Chức danh": "Tổ trưởng",
                    "Ngày tham gia": "20/07/2024",
                },
            ),
        ),
        filename="ds.xlsx",
        commune=dong_hung,
    )
    assert plan.is_valid, plan.errors
    import_confirm(actor=commune_officer, plan=plan)  # one new member, the leader's start date corrected
    assert TeamMember.objects.get(national_id="033080001234").start_date == dt.date(2024, 7, 20)
    services.team_create(
        actor=commune_officer,
        commune=dong_hung,
        name="Tổ mới",
        founded_on=dt.date(2025, 1, 2),
        localities=[Locality.objects.create(commune=dong_hung, name="Thôn Mới", kind="thon", households=90)],
    )


@pytest.mark.django_db
def test_summary_rows_equal_a_recount_after_every_service(written):
    assert StockChange.objects.exists()
    before = {k: v for k, v in _summary().items() if any(v)}
    summary_rebuild()
    assert _summary() == before


@pytest.mark.django_db
@pytest.mark.parametrize("code", PERIODS)
def test_every_forces_figure_equals_the_count_from_the_rows(written, code, ministry_officer, hung_yen, dong_hung):
    period = Period.parse(code)
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    for unit in (nation, hung_yen, dong_hung):
        expected = _raw(unit, period)
        for indicator, value in expected.items():
            assert INDICATORS[indicator].compute(ministry_officer, unit, period) == value, (indicator, unit)
        assert INDICATORS["security_team_support_vnd"].compute(ministry_officer, unit, period) == (
            _raw_support(unit, period)
        )
        family = INDICATORS["security_teams_active"].family.compute(ministry_officer, unit, period)
        assert {k: family[k] for k in expected} == expected
    children = {
        c.pk: _raw(c, period)["security_team_members_active"] for c in AdminUnit.objects.filter(parent=hung_yen)
    }
    assert per_child(ministry_officer, hung_yen, period, "members") == {k: v for k, v in children.items() if v}


@pytest.mark.django_db
def test_scope_bounds_the_summary(written, commune_officer, other_commune_officer, hung_yen):
    teams = INDICATORS["security_teams_active"].compute
    # Each commune officer counts their own commune's teams, even when asking for the province.
    assert teams(commune_officer, hung_yen, Period.parse("2024")) == 1
    assert teams(commune_officer, hung_yen, Period.parse("2025")) == 2  # the team founded on 02/01/2025
    assert teams(other_commune_officer, hung_yen, Period.parse("2024")) == 1
    assert teams(other_commune_officer, hung_yen, Period.parse("2025")) == 0  # dissolved on 14/03/2025

"""Forces figures equal hand-counted literals; stock at period end, support as a flow over the months."""

import datetime as dt
from decimal import Decimal

import pytest

from antq.core.indicators import INDICATORS
from antq.core.periods import Period
from antq.forces import services
from antq.forces.indicators import _months
from antq.forces.models import BaseSalary
from tests.conftest import unit
from tests.forces.fixtures import member_data


def figure(code, actor, unit_code, period):
    return INDICATORS[code].compute(actor, unit(unit_code), Period.parse(period))


@pytest.fixture
def roster(commune_officer, other_commune_officer, team, other_team, thon_dong, thon_tan_tien):
    """Đông Hưng: leader (m), deputy (f, ended 31/03/2025), member (m, joined 01/09/2025, untrained).
    Tân Tiến: one member. Trained: leader and deputy."""
    leader = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Trần Văn Bình",
            national_id="033075000111",
            birth_date=dt.date(1975, 5, 5),
            role="leader",
        ),
    )
    deputy = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Lê Thị Cúc",
            national_id="033190000222",
            birth_date=dt.date(1990, 1, 1),
            gender="female",
            role="deputy",
        ),
    )
    member = services.member_add(
        actor=commune_officer,
        team=team,
        **member_data(
            thon_dong,
            full_name="Phạm Văn Dũng",
            national_id="033200000333",
            birth_date=dt.date(2000, 2, 2),
            start_date=dt.date(2025, 9, 1),
        ),
    )
    services.member_add(
        actor=other_commune_officer,
        team=other_team,
        **member_data(thon_tan_tien, full_name="Vũ Văn Em", national_id="033085000444", birth_date=dt.date(1985, 1, 1)),
    )
    for person in (leader, deputy):
        services.training_record(
            actor=commune_officer,
            member=person,
            course="Tập huấn",
            hours=16,
            start_date=dt.date(2024, 9, 1),
            end_date=dt.date(2024, 9, 2),
        )
    services.member_end(actor=commune_officer, member=deputy, end_date=dt.date(2025, 3, 31), reason="health")
    return leader, deputy, member


@pytest.mark.django_db
def test_teams_and_members_are_stock_figures(roster, province_officer, commune_officer):
    assert figure("security_teams_active", province_officer, "33", "2025") == 2
    assert figure("security_team_members_active", province_officer, "33", "2025") == 3
    assert figure("security_team_members_active", province_officer, "33", "2025H1") == 2  # member joins 01/09
    assert figure("security_team_members_active", province_officer, "12688", "2025Q1") == 2  # deputy ends 31/03
    assert figure("security_team_members_active", province_officer, "12688", "2025-04") == 1
    assert figure("security_team_members_active", commune_officer, "33", "2025") == 2  # own commune only


@pytest.mark.django_db
def test_breakdown_by_role_gender_age(roster, province_officer):
    breakdown = INDICATORS["security_team_members_active"].breakdown(
        province_officer, unit("12688"), Period.parse("2025Q1")
    )
    assert breakdown == {
        "role": {"leader": 1, "deputy": 1},
        "gender": {"male": 1, "female": 1},
        "age_band": {"46-60": 1, "31-45": 1},
    }


@pytest.mark.django_db
def test_trained_share_is_a_ratio_of_counts(roster, province_officer):
    assert figure("security_team_members_trained", province_officer, "12688", "2025") == 1
    assert figure("security_team_members_trained_pct", province_officer, "12688", "2025") == Decimal("50.0")
    assert figure("security_team_members_trained_pct", province_officer, "33", "2025") == Decimal("33.3")
    assert figure("security_team_members_trained_pct", province_officer, "00694", "2025") is None


@pytest.mark.django_db
def test_support_due_follows_rates_and_months(roster, province_officer, hung_yen):
    services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="leader",
        kind="fixed",
        amount_vnd=2_340_000,
        valid_from=dt.date(2024, 7, 1),
    )
    services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="deputy",
        kind="coefficient",
        coefficient=Decimal("0.7"),
        valid_from=dt.date(2024, 7, 1),
    )
    services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="member",
        kind="fixed",
        amount_vnd=1_170_000,
        valid_from=dt.date(2024, 7, 1),
    )
    BaseSalary.objects.create(amount_vnd=2_340_000, valid_from=dt.date(2024, 7, 1))
    # Q1 2025 in Đông Hưng: leader 3 × 2.340.000; deputy 3 × 0,7 × 2.340.000 = 4.914.000; member not yet.
    assert figure("security_team_support_vnd", province_officer, "12688", "2025Q1") == 7_020_000 + 4_914_000
    # Q3: leader 3 months, member September only.
    assert figure("security_team_support_vnd", province_officer, "12688", "2025Q3") == 7_020_000 + 1_170_000
    # A new leader rate from 01/08/2025 ends the old one the day before.
    services.support_rate_set(
        actor=province_officer,
        province=hung_yen,
        role="leader",
        kind="fixed",
        amount_vnd=3_000_000,
        valid_from=dt.date(2025, 8, 1),
    )
    assert figure("security_team_support_vnd", province_officer, "12688", "2025Q3") == (
        2_340_000 + 2 * 3_000_000 + 1_170_000
    )


@pytest.mark.django_db
def test_viewer_gets_aggregates_and_no_role_gets_nothing(roster, viewer, no_role_user):
    assert figure("security_team_members_active", viewer, "33", "2025") == 3
    assert figure("security_team_members_active", no_role_user, "33", "2025") == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code", ["security_teams_active", "security_team_members_active", "security_team_members_trained"]
)
def test_per_commune_values_add_up_to_the_province_figure(roster, province_officer, code):
    function = INDICATORS[code]
    per_commune = function.per_child(province_officer, unit("33"), Period.parse("2025"))
    assert sum(per_commune.values()) == function.compute(province_officer, unit("33"), Period.parse("2025"))
    assert per_commune[unit("12688").pk] == function.compute(province_officer, unit("12688"), Period.parse("2025"))


def test_support_for_a_period_still_running_counts_only_months_already_due():
    """On 1/12/2026 December's support (due on the 15th) is not due yet: a running year shows what is due so far."""
    year = Period.parse(str(dt.date.today().year))
    months = _months(year)
    assert months and all(day <= dt.date.today() for day in months)
    assert len(_months(Period.parse(str(dt.date.today().year - 1)))) == 12

"""Forces fixtures: a team in Xã Đông Hưng (12688) covering two localities, and valid member data."""

from __future__ import annotations

import datetime as dt

import pytest

from antq.forces import services
from antq.geo.models import Locality


@pytest.fixture
def thon_dong(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn Đông", kind="thon", households=320)


@pytest.fixture
def thon_tay(dong_hung):
    return Locality.objects.create(commune=dong_hung, name="Thôn Tây", kind="thon", households=80)


@pytest.fixture
def thon_tan_tien(tan_tien):
    return Locality.objects.create(commune=tan_tien, name="Thôn Tân", kind="thon", households=200)


@pytest.fixture
def team(commune_officer, dong_hung, thon_dong, thon_tay):
    return services.team_create(
        actor=commune_officer,
        commune=dong_hung,
        name="Tổ bảo vệ ANTT thôn Đông - Tây",
        founded_on=dt.date(2024, 7, 15),
        localities=[thon_dong, thon_tay],
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2024, 7, 10),
    )


@pytest.fixture
def other_team(other_commune_officer, tan_tien, thon_tan_tien):
    return services.team_create(
        actor=other_commune_officer,
        commune=tan_tien,
        name="Tổ bảo vệ ANTT thôn Tân",
        founded_on=dt.date(2024, 7, 15),
        localities=[thon_tan_tien],
    )


def member_data(residence, **overrides):
    """A valid member: male, born 15/03/1980 in Hưng Yên (CCCD 033 0 80 ……), eligible on 01/08/2024."""
    data = {
        "full_name": "Nguyễn Văn An",
        "birth_date": dt.date(1980, 3, 15),
        "gender": "male",
        "national_id": "033080001234",
        "ethnicity": "Kinh",
        "education": "upper_secondary",
        "phone": "0912345678",
        "residence": residence,
        "resident_since": dt.date(2000, 1, 1),
        "role": "member",
        "start_date": dt.date(2024, 8, 1),
        "health_certified": True,
        "no_prosecution": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def leader(commune_officer, team, thon_dong):
    return services.member_add(
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


@pytest.fixture
def team_leader(team):
    """The leader account bound to `team` (Xã Đông Hưng)."""
    from tests.forces.test_views import team_leader_user

    return team_leader_user(team)

"""Figures are live: a write through a registry service changes the figure inside the same transaction."""

import datetime as dt

import pytest
from django.db import transaction

from antq.core.periods import Period
from antq.forces import services as forces
from antq.reporting.selectors import indicator_values
from tests.forces.fixtures import member_data

Y2025 = Period.parse("2025")


def figure(actor, unit, code):
    return indicator_values(actor=actor, unit=unit, period=Y2025, codes=[code])[code].value


@pytest.mark.django_db
def test_forces_services_change_live_figures_in_the_same_transaction(commune_officer, dong_hung, thon_dong, thon_tay):
    with transaction.atomic():
        before = figure(commune_officer, dong_hung, "security_teams_active")
        team = forces.team_create(
            actor=commune_officer,
            commune=dong_hung,
            name="Tổ mới",
            localities=[thon_dong],
            founded_on=dt.date(2025, 1, 10),
        )
        assert figure(commune_officer, dong_hung, "security_teams_active") == before + 1
        member = forces.member_add(
            actor=commune_officer, team=team, **member_data(thon_dong, start_date=dt.date(2025, 1, 15))
        )
        assert figure(commune_officer, dong_hung, "security_team_members_active") == 1
        forces.training_record(
            actor=commune_officer,
            member=member,
            course="Tập huấn",
            hours=8,
            start_date=dt.date(2025, 2, 1),
            end_date=dt.date(2025, 2, 1),
        )
        assert figure(commune_officer, dong_hung, "security_team_members_trained") == 1
        forces.member_end(actor=commune_officer, member=member, end_date=dt.date(2025, 6, 1), reason="moved")
        assert figure(commune_officer, dong_hung, "security_team_members_active") == 0
        forces.team_dissolve(actor=commune_officer, team=team, on=dt.date(2025, 6, 2), reason="Sáp nhập")
        assert figure(commune_officer, dong_hung, "security_teams_active") == before

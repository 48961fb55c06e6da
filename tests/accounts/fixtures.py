"""Accounts fixtures: an acting grant (Xã Đông Hưng's officer lets the Hưng Yên PV05 officer enter its figures)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from antq.accounts import acting


@pytest.fixture
def acting_grant(commune_officer, province_officer, dong_hung):
    """Granted today by 12688's officer to the province 33 officer, for 30 days."""
    today = timezone.localdate()
    return acting.acting_grant_create(
        actor=commune_officer,
        unit=dong_hung,
        grantee=province_officer,
        reason="Cán bộ xã đi tập huấn",
        valid_until=today + dt.timedelta(days=30),
    )

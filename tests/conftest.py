"""Shared fixtures: fast hashing, the small geography loaded once per session, and the users of the test world."""

from __future__ import annotations

from pathlib import Path

import pytest

from antq.geo.models import AdminUnit, Level
from tests import world

# Each app's fixtures live in tests/<app>/fixtures.py and are shared suite-wide (the route scope test needs them).
pytest_plugins = sorted(f"tests.{path.parent.name}.fixtures" for path in Path(__file__).parent.glob("*/fixtures.py"))


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from antq.geo.services import geography_load

    rows, links = world.small_geography()
    with django_db_blocker.unblock():
        geography_load(rows=rows, links=links)


def unit(code: str, level: str | None = None) -> AdminUnit:
    if level is None:
        level = Level.NATION if code == "VN" else (Level.PROVINCE if len(code) <= 2 else Level.COMMUNE)
    return AdminUnit.objects.get(level=level, code=code, valid_to__isnull=True)


@pytest.fixture
def hung_yen(db) -> AdminUnit:
    return unit("33")


@pytest.fixture
def tuyen_quang(db) -> AdminUnit:
    return unit("08")


@pytest.fixture
def dong_hung(db) -> AdminUnit:
    return unit(world.COMMUNE_DONG_HUNG)


@pytest.fixture
def tan_tien(db) -> AdminUnit:
    return unit(world.COMMUNE_TAN_TIEN)


@pytest.fixture
def ha_giang_1(db) -> AdminUnit:
    return unit(world.COMMUNE_HA_GIANG_1)


# --- The users of the test world, one per role, named by what they cover -----------------------------------

PASSWORD = "mat-khau-thu-nghiem"


def _user_with_role(username: str, role: str, unit_code: str):
    from tests.factories import AssignmentFactory, UserFactory

    home = unit(unit_code)
    user = UserFactory(username=username, home_unit=None if home.level == Level.NATION else home)
    AssignmentFactory(user=user, role=role, unit=home)
    return user


@pytest.fixture
def ministry_officer(db):
    return _user_with_role("bo_v05", "ministry", "VN")


@pytest.fixture
def province_officer(db):
    """PV05 officer of province 33 (Hưng Yên)."""
    return _user_with_role("pv05_33", "province", "33")


@pytest.fixture
def other_province_officer(db):
    """PV05 officer of province 08 (Tuyên Quang)."""
    return _user_with_role("pv05_08", "province", "08")


@pytest.fixture
def commune_officer(db):
    """Officer of commune 12688 (Xã Đông Hưng, Hưng Yên)."""
    return _user_with_role("ca_12688", "commune", world.COMMUNE_DONG_HUNG)


@pytest.fixture
def other_commune_officer(db):
    """Officer of commune 12583 (Xã Tân Tiến, Hưng Yên) — same province, different commune."""
    return _user_with_role("ca_12583", "commune", world.COMMUNE_TAN_TIEN)


@pytest.fixture
def viewer(db):
    """Steering-committee member for province 33: aggregates and documents only."""
    return _user_with_role("bcd_33", "viewer", "33")


@pytest.fixture
def no_role_user(db):
    from tests.factories import UserFactory

    return UserFactory(username="khong_quyen")

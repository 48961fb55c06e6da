"""Shared fixtures: fast hashing, the small geography loaded once per session, and the users of the test world."""

from __future__ import annotations

import pytest

from antq.geo.models import AdminUnit, Level
from tests import world


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

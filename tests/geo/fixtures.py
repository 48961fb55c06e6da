"""Geo fixtures: every current commune of Hưng Yên, for pages that list a whole province (case F13)."""

from __future__ import annotations

import functools

import pytest

from antq.geo.models import AdminUnit, Level
from antq.geo.services import UnitRow, _package_rows, geography_load


@functools.cache
def _hung_yen_rows() -> list[UnitRow]:
    rows, _links = _package_rows()
    province = (Level.PROVINCE.value, "33", None)
    return [
        r
        for r in rows
        if r.valid_to is None
        and (r.level == Level.NATION or r.key == province or (r.level == Level.COMMUNE and r.parent_key == province))
    ]


@pytest.fixture
def hung_yen_communes(db) -> list[AdminUnit]:
    """The 104 communes of Hưng Yên after 1/7/2025 (the small world has 4), loaded through `geography_load`."""
    geography_load(rows=_hung_yen_rows(), links=[])
    return list(AdminUnit.objects.filter(level=Level.COMMUNE, parent__code="33", valid_to__isnull=True))

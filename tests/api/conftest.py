"""API fixtures: rows below communes of the test world (Đông Hưng 12688 and Tân Tiến 12583, both in 33)."""

from __future__ import annotations

import pytest

from antq.geo.models import Establishment, Locality
from tests.api.helpers import make_localities


@pytest.fixture
def dong_hung_locality(dong_hung) -> Locality:
    return make_localities(dong_hung, 1)[0]


@pytest.fixture
def tan_tien_locality(tan_tien) -> Locality:
    return make_localities(tan_tien, 1, start=100)[0]


@pytest.fixture
def dong_hung_school(dong_hung, dong_hung_locality) -> Establishment:
    return Establishment.objects.create(
        commune=dong_hung, locality=dong_hung_locality, name="Trường THCS Đông Hưng", kind="school"
    )


@pytest.fixture
def tan_tien_school(tan_tien) -> Establishment:
    return Establishment.objects.create(commune=tan_tien, name="Trường THCS Tân Tiến", kind="school")

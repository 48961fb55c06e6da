"""A unit name written with its diacritics resolves only to a unit spelled exactly so (tester's report, item 1):
"Đông Xuân" is never read as "Xã Đồng Xuân"; old units spelled exactly are named with what they became. A name
written without diacritics may match folded, and is ambiguous when several units match."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from antq.core.errors import AmbiguousName, FormerUnitName, UnitNameNotExact
from antq.geo.selectors import current_units, unit_resolve
from antq.geo.services import geography_load
from tests.geo.test_unit_names import _rows_for

# Xã Đồng Xuân (22081, Đắk Lắk); Xã Sóc Sơn (00376) and Xã Yên Xuân (04930), Hà Nội, which took in two old
# "Xã Đông Xuân" (00436, 04939).


@pytest.fixture
def dong_xuan(db):
    """Xã Đồng Xuân (22081) only: no unit, current or old, is spelled "Đông Xuân" (rolled back)."""
    rows, links = _rows_for(frozenset({"66"}), frozenset({"22081"}))
    geography_load(rows=rows, links=links)


@pytest.fixture
def dong_xuan_and_old(db):
    """Xã Đồng Xuân (22081) and the two old "Xã Đông Xuân" of Hà Nội with today's units they became (rolled back)."""
    rows, links = _rows_for(frozenset({"66", "01"}), frozenset({"22081", "00376", "04930"}))
    geography_load(rows=rows, links=links)


@pytest.mark.django_db
def test_a_name_with_diacritics_never_resolves_to_a_unit_that_only_folds_alike(dong_xuan):
    with pytest.raises(UnitNameNotExact) as error:
        unit_resolve("Đông Xuân")
    assert error.value.message == "Không có đơn vị tên “Đông Xuân”; có phải: Xã Đồng Xuân (22081, Tỉnh Đắk Lắk)?"
    assert error.value.candidates == ["22081 Xã Đồng Xuân, Tỉnh Đắk Lắk"]
    with pytest.raises(UnitNameNotExact):
        unit_resolve("X. Đông Xuân")
    assert unit_resolve("Đồng Xuân").code == "22081"
    assert unit_resolve("Xã Đồng Xuân, Đắk Lắk").code == "22081"


@pytest.mark.django_db
def test_a_name_without_diacritics_matches_folded(dong_xuan):
    assert unit_resolve("Dong Xuan").code == "22081"
    assert unit_resolve("X. Dong Xuan").code == "22081"


@pytest.mark.django_db
def test_old_units_spelled_exactly_are_named_as_merged(dong_xuan_and_old):
    with pytest.raises(FormerUnitName) as error:
        unit_resolve("Đông Xuân")
    message = error.value.message
    assert "Xã Đông Xuân, Huyện Sóc Sơn" in message and "đã sáp nhập vào 00376 Xã Sóc Sơn" in message
    assert "đã sáp nhập vào 04930 Xã Yên Xuân" in message
    assert "Có phải: Xã Đồng Xuân (22081, Tỉnh Đắk Lắk)?" in message
    assert [c.split()[0] for c in error.value.candidates] == ["00376", "04930", "22081"]


@pytest.mark.django_db
def test_a_name_without_diacritics_is_ambiguous_when_several_units_match(dong_xuan):
    from antq.core.text import fold

    twin = current_units().get(code="12583")  # a second unit whose name folds to "dong xuan" (rolled back)
    twin.name, twin.short_name, twin.folded_name = "Xã Đông Xuân", "Đông Xuân", fold("Xã Đông Xuân")
    twin.save(update_fields=["name", "short_name", "folded_name"])
    with pytest.raises(AmbiguousName):
        unit_resolve("Dong Xuan")
    assert unit_resolve("Đông Xuân").pk == twin.pk


@pytest.mark.django_db
def test_cli_refuses_a_name_that_only_folds_alike(commune_officer, ministry_officer, dong_xuan_and_old):
    for username in ("ca_12688", "bo_v05"):
        out = StringIO()
        with pytest.raises(CommandError) as error:
            call_command("indicators", unit="Đông Xuân", period="2025", username=username, stdout=out)
        assert "đã sáp nhập vào" in str(error.value) and out.getvalue() == ""


@pytest.mark.django_db
def test_api_filters_refuse_a_name_that_only_folds_alike(client, ministry_officer, dong_xuan):
    client.force_login(ministry_officer)
    answer = client.get("/api/v1/indicators", {"unit": "Đông Xuân", "period": "2025"})
    assert answer.status_code == 400 and answer.json()["code"] == "not_exact"
    assert answer.json()["candidates"] == ["22081 Xã Đồng Xuân, Tỉnh Đắk Lắk"]
    teams = client.get("/api/v1/forces/teams", {"commune": "Đông Xuân"})
    assert teams.status_code == 400 and teams.json()["field"] == "commune"
    assert client.get("/api/v1/forces/teams", {"commune": "Đồng Xuân"}).status_code == 200

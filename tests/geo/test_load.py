"""Loading the national map from `vietnam-provinces`: counts, real codes and names, idempotence, old→new links."""

import datetime as dt

import pytest

from antq.geo.models import AdminUnit, AdminUnitVersion, Level, UnitSuccession
from antq.geo.services import geography_load
from tests.conftest import unit


@pytest.mark.full_geography
@pytest.mark.django_db
def test_full_load_has_34_provinces_and_3321_communes_and_is_idempotent():
    first = geography_load()
    current = AdminUnit.objects.filter(valid_to__isnull=True)
    assert current.filter(level=Level.PROVINCE).count() == 34
    assert current.filter(level=Level.COMMUNE).count() == 3321
    kinds = {k: current.filter(level=Level.COMMUNE, kind=k).count() for k in ("xa", "phuong", "dac_khu")}
    assert kinds == {"xa": 2621, "phuong": 687, "dac_khu": 13}
    legacy = AdminUnit.objects.filter(valid_to=dt.date(2025, 6, 30))
    assert legacy.filter(level=Level.PROVINCE).count() == 63
    assert legacy.filter(level=Level.DISTRICT).count() == 696
    assert legacy.filter(level=Level.COMMUNE).count() == 10051
    assert first.created > 0

    again = geography_load()
    assert (again.created, again.updated, again.successions_created) == (0, 0, 0)
    assert AdminUnit.objects.count() == 1 + 34 + 3321 + 63 + 696 + 10051
    assert AdminUnitVersion.objects.count() == AdminUnit.objects.count()


@pytest.mark.django_db
def test_real_codes_and_names():
    dong_hung = unit("12688")
    assert dong_hung.name == "Xã Đông Hưng"
    assert dong_hung.parent.code == "33"
    assert dong_hung.parent.name == "Tỉnh Hưng Yên"
    assert dong_hung.parent.short_name == "Hưng Yên"
    ha_giang_1 = unit("00694")
    assert ha_giang_1.name == "Phường Hà Giang 1"
    assert ha_giang_1.parent.name == "Tỉnh Tuyên Quang"
    assert ha_giang_1.kind == "phuong"


@pytest.mark.django_db
def test_reloading_the_small_world_changes_nothing():
    from tests.world import small_geography

    rows, links = small_geography()
    before = AdminUnit.objects.count()
    result = geography_load(rows=rows, links=links)
    assert (result.created, result.updated, result.successions_created) == (0, 0, 0)
    assert AdminUnit.objects.count() == before


@pytest.mark.django_db
def test_reused_code_is_a_different_unit_with_its_own_version():
    # Legacy Thị trấn Đông Hưng (Thái Bình) and today's Xã Đông Hưng (Hưng Yên) share code 12688.
    old = AdminUnit.objects.get(level=Level.COMMUNE, code="12688", valid_to=dt.date(2025, 6, 30))
    new = unit("12688")
    assert old.pk != new.pk
    assert old.name == "Thị trấn Đông Hưng"
    assert old.parent.parent.name == "Tỉnh Thái Bình"
    assert new.versions.get().valid_from == dt.date(2025, 7, 1)
    assert old.versions.get().valid_to == dt.date(2025, 6, 30)


@pytest.mark.django_db
def test_merged_province_maps_thai_binh_into_hung_yen():
    thai_binh = AdminUnit.objects.get(level=Level.PROVINCE, code="34", valid_to__isnull=False)
    link = UnitSuccession.objects.get(old_unit=thai_binh)
    assert link.new_unit == unit("33")
    assert link.partial is False
    # Today's Xã Đông Hưng was formed from six whole legacy wards of Thái Bình.
    assert UnitSuccession.objects.filter(new_unit=unit("12688"), partial=False).count() == 6


@pytest.mark.django_db
def test_split_ward_maps_to_two_communes_marked_partial():
    old = AdminUnit.objects.get(level=Level.COMMUNE, code="11989", valid_to__isnull=False)
    links = UnitSuccession.objects.filter(old_unit=old).select_related("new_unit")
    assert {link.new_unit.code for link in links} == {"11992", "11995"}
    assert all(link.partial for link in links)


@pytest.mark.django_db
def test_renamed_unit_keeps_its_id_and_gets_a_new_version():
    from tests.world import small_geography

    rows, links = small_geography()
    renamed = [
        r if r.code != "12688" or r.valid_to else r.__class__(**{**r.__dict__, "name": "Xã Đông Hưng Mới"})
        for r in rows
    ]
    result = geography_load(rows=renamed, links=links, today=dt.date(2026, 1, 1))
    dong_hung = unit("12688")
    assert result.updated == 1
    assert dong_hung.name == "Xã Đông Hưng Mới"
    versions = list(dong_hung.versions.order_by("valid_from"))
    assert [(v.name, v.valid_from, v.valid_to) for v in versions] == [
        ("Xã Đông Hưng", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        ("Xã Đông Hưng Mới", dt.date(2026, 1, 1), None),
    ]

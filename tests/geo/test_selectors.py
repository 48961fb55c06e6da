"""Naming units: codes or "name, province", ambiguity, and folded search."""

import unicodedata

import pytest

from antq.core.errors import AmbiguousName, NotFoundOrOutOfScope
from antq.geo.selectors import unit_resolve, units_search


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["12688", "Xã Đông Hưng, Hưng Yên", "Đông Hưng", "xa dong hung, tinh hung yen"])
def test_resolve_commune_by_code_or_name(text):
    assert unit_resolve(text).code == "12688"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["33", "Hưng Yên", "Tỉnh Hưng Yên", "HƯNG YÊN"])
def test_resolve_province(text):
    assert unit_resolve(text).name == "Tỉnh Hưng Yên"


@pytest.mark.django_db
def test_short_code_is_zero_padded():
    assert unit_resolve("694").name == "Phường Hà Giang 1"
    assert unit_resolve("8").name == "Tỉnh Tuyên Quang"


@pytest.mark.django_db
def test_ambiguous_name_fails_and_lists_candidates():
    with pytest.raises(AmbiguousName) as error:
        unit_resolve("Xã Tân Tiến")
    assert sorted(error.value.candidates) == [
        "01051 Xã Tân Tiến, Tỉnh Tuyên Quang",
        "12583 Xã Tân Tiến, Tỉnh Hưng Yên",
    ]
    assert "trùng với 2 đơn vị" in error.value.message
    assert unit_resolve("Xã Tân Tiến, Tuyên Quang").code == "01051"


@pytest.mark.django_db
def test_unknown_unit_is_not_found():
    with pytest.raises(NotFoundOrOutOfScope):
        unit_resolve("Xã Không Có")


@pytest.mark.django_db
def test_legacy_units_are_not_resolved_as_today():
    # Legacy code 34 (Thái Bình) no longer exists today.
    with pytest.raises(NotFoundOrOutOfScope):
        unit_resolve("34")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["hung yen", "HƯNG YÊN", "Hưng Yên", unicodedata.normalize("NFD", "Hưng Yên")])
def test_folded_search_finds_hung_yen(query):
    assert "Tỉnh Hưng Yên" in [u.name for u in units_search(query)]


@pytest.mark.django_db
def test_search_ignores_old_and_new_tone_placement():
    # "Hoà" (old style) and "Hòa" (new style) fold alike; Hà Giang 1 has no "hoa", so check on Đông Hưng too.
    assert [u.code for u in units_search("đông hưng")] == ["12688"]
    assert [u.code for u in units_search("dong   HUNG")] == ["12688"]
    assert list(units_search("Hoà")) == list(units_search("Hòa"))


@pytest.mark.django_db
def test_search_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        list(units_search("ha giang"))

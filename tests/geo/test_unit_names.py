"""Units found as people write them (issue 17, item 2): abbreviations and type words, well-known aliases, old names
from before 1/7/2025 leading to today's units, exact-spelling redirects, "name, province", scope — in search, the
CLI, the API filters and unit URLs."""

from __future__ import annotations

import functools
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from antq.core.errors import AmbiguousName, FormerUnitName, NotFoundOrOutOfScope
from antq.geo import rules
from antq.geo.models import Level
from antq.geo.selectors import current_units, unit_resolve, units_find
from antq.geo.services import UnitRow, _package_rows, geography_load

# --- The pure normalisation (geo.rules) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("TP. Hồ Chí Minh", "thành phố hồ chí minh"),
        ("Tp HCM", "thành phố hồ chí minh"),
        ("TP.HCM", "thành phố hồ chí minh"),
        ("TPHCM", "thành phố hồ chí minh"),
        ("tp. hcm", "thành phố hồ chí minh"),
        ("HCM", "thành phố hồ chí minh"),
        ("Thành phố HCM", "thành phố hồ chí minh"),
        ("Tp. Hà Nội", "thành phố hà nội"),
        ("Thành phố  Hà Nội", "thành phố hà nội"),
        ("T. Hưng Yên", "tỉnh hưng yên"),
        ("tỉnh Hưng Yên", "tỉnh hưng yên"),
        ("X. Đông Hưng", "xã đông hưng"),
        ("x.Đông Hưng", "xã đông hưng"),
        ("P. Hà Giang 1", "phường hà giang 1"),
        ("P.Hà Giang 1", "phường hà giang 1"),
        ("TT. Đông Hưng", "thị trấn đông hưng"),
        ("TT Đông Hưng", "thị trấn đông hưng"),
        ("Q. 1", "quận 1"),
        ("Q1", "quận 1"),
        ("H. Đông Hưng", "huyện đông hưng"),
        ("TX. Sơn Tây", "thị xã sơn tây"),
    ],
)
def test_type_words_and_abbreviations_are_spelled_out(written, normalised):
    assert rules.unit_name_normalize(written) == normalised


@pytest.mark.parametrize("written", ["HN", "Sài Gòn", "SG", "Tân Tiến", "Phương Độ", "Hà Giang", "X Đông Hưng"])
def test_names_that_only_look_abbreviated_are_left_alone(written):
    # No alias for names that could mean another unit (Phường Sài Gòn exists since 1/7/2025); a one-letter
    # abbreviation needs its dot, so "Tân…" or "X Đông Hưng" are never read as "Tỉnh …" / "Xã …".
    assert rules.unit_name_normalize(written) == " ".join(written.lower().split())


def test_diacritics_are_looked_for_past_the_type_word():
    assert rules.has_diacritics(rules.unit_name_normalize("X. Đông Xuân"))
    assert not rules.has_diacritics(rules.unit_name_normalize("X. Dong Xuan"))
    assert not rules.has_diacritics(rules.unit_name_normalize("Xã Dong Xuan"))


def test_exact_spelling_keeps_diacritics_but_not_tone_placement_or_type_word():
    assert rules.spelled_as("đông hưng", "Xã Đông Hưng", "Đông Hưng")
    assert rules.spelled_as("xã đông hưng", "Xã Đông Hưng", "Đông Hưng")
    assert rules.spelled_as("hòa bình", "Xã Hoà Bình", "Hoà Bình")
    assert not rules.spelled_as("đông xuân", "Xã Đồng Xuân", "Đồng Xuân")
    assert not rules.spelled_as("dong hung", "Xã Đông Hưng", "Đông Hưng")
    assert not rules.spelled_as("phường đông hưng", "Xã Đông Hưng", "Đông Hưng")


# --- More of the real map, for the names the fixed world lacks ------------------------------------------------------


@functools.cache
def _rows_for(provinces: frozenset[str], communes: frozenset[str]) -> tuple[list[UnitRow], list[tuple]]:
    """The package's rows for these current units and the legacy units that flow into them (as tests/world.py)."""
    rows, links = _package_rows()
    by_key = {r.key: r for r in rows}
    current = {
        r.key
        for r in rows
        if r.valid_to is None
        and ((r.level == Level.PROVINCE and r.code in provinces) or (r.level == Level.COMMUNE and r.code in communes))
    }
    kept = [link for link in links if link[1] in current and link[0] in by_key]
    legacy = {link[0] for link in kept}
    for key in list(legacy):
        parent = by_key[key].parent_key
        while parent is not None and parent[0] != Level.NATION:
            legacy.add(parent)
            parent = by_key[parent].parent_key
    wanted = current | legacy
    return [r for r in rows if r.key in wanted], kept


@pytest.fixture
def big_cities(db):
    """Thành phố Hồ Chí Minh (79) with Phường Sài Gòn and Phường Bến Thành (old Quận 1's wards), Thành phố Hà Nội
    (01), and Xã Đồng Xuân (22081, Đắk Lắk) — added for these tests only (rolled back)."""
    rows, links = _rows_for(frozenset({"79", "01", "66"}), frozenset({"26740", "26743", "22081"}))
    geography_load(rows=rows, links=links)


# --- The CLI and every caller of unit_resolve ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["TP. Hồ Chí Minh", "Tp HCM", "TP.HCM", "TPHCM", "thanh pho ho chi minh", "Hồ Chí Minh", "79"]
)
def test_resolve_ho_chi_minh_city_as_people_write_it(big_cities, text):
    assert unit_resolve(text).name == "Thành phố Hồ Chí Minh"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Tp. Hà Nội", "Thành phố Hà Nội", "TP HÀ NỘI", "Hà Nội"])
def test_resolve_ha_noi_as_people_write_it(big_cities, text):
    assert unit_resolve(text).code == "01"


@pytest.mark.django_db
def test_sai_gon_is_the_ward_not_the_city(big_cities):
    assert unit_resolve("Sài Gòn").code == "26740"
    assert unit_resolve("P. Sài Gòn, TP.HCM").code == "26740"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["X. Đông Hưng", "x.Đông Hưng, T. Hưng Yên", "Xã Đông Hưng, tỉnh Hưng Yên", "Đông Hưng , Hưng Yên", "xa dong hung"],
)
def test_resolve_commune_with_abbreviated_type_words(text):
    assert unit_resolve(text).code == "12688"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["T. Hưng Yên", "tỉnh Hưng Yên", "TỈNH HƯNG YÊN"])
def test_resolve_province_with_type_word(text):
    assert unit_resolve(text).code == "33"


@pytest.mark.django_db
def test_a_wrong_type_word_finds_nothing():
    with pytest.raises(NotFoundOrOutOfScope):
        unit_resolve("P. Đông Hưng")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "successor"),
    [
        ("Thị trấn Đông Hưng", "12688"),  # a thị trấn (legacy code 12688 too, in Thái Bình)
        ("TT. Đông Hưng", "12688"),
        ("Xã Đông Sơn", "12688"),  # a commune, with its type word
        ("Đông Sơn", "12688"),  # … and without
        ("Đông Sơn, Thái Bình", "12688"),  # with the old province
        ("Đông Sơn, Hưng Yên", "12688"),  # with today's
        ("Tỉnh Thái Bình", "33"),  # a province
        ("Thái Bình", "33"),
        ("Huyện Quỳnh Phụ", "12583"),  # a district
    ],
)
def test_an_old_name_is_refused_naming_todays_unit(text, successor):
    with pytest.raises(FormerUnitName) as error:
        unit_resolve(text)
    assert [c.split()[0] for c in error.value.candidates] == [successor]
    became = "địa bàn nay thuộc" if text.startswith("Huyện") else "đã sáp nhập vào"
    assert "trước 01/07/2025" in error.value.message and f"— {became} {successor} " in error.value.message
    assert isinstance(error.value, AmbiguousName)  # callers that list candidates list these too


@pytest.mark.django_db
def test_an_old_commune_split_in_two_names_both_successors():
    # Legacy Xã Lạc Đạo (11989) went partly to today's Xã Lạc Đạo and partly to Xã Đại Đồng — but a current unit
    # of the name wins: "Lạc Đạo" is today's Xã Lạc Đạo. Written with its old district, it is the old one.
    assert unit_resolve("Lạc Đạo").code == "11992"
    with pytest.raises(FormerUnitName) as error:
        unit_resolve("Xã Lạc Đạo, Văn Lâm")
    assert sorted(c.split()[0] for c in error.value.candidates) == ["11992", "11995"]
    assert "(một phần)" in error.value.message


@pytest.mark.django_db
def test_an_old_name_with_the_wrong_province_is_not_found():
    with pytest.raises(NotFoundOrOutOfScope):
        unit_resolve("Đông Sơn, Tuyên Quang")


@pytest.mark.django_db
def test_an_old_name_asked_for_at_another_level_is_not_found():
    with pytest.raises(NotFoundOrOutOfScope):
        unit_resolve("Thái Bình", level=Level.COMMUNE)


@pytest.mark.django_db
def test_diacritics_pick_the_unit_spelled_exactly_among_names_that_fold_alike(big_cities):
    from antq.core.text import fold

    xuan = current_units().get(code="22081")
    twin = current_units().get(code="12583")  # make a "Xã Đông Xuân" beside "Xã Đồng Xuân" (rolled back)
    twin.name, twin.short_name, twin.folded_name = "Xã Đông Xuân", "Đông Xuân", fold("Xã Đông Xuân")
    twin.save(update_fields=["name", "short_name", "folded_name"])
    assert unit_resolve("Đông Xuân").pk == twin.pk
    assert unit_resolve("Đồng Xuân").pk == xuan.pk
    with pytest.raises(AmbiguousName):
        unit_resolve("Dong Xuan")  # without its marks it could be either


@pytest.mark.django_db
def test_cli_command_refuses_an_old_name_naming_the_successor(ministry_officer):
    with pytest.raises(CommandError) as error:
        call_command("indicators", unit="TT. Đông Hưng", period="2025", username="bo_v05", stdout=StringIO())
    assert "Xã Đông Hưng" in str(error.value) and "12688" in str(error.value)


@pytest.mark.django_db
def test_cli_command_takes_an_abbreviated_name(ministry_officer):
    out = StringIO()
    call_command("indicators", unit="X. Đông Hưng, T. Hưng Yên", period="2025", username="bo_v05", stdout=out)
    assert json.loads(out.getvalue())


# --- The API filters ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_unit_filter_takes_abbreviations_and_refuses_old_names(client, ministry_officer):
    client.force_login(ministry_officer)
    ok = client.get("/api/v1/indicators", {"unit": "T. Hưng Yên", "period": "2025"})
    assert ok.status_code == 200
    old = client.get("/api/v1/indicators", {"unit": "Thái Bình", "period": "2025"})
    assert old.status_code == 400
    body = old.json()
    assert body["code"] == "former_unit"
    assert body["candidates"] == ["33 Tỉnh Hưng Yên"]


# --- The search page ---------------------------------------------------------------------------------------------


def _search(client, user, q):
    client.force_login(user)
    return client.get(reverse("geo:search"), {"q": q})


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Đông Hưng", "Xã Đông Hưng", "X. Đông Hưng", "xã đông hưng"])
def test_search_goes_straight_to_a_unit_spelled_exactly(client, commune_officer, q):
    response = _search(client, commune_officer, q)
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["12688"])


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["TP.HCM", "Tp HCM", "TPHCM", "TP. Hồ Chí Minh"])
def test_search_finds_ho_chi_minh_city_by_its_abbreviations(client, ministry_officer, big_cities, q):
    response = _search(client, ministry_officer, q)
    assert response.status_code == 302 and response.url == reverse("geo:province", args=["79"])


@pytest.mark.django_db
def test_search_lists_rather_than_jumps_to_a_name_that_only_folds_alike(client, ministry_officer, big_cities):
    response = _search(client, ministry_officer, "Đông Xuân")
    assert response.status_code == 200
    assert [u.code for u in response.context["results"]] == ["22081"]  # Xã Đồng Xuân, listed
    response = _search(client, ministry_officer, "Đồng Xuân")
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["22081"])


@pytest.mark.django_db
def test_search_without_diacritics_lists(client, commune_officer):
    response = _search(client, commune_officer, "dong hung")
    assert response.status_code == 200
    assert [u.code for u in response.context["results"]] == ["12688"]


@pytest.mark.django_db
def test_search_takes_name_comma_province(client, ministry_officer):
    response = _search(client, ministry_officer, "Tân Tiến, Hưng Yên")
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["12583"])
    response = _search(client, ministry_officer, "Tân Tiến")
    assert {u.code for u in response.context["results"]} == {"12583", "01051"}


@pytest.mark.django_db
def test_search_finds_an_old_name_and_leads_to_todays_unit(client, province_officer):
    response = _search(client, province_officer, "Thị trấn Đông Hưng")
    assert response.status_code == 200
    body = response.content.decode()
    former = response.context["former"]
    assert [(f.unit.name, [s.unit.code for s in f.successors]) for f in former] == [("Thị trấn Đông Hưng", ["12688"])]
    assert "đã sáp nhập vào" in body and reverse("geo:commune", args=["12688"]) in body
    assert "Huyện Đông Hưng, Tỉnh Thái Bình" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "old_name", "successors"),
    [
        ("Đông Sơn", "Xã Đông Sơn", ["12688"]),
        ("Đông Sơn, Thái Bình", "Xã Đông Sơn", ["12688"]),
        ("Đông Sơn, Hưng Yên", "Xã Đông Sơn", ["12688"]),
        ("Thái Bình", "Tỉnh Thái Bình", ["33"]),
        ("Quỳnh Phụ", "Huyện Quỳnh Phụ", ["12583"]),
        ("Lạc Đạo, Văn Lâm", "Xã Lạc Đạo", ["11992", "11995"]),
    ],
)
def test_search_leads_old_names_to_todays_units(client, province_officer, q, old_name, successors):
    response = _search(client, province_officer, q)
    assert response.status_code == 200
    former = {f.unit.name: sorted(s.unit.code for s in f.successors) for f in response.context["former"]}
    assert former[old_name] == successors
    assert "Tên cũ (trước 01/07/2025)" in response.content.decode()


@pytest.mark.django_db
def test_search_does_not_jump_when_an_old_unit_of_the_name_went_elsewhere(client, ministry_officer):
    # Today's Xã Lạc Đạo is spelled exactly, but the old Xã Lạc Đạo went partly to Xã Đại Đồng: list both.
    response = _search(client, ministry_officer, "Lạc Đạo")
    assert response.status_code == 200
    assert [u.code for u in response.context["results"]] == ["11992"]
    assert any(f.unit.name == "Xã Lạc Đạo" for f in response.context["former"])


@pytest.mark.django_db
def test_search_does_not_reveal_an_old_unit_outside_scope(client, province_officer, other_province_officer):
    # Old Hà Giang became part of Tuyên Quang (08): not Hưng Yên's officer's to see.
    response = _search(client, province_officer, "Hà Giang")
    assert response.context["former"] == [] and response.context["results"] == []
    assert "Không tìm thấy" in response.content.decode()
    response = _search(client, other_province_officer, "Hà Giang")
    assert {f.unit.name for f in response.context["former"]} >= {"Tỉnh Hà Giang", "Thành phố Hà Giang"}


@pytest.mark.django_db
def test_search_shows_only_successors_in_scope(client, other_commune_officer):
    # Old Xã Lạc Đạo became parts of 11992 and 11995; neither is Tân Tiến's officer's: the old unit stays hidden.
    response = _search(client, other_commune_officer, "Lạc Đạo")
    assert response.context["former"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Quỳnh Phụ", "Đông", "a"])
def test_search_is_a_fixed_number_of_queries_whatever_the_hits(q, django_assert_max_num_queries):
    # today's units, old units, their successors (communes and provinces), the successors of old districts
    with django_assert_max_num_queries(4):
        found = units_find(q, within=current_units())
        labels = [(f.label, [s.unit.label for s in f.successors]) for f in found.former]
        labels += [u.label for u in found.units]
    assert found.former


# --- Unit URLs given a name --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_unit_url_given_a_name_finds_the_unit(client, province_officer):
    client.force_login(province_officer)
    response = client.get(reverse("geo:province", args=["T. Hưng Yên"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("geo:province", args=["33"])
    response = client.get(reverse("geo:commune", args=["Đông Hưng"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("geo:commune", args=["12688"])


@pytest.mark.django_db
def test_a_unit_url_given_a_name_outside_scope_reveals_nothing(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(reverse("geo:province", args=["Tuyên Quang"]), follow=True)
    assert response.status_code == 200
    assert response.context["results"] == [] and response.context["former"] == []


# --- Old names of the big cities (Quận 1, its wards, the provinces merged into Thành phố Hồ Chí Minh) --------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "successors"),
    [
        ("Q. 1", ["26740", "26743"]),  # a district: its wards became parts of Sài Gòn and Bến Thành
        ("Quận 1, TP.HCM", ["26740", "26743"]),
        ("P. Bến Nghé", ["26740"]),
        ("Bến Nghé, Tp HCM", ["26740"]),
        ("Bình Dương", ["79"]),
    ],
)
def test_old_names_in_ho_chi_minh_city_lead_to_todays_units(big_cities, text, successors):
    with pytest.raises(FormerUnitName) as error:
        unit_resolve(text)
    assert sorted(c.split()[0] for c in error.value.candidates) == successors


@pytest.mark.django_db
def test_search_lists_an_old_district_with_the_units_it_became(client, ministry_officer, big_cities):
    response = _search(client, ministry_officer, "Q.1, TP.HCM")
    assert response.status_code == 200
    quan_1 = next(f for f in response.context["former"] if f.unit.name == "Quận 1")
    assert sorted(s.unit.code for s in quan_1.successors) == ["26740", "26743"]
    assert "địa bàn nay thuộc" in response.content.decode()


@pytest.mark.django_db
def test_search_goes_to_a_ward_whose_old_namesake_became_it(client, ministry_officer, big_cities):
    # Old Phường Bến Thành became (all of it) today's Phường Bến Thành: nothing else to offer, straight there.
    response = _search(client, ministry_officer, "P. Bến Thành")
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["26743"])

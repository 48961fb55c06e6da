"""/api/v1/geo/: scope (200 in scope, the same 404 out of scope or missing), filters, pagination, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from antq.core.text import place_sort_key
from antq.geo.models import AdminUnit, Level, UnitKind
from tests.api.helpers import API, make_establishments, make_localities, session_client, token_client

NOT_FOUND = {"code": "not_found", "message": "Không tìm thấy.", "field": None}
NOT_FOUND_UNIT = {"code": "not_found", "message": "Không tìm thấy đơn vị.", "field": None}


def codes(response) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


# --- Details: in scope 200, out of scope 404 with the body of a missing object ----------------------------


@pytest.mark.django_db
def test_province_officer_gets_own_province_and_404_for_another(province_officer):
    client = token_client(province_officer)

    own = client.get(f"{API}/geo/provinces/33")
    other = client.get(f"{API}/geo/provinces/08")
    missing = client.get(f"{API}/geo/provinces/99")

    assert own.status_code == 200
    assert own.json() | {"id": 0} == {
        "id": 0,
        "code": "33",
        "name": "Tỉnh Hưng Yên",
        "short_name": "Hưng Yên",
        "kind": "tinh",
        "commune_count": 4,
    }
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == NOT_FOUND_UNIT


@pytest.mark.django_db
def test_commune_officer_gets_own_commune_and_404_for_other_commune_of_same_province(commune_officer):
    client = token_client(commune_officer)

    own = client.get(f"{API}/geo/communes/12688")
    other = client.get(f"{API}/geo/communes/12583")
    missing = client.get(f"{API}/geo/communes/99999")

    assert own.status_code == 200
    body = own.json()
    assert (body["code"], body["name"], body["province"]) == (
        "12688",
        "Xã Đông Hưng",
        {"code": "33", "name": "Tỉnh Hưng Yên"},
    )
    assert (body["locality_count"], body["establishment_count"]) == (0, 0)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == NOT_FOUND_UNIT


@pytest.mark.django_db
def test_commune_officer_gets_404_for_their_province(commune_officer):
    # A commune officer covers their commune, not the whole province (as on the pages).
    assert token_client(commune_officer).get(f"{API}/geo/provinces/33").status_code == 404


@pytest.mark.django_db
def test_commune_code_is_zero_padded(ministry_officer):
    response = token_client(ministry_officer).get(f"{API}/geo/communes/694")
    assert response.status_code == 200
    assert response.json()["code"] == "00694"


@pytest.mark.django_db
def test_commune_officer_gets_locality_of_own_commune_and_404_for_other(
    commune_officer, dong_hung_locality, tan_tien_locality
):
    client = token_client(commune_officer)

    own = client.get(f"{API}/geo/localities/{dong_hung_locality.pk}")
    other = client.get(f"{API}/geo/localities/{tan_tien_locality.pk}")
    missing = client.get(f"{API}/geo/localities/999999")

    assert own.status_code == 200
    assert own.json() == {
        "id": dong_hung_locality.pk,
        "name": "Thôn 1",
        "kind": "thon",
        "households": 1,
        "population": None,
        "commune": {"code": "12688", "name": "Xã Đông Hưng"},
        "ended_on": None,
    }
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == NOT_FOUND


@pytest.mark.django_db
def test_commune_officer_gets_establishment_of_own_commune_and_404_for_other(
    commune_officer, dong_hung_school, tan_tien_school
):
    client = token_client(commune_officer)

    own = client.get(f"{API}/geo/establishments/{dong_hung_school.pk}")
    other = client.get(f"{API}/geo/establishments/{tan_tien_school.pk}")
    missing = client.get(f"{API}/geo/establishments/999999")

    assert own.status_code == 200
    assert own.json()["name"] == "Trường THCS Đông Hưng"
    assert own.json()["locality"] == {"id": dong_hung_school.locality_id, "name": "Thôn 1"}
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == NOT_FOUND


@pytest.mark.django_db
def test_other_province_officer_gets_404_for_hung_yen_rows(other_province_officer, dong_hung_school):
    client = token_client(other_province_officer)
    for path in (
        "/geo/provinces/33",
        "/geo/communes/12688",
        f"/geo/localities/{dong_hung_school.locality_id}",
        f"/geo/establishments/{dong_hung_school.pk}",
    ):
        assert client.get(API + path).status_code == 404, path


@pytest.mark.django_db
def test_ministry_officer_sees_every_unit_and_row(ministry_officer, dong_hung_school, tan_tien_school):
    client = token_client(ministry_officer)

    assert codes(client.get(f"{API}/geo/provinces")) == ["08", "33"]
    assert codes(client.get(f"{API}/geo/communes")) == ["00694", "01051", "11992", "11995", "12583", "12688"]
    assert client.get(f"{API}/geo/localities").json()["count"] == 1
    assert client.get(f"{API}/geo/establishments").json()["count"] == 2
    for path in ("/geo/provinces/08", "/geo/communes/00694", f"/geo/establishments/{tan_tien_school.pk}"):
        assert client.get(API + path).status_code == 200, path


@pytest.mark.django_db
def test_user_without_role_sees_empty_lists_and_404_on_details(no_role_user, dong_hung_school):
    client = token_client(no_role_user)

    for path in ("/geo/provinces", "/geo/communes", "/geo/localities", "/geo/establishments"):
        response = client.get(API + path)
        assert response.status_code == 200, path
        assert response.json() == {"items": [], "count": 0, "page": 1, "pages": 1, "page_size": 50}
    for path in (
        "/geo/provinces/33",
        "/geo/communes/12688",
        f"/geo/localities/{dong_hung_school.locality_id}",
        f"/geo/establishments/{dong_hung_school.pk}",
    ):
        assert client.get(API + path).status_code == 404, path


@pytest.mark.django_db
def test_viewer_of_province_browses_its_units(viewer):
    client = token_client(viewer)
    assert codes(client.get(f"{API}/geo/provinces")) == ["33"]
    assert codes(client.get(f"{API}/geo/communes")) == ["11992", "11995", "12583", "12688"]


# --- Filters ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_communes_filtered_by_province(ministry_officer):
    client = token_client(ministry_officer)
    assert codes(client.get(f"{API}/geo/communes?province=08")) == ["00694", "01051"]
    assert codes(client.get(f"{API}/geo/communes?province=Tuyên Quang")) == ["00694", "01051"]


@pytest.mark.django_db
def test_filter_by_province_outside_scope_gives_empty_list(province_officer):
    response = token_client(province_officer).get(f"{API}/geo/communes?province=08")
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_commune_officer_filtering_by_own_province_sees_own_commune_only(commune_officer):
    assert codes(token_client(commune_officer).get(f"{API}/geo/communes?province=33")) == ["12688"]


@pytest.mark.django_db
def test_filter_naming_unknown_unit_is_invalid_input(ministry_officer):
    response = token_client(ministry_officer).get(f"{API}/geo/communes?province=99")
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "Không tìm thấy đơn vị “99”.", "field": "province"}


@pytest.mark.django_db
def test_filter_with_ambiguous_commune_name_lists_candidates(ministry_officer):
    response = token_client(ministry_officer).get(f"{API}/geo/localities?commune=Xã Tân Tiến")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("ambiguous", "commune")
    assert sorted(body["candidates"]) == ["01051 Xã Tân Tiến, Tỉnh Tuyên Quang", "12583 Xã Tân Tiến, Tỉnh Hưng Yên"]


@pytest.mark.django_db
def test_localities_filtered_by_commune(province_officer, dong_hung, tan_tien):
    make_localities(dong_hung, 3)
    make_localities(tan_tien, 2, start=10)
    client = token_client(province_officer)

    response = client.get(f"{API}/geo/localities?commune=12688")

    assert response.json()["count"] == 3
    assert {item["commune"]["code"] for item in response.json()["items"]} == {"12688"}
    assert client.get(f"{API}/geo/localities?province=33").json()["count"] == 5


@pytest.mark.django_db
def test_establishments_filtered_by_commune_and_kind(province_officer, dong_hung, tan_tien):
    make_establishments(dong_hung, 2, kind="school")
    make_establishments(dong_hung, 1, kind="enterprise", start=10)
    make_establishments(tan_tien, 4, kind="school", start=20)
    client = token_client(province_officer)

    response = client.get(f"{API}/geo/establishments?commune=12688&kind=school")

    assert response.json()["count"] == 2
    assert {(i["commune"]["code"], i["kind"]) for i in response.json()["items"]} == {("12688", "school")}


@pytest.mark.django_db
def test_unknown_kind_is_invalid_input(province_officer):
    response = token_client(province_officer).get(f"{API}/geo/establishments?kind=casino")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "kind")


# --- Pagination -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_are_paginated_at_50(commune_officer, dong_hung):
    make_localities(dong_hung, 60)
    client = token_client(commune_officer)

    first = client.get(f"{API}/geo/localities").json()
    second = client.get(f"{API}/geo/localities?page=2").json()
    past_end = client.get(f"{API}/geo/localities?page=3").json()

    assert (len(first["items"]), first["count"], first["page"], first["pages"], first["page_size"]) == (
        50,
        60,
        1,
        2,
        50,
    )
    assert (len(second["items"]), second["page"]) == (10, 2)
    assert {i["id"] for i in first["items"]}.isdisjoint({i["id"] for i in second["items"]})
    assert (past_end["items"], past_end["count"]) == ([], 60)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "abc"])
def test_invalid_page_is_invalid_input(commune_officer, page):
    response = token_client(commune_officer).get(f"{API}/geo/localities?page={page}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "page")


# --- Query counts do not grow with rows ---------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API + path)
    assert response.status_code == 200
    return len(captured)


def _add_units(level: str, count: int, parent: AdminUnit, start: int) -> None:
    width = 2 if level == Level.PROVINCE else 5
    AdminUnit.objects.bulk_create(
        AdminUnit(
            level=level,
            code=str(n).zfill(width),
            name=f"Đơn vị {n}",
            short_name=f"Đơn vị {n}",
            folded_name=f"don vi {n}",
            sort_key=place_sort_key(f"Đơn vị {n}"),
            kind=UnitKind.TINH if level == Level.PROVINCE else UnitKind.XA,
            parent=parent,
        )
        for n in range(start, start + count)
    )


@pytest.mark.django_db
def test_province_list_query_count_does_not_grow(ministry_officer):
    client = session_client(ministry_officer)
    nation = AdminUnit.objects.get(level=Level.NATION)
    client.get(f"{API}/geo/provinces")  # warm caches (content types, session) before counting

    with_two = _queries(client, "/geo/provinces")
    _add_units(Level.PROVINCE, 48, nation, start=40)
    with_fifty = _queries(client, "/geo/provinces")

    assert with_two == with_fifty


@pytest.mark.django_db
def test_commune_list_query_count_does_not_grow(province_officer, hung_yen):
    client = session_client(province_officer)
    client.get(f"{API}/geo/communes")

    with_four = _queries(client, "/geo/communes")
    _add_units(Level.COMMUNE, 46, hung_yen, start=90000)
    with_fifty = _queries(client, "/geo/communes")

    assert with_four == with_fifty


@pytest.mark.django_db
def test_locality_list_query_count_does_not_grow(commune_officer, dong_hung):
    client = session_client(commune_officer)
    make_localities(dong_hung, 1)
    client.get(f"{API}/geo/localities")

    with_one = _queries(client, "/geo/localities")
    make_localities(dong_hung, 49, start=1)
    with_fifty = _queries(client, "/geo/localities")

    assert with_one == with_fifty


@pytest.mark.django_db
def test_establishment_list_query_count_does_not_grow(commune_officer, dong_hung, dong_hung_locality):
    client = session_client(commune_officer)
    first = make_establishments(dong_hung, 1)
    first[0].locality = dong_hung_locality
    first[0].save(update_fields=["locality"])
    client.get(f"{API}/geo/establishments")
    path = "/geo/establishments?commune=12688&kind=school"

    with_one = _queries(client, path)
    make_establishments(dong_hung, 49, start=1)
    with_fifty = _queries(client, path)

    assert with_one == with_fifty

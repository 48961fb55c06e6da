"""Unit browser pages: counts, navigation, pagination, Vietnamese order, scoped search, constant query counts."""

import random

import pytest
from django.urls import reverse

from antq.core.text import place_sort_key
from antq.geo import services
from antq.geo.models import Establishment, Locality


@pytest.mark.django_db
def test_nation_page_lists_provinces_with_commune_counts(client, ministry_officer):
    client.force_login(ministry_officer)
    response = client.get(reverse("geo:nation"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh Hưng Yên" in body and "Tỉnh Tuyên Quang" in body
    counts = {p.code: p.commune_count for p in response.context["provinces"]}
    assert counts == {"33": 4, "08": 2}


@pytest.mark.django_db
def test_province_page_lists_communes_with_locality_counts(client, province_officer, dong_hung):
    Locality.objects.create(commune=dong_hung, name="Thôn 1", kind="thon")
    Locality.objects.create(commune=dong_hung, name="Thôn 2", kind="thon")
    Establishment.objects.create(commune=dong_hung, name="Trường THCS Đông Hưng", kind="school")
    client.force_login(province_officer)
    response = client.get(reverse("geo:province", args=["33"]))
    row = next(c for c in response.context["page"] if c.code == "12688")
    assert (row.locality_count, row.establishment_count) == (2, 1)


@pytest.mark.django_db
def test_commune_page_shows_localities_paginated_by_50(client, commune_officer, dong_hung):
    rows = [Locality(commune=dong_hung, name=f"Thôn {i:02d}", kind="thon") for i in range(60)]
    for row in rows:
        row.derive_name_keys()  # bulk_create skips save()
    Locality.objects.bulk_create(rows)
    client.force_login(commune_officer)
    first = client.get(reverse("geo:commune", args=["12688"]))
    second = client.get(reverse("geo:commune", args=["12688"]), {"page": 2})
    assert len(first.context["localities"]) == 50
    assert len(second.context["localities"]) == 10
    assert "Thôn 00" in first.content.decode()


@pytest.mark.django_db
def test_commune_page_query_count_does_not_grow_with_rows(
    client, commune_officer, dong_hung, django_assert_max_num_queries
):
    client.force_login(commune_officer)
    Locality.objects.create(commune=dong_hung, name="Thôn A", kind="thon")
    with django_assert_max_num_queries(50) as one:
        client.get(reverse("geo:commune", args=["12688"]))
    Locality.objects.bulk_create(
        [Locality(commune=dong_hung, name=f"Thôn {i}", kind="thon", folded_name=f"thon {i}") for i in range(49)]
    )
    with django_assert_max_num_queries(50) as fifty:
        client.get(reverse("geo:commune", args=["12688"]))
    assert len(one.captured_queries) == len(fifty.captured_queries)


@pytest.mark.django_db
def test_search_is_scoped(client, commune_officer, ministry_officer):
    client.force_login(ministry_officer)
    assert client.get(reverse("geo:search"), {"q": "Hà Giang 1"}).status_code == 302  # one exact hit: straight there
    assert client.get(reverse("geo:search"), {"q": "ha giang"}).status_code == 200  # folded only: listed
    client.force_login(commune_officer)
    response = client.get(reverse("geo:search"), {"q": "ha giang"})
    assert response.status_code == 200
    assert response.context["results"] == []
    assert "Không tìm thấy" in response.content.decode()


@pytest.mark.django_db
def test_search_lists_several_matches(client, ministry_officer):
    client.force_login(ministry_officer)
    response = client.get(reverse("geo:search"), {"q": "TÂN TIẾN"})
    assert {u.code for u in response.context["results"]} == {"12583", "01051"}


@pytest.mark.django_db
def test_home_sends_a_single_unit_user_to_their_unit(client, commune_officer, no_role_user):
    client.force_login(commune_officer)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["12688"])
    client.force_login(no_role_user)
    assert "chưa được phân quyền" in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("geo:commune", args=["12688"]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.django_db
def test_pagination_links_keep_the_filters(client, province_officer):
    from antq.accounts.models import AuditEntry

    client.force_login(province_officer)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                content_type_id=1,
                object_pk=str(i),
                object_repr=f"x{i}",
                action=0,
                province_id=province_officer.home_unit_id,
            )
            for i in range(60)
        ]
    )
    body = client.get("/tai-khoan/nhat-ky/", {"action": 0}).content.decode()
    assert "?action=0&amp;page=2" in body


HOSTILE = ["99999999999999999999999", "²", "２", "٣", "-1", "%00", "\x00", "9" * 2000]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "args", "param"),
    [
        ("geo:nation", [], "page"),
        ("geo:province", ["33"], "page"),
        ("geo:commune", ["12688"], "page"),
        ("geo:establishments", ["12688"], "page"),
        ("geo:search", [], "q"),
        ("geo:search", [], "page"),
    ],
)
def test_hostile_query_values_never_give_a_server_error(client, ministry_officer, name, args, param):
    client.force_login(ministry_officer)
    for value in HOSTILE:
        response = client.get(reverse(name, args=args), {param: value})
        assert response.status_code in {200, 302}, (name, param, value)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99999999999999999999999", "²", "٣٣", "\x00", "33\x00"])
def test_hostile_unit_codes_in_page_urls_are_404(client, ministry_officer, code):
    client.force_login(ministry_officer)
    for name in ["geo:province", "geo:commune", "geo:establishments"]:
        assert client.get(reverse(name, args=[code])).status_code == 404, (name, code)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "Nguyễn\x00", "²", "9" * 2000])
def test_user_search_ignores_hostile_text(client, province_officer, value):
    # Before: `?q=%00` reached PostgreSQL, which cannot hold NUL in text (500). (The accounts pages' filters.)
    client.force_login(province_officer)
    response = client.get(reverse("accounts:user_list"), {"q": value})
    assert response.status_code == 200
    assert "\x00" not in response.context["query"]


# --- Vietnamese order (case F13) ------------------------------------------------------------------------------


def _in_page_order(body: str, names: list[str]) -> list[str]:
    """`names` in the order the page shows them (each name as a whole table cell)."""
    return sorted(names, key=lambda name: body.index(f">{name}<"))


@pytest.mark.django_db
def test_localities_page_lists_numbers_in_natural_order(client, commune_officer, dong_hung):
    names = [f"Thôn {n}" for n in range(1, 19)]
    for name in random.Random(13).sample(names, len(names)):
        services.locality_create(actor=commune_officer, commune=dong_hung, name=name, kind="thon")
    client.force_login(commune_officer)
    response = client.get(reverse("geo:commune", args=["12688"]))
    assert [locality.name for locality in response.context["localities"]] == names  # Thôn 1, 2, … 10, … 18
    assert _in_page_order(response.content.decode(), names) == names


@pytest.mark.django_db
def test_province_page_lists_communes_in_vietnamese_order(client, province_officer, hung_yen_communes):
    client.force_login(province_officer)
    shown: list[str] = []
    for page in (1, 2, 3):
        response = client.get(reverse("geo:province", args=["33"]), {"page": page})
        on_page = [commune.name for commune in response.context["page"]]
        assert _in_page_order(response.content.decode(), on_page) == on_page
        shown += on_page
    assert len(shown) == len(hung_yen_communes) == 104
    # D before Đ: "Diên Hà" before "Đại Đồng" (by folded name it came after), then "Đoàn Đào".
    dd = [name for name in shown if name in ("Xã Diên Hà", "Xã Đại Đồng", "Xã Đoàn Đào")]
    assert dd == ["Xã Diên Hà", "Xã Đại Đồng", "Xã Đoàn Đào"]
    # u before ư: "Thụy Anh" before "Thư Trì" (by folded name, "thu tri" came first).
    th = [name for name in shown if name in ("Xã Thư Trì", "Xã Thư Vũ", "Xã Thụy Anh")]
    assert th == ["Xã Thụy Anh", "Xã Thư Trì", "Xã Thư Vũ"]
    assert shown == sorted(shown, key=place_sort_key)  # the database's order is the key's, on SQLite and PostgreSQL

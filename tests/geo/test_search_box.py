"""The unit search box (/dia-ban/tim-kiem/) reads a query as the CLI does (tester's report, item 3): a code opens
its unit (in scope), "name, province" naming one unit exactly opens it, spaces are an empty search, and names
spelled exactly as written (today's and old) are listed before names that only fold alike."""

from __future__ import annotations

import pytest
from django.urls import reverse

from antq.core.text import fold
from antq.geo.selectors import current_units, unit_resolve
from tests.geo.test_unit_name_exactness import dong_xuan_and_old  # noqa: F401 (fixture)


def _search(client, user, q):
    client.force_login(user)
    return client.get(reverse("geo:search"), {"q": q})


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "url"), [("12688", ("commune", "12688")), (" 33 ", ("province", "33"))])
def test_a_code_opens_its_unit(client, province_officer, q, url):
    response = _search(client, province_officer, q)
    assert response.status_code == 302 and response.url == reverse(f"geo:{url[0]}", args=[url[1]])


@pytest.mark.django_db
def test_a_code_of_the_nation_opens_it_for_the_ministry(client, ministry_officer):
    response = _search(client, ministry_officer, "VN")
    assert response.status_code == 302 and response.url == reverse("geo:nation")


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["33", "12583", "VN", "99999"])
def test_a_code_out_of_scope_is_not_found(client, commune_officer, q):
    assert _search(client, commune_officer, "12688").status_code == 302  # the officer's own commune opens
    response = _search(client, commune_officer, q)
    assert response.status_code == 200 and response.context["results"] == []
    assert f"Không tìm thấy đơn vị nào khớp “{q}”" in response.content.decode()


@pytest.fixture
def dong_hung_ha(db):
    """A second Hưng Yên commune whose name contains "Đông Hưng" (12583 renamed "Xã Đông Hưng Hà"; rolled back)."""
    twin = current_units().get(code="12583")
    twin.name, twin.short_name, twin.folded_name = "Xã Đông Hưng Hà", "Đông Hưng Hà", fold("Xã Đông Hưng Hà")
    twin.save(update_fields=["name", "short_name", "folded_name"])


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["Đông Hưng, Hưng Yên", "X. Đông Hưng, T. Hưng Yên", "Xã Đông Hưng, Tỉnh Hưng Yên"])
def test_name_and_province_open_the_unit_as_the_cli_reads_it(client, ministry_officer, dong_hung_ha, q):
    assert unit_resolve(q).code == "12688"
    response = _search(client, ministry_officer, q)
    assert response.status_code == 302 and response.url == reverse("geo:commune", args=["12688"])
    # Without its marks the name is not spelled exactly: listed.
    response = _search(client, ministry_officer, "dong hung, hung yen")
    assert response.status_code == 200 and {u.code for u in response.context["results"]} == {"12583", "12688"}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["   ", "\t"])
def test_only_spaces_is_an_empty_search(client, commune_officer, q):
    response = _search(client, commune_officer, q)
    body = response.content.decode()
    assert response.status_code == 200 and "Không tìm thấy" not in body and response.context["query"] == ""


@pytest.mark.django_db
def test_exact_spellings_come_first_current_and_old(client, ministry_officer, dong_xuan_and_old):  # noqa: F811
    response = _search(client, ministry_officer, "Đông Xuân")
    assert response.status_code == 200
    body = response.content.decode()
    old_exact = body.index("Xã Đông Xuân, Huyện Sóc Sơn")
    folded = body.index("Xã Đồng Xuân</a>")
    assert old_exact < body.index("Tên gần giống") < folded
    assert [f.exact for f in response.context["former"]][:2] == [True, True]

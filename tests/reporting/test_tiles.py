"""The dashboard's tile "map" (issue 17, item 7): the provinces by geography, whatever the table's sort; a
province's communes in the order of their codes, and the page says which order it uses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from antq.geo.tiles import PROVINCE_TILES

GEOGRAPHY = "Các tỉnh, thành phố đặt theo vị trí địa lý"
CODE_ORDER = "Các đơn vị xếp theo mã đơn vị hành chính"


@pytest.mark.django_db
def test_the_national_map_lays_provinces_out_by_geography(client, ministry_officer):
    client.force_login(ministry_officer)
    response = client.get(reverse("reporting:dashboard", args=["VN", "2025"]), {"sort": "-security_teams_active"})
    tiles = response.context["tiles"]
    codes = [t["unit"].code for t in tiles]
    assert len(codes) > 1 and set(codes) <= set(PROVINCE_TILES)
    assert codes == sorted(codes, key=PROVINCE_TILES.__getitem__)  # north to south, then west to east
    assert [(t["row"], t["column"]) for t in tiles] == [PROVINCE_TILES[c] for c in codes]
    html = response.content.decode()
    assert 'class="tiles geo"' in html and GEOGRAPHY in html and CODE_ORDER not in html
    hung_yen = next(t for t in tiles if t["unit"].code == "33")
    assert f'class="tile shade{hung_yen["shade"]} r4 c4"' in html


@pytest.mark.django_db
def test_a_province_map_lists_its_communes_by_code_and_says_so(client, province_officer, hung_yen):
    client.force_login(province_officer)
    response = client.get(reverse("reporting:dashboard", args=["33", "2025"]))
    codes = [t["unit"].code for t in response.context["tiles"]]
    assert len(codes) > 1 and codes == sorted(codes)
    assert codes != [row["unit"].code for row in response.context["rows"]]  # the table is alphabetical, the tiles not
    assert all(t["row"] is None for t in response.context["tiles"])
    html = response.content.decode()
    assert CODE_ORDER in html and GEOGRAPHY not in html and 'class="tiles geo"' not in html

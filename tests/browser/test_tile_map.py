"""The national tile map in a real browser: provinces are placed by geography (antq/geo/tiles.py + site.css), not
side by side in list order."""

import pytest
from django.conf import settings
from django.urls import reverse

from antq.accounts.models import RoleAssignment
from antq.geo.models import AdminUnit, Level
from antq.geo.tiles import PROVINCE_TILES
from tests.browser.fixtures import log_in
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def test_the_ministry_sees_tuyen_quang_above_hung_yen_on_the_tile_map(live_server, browser_world, browser_page):
    nation = AdminUnit.objects.get(level=Level.NATION, valid_to__isnull=True)
    ministry = UserFactory(username="bo_v05", home_unit=nation, full_name="Phạm Văn Minh")
    RoleAssignment.objects.create(user=ministry, role="ministry", unit=nation)
    page = browser_page
    log_in(page, live_server.url, "bo_v05")
    page.goto(live_server.url + reverse("reporting:dashboard", args=["VN", "2025"]))
    tiles = page.locator(".tiles.geo .tile")
    assert tiles.count() == 2  # the test world's provinces: Tuyên Quang (08) and Hưng Yên (33)
    north, south = (tiles.nth(i).bounding_box() for i in range(2))
    assert "Tuyên Quang" in tiles.nth(0).inner_text() and "Hưng Yên" in tiles.nth(1).inner_text()
    # Same column (4), three rows apart: Tuyên Quang well above Hưng Yên, not beside it.
    assert PROVINCE_TILES["08"][1] == PROVINCE_TILES["33"][1]
    assert abs(north["x"] - south["x"]) < 1
    assert south["y"] - north["y"] > 2.5 * north["height"]
    assert "đặt theo vị trí địa lý" in page.locator(".tiles-order").inner_text()

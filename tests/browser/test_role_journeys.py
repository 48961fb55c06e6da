"""Each role's journey in a real browser (issue 17 item 9): log in, land where the role works, then open every entry
of the menu the role is shown. On every page: Vietnamese (html lang, no English words of Django's or the
browser's), no raw codes (period codes, choice values), and no page a shown link leads to answers 404, 403 or 500.
The commune officer's browser speaks English (en-US); the team leader uses a 390 × 844 phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]

PHONE = {"width": 390, "height": 844}
OFFICE = {"width": 1280, "height": 800}
# Words a page would show if a message, a label or a page fell back to English.
ENGLISH = re.compile(
    r"\b(Please|This field|Enter a valid|Forbidden|Not Found|Server Error|Page not found|None|True|False|"
    r"Submit|Delete|Cancel|Save|Search|Log ?out|Next|Previous)\b"
)
# A period as code ("2025-Y", "2025Q3", "2025H1", "2025-07") instead of its label ("năm 2025", "quý III năm 2025").
PERIOD_CODE = re.compile(r"\b20\d\d(-Y|Q[1-4]|H[12])\b")
# Choice values in code (a status or a role shown raw).
RAW_CHOICE = re.compile(r"\b(draft|submitted|approved|returned|commune|province|ministry|team_leader|viewer)\b")


@pytest.fixture
def journey_world(browser_world):
    """browser_world's officers, plus a Ministry officer, a steering-committee member of Hưng Yên and the leader of
    a team in Xã Đông Hưng (12688) with two localities and a member."""
    from django.contrib.contenttypes.models import ContentType

    from antq.accounts.models import RoleAssignment
    from antq.forces import services
    from antq.forces.models import SecurityTeam
    from antq.geo.models import AdminUnit, Level, Locality
    from tests.factories import UserFactory

    commune, province = browser_world["commune"], browser_world["commune"].parent
    nation = AdminUnit.objects.get(level=Level.NATION)
    ministry = UserFactory(username="bo_v05", full_name="Phạm Văn Bộ")
    RoleAssignment.objects.create(user=ministry, role="ministry", unit=nation)
    viewer = UserFactory(username="bcd_33", home_unit=province, full_name="Đỗ Thị Ban")
    RoleAssignment.objects.create(user=viewer, role="viewer", unit=province)
    officer = browser_world["officer"]
    thon_2 = Locality.objects.create(commune=commune, name="Thôn 2", kind="thon", households=120)
    thon_10 = Locality.objects.create(commune=commune, name="Thôn 10", kind="thon", households=90)
    team = services.team_create(
        actor=officer,
        commune=commune,
        name="Tổ bảo vệ ANTT thôn 2 - thôn 10",
        founded_on=dt.date(2024, 7, 15),
        localities=[thon_2, thon_10],
        decision_number="12/QĐ-UBND",
        decision_date=dt.date(2024, 7, 10),
    )
    leader = UserFactory(username="tt_12688", home_unit=commune, full_name="Trần Văn Bình")
    RoleAssignment.objects.create(
        user=leader,
        role="team_leader",
        unit=commune,
        valid_from=dt.date(2024, 1, 1),
        bound_type=ContentType.objects.get_for_model(SecurityTeam),
        bound_id=team.pk,
    )
    return {**browser_world, "team": team}


# role's username, the browser's language, the screen, what the landing page's heading names.
JOURNEYS = {
    "ministry": ("bo_v05", "vi-VN", OFFICE, "Toàn quốc"),
    "province officer": ("pv05_33", "vi-VN", OFFICE, "Hưng Yên"),
    "commune officer (English browser)": ("ca_12688", "en-US", OFFICE, "Đông Hưng"),
    "steering committee (read-only)": ("bcd_33", "vi-VN", OFFICE, "Hưng Yên"),
    "team leader (phone)": ("tt_12688", "vi-VN", PHONE, "thôn 2 - thôn 10"),
}


def _visible_text(page) -> str:
    return page.locator("main").inner_text()


def _check_page(page, where: str) -> None:
    assert page.locator("html").get_attribute("lang") == "vi", where
    text = _visible_text(page)
    for kind, pattern in (("English", ENGLISH), ("period code", PERIOD_CODE), ("raw choice", RAW_CHOICE)):
        found = pattern.search(text)
        assert not found, f"{where}: {kind} in “…{text[max(0, found.start() - 60) : found.end() + 20]}…”"


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_each_role_finds_its_way_in_vietnamese_without_dead_links(live_server, journey_world, browser_page, journey):
    username, locale, screen, landing = JOURNEYS[journey]
    context = browser_page.context.browser.new_context(locale=locale, viewport=screen)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        assert page.evaluate("navigator.language") == locale
        log_in(page, live_server.url, username)
        assert "dang-nhap" not in page.url, f"{username} could not log in"
        assert landing in page.locator("h1").inner_text()
        _check_page(page, f"{journey}: landing {page.url}")
        if screen is PHONE:
            # The compact bar: one row, the menu behind a toggle.
            assert page.locator("header.top").bounding_box()["height"] <= 64
            page.locator("details.bar-phone > summary").click()
            links = page.locator("details.bar-phone nav.menu a")
        else:
            links = page.locator("header.top .bar-wide nav.menu a")
        menu = [
            href
            for href in links.evaluate_all("(as) => as.map(a => a.getAttribute('href'))")
            if href and href.startswith("/") and "dang-xuat" not in href
        ]
        assert menu, f"{journey}: no menu entries"
        for href in dict.fromkeys(menu):
            response = page.goto(f"{live_server.url}{href}")
            assert response is not None and response.status < 400, f"{journey}: {href} answered {response.status}"
            _check_page(page, f"{journey}: {href}")
    finally:
        context.close()

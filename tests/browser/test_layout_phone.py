"""On a phone (390 × 844) the navigation is one compact bar naming the current section, with a menu toggle that
works without JavaScript; tables stack with each cell's column label (issue 17). The office screen keeps its
full menu bar."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]
PHONE = {"width": 390, "height": 844}
# The header was ~440 px tall on a phone (every menu entry, the search box and the user on their own lines).
PHONE_BAR_MAX = 64
SHOTS = os.environ.get("ANTQ_SCREENSHOTS")  # a folder: save what the phone shows, to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_the_phone_menu_is_one_bar_that_opens(live_server, browser_world, browser_page):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/hoat-dong/")
    _shot(page, "phone-closed")
    header = page.locator("header.top").bounding_box()
    assert header["height"] <= PHONE_BAR_MAX, header
    bar = page.locator("details.bar-phone > summary")
    assert bar.is_visible()
    assert bar.locator(".section").inner_text() == "Hoạt động phong trào"  # the section the user is in
    menu = page.locator("details.bar-phone nav.menu")
    assert not menu.is_visible() and not page.locator(".bar-wide").is_visible()
    bar.click()
    _shot(page, "phone-open")
    assert menu.is_visible() and menu.locator("a", has_text="Báo cáo").is_visible()
    assert page.locator("details.bar-phone input[type=search]").is_visible()
    menu.locator("a", has_text="Báo cáo").click()
    page.wait_for_load_state()
    assert page.locator("details.bar-phone .section").inner_text() == "Báo cáo"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_the_phone_menu_opens_without_javascript(live_server, browser_world, browser_page):
    context = browser_page.context.browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/hoat-dong/")
    page.click("details.bar-phone > summary")
    assert page.locator("details.bar-phone nav.menu a", has_text="Báo cáo").is_visible()
    context.close()


def test_an_office_screen_keeps_the_full_menu_bar(live_server, browser_world, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/hoat-dong/")
    assert not page.locator("details.bar-phone").is_visible()
    wide = page.locator(".bar-wide nav.menu")
    assert wide.locator("a", has_text="Báo cáo").is_visible()
    assert wide.locator("a[aria-current=page]").inner_text() == "Hoạt động phong trào"
    _shot(page, "office-wide")
    assert page.locator("header.top").bounding_box()["height"] <= 60  # one line, as before


def test_a_table_stacks_with_its_labels_on_a_phone(live_server, browser_world, browser_page):
    page = browser_page
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/hoat-dong/")
    _shot(page, "phone-table")
    table = page.locator("main table.list").first
    assert not table.locator("thead").is_visible()  # the headings are hidden…
    cells = table.locator("tbody tr").first.locator("td")
    label = "e => getComputedStyle(e, '::before').content"
    # …and each cell but the row's title says which column it is, read from the table's own headings.
    assert cells.nth(0).inner_text() == "Xã Đông Hưng, Hưng Yên" or "Đông Hưng" in cells.nth(0).inner_text()
    assert cells.nth(0).evaluate(label) == "none"
    assert [cells.nth(i).evaluate(label) for i in (1, 2, 3)] == ['"Tuyên truyền: "', '"Ngày hội: "', '"Khen thưởng: "']
    first, second = cells.nth(1).bounding_box(), cells.nth(2).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # one under the other, not side by side
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

"""Reporting pages in a real browser, on an office screen and a phone (issue 15, the tester's walk): the early
submission box sits beside its text; the approval table's cells keep their column labels when its rows stack on a
phone; the period picker works without JavaScript and with it."""

import datetime as dt

import pytest
from django.conf import settings

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]
SCREENS = [(1366, 768), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_early_submission_box_sits_beside_its_text(live_server, browser_world, browser_page, width, height):
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/bao-cao/12688/{dt.date.today().year + 1}/")  # a period not ended yet
    box = page.locator("input[name=confirm_early]").bounding_box()
    text = page.locator("input[name=confirm_early] + span").bounding_box()
    assert 0 <= text["x"] - (box["x"] + box["width"]) <= 16, (box, text)  # beside it, not a field's width away
    assert text["y"] <= box["y"] <= text["y"] + text["height"]  # on its first line


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_approval_table_keeps_its_column_labels(live_server, browser_world, browser_page, settings, width, height):
    from antq.core.periods import Period
    from antq.reporting import services

    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    commune, officer, pv05 = browser_world["commune"], browser_world["officer"], browser_world["province_officer"]
    year = Period.parse("2025")
    services.values_enter(actor=officer, unit=commune, period=year, values={"tips_received": ("4", "exact")})
    for actor, to, reason in ((officer, "submitted", ""), (pv05, "approved", ""), (pv05, "draft", "sửa số tin báo")):
        services.submission_transition(actor=actor, unit=commune, period=year, to_status=to, reason=reason)
    services.values_enter(actor=officer, unit=commune, period=year, values={"tips_received": ("40", "exact")})
    services.submission_transition(actor=officer, unit=commune, period=year, to_status="submitted")
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/duyet/")
    cells = page.locator("table.figures tbody td")
    label = "e => getComputedStyle(e, '::before').content"
    if width < 640:  # stacked: the headings are hidden, each cell says what it is
        assert not page.locator("table.figures thead").is_visible()
        assert [cells.nth(i).evaluate(label) for i in (1, 2)] == ['"Lần duyệt trước: "', '"Hiện tại: "']
    else:
        assert page.locator("table.figures thead").inner_text().strip().split("\t") == [
            "Chỉ tiêu",
            "Lần duyệt trước",
            "Hiện tại",
        ]
        assert cells.nth(1).evaluate(label) == "none"
    assert [cells.nth(i).inner_text() for i in (1, 2)] == ["4", "40"]


@pytest.mark.parametrize("javascript", [False, True])
def test_the_period_picker_opens_the_month_chosen(live_server, browser_world, browser_page, javascript):
    context = browser_page.context.browser.new_context(java_script_enabled=javascript, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/")
    page.select_option("#period-choice", "2025-11")
    if not javascript:
        page.click(".period-picker button")
    page.wait_for_url("**/bao-cao/12688/2025-11/")
    assert page.locator("#period-choice").input_value() == "2025-11"
    assert "tháng 11 năm 2025" in page.locator("h1").inner_text()
    context.close()

"""Workflow feedback in a real browser (issue 17 item 4): the commune's "Gửi báo cáo" is not sent until its
confirmation box is ticked (no JavaScript needed: the box is required), each step says what it did, the report is
withdrawn before the province acts, and a returned report shows why, by whom and when."""

import pytest
from django.conf import settings
from django.utils import timezone

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def test_submit_confirmed_withdrawn_sent_again_and_returned_with_its_reason(
    live_server, browser_world, browser_page, settings
):
    from antq.reporting.models import Submission

    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    report = f"{live_server.url}/bao-cao/12688/2025/"
    log_in(page, live_server.url, "ca_12688")
    page.goto(report)
    send = page.locator("form.submit-report button")
    send.click()  # unticked: the browser keeps the form, nothing is sent
    assert not Submission.objects.filter(status="submitted").exists()
    assert page.url == report
    page.locator("form.submit-report input[name=confirm]").check()
    with page.expect_navigation():
        send.click()
    assert "Đã gửi báo cáo năm 2025 của Xã Đông Hưng lên cấp trên." in page.locator(".messages").inner_text()
    assert "Đã gửi" in page.locator(".status-box").inner_text()

    page.fill("input[aria-label='Lý do rút lại']", "Còn thiếu số liệu hòa giải")
    with page.expect_navigation():
        page.click("button:has-text('Rút lại')")
    assert "Đã rút lại báo cáo năm 2025" in page.locator(".messages").inner_text()
    assert "Lý do rút lại: Còn thiếu số liệu hòa giải" in page.locator(".step-note").inner_text()
    assert Submission.objects.get().status == "draft"

    page.locator("form.submit-report input[name=confirm]").check()
    with page.expect_navigation():
        page.locator("form.submit-report button").click()

    page.context.clear_cookies()  # another person at another desk
    log_in(page, live_server.url, "pv05_33")
    page.goto(report)
    assert page.locator("button:has-text('Rút lại')").count() == 0  # the province judges, it does not withdraw
    page.fill("input[aria-label='Lý do']", "Thiếu số liệu hòa giải ở thôn Đông")
    with page.expect_navigation():
        page.click("button:has-text('Trả lại')")
    assert "Đã trả lại báo cáo năm 2025" in page.locator(".messages").inner_text()

    page.context.clear_cookies()
    log_in(page, live_server.url, "ca_12688")
    page.goto(report)
    note = page.locator(".step-note.returned")
    assert note.is_visible()
    text = note.inner_text()
    assert "Báo cáo bị trả lại" in text and "Trần Thị Hạnh" in text  # who returned it
    assert "Lý do trả lại: Thiếu số liệu hòa giải ở thôn Đông" in text
    step = Submission.objects.get().transitions.last()
    assert f"{timezone.localtime(step.at):%d/%m/%Y %H:%M}" in text  # when, dd/mm/yyyy HH:MM

"""The entry form in a real browser (issue 17 items 5 and 6): the province officer sees a commune's figures
read-only; the commune's officer gives them an acting grant on its page; the province officer then enters, under
the banner naming the grant; "Chép số liệu kỳ trước" fills the empty inputs without saving."""

import datetime as dt

import pytest
from django.conf import settings

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def test_read_only_then_acting_under_a_grant_then_copying_the_previous_year(
    live_server, browser_world, browser_page, settings
):
    from antq.core.periods import Period
    from antq.reporting import services
    from antq.reporting.models import EnteredValue

    settings.ANTQ_ENTRY_CLOSE_DAYS = 100000
    commune, officer = browser_world["commune"], browser_world["officer"]
    services.values_enter(
        actor=officer, unit=commune, period=Period.parse("2024"), values={"mediators": ("12", "exact")}
    )
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/nhap/")
    assert "Chỉ xem: số liệu của Xã Đông Hưng" in page.inner_text("main")
    assert page.locator("input[name=mediators]").count() == 0
    page.context.clear_cookies()

    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/nhap/")
    page.click("text=Giao nhập thay cho cán bộ cấp trên")
    page.select_option("select[name=grantee]", label="Trần Thị Hạnh (pv05_33)")
    page.fill("input[name=reason]", "Cán bộ xã đi tập huấn")
    until = dt.date.today() + dt.timedelta(days=10)
    page.fill("input[name=valid_until]", f"{until:%d/%m/%Y}")
    page.click("button:has-text('Giao nhập thay')")
    assert "Đang hiệu lực" in page.inner_text("main")
    page.context.clear_cookies()

    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/nhap/")
    banner = page.inner_text("p.acting")
    assert f"Đang nhập thay Xã Đông Hưng, được giao bởi Lê Văn Dũng đến hết ngày {until:%d/%m/%Y}" in banner
    page.click("button:has-text('Chép số liệu kỳ trước')")
    assert page.input_value("input[name=mediators]") == "12"
    assert not EnteredValue.objects.filter(period="2025").exists()  # copied into the form, not saved
    page.click("button:has-text('Lưu')")
    assert EnteredValue.objects.get(period="2025", indicator="mediators").entered_by.username == "pv05_33"

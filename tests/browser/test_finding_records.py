"""Finding records in a real browser (issue 17 item 6): a commune officer narrows a drill-down list by topic and
text, reads the Vietnamese message of a wrong date, and downloads exactly the records found as XLSX."""

import datetime as dt
import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def test_an_officer_filters_a_drilldown_and_downloads_what_it_found(live_server, browser_world, browser_page):
    from antq.activities import services

    commune, officer = browser_world["commune"], browser_world["officer"]
    for day, topic, title in ((3, "drugs", "Ma túy học đường"), (10, "drugs", "Ma túy tổng hợp"), (17, "traffic", "")):
        services.activity_record(
            actor=officer,
            unit=commune,
            date=dt.date(2025, 3, day),
            kind="session",
            topic=topic,
            title=title or "Đội mũ bảo hiểm",
            attendees=50 + day,
        )
    page = browser_page
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/bao-cao/12688/2025/chi-tiet/outreach_sessions/")
    assert "3 bản ghi" in page.locator(".records-found").inner_text()
    page.select_option(".drilldown-filters select[name=loai]", "drugs")
    page.fill(".drilldown-filters input[name=q]", "tổng hợp")
    page.click(".drilldown-filters button")
    page.wait_for_load_state()
    assert "Tìm thấy 1 bản ghi" in page.locator(".records-found").inner_text()
    assert page.locator("table.list tbody tr").count() == 1
    filtered_list = page.url
    page.click("text=Tải Excel")  # a background job (immediate in tests): its page offers the file
    page.wait_for_load_state()
    assert "/cong-viec/" in page.url and "Đã xong" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.click("text=Tải về")
    assert download.value.suggested_filename == "chi-tiet-outreach_sessions-12688-2025.xlsx"
    with open(download.value.path(), "rb") as data:
        rows = list(load_workbook(io.BytesIO(data.read())).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Ngày", "Đơn vị")
    assert len(rows) == 2 and rows[1][5] == "Ma túy tổng hợp"
    assert rows[1][1].date() == dt.date(2025, 3, 10)

    page.goto(filtered_list)
    page.fill(".drilldown-filters input[name=tu_ngay]", "32/03/2025")
    page.click(".drilldown-filters button")
    page.wait_for_load_state()
    assert "Ngày từ: ngày không hợp lệ — nhập theo dạng dd/mm/yyyy" in page.locator("main").inner_text()
    assert page.locator("text=Tải Excel").count() == 0

"""Main journeys in a real browser (Debian Chromium through Playwright)."""

import io

import openpyxl
import pytest
from django.conf import settings

from antq.geo.models import Locality
from tests.browser.fixtures import log_in

# Listing every app makes the flush after each test cascade: auditlog's own (swapped-out) log table still
# references users on PostgreSQL.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def _sheet_path(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["DANH SÁCH THÔN, TỔ DÂN PHỐ XÃ ĐÔNG HƯNG"])
    book.active.append(["Tên thôn, tổ dân phố", "Loại", "Số hộ"])
    book.active.append(["Thôn An Lạc", "Thôn", "1.234"])
    book.active.append(["Thôn Bình Minh", "thôn", 310])
    path = tmp_path / "thon.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_commune_officer_browses_to_localities_and_imports_a_sheet(live_server, browser_world, browser_page, tmp_path):
    page = browser_page
    log_in(page, live_server.url, "ca_12688")
    # One unit: the start page goes straight to the commune.
    assert "Xã Đông Hưng" in page.locator("h1").inner_text()
    assert "Chưa có thôn, tổ dân phố nào" in page.content()

    page.click("text=Nhập từ tệp Excel")
    page.set_input_files("input[type=file]", str(_sheet_path(tmp_path)))
    page.click("text=Tải lên và xem trước")
    assert "2 dòng thêm mới" in page.locator(".lead").inner_text()
    assert Locality.objects.count() == 0  # the dry run wrote nothing

    page.click("text=Xác nhận nhập")
    page.wait_for_load_state()
    assert "Đã nhập: 2 mới" in page.content()
    assert "Thôn An Lạc" in page.content() and "1.234" in page.content()
    assert Locality.objects.filter(commune=browser_world["commune"]).count() == 2


def test_import_with_errors_shows_rows_and_saves_nothing(live_server, browser_world, browser_page, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Tên thôn, tổ dân phố", "Loại", "Số hộ"])
    book.active.append(["Thôn Lỗi", "Làng", "-3"])
    path = tmp_path / "loi.xlsx"
    book.save(path)
    page = browser_page
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/dia-ban/xa/12688/nhap/thon/")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Tải lên và xem trước")
    assert "chưa nhập dòng nào" in page.content()
    assert "Dòng 2" in page.content()
    assert Locality.objects.count() == 0


def test_province_officer_opens_the_dashboard(live_server, browser_world, browser_page):
    page = browser_page
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/bao-cao/33/2025/")
    assert "Tỉnh Hưng Yên" in page.locator("h1").inner_text()
    assert page.locator(".tile").count() == 4  # the test world's four communes of Hưng Yên


def test_the_outreach_form_hides_the_measures_the_chosen_kind_does_not_use(live_server, browser_world, browser_page):
    """antq/static/antq/dependent-fields.js (loaded as a file: the CSP allows no inline script)."""
    page = browser_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # a script error, a CSP refusal
    page.on("console", lambda message: errors.append(message.text) if "Content Security" in message.text else None)
    log_in(page, live_server.url, "ca_12688")
    page.goto(f"{live_server.url}/hoat-dong/tuyen-truyen/12688/them/")
    attendees, outlet = page.locator("input[name=attendees]"), page.locator("input[name=outlet]")
    assert attendees.is_visible() and outlet.is_visible()  # no kind chosen yet: everything shown
    page.select_option("select[name=kind]", "news")
    assert not attendees.is_visible() and outlet.is_visible()
    assert not page.locator("label[for=id_attendees]").is_visible()
    page.select_option("select[name=kind]", "session")
    assert attendees.is_visible() and not outlet.is_visible()
    assert errors == []

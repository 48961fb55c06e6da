"""An English (en-US) browser still gets Vietnamese: the login page and its errors, Django's own form messages,
the lockout page, and the 400 / 403 / 404 / 500 pages in production mode (DEBUG off, as under live_server), each
with a way back (issue 17)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import include, path

from tests.browser.fixtures import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


def _bug(request):
    raise RuntimeError("a bug")


def _bad(request):
    raise SuspiciousOperation("bad")


def _denied(request):
    raise PermissionDenied


# The error views Django calls (handler400/403/404/500) are reached through these three, plus a missing page.
urlpatterns = [
    path("thu-loi/500/", _bug),
    path("thu-loi/400/", _bad),
    path("thu-loi/403/", _denied),
    path("", include("antq.urls")),
]

ENGLISH_WORDS = ("Please", "password", "Password", "This field", "Enter a", "Forbidden", "Not Found", "Server Error")


@pytest.fixture
def english_page(browser_page):
    """The shared page, but the browser speaks English first (Accept-Language: en-US,en)."""
    browser_page.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    assert browser_page.evaluate("navigator.language") in ("vi-VN", "vi")  # the context's own locale…
    context = browser_page.context.browser.new_context(locale="en-US", viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15000)
    assert page.evaluate("navigator.language") == "en-US"
    yield page
    context.close()


def _text(page) -> str:
    return page.locator("body").inner_text()


def _no_english(text: str) -> None:
    found = [word for word in ENGLISH_WORDS if word in text]
    assert not found, (found, text)


def test_login_and_its_errors_are_vietnamese(live_server, browser_world, english_page):
    page = english_page
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.locator("html").get_attribute("lang") == "vi"
    log_in(page, live_server.url, "ca_12688", "sai-mat-khau")
    text = _text(page)
    assert "Đăng nhập" in text and "tên đăng nhập" in page.locator(".error").inner_text().lower()
    _no_english(text)


def test_form_messages_are_vietnamese(live_server, browser_world, english_page):
    """Django's own messages: a short password, a field left empty, a date that does not exist."""
    page = english_page
    log_in(page, live_server.url, "pv05_33")
    page.goto(f"{live_server.url}/tai-khoan/doi-mat-khau/")
    page.fill("input[name=old_password]", "mat-khau-thu-nghiem")
    page.fill("input[name=new_password1]", "ngan1")
    page.fill("input[name=new_password2]", "ngan1")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Mật khẩu này quá ngắn: cần ít nhất 10 ký tự." in text, text
    _no_english(text)
    page.goto(f"{live_server.url}/tai-khoan/nhat-ky/?date_from=31/02/2026")
    text = page.locator("main").inner_text()
    assert "Từ ngày: nhập ngày dạng dd/mm/yyyy." in text, text
    _no_english(text)


def test_the_lockout_page_is_vietnamese(live_server, browser_world, english_page, settings):
    settings.AXES_FAILURE_LIMIT = 2
    page = english_page
    for _ in range(3):
        log_in(page, live_server.url, "ca_12688", "sai-mat-khau")
    text = _text(page)
    assert "Tài khoản tạm khóa" in text, text
    _no_english(text)


def test_a_form_whose_csrf_cookie_is_gone_gets_the_vietnamese_403(live_server, browser_world, english_page):
    page = english_page
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.context.clear_cookies()
    page.fill("input[name=username]", "ca_12688")
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    text = _text(page)
    assert "Không gửi được biểu mẫu (lỗi 403)" in text, text
    assert page.locator("a", has_text="Về trang chủ").get_attribute("href") == "/"
    _no_english(text)


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/thu-loi/400/", "Yêu cầu không hợp lệ (lỗi 400)"),
        ("/thu-loi/403/", "Không có quyền truy cập (lỗi 403)"),
        ("/khong-co-trang-nay/", "Không tìm thấy trang (lỗi 404)"),
        ("/thu-loi/500/", "Lỗi hệ thống (lỗi 500)"),
    ],
)
def test_error_pages_are_vietnamese_with_a_way_back(live_server, browser_world, english_page, settings, url, heading):
    settings.ROOT_URLCONF = __name__
    page = english_page
    log_in(page, live_server.url, "ca_12688")
    came_from = page.url
    response = page.goto(f"{live_server.url}{url}")
    assert response is not None and response.status == int(heading[-4:-1])
    assert page.locator("h1").inner_text() == heading
    _no_english(_text(page))
    assert page.locator("a", has_text="Về trang chủ").get_attribute("href") == "/"
    page.click("text=Quay lại trang trước")  # back where the user came from (one page back)
    page.wait_for_load_state()
    assert page.url == came_from

"""An en-US Chromium shows the browser's own form checks in Vietnamese (site.js), not "Please fill out this
field." — the login form submitted empty, and the other checks a form may carry (tester, issue 19)."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
]


@pytest.fixture
def english_page(browser_page):
    page = browser_page.context.browser.new_page(viewport={"width": 1000, "height": 800}, locale="en-US")
    page.set_default_timeout(15000)
    yield page
    page.close()


def test_an_empty_required_field_says_so_in_vietnamese(english_page, live_server):
    page = english_page
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.click("button[type=submit]")
    message = page.eval_on_selector("input[name=username]", "el => el.validationMessage")
    assert message == "Vui lòng điền trường này."
    # Typing clears it: the field is valid again as soon as it holds a value.
    page.fill("input[name=username]", "ca_12688")
    assert page.eval_on_selector("input[name=username]", "el => el.validationMessage") == ""


def test_range_and_type_checks_speak_vietnamese(english_page, live_server):
    page = english_page
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    messages = page.evaluate(
        """() => {
        const form = document.querySelector("form");
        const add = (html) => { form.insertAdjacentHTML("beforeend", html); return form.lastElementChild; };
        const big = add('<input type="number" max="1000000">'); big.value = "99999999";
        const mail = add('<input type="email">'); mail.value = "khong-phai-email";
        big.reportValidity(); mail.reportValidity();
        return [big.validationMessage, mail.validationMessage];
    }"""
    )
    assert messages == ["Giá trị phải nhỏ hơn hoặc bằng 1.000.000.", "Vui lòng nhập địa chỉ email hợp lệ."]

"""The crime-tip journey in a real browser (issue 19, "Tests"): from the public form to an officer's question and
the tipster reading and answering it, then the officer reading the answer.

The tipster's browser speaks English (en-US) and has no cookies of the officer's: the portal must answer in
Vietnamese anyway. The officer works in a separate browser context. A wrong secret is refused in Vietnamese and
shows nothing of the tip; on a 390 × 844 phone with JavaScript switched off the form fits the screen and sends.

Only a real browser finds some faults: the portal once carried `<meta name="referrer" content="no-referrer">`, under
which Chromium posts every form with `Origin: null` (the Fetch standard) and Django's CSRF check answered 403 — no
tip could be sent or looked up, while every test-client test passed. The site-wide `Referrer-Policy: same-origin`
already keeps the referrer from other sites."""

from __future__ import annotations

import datetime as dt
import importlib
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
BODY = "Tối thứ Bảy có nhóm thanh niên tụ tập đánh bạc ăn tiền trong nhà kho bỏ hoang, rất ồn ào."
PLACE = "Nhà kho cạnh chợ Đông Hưng, thôn 2"
WHEN = "khoảng 22 giờ tối thứ Bảy"
QUESTION = "Nhóm đó thường có khoảng bao nhiêu người, đi xe máy biển số gì?"
ANSWER = "Khoảng tám người, có hai xe máy màu đen, tôi không nhìn rõ biển số."
CODE = re.compile(r"^TG-[0-9A-Z]+$")
# Words a page would show if the portal fell back to English for an en-US browser.
ENGLISH = re.compile(r"\b(Please|This field|Enter a valid|Not Found|Submit|Send|Code|Secret|Status|required)\b")


@pytest.fixture
def tips_world(browser_world):
    """browser_world (Xã Đông Hưng 12688 and its officer ca_12688), with the portal's categories back (the live
    server's flushed database lost the data migration's rows) and empty abuse counters (the cache outlives tests)."""
    from django.core.cache import cache

    from antq.tips.models import TipCategory

    defaults = importlib.import_module("antq.tips.migrations.0002_default_categories")
    for order, (code, name) in enumerate(defaults.CATEGORIES, start=1):
        TipCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order * 10, "active": True})
    cache.clear()
    yield browser_world
    cache.clear()


def _context(browser_page, **options):
    """A fresh browser context (no cookie of any other) and its page."""
    context = browser_page.context.browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _fact(page, term: str) -> str:
    """The text of the <dd> that follows the <dt> reading exactly `term`."""
    return page.locator(f"xpath=//dt[normalize-space()='{term}']/following-sibling::dd[1]").inner_text().strip()


def _fill_tip_form(page, base_url: str, *, occurred_on: dt.date) -> None:
    """The two steps of the portal, by their visible labels: the province (a GET form), then the tip."""
    page.goto(f"{base_url}/to-giac/")
    page.get_by_label("Bước 1. Tỉnh, thành phố nơi xảy ra sự việc").select_option(label="Tỉnh Hưng Yên")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert "Bước 2. Nội dung tin báo — Tỉnh Hưng Yên" in page.locator("h2").first.inner_text()
    page.get_by_label("Sự việc đã xảy ra").fill(BODY)
    page.get_by_label("Loại tin").select_option(label="Cờ bạc, cá độ")
    page.get_by_label("Xã, phường, đặc khu nơi xảy ra").select_option(label="Xã Đông Hưng")
    page.get_by_label("Địa điểm cụ thể").fill(PLACE)
    page.get_by_label("Thời gian xảy ra").fill(WHEN)
    page.get_by_label("Ngày xảy ra").fill(occurred_on.strftime("%d/%m/%Y"))


def _read_codes(page) -> tuple[str, str]:
    """The tip code and the secret the sent page shows (once)."""
    heading = page.locator("h1").inner_text()
    assert heading == "Đã gửi tin báo", f"the tip was not sent: {heading}"
    return _fact(page, "Mã tin"), _fact(page, "Mã bí mật")


def test_tip_from_the_public_form_to_the_officers_question_and_the_tipsters_answer(
    live_server, tips_world, browser_page
):
    from django.utils import timezone

    from antq.tips import crypto, intake
    from antq.tips.models import Tip, TipMessage
    from antq.tips.rules import Status

    base = live_server.url
    occurred_on = timezone.localdate() - dt.timedelta(days=1)

    # 1. An anonymous visitor with an English browser sends a tip.
    tipster_context, tipster = _context(browser_page, locale="en-US", viewport=OFFICE)
    officer_context, officer = _context(browser_page, locale="vi-VN", viewport=OFFICE)
    try:
        assert tipster.evaluate("navigator.language") == "en-US"
        _fill_tip_form(tipster, base, occurred_on=occurred_on)
        assert tipster.locator("html").get_attribute("lang") == "vi"
        assert not ENGLISH.search(tipster.locator("main").inner_text())
        tipster.get_by_role("button", name="Gửi tin báo").click()
        tipster.wait_for_load_state()
        code, secret = _read_codes(tipster)
        assert CODE.match(code), code
        assert secret and secret != code
        assert not ENGLISH.search(tipster.locator("main").inner_text())
        # Anonymous: the tipster has no session, only the CSRF cookie.
        assert {c["name"] for c in tipster_context.cookies()} <= {"csrftoken"}

        # The code shown is the stored tip's, the secret shown opens it, and the tip is what was typed.
        tip = Tip.objects.select_related("commune", "category").get(code=code)
        assert intake.tip_open(code=code, secret=secret).pk == tip.pk
        assert (tip.commune.code, tip.category.code, tip.status) == ("12688", "co-bac", Status.NEW)
        assert crypto.decrypt_text(tip.body) == BODY
        assert crypto.decrypt_text(tip.place) == PLACE
        assert tip.occurred_on == occurred_on
        assert not tip.identified

        # 2. The commune officer finds it in the inbox, reads it, acknowledges it and asks a question.
        log_in(officer, base, "ca_12688")
        assert "dang-nhap" not in officer.url
        officer.goto(f"{base}/to-giac/hop-thu/")
        officer.get_by_role("row", name=re.compile("Đông Hưng")).get_by_role("link", name="Hộp thư tin báo").click()
        officer.wait_for_load_state()
        row = officer.get_by_role("row", name=re.compile(re.escape(code)))
        assert "Cờ bạc, cá độ" in row.inner_text() and "Mới tiếp nhận" in row.inner_text()
        row.get_by_role("link", name=code).click()
        officer.wait_for_load_state()
        assert code in officer.locator("h1").inner_text()
        assert _fact(officer, "Nội dung") == BODY
        assert _fact(officer, "Địa điểm") == PLACE
        assert _fact(officer, "Thời gian") == WHEN
        assert _fact(officer, "Người báo tin") == "Ẩn danh"

        officer.locator("details > summary", has_text="Xác nhận tiếp nhận").click()
        officer.locator("details[open] form").get_by_role("button", name="Xác nhận tiếp nhận").click()
        officer.wait_for_load_state()
        assert f"Đã xác nhận tiếp nhận tin {code}" in officer.locator("main").inner_text()
        assert "Đã xác nhận tiếp nhận" in officer.locator("h1").inner_text()
        tip.refresh_from_db()
        assert tip.status == Status.ACKNOWLEDGED

        officer.locator("details > summary", has_text="Gửi câu hỏi cho người báo tin").click()
        officer.get_by_label("Câu hỏi gửi người báo tin").fill(QUESTION)
        officer.locator("details[open] form").get_by_role("button", name="Gửi").click()
        officer.wait_for_load_state()
        assert (
            f"Đã gửi câu hỏi; người báo tin đọc được khi tra cứu bằng mã {code}."
            in officer.locator("main").inner_text()
        )
        question = TipMessage.objects.get(tip=tip, sender=TipMessage.Sender.POLICE)
        assert crypto.decrypt_text(question.body) == QUESTION

        # 3. The tipster looks the tip up with code and secret, reads the question and answers it.
        tipster.goto(f"{base}/to-giac/tra-cuu/")
        tipster.get_by_label("Mã tin").fill(code)
        tipster.get_by_label("Mã bí mật").fill(secret)
        tipster.get_by_role("button", name="Xem tin").click()
        tipster.wait_for_load_state()
        assert tipster.locator("h1").inner_text() == f"Tin {code}"
        assert _fact(tipster, "Tình trạng") == "Đã xác nhận tiếp nhận"
        assert _fact(tipster, "Loại tin") == "Cờ bạc, cá độ"
        assert _fact(tipster, "Nơi xảy ra") == "Xã Đông Hưng"
        from_police = tipster.locator("ul.cards li", has_text="Công an")
        assert QUESTION in from_police.inner_text()
        # Nothing else is shown: not the officer's name, not the secret in the page or its address.
        dialogue_text = tipster.locator("main").inner_text()
        assert "Lê Văn Dũng" not in dialogue_text
        assert secret not in tipster.url and code not in tipster.url
        assert not ENGLISH.search(dialogue_text)

        tipster.get_by_label("Trả lời, bổ sung thông tin").fill(ANSWER)
        tipster.get_by_role("button", name="Gửi", exact=True).click()
        tipster.wait_for_load_state()
        assert "Đã gửi thông tin bổ sung." in tipster.locator("main").inner_text()
        lines = tipster.locator("ul.cards li")
        assert lines.count() == 2
        assert lines.nth(0).locator("strong").inner_text() == "Công an" and QUESTION in lines.nth(0).inner_text()
        assert lines.nth(1).locator("strong").inner_text() == "Bạn" and ANSWER in lines.nth(1).inner_text()
        answer = TipMessage.objects.get(tip=tip, sender=TipMessage.Sender.TIPSTER)
        assert crypto.decrypt_text(answer.body) == ANSWER

        # 4. The officer reads the answer on the tip's page.
        officer.reload()
        dialogue = officer.locator("h2", has_text="Trao đổi với người báo tin").locator(
            "xpath=following-sibling::ul[1]"
        )
        entries = dialogue.locator("li")
        assert entries.count() == 2
        assert QUESTION in entries.nth(0).inner_text() and "Lê Văn Dũng" in entries.nth(0).inner_text()
        assert ANSWER in entries.nth(1).inner_text()
    finally:
        tipster_context.close()
        officer_context.close()


def test_a_wrong_secret_is_refused_in_vietnamese_and_shows_nothing_of_the_tip(live_server, tips_world, browser_page):
    from antq.tips import intake, rules, services
    from antq.tips.models import TipCategory

    tip, secret = intake.tip_submit(
        draft=intake.TipDraft(
            category=TipCategory.objects.get(code="ma-tuy"),
            commune=tips_world["commune"],
            body=BODY,
            place=PLACE,
            when_told=WHEN,
            occurred_on=None,
            contact_name="",
            contact_phone="",
        )
    )
    services.tip_message_send(actor=tips_world["officer"], tip=tip, text=QUESTION)
    wrong = rules.new_secret()
    assert rules.normalise_secret(wrong) != rules.normalise_secret(secret)

    context, page = _context(browser_page, locale="en-US", viewport=OFFICE)
    try:
        page.goto(f"{live_server.url}/to-giac/tra-cuu/")
        page.get_by_label("Mã tin").fill(tip.code)
        page.get_by_label("Mã bí mật").fill(wrong)
        with page.expect_response(re.compile(r"/to-giac/tra-cuu/$")) as answered:
            page.get_by_role("button", name="Xem tin").click()
        assert answered.value.status == 404
        page.wait_for_load_state()
        assert page.get_by_role("alert").inner_text() == "Mã tin hoặc mã bí mật không đúng."
        text = page.locator("main").inner_text()
        assert page.locator("h1").inner_text() == "Tra cứu tin đã gửi"
        for shown in (QUESTION, "Tình trạng", "Mới tiếp nhận", "Ma túy", "Xã Đông Hưng", "Trao đổi"):
            assert shown not in text, shown
        # The code stays in its box (to correct a typo); the wrong secret does not.
        assert page.get_by_label("Mã tin").input_value() == tip.code
        assert page.get_by_label("Mã bí mật").input_value() == ""
    finally:
        context.close()


def test_the_portal_fits_a_phone_and_sends_without_javascript(live_server, tips_world, browser_page):
    from antq.tips import intake
    from antq.tips.models import Tip

    context, page = _context(browser_page, locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    try:

        def fits(where: str) -> None:
            width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"{where}: {width}px wide on a {inner}px screen"

        page.goto(f"{live_server.url}/to-giac/")
        fits("the province step")
        _fill_tip_form(page, live_server.url, occurred_on=dt.date(2025, 11, 8))
        fits("the tip form")
        page.get_by_role("button", name="Gửi tin báo").click()
        page.wait_for_load_state()
        code, secret = _read_codes(page)
        fits("the page with the codes")
        tip = Tip.objects.get(code=code)
        assert intake.tip_open(code=code, secret=secret).pk == tip.pk
        assert tip.commune.code == "12688"
    finally:
        context.close()

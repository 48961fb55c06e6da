"""The tipster's dialogue by code and secret (issue 19 item 4): status, the police's questions, replies with photos,
the outcome once closed — nothing else; a wrong secret answers like an unknown code; guessing is slowed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from antq.accounts.models import Notification
from antq.tips import crypto, intake, rules
from antq.tips.models import Tip, TipAttachment, TipMessage
from tests.tips.test_public_portal import jpeg_with_gps, submit

LOOKUP = "/to-giac/tra-cuu/"
REPLY = "/to-giac/tra-cuu/gui-them/"
WRONG = "Mã tin hoặc mã bí mật không đúng."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sent(db):
    """A tip just sent: (code, secret)."""
    _response, code, secret = submit(Client(REMOTE_ADDR="192.0.2.1"))
    return code, secret


def police_says(tip: Tip, officer, text: str) -> None:
    TipMessage.objects.create(
        tip=tip,
        sender=TipMessage.Sender.POLICE,
        author=officer,
        body=crypto.encrypt_text(text),
        created_at=rules.to_the_minute(timezone.now()),
    )


def _page(response) -> str:
    # The CSRF token differs from page to page; what the tipster reads must not.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.django_db
def test_the_lookup_form_posts_so_the_secret_never_goes_in_a_url():
    html = Client().get(LOOKUP).content.decode()
    assert 'method="post"' in html and 'name="secret"' in html


def test_code_and_secret_open_the_tip_with_its_status_and_the_police_question(sent, commune_officer):
    code, secret = sent
    tip = Tip.objects.get(code=code)
    police_says(tip, commune_officer, "Bạn có nhớ biển số xe máy không?")
    # Typed loosely: lower case, spaces instead of dashes.
    response = Client().post(
        LOOKUP, {"code": code.lower().replace("-", " "), "secret": secret.lower().replace("-", "")}
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Mới tiếp nhận" in html
    assert "Bạn có nhớ biển số xe máy không?" in html
    assert commune_officer.username not in html and (commune_officer.get_full_name() or "@@") not in html
    assert "Kết quả xử lý" not in html  # not closed yet
    assert f'name="secret" value="{secret}"' in html  # the reply form carries it, hidden


@pytest.mark.django_db
def test_a_secret_hashed_with_other_argon2_parameters_still_opens_its_tip(sent):
    code, secret = sent
    Tip.objects.filter(code=code).update(secret_hash=Argon2PasswordHasher().encode(f"{code} {secret}", "s" * 22))
    assert intake.tip_open(code=code, secret=secret).code == code  # Django's login parameters: 100 MiB, 8 lanes


def test_a_wrong_secret_answers_exactly_like_an_unknown_code(sent):
    code, secret = sent
    wrong_secret = Client().post(LOOKUP, {"code": code, "secret": "AAAA-BBBB-CCCC"})
    unknown_code = Client().post(LOOKUP, {"code": "TG-22222222", "secret": secret})
    assert wrong_secret.status_code == unknown_code.status_code == 404
    assert WRONG in wrong_secret.content.decode()
    assert _page(wrong_secret).replace(code, "X") == _page(unknown_code).replace("TG-22222222", "X")


def test_guessing_a_code_is_stopped_after_five_misses_even_from_new_addresses(sent):
    code, secret = sent
    for n in range(5):
        response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(LOOKUP, {"code": code, "secret": f"AAAA-BBBB-CCC{n + 2}"})
        assert response.status_code == 404
    response = Client(REMOTE_ADDR="198.51.100.99").post(LOOKUP, {"code": code, "secret": secret})
    assert response.status_code == 429  # even the right secret waits: the guesser cannot tell
    assert "thử lại sau" in response.content.decode()


def test_one_client_guessing_many_codes_is_stopped(sent):
    code, secret = sent
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(5):
        assert client.post(LOOKUP, {"code": f"TG-2222222{n + 2}", "secret": secret}).status_code == 404
    assert client.post(LOOKUP, {"code": code, "secret": secret}).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.6").post(LOOKUP, {"code": code, "secret": secret}).status_code == 200


def test_the_tipster_answers_with_a_photo_and_the_police_are_told(sent, commune_officer):
    code, secret = sent
    response = Client().post(
        REPLY,
        {
            "code": code,
            "secret": secret,
            "text": "Biển số 89B1-123.45, xe Wave màu đỏ.",
            "photos": [SimpleUploadedFile("xe.jpg", jpeg_with_gps(), content_type="image/jpeg")],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã gửi thông tin bổ sung." in html and "Biển số 89B1-123.45" in html and "1 ảnh kèm theo" in html
    message = TipMessage.objects.get(tip__code=code)
    assert message.sender == TipMessage.Sender.TIPSTER and message.author is None
    assert crypto.decrypt_text(message.body) == "Biển số 89B1-123.45, xe Wave màu đỏ."
    assert message.created_at.second == 0
    assert TipAttachment.objects.get(message=message).tip.code == code
    told = Notification.objects.get(user=commune_officer, text__contains=f"{code} đã gửi thêm")
    assert told.url == f"/to-giac/tin/{message.tip_id}/"  # the notice opens the tip in the inbox


def test_an_empty_reply_names_the_field(sent):
    code, secret = sent
    response = Client().post(REPLY, {"code": code, "secret": secret, "text": "  "})
    assert "Nội dung: ghi thông tin bổ sung hoặc gửi kèm ảnh." in response.content.decode()
    assert not TipMessage.objects.exists()


def test_a_reply_with_a_wrong_secret_is_refused_like_lookup(sent):
    code, _secret = sent
    response = Client().post(REPLY, {"code": code, "secret": "AAAA-BBBB-CCCC", "text": "Giả mạo"})
    assert response.status_code == 404 and WRONG in response.content.decode()
    assert not TipMessage.objects.exists()


def test_the_reply_address_opened_again_leads_to_the_look_up_form():
    response = Client().get(REPLY)  # a new tab or a bookmark of the address a reply leaves in the browser
    assert response.status_code == 302 and response["Location"] == LOOKUP


def test_a_reply_posted_twice_by_a_reload_is_stored_once(sent):
    code, secret = sent
    data = {"code": code, "secret": secret, "text": "Xe máy màu đỏ, biển 89B1."}
    first, again = Client().post(REPLY, data), Client().post(REPLY, data)
    assert first.status_code == again.status_code == 200 and "Đã gửi thông tin bổ sung." in again.content.decode()
    assert TipMessage.objects.filter(tip__code=code).count() == 1
    Client().post(REPLY, {**data, "text": "Thêm: người lái đội mũ xanh."})
    assert TipMessage.objects.filter(tip__code=code).count() == 2  # something new is a new message


def test_the_outcome_is_shown_only_once_the_tip_is_closed(sent):
    code, secret = sent
    tip = Tip.objects.get(code=code)
    tip.outcome_message = crypto.encrypt_text("Đã bắt quả tang, cảm ơn bạn.")
    tip.save(update_fields=["outcome_message"])
    html = Client().post(LOOKUP, {"code": code, "secret": secret}).content.decode()
    assert "Đã bắt quả tang" not in html and "Kết quả xử lý" not in html
    Tip.objects.filter(pk=tip.pk).update(
        status=rules.Status.CLOSED, outcome=rules.Outcome.CONFIRMED, closed_at=timezone.now()
    )
    html = Client().post(LOOKUP, {"code": code, "secret": secret}).content.decode()
    assert "Đã kết thúc" in html and "Có dấu hiệu, đã xác thực" in html and "Đã bắt quả tang, cảm ơn bạn." in html
    assert 'action="/to-giac/tra-cuu/gui-them/"' not in html  # a closed tip takes no more replies
    response = Client().post(REPLY, {"code": code, "secret": secret, "text": "Thêm"})
    assert "không nhận thêm thông tin" in response.content.decode() and not TipMessage.objects.exists()

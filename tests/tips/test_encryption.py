"""Encryption at rest (issue 19 item 3): a dump of the database alone reveals neither what a tipster wrote, nor
their name and phone, nor their photos; `rotate_tip_keys` moves every token to the newest key; content no key
opens is shown as unreadable, not as an error."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from PIL import Image

from antq.tips import crypto
from antq.tips.models import Tip, TipAttachment, TipMessage
from tests.tips.conftest import stored_values
from tests.tips.test_public_portal import jpeg_with_gps, tip_data

BODY = "Ổ-ma-túy-ĐẶC-BIỆT-7731 trong nhà kho bỏ hoang"
NAME = "Lê-Thị-Nhận-Diện-4412"
PHONE = "0987654321"
REPLY = "Trả-lời-bổ-sung-9920 biển số xe"


@pytest.fixture(autouse=True)
def _fresh(settings):
    cache.clear()
    crypto.reset_keys()
    yield
    cache.clear()
    crypto.reset_keys()


def _send(photo: bytes) -> tuple[str, str]:
    client = Client()
    data = {
        **tip_data(body=BODY, give_contact="on", contact_name=NAME, contact_phone=PHONE),
        "photos": [SimpleUploadedFile("a.jpg", photo, content_type="image/jpeg")],
    }
    html = client.post("/to-giac/", data).content.decode()
    code, secret = [part.split("</code>")[0] for part in html.split('<code class="tip-code">')[1:3]]
    client.post("/to-giac/tra-cuu/gui-them/", {"code": code, "secret": secret, "text": REPLY})
    return code, secret


def _raw_database_bytes() -> bytes:
    """Every value of every column of every table, as the database returns it to raw SQL (what a dump holds); on
    SQLite also the `.dump` text and the database image itself."""
    chunks = [
        bytes(value) if isinstance(value, memoryview | bytes | bytearray) else str(value).encode()
        for _table, value in stored_values()
    ]
    if connection.vendor == "sqlite":
        raw = connection.connection
        chunks.append("\n".join(raw.iterdump()).encode())
        chunks.append(raw.serialize())
    return b"\n".join(chunks)


@pytest.mark.django_db
def test_a_database_dump_reveals_no_content_contact_or_photo():
    photo = jpeg_with_gps((123, 45, 67), size=(120, 90))
    code, _secret = _send(photo)
    tip = Tip.objects.get(code=code)
    stored_photo = crypto.decrypt_bytes(bytes(TipAttachment.objects.get(tip=tip).data))
    dump = _raw_database_bytes()
    assert code.encode() in dump  # the dump does hold the tip's row: the checks below mean something
    for needle in (BODY, NAME, PHONE, REPLY, "ma-túy-ĐẶC", "Nhận-Diện"):
        assert needle.encode() not in dump, needle
        assert needle.encode().hex().encode() not in dump.lower(), needle  # nor as the dump's X'…' blob literal
    for image in (photo, stored_photo):
        sample = image[len(image) // 2 : len(image) // 2 + 48]  # from the entropy-coded middle: unique bytes
        assert sample not in dump and sample.hex().encode() not in dump.lower()
    assert crypto.decrypt_text(tip.body) == BODY  # and the key does open it


@pytest.mark.django_db
def test_rotate_tip_keys_moves_everything_to_the_new_key(settings, capsys):
    old = settings.TIPS_KEYS[0]
    code, secret = _send(jpeg_with_gps())
    new = Fernet.generate_key().decode()
    settings.TIPS_KEYS = [new, old]
    crypto.reset_keys()
    call_command("rotate_tip_keys")
    assert "Đã mã hóa lại" in capsys.readouterr().out
    # The old key dropped: everything still reads.
    settings.TIPS_KEYS = [new]
    crypto.reset_keys()
    tip = Tip.objects.get(code=code)
    assert crypto.decrypt_text(tip.body) == BODY and crypto.decrypt_text(tip.contact_name) == NAME
    assert crypto.decrypt_text(TipMessage.objects.get(tip=tip).body) == REPLY
    assert Image.open(io.BytesIO(crypto.decrypt_bytes(bytes(TipAttachment.objects.get(tip=tip).data)))).format == "JPEG"
    html = Client().post("/to-giac/tra-cuu/", {"code": code, "secret": secret}).content.decode()
    assert REPLY in html


@pytest.mark.django_db
def test_content_no_key_opens_is_shown_as_unreadable_and_rotation_refuses_to_drop_it(settings):
    code, secret = _send(jpeg_with_gps())
    settings.TIPS_KEYS = [Fernet.generate_key().decode()]  # an unrelated key only
    crypto.reset_keys()
    with pytest.raises(crypto.ContentUnreadable):
        crypto.decrypt_text(Tip.objects.get(code=code).body)
    response = Client().post("/to-giac/tra-cuu/", {"code": code, "secret": secret})
    assert response.status_code == 200  # the secret's hash is not encrypted: the tipster still gets in
    assert "(Nội dung không đọc được.)" in response.content.decode()
    with pytest.raises(CommandError, match="không khóa nào"):
        call_command("rotate_tip_keys")

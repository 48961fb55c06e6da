"""The public tip form (issue 19 item 1): no login, no JavaScript, the province → commune picker, validation that
names the field and keeps what was typed, photos stripped of their metadata, the code and secret shown once."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from antq.accounts.models import Notification
from antq.geo.models import AdminUnit, Level
from antq.tips import crypto, rules
from antq.tips.models import RemoteCommune, Tip, TipAttachment, TipDelivery
from tests import world

PORTAL = "/to-giac/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def jpeg_with_gps(colour=(200, 30, 30), size=(64, 48)) -> bytes:
    """A JPEG carrying EXIF with a GPS position (Hà Nội) and a camera model, as a phone writes one."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x0110] = "ANTQ-TEST-CAMERA-MODEL"  # Model
    gps = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 15.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def tip_data(**overrides) -> dict:
    data = {
        "tinh": "33",
        "body": "Có người bán ma túy ở quán nước đầu ngõ.",
        "category": "ma-tuy",
        "commune": world.COMMUNE_DONG_HUNG,
        "place": "Thôn Đông, gần chợ",
        "when_told": "Tối thứ Bảy, khoảng 21 giờ",
        "occurred_on": "",
    }
    data.update(overrides)
    return data


def submit(client: Client, photos: list[bytes] = (), **overrides):
    """POST the tip form as a browser without JavaScript would; returns (response, code, secret)."""
    data = tip_data(**overrides)
    if photos:
        data["photos"] = [SimpleUploadedFile(f"p{i}.jpg", p, content_type="image/jpeg") for i, p in enumerate(photos)]
    response = client.post(PORTAL, data)
    html = response.content.decode()
    codes = re.findall(r'<code class="tip-code">([^<]+)</code>', html)
    return response, (codes[0] if codes else None), (codes[1] if len(codes) > 1 else None)


@pytest.mark.django_db
def test_the_portal_needs_no_login_and_starts_with_the_province():
    response = Client().get(PORTAL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gửi tin báo, tố giác tội phạm" in html
    assert 'name="tinh"' in html and "Hưng Yên" in html
    assert 'name="body"' not in html  # step 2 comes once a province is chosen
    assert "<script" not in html  # works without JavaScript; nothing from another site
    assert "http://" not in html and "https://" not in html


@pytest.mark.django_db
def test_choosing_a_province_lists_only_its_current_communes_in_vietnamese_order():
    html = Client().get(PORTAL, {"tinh": "33"}).content.decode()
    select = html[html.index('name="commune"') : html.index("</select>", html.index('name="commune"'))]
    codes = re.findall(r'value="(\d{5})"', select)
    assert world.COMMUNE_DONG_HUNG in codes and world.COMMUNE_TAN_TIEN in codes
    assert world.COMMUNE_HA_GIANG_1 not in codes  # Tuyên Quang's
    names = re.findall(r'value="\d{5}"[^>]*>([^<]+)<', select)
    expected = list(
        AdminUnit.objects.filter(parent__code="33", level="commune", valid_to__isnull=True)
        .order_by("sort_key")
        .values_list("name", flat=True)
    )
    assert names == expected


@pytest.mark.django_db
def test_an_unknown_province_is_named_in_the_message():
    html = Client().get(PORTAL, {"tinh": "99"}).content.decode()
    assert "Tỉnh, thành phố: lựa chọn không hợp lệ." in html


@pytest.mark.django_db
def test_a_commune_of_another_province_is_refused():
    response, code, _secret = submit(Client(), commune=world.COMMUNE_HA_GIANG_1)
    assert code is None and not Tip.objects.exists()
    assert "Xã, phường: lựa chọn không hợp lệ." in response.content.decode()


@pytest.mark.django_db
def test_bad_input_names_each_field_and_keeps_what_was_typed():
    response, code, _ = submit(
        Client(), body="", category="", occurred_on="01/01/2999", place="Ngõ 5 phố Chợ", when_told="Sáng nay"
    )
    assert code is None and not Tip.objects.exists()
    html = response.content.decode()
    assert "Sự việc đã xảy ra: chưa điền." in html
    assert "Loại tin: chưa điền." in html
    assert "Ngày xảy ra: không được sau ngày hôm nay." in html
    assert 'value="Ngõ 5 phố Chợ"' in html and 'value="Sáng nay"' in html
    assert f'value="{world.COMMUNE_DONG_HUNG}" selected' in html


@pytest.mark.django_db
def test_a_bad_phone_is_refused_only_when_contact_is_given():
    response, code, _ = submit(Client(), give_contact="on", contact_name="Nguyễn Văn A", contact_phone="12ab")
    assert code is None
    assert "Số điện thoại chỉ gồm chữ số" in response.content.decode()
    # Unticked: the contact fields are dropped unread, so the tip goes (anonymously).
    _response, code, _ = submit(Client(), contact_name="Nguyễn Văn A", contact_phone="12ab")
    tip = Tip.objects.get(code=code)
    assert not tip.identified and bytes(tip.contact_name) == b"" and bytes(tip.contact_phone) == b""


@pytest.mark.django_db
def test_ticking_contact_without_name_or_phone_says_what_to_do():
    response, code, _ = submit(Client(), give_contact="on")
    assert code is None
    assert "Họ tên, số điện thoại: bạn đã chọn cho biết danh tính" in response.content.decode()


@pytest.mark.django_db
def test_a_tip_is_recorded_encrypted_routed_and_timed(commune_officer, other_commune_officer):
    response, code, secret = submit(
        Client(), give_contact="on", contact_name="Trần Thị B", contact_phone="0912 345 678", occurred_on="02/11/2026"
    )
    assert response.status_code == 200
    assert re.fullmatch(r"TG-[2-9A-HJKMNP-Z]{8}", code) and re.fullmatch(
        r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){2}", secret
    )
    assert "no-store" in response["Cache-Control"]
    tip = Tip.objects.get(code=code)
    assert crypto.decrypt_text(tip.body) == "Có người bán ma túy ở quán nước đầu ngõ."
    assert crypto.decrypt_text(tip.contact_phone) == "0912345678"
    assert crypto.decrypt_text(tip.contact_name) == "Trần Thị B" and tip.identified
    assert secret not in tip.secret_hash and tip.secret_hash.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert tip.received_at.second == 0 and tip.received_at.microsecond == 0
    assert tip.due_at - tip.received_at == rules.deadline(tip.received_at, remote=False) - tip.received_at
    assert not tip.remote and tip.status == rules.Status.NEW
    delivery = TipDelivery.objects.get(tip=tip)
    assert delivery.unit.code == world.COMMUNE_DONG_HUNG and delivery.role == rules.DeliveryRole.PRIMARY
    told = Notification.objects.filter(text__contains=code)
    assert list(told.values_list("user_id", flat=True)) == [commune_officer.pk]
    assert "ma túy ở quán" not in told.get().text  # the notice carries the code, never the content
    assert told.get().url == f"/to-giac/tin/{tip.pk}/"  # and opens the tip in the inbox


@pytest.mark.django_db
def test_a_remote_commune_gets_48_hours(dong_hung):
    RemoteCommune.objects.create(unit=dong_hung)
    _response, code, _ = submit(Client())
    tip = Tip.objects.get(code=code)
    assert tip.remote and (tip.due_at - tip.received_at).total_seconds() == 48 * 3600


@pytest.mark.django_db
def test_the_secret_is_shown_once_and_never_again(client):
    response, _code, secret = submit(client)
    assert secret in response.content.decode()
    assert secret not in response.get("Location", "")
    for page in (PORTAL, "/to-giac/tra-cuu/"):
        assert secret not in client.get(page).content.decode()


@pytest.mark.django_db
def test_photo_metadata_is_stripped_before_it_is_stored():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the test photo does carry GPS
    _response, code, _ = submit(Client(), photos=[original, jpeg_with_gps((10, 200, 10))])
    stored = TipAttachment.objects.filter(tip__code=code)
    assert stored.count() == 2
    for attachment in stored:
        clear = crypto.decrypt_bytes(bytes(attachment.data))
        image = Image.open(io.BytesIO(clear))
        assert image.format == "JPEG" and image.size == (64, 48)
        assert len(image.getexif()) == 0 and "exif" not in image.info
        assert b"ANTQ-TEST-CAMERA-MODEL" not in clear and b"Exif" not in clear
        assert attachment.size == len(clear) and attachment.message_id is None


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_with_its_name():
    response = Client().post(
        PORTAL, {**tip_data(), "photos": [SimpleUploadedFile("ghi-chu.pdf", b"%PDF-1.4 not an image")]}
    )
    html = response.content.decode()
    assert "Tệp “ghi-chu.pdf” không phải là ảnh" in html
    assert "chọn lại ảnh" in html and not Tip.objects.exists()


@pytest.mark.django_db
def test_too_many_photos_are_refused():
    _response, code, _ = submit(Client(), photos=[jpeg_with_gps()] * 6)
    assert code is None and not Tip.objects.exists()


@pytest.mark.django_db
def test_submissions_are_limited_per_client_per_hour():
    client = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(5):
        _response, code, _ = submit(client)
        assert code is not None
    response, code, _ = submit(client)
    assert response.status_code == 429 and code is None
    assert "thử lại sau" in response.content.decode()
    assert Tip.objects.count() == 5
    # Another client is not held back.
    _response, code, _ = submit(Client(REMOTE_ADDR="198.51.100.10"))
    assert code is not None


@pytest.mark.django_db
def test_the_login_page_links_to_the_portal():
    html = Client().get("/tai-khoan/dang-nhap/").content.decode()
    assert f'href="{PORTAL}"' in html and "Gửi tin báo, tố giác tội phạm" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/to-giac/", "/to-giac/tra-cuu/", "/to-giac/tra-cuu/gui-them/"])
def test_a_refused_form_tells_a_citizen_what_to_do_without_any_login(path):
    response = Client(enforce_csrf_checks=True).post(path, {"tinh": "33"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "không dùng để nhận diện bạn" in html and "đăng nhập" not in html
    assert 'href="/to-giac/"' in html  # back to the portal, not to the officers' login page


@pytest.mark.django_db
def test_an_officer_page_refused_by_csrf_still_says_log_in_again(client):
    response = Client(enforce_csrf_checks=True).post("/tai-khoan/dang-nhap/", {"username": "x"})
    assert response.status_code == 403 and "đăng nhập lại" in response.content.decode()


@pytest.mark.django_db
def test_provinces_are_listed_by_name_whatever_their_type_word():
    AdminUnit.objects.create(code="79", name="Thành phố Hồ Chí Minh", short_name="Hồ Chí Minh", level=Level.PROVINCE)
    AdminUnit.objects.create(code="91", name="Tỉnh An Giang", short_name="An Giang", level=Level.PROVINCE)
    page = Client().get("/to-giac/").content.decode()
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    # Not every "Thành phố" before every "Tỉnh": A, Hồ, Hưng, Tuyên.
    assert names == ["Tỉnh An Giang", "Thành phố Hồ Chí Minh", "Tỉnh Hưng Yên", "Tỉnh Tuyên Quang"]


@pytest.mark.django_db
def test_an_unknown_province_posted_is_named_invalid_not_missing():
    response = Client().post("/to-giac/", {**tip_data(), "tinh": "99"})
    assert response.status_code == 400
    assert "Tỉnh, thành phố: lựa chọn không hợp lệ." in response.content.decode()

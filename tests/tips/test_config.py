"""The tip configuration pages: a province's remote communes (its PV05 marks them; the 48-hour time applies to tips
received afterwards) and the national list of categories (the Ministry adds, renames, reorders, retires, restores).
Who may see and change each, the messages that name the field, the audit trail, and the portal's form."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from antq.accounts.models import AuditEntry
from antq.core.extensions import unit_links
from antq.geo.models import AdminUnit
from antq.tips.models import RemoteCommune, Tip, TipCategory
from tests import world
from tests.tips.conftest import make_tip
from tests.tips.test_public_portal import tip_data

pytestmark = pytest.mark.django_db

REMOTE = "/to-giac/vung-xa/33/"
MARK_URL = "/to-giac/vung-xa/33/danh-dau/"
CATEGORIES = "/to-giac/loai-tin/"
NOTE = "Quyết định số 1234/QĐ-UBND ngày 05/8/2025"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The portal's abuse limits live in the cache.
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _mark(client: Client, commune: str = world.COMMUNE_DONG_HUNG, note: str = NOTE, action: str = "mark"):
    return client.post(MARK_URL, {"commune": commune, "action": action, "note": note}, follow=True)


def _entries(model, pk, action=None):
    rows = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk=str(pk))
    return rows.filter(action=action) if action is not None else rows


def _portal_tip(commune: str = world.COMMUNE_DONG_HUNG) -> Tip:
    """Send a tip through the public portal (the full stack) and return it."""
    response = Client().post("/to-giac/", tip_data(commune=commune))
    codes = re.findall(r'<code class="tip-code">([^<]+)</code>', response.content.decode())
    assert codes, response.content.decode()[:2000]
    return Tip.objects.get(code=codes[0])


# --- Remote communes: who sees, who changes ---------------------------------------------------------------------


def test_province_officer_sees_the_communes_and_the_forms(client, province_officer, dong_hung):
    html = _login(client, province_officer).get(REMOTE).content.decode()
    assert dong_hung.name in html
    assert 'action="/to-giac/vung-xa/33/danh-dau/"' in html
    assert "tin đã tiếp nhận giữ nguyên thời hạn" in html


@pytest.mark.parametrize("who", ["commune_officer", "viewer", "ministry_officer"])
def test_commune_officers_steering_committee_and_ministry_read_without_forms(client, who, request, dong_hung):
    RemoteCommune.objects.create(unit=dong_hung, note=NOTE)
    response = _login(client, request.getfixturevalue(who)).get(REMOTE)
    html = response.content.decode()
    assert response.status_code == 200
    assert NOTE in html and "Có (48 giờ)" in html
    assert "danh-dau" not in html
    assert "Chỉ cán bộ PV05 Công an tỉnh thay đổi danh sách này." in html


def test_another_province_officer_gets_404_to_read_and_to_change(client, other_province_officer):
    _login(client, other_province_officer)
    assert client.get(REMOTE).status_code == 404
    assert (
        client.post(MARK_URL, {"commune": world.COMMUNE_DONG_HUNG, "action": "mark", "note": NOTE}).status_code == 404
    )
    assert not RemoteCommune.objects.exists()


def test_no_role_user_gets_404(client, no_role_user):
    assert _login(client, no_role_user).get(REMOTE).status_code == 404


def test_commune_officer_cannot_mark_a_commune(client, commune_officer):
    response = _mark(_login(client, commune_officer))
    assert response.status_code == 200
    assert "Chỉ cán bộ PV05 Công an tỉnh đánh dấu xã vùng sâu, vùng xa của tỉnh." in _messages(response)
    assert not RemoteCommune.objects.exists()


def test_ministry_officer_cannot_mark_a_commune(client, ministry_officer):
    _mark(_login(client, ministry_officer))
    assert not RemoteCommune.objects.exists()


def test_a_commune_of_another_province_is_404_on_this_province_form(client, province_officer):
    response = _login(client, province_officer).post(
        MARK_URL, {"commune": world.COMMUNE_HA_GIANG_1, "action": "mark", "note": NOTE}
    )
    assert response.status_code == 404
    assert not RemoteCommune.objects.exists()


def test_marking_needs_a_basis_named_in_the_message(client, province_officer):
    response = _mark(_login(client, province_officer), note="  ")
    assert "Căn cứ: cần ghi căn cứ" in _messages(response)
    assert not RemoteCommune.objects.exists()


def test_marking_twice_with_the_same_basis_is_refused_and_a_new_basis_is_saved(client, province_officer, dong_hung):
    _login(client, province_officer)
    _mark(client)
    response = _mark(client)
    assert "đã là xã vùng sâu, vùng xa với căn cứ này" in _messages(response)
    _mark(client, note="Quyết định số 99/QĐ-UBND")
    assert RemoteCommune.objects.get(unit=dong_hung).note == "Quyết định số 99/QĐ-UBND"
    assert RemoteCommune.objects.count() == 1


def test_unmarking_a_commune_that_is_not_remote_is_refused(client, province_officer):
    response = _mark(_login(client, province_officer), action="unmark")
    assert "chưa được đánh dấu" in _messages(response)


# --- Remote communes: the clock ---------------------------------------------------------------------------------


def test_a_tip_received_after_marking_gets_48_hours_and_an_earlier_one_keeps_24(client, province_officer, dong_hung):
    earlier = make_tip(dong_hung)
    earlier_due = earlier.due_at
    before = _portal_tip()
    assert before.due_at - before.received_at == dt.timedelta(hours=24)

    response = _mark(_login(client, province_officer))
    assert "tin tiếp nhận từ nay có thời hạn chuyển 48 giờ" in _messages(response)

    after = _portal_tip()
    assert after.remote is True
    assert after.due_at - after.received_at == dt.timedelta(hours=48)
    earlier.refresh_from_db()
    before.refresh_from_db()
    assert earlier.due_at == earlier_due and not earlier.remote
    assert before.due_at - before.received_at == dt.timedelta(hours=24) and not before.remote
    # Another commune of the same province is untouched.
    assert _portal_tip(world.COMMUNE_TAN_TIEN).due_at - dt.timedelta(hours=24) == Tip.objects.latest("id").received_at


def test_unmarking_brings_back_24_hours_for_new_tips_only(client, province_officer, dong_hung):
    _login(client, province_officer)
    _mark(client)
    remote_tip = _portal_tip()
    _mark(client, action="unmark")
    assert not RemoteCommune.objects.exists()
    after = _portal_tip()
    assert after.due_at - after.received_at == dt.timedelta(hours=24)
    remote_tip.refresh_from_db()
    assert remote_tip.due_at - remote_tip.received_at == dt.timedelta(hours=48)


def test_marking_and_unmarking_are_audited_under_the_commune(client, province_officer, dong_hung, hung_yen):
    _login(client, province_officer)
    _mark(client)
    entry = RemoteCommune.objects.get(unit=dong_hung)
    created = _entries(RemoteCommune, entry.pk, AuditEntry.Action.CREATE).get()
    assert created.actor == province_officer
    assert created.unit_id == dong_hung.pk and created.province_id == hung_yen.pk
    _mark(client, action="unmark")
    deleted = _entries(RemoteCommune, entry.pk, AuditEntry.Action.DELETE).get()
    assert deleted.actor == province_officer and deleted.unit_id == dong_hung.pk
    assert NOTE in str(deleted.changes)  # the trail keeps the basis the commune had


# --- Remote communes: the list ----------------------------------------------------------------------------------


def test_the_list_is_searchable_without_accents_and_in_vietnamese_order(client, province_officer, dong_hung, tan_tien):
    _login(client, province_officer)
    html = client.get(REMOTE, {"q": "dong hung"}).content.decode()
    assert dong_hung.name in html and tan_tien.name not in html
    html = client.get(REMOTE).content.decode()
    names = re.findall(r"<tr><td>([^<]+)</td><td>\d{5}</td>", html)
    expected = list(
        AdminUnit.objects.filter(parent__code="33", level="commune", valid_to__isnull=True)
        .order_by("sort_key", "code")
        .values_list("name", flat=True)[:50]
    )
    assert names == expected


def test_the_remote_only_filter(client, province_officer, dong_hung, tan_tien):
    RemoteCommune.objects.create(unit=dong_hung, note=NOTE)
    html = _login(client, province_officer).get(REMOTE, {"vung_xa": "on"}).content.decode()
    assert dong_hung.name in html and tan_tien.name not in html


def test_marking_comes_back_to_the_same_filter(client, province_officer):
    response = _login(client, province_officer).post(
        MARK_URL, {"commune": world.COMMUNE_DONG_HUNG, "action": "mark", "note": NOTE, "q": "dong", "page": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{REMOTE}?q=dong&page=1"


def test_the_list_query_count_does_not_grow_with_remote_communes(client, province_officer, hung_yen):
    _login(client, province_officer)
    client.get(REMOTE)  # warm the session and scope
    with CaptureQueriesContext(connection) as few:
        client.get(REMOTE)
    for unit in AdminUnit.objects.filter(parent=hung_yen, level="commune", valid_to__isnull=True)[:5]:
        RemoteCommune.objects.create(unit=unit, note=NOTE)
    with CaptureQueriesContext(connection) as more:
        client.get(REMOTE)
    assert len(more) == len(few)


def test_the_province_page_and_the_overdue_board_link_the_list(
    client, province_officer, other_province_officer, hung_yen
):
    assert "tips:remote" in [link.url_name for link in unit_links(province_officer, hung_yen)]
    assert "tips:remote" not in [link.url_name for link in unit_links(other_province_officer, hung_yen)]
    html = _login(client, province_officer).get("/to-giac/qua-han/33/").content.decode()
    assert 'href="/to-giac/vung-xa/33/"' in html


# --- Categories -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["viewer", "commune_officer", "province_officer"])
def test_everyone_with_inbox_access_reads_the_categories_without_forms(client, who, request):
    response = _login(client, request.getfixturevalue(who)).get(CATEGORIES)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ma túy" in html and "Trộm cắp tài sản" in html
    assert "/doi-ten/" not in html and "Thêm loại tin" not in html


def test_no_role_user_gets_404_for_categories(client, no_role_user):
    _login(client, no_role_user)
    assert client.get(CATEGORIES).status_code == 404
    assert client.post(f"{CATEGORIES}them/", {"code": "x", "name": "X"}).status_code == 404


def test_ministry_adds_a_category_and_the_portal_offers_it(client, ministry_officer):
    response = _login(client, ministry_officer).post(
        f"{CATEGORIES}them/", {"code": "buon-lau", "name": "Buôn lậu, hàng giả"}, follow=True
    )
    assert "Đã thêm loại tin “Buôn lậu, hàng giả”" in _messages(response)
    added = TipCategory.objects.get(code="buon-lau")
    assert added.active and added.order == max(TipCategory.objects.values_list("order", flat=True))
    assert 'value="buon-lau"' in Client().get("/to-giac/", {"tinh": "33"}).content.decode()
    created = _entries(TipCategory, added.pk, AuditEntry.Action.CREATE).get()
    assert created.actor == ministry_officer


@pytest.mark.parametrize("who", ["province_officer", "commune_officer", "viewer"])
def test_only_the_ministry_changes_categories(client, who, request):
    _login(client, request.getfixturevalue(who))
    khac = TipCategory.objects.get(code="khac")
    response = client.post(f"{CATEGORIES}them/", {"code": "moi", "name": "Mới"}, follow=True)
    assert "Chỉ cán bộ Bộ Công an (V05) sửa danh mục loại tin báo." in _messages(response)
    client.post(f"{CATEGORIES}{khac.pk}/doi-ten/", {"name": "Loại khác"})
    client.post(f"{CATEGORIES}{khac.pk}/trang-thai/", {"active": "0"})
    client.post(f"{CATEGORIES}{khac.pk}/thu-tu/", {"direction": "up"})
    after = TipCategory.objects.get(pk=khac.pk)
    assert (after.name, after.active, after.order) == (khac.name, khac.active, khac.order)
    assert not TipCategory.objects.filter(code="moi").exists()


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("ma-tuy", "Ma túy đá", "Mã: đã có loại tin mã “ma-tuy”."),
        ("ma-tuy-2", "MA TUÝ", "Tên: đã có loại tin “Ma túy” (mã ma-tuy)."),
        ("Ma Túy", "Chất cấm", "Mã: chỉ gồm chữ thường không dấu"),
        ("", "Chất cấm", "Mã: cần nhập mã loại tin."),
        ("chat-cam", "", "Tên: cần nhập tên loại tin."),
        ("chat-cam", "x" * 121, "Tên: tối đa 120 ký tự."),
    ],
)
def test_bad_or_duplicate_input_is_refused_naming_the_field(client, ministry_officer, code, name, message):
    count = TipCategory.objects.count()
    response = _login(client, ministry_officer).post(f"{CATEGORIES}them/", {"code": code, "name": name}, follow=True)
    assert message in _messages(response)
    assert TipCategory.objects.count() == count
    assert response.status_code == 400 and response.redirect_chain == []  # the page again, nothing typed lost
    page = response.content.decode()
    assert (not code or f'value="{code}"' in page) and (not name or f'value="{name}"' in page)


def test_rename_to_another_categorys_name_is_refused(client, ministry_officer):
    khac = TipCategory.objects.get(code="khac")
    response = _login(client, ministry_officer).post(f"{CATEGORIES}{khac.pk}/doi-ten/", {"name": "ma tuy"}, follow=True)
    assert "Tên: đã có loại tin “Ma túy”" in _messages(response)
    assert TipCategory.objects.get(pk=khac.pk).name == "Khác"
    assert response.status_code == 400 and 'value="ma tuy"' in response.content.decode()  # kept as typed


def test_rename_keeps_old_tips_on_the_category_and_is_audited(client, ministry_officer, dong_hung):
    tip = make_tip(dong_hung, category="trat-tu")
    category = tip.category
    _login(client, ministry_officer).post(f"{CATEGORIES}{category.pk}/doi-ten/", {"name": "Trật tự công cộng, đô thị"})
    tip.refresh_from_db()
    assert tip.category.name == "Trật tự công cộng, đô thị"
    entry = _entries(TipCategory, category.pk, AuditEntry.Action.UPDATE).get()
    assert entry.actor == ministry_officer and "Trật tự công cộng, đô thị" in str(entry.changes)


def test_reorder_moves_one_place_and_refuses_past_the_end(client, ministry_officer):
    _login(client, ministry_officer)
    codes = list(TipCategory.objects.order_by("order", "code").values_list("code", flat=True))
    last = TipCategory.objects.get(code=codes[-1])
    client.post(f"{CATEGORIES}{last.pk}/thu-tu/", {"direction": "up"})
    moved = list(TipCategory.objects.order_by("order", "code").values_list("code", flat=True))
    assert moved == [*codes[:-2], codes[-1], codes[-2]]
    first = TipCategory.objects.get(code=codes[0])
    response = client.post(f"{CATEGORIES}{first.pk}/thu-tu/", {"direction": "up"}, follow=True)
    assert "Thứ tự:" in _messages(response) and "đã ở đầu danh sách" in _messages(response)
    assert _entries(TipCategory, last.pk, AuditEntry.Action.UPDATE).filter(actor=ministry_officer).exists()


def test_a_retired_category_leaves_the_portal_but_stays_on_old_tips_and_in_the_list(
    client, ministry_officer, province_officer, dong_hung
):
    old = make_tip(dong_hung, category="co-bac")
    co_bac = old.category
    response = _login(client, ministry_officer).post(
        f"{CATEGORIES}{co_bac.pk}/trang-thai/", {"active": "0"}, follow=True
    )
    assert "Đã ngừng dùng loại tin “Cờ bạc, cá độ”" in _messages(response)
    assert not TipCategory.objects.get(pk=co_bac.pk).active
    portal = Client().get("/to-giac/", {"tinh": "33"}).content.decode()
    assert 'value="co-bac"' not in portal and 'value="ma-tuy"' in portal
    # Posting it anyway (a stale form) is refused, naming the field.
    refused = Client().post("/to-giac/", tip_data(category="co-bac")).content.decode()
    assert "Loại tin" in refused and not Tip.objects.exclude(pk=old.pk).exists()
    # The old tip keeps it: its page, the inbox filter, the list with its count.
    _login(client, province_officer)
    assert "Cờ bạc, cá độ" in client.get(f"/to-giac/tin/{old.pk}/").content.decode()
    assert 'value="co-bac"' in client.get("/to-giac/hop-thu/33/").content.decode()
    listing = client.get(CATEGORIES).content.decode()
    assert "Ngừng dùng" in listing and "Cờ bạc, cá độ" in listing
    assert _entries(TipCategory, co_bac.pk, AuditEntry.Action.UPDATE).filter(actor=ministry_officer).exists()


def test_a_retired_category_can_be_restored(client, ministry_officer):
    co_bac = TipCategory.objects.get(code="co-bac")
    _login(client, ministry_officer)
    client.post(f"{CATEGORIES}{co_bac.pk}/trang-thai/", {"active": "0"})
    response = client.post(f"{CATEGORIES}{co_bac.pk}/trang-thai/", {"active": "1"}, follow=True)
    assert "Đã dùng lại loại tin “Cờ bạc, cá độ”." in _messages(response)
    assert 'value="co-bac"' in Client().get("/to-giac/", {"tinh": "33"}).content.decode()


def test_the_last_active_category_cannot_be_retired(client, ministry_officer):
    TipCategory.objects.exclude(code="khac").update(active=False)
    khac = TipCategory.objects.get(code="khac")
    response = _login(client, ministry_officer).post(f"{CATEGORIES}{khac.pk}/trang-thai/", {"active": "0"}, follow=True)
    assert "Cần giữ ít nhất một loại tin đang dùng" in _messages(response)
    assert TipCategory.objects.get(pk=khac.pk).active

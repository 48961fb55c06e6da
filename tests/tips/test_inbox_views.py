"""The inbox's pages: who sees what (raw content for the holder and its province, audited; the summary for
everyone else who may see the tip; 404 for the rest), the list with its clock, filters and pagination, the steps
with their confirmation and messages, forwarding, photos, the overdue board and the menu entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antq.accounts.models import AuditEntry
from antq.core.extensions import NAV
from antq.tips import services
from antq.tips.models import Tip, TipDelivery
from antq.tips.rules import DeliveryRole, Status
from tests.conftest import unit
from tests.tips.conftest import BODY, CONTACT_PHONE, PLACE, VN, add_photo, make_tip

pytestmark = pytest.mark.django_db


def _access_count(tip: Tip) -> int:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Tip), object_pk=str(tip.pk), action=AuditEntry.Action.ACCESS
    ).count()


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Who sees what ----------------------------------------------------------------------------------------------


def test_commune_officer_reads_raw_content_and_the_view_is_audited(client, tip, commune_officer):
    response = _page(client, commune_officer, f"/to-giac/tin/{tip.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert BODY in html and PLACE in html and CONTACT_PHONE in html
    assert response["Cache-Control"] == "private, no-store"
    assert _access_count(tip) == 1
    client.get(f"/to-giac/tin/{tip.pk}/")
    assert _access_count(tip) == 2  # every view, not once per officer


def test_province_officer_reads_raw_content(client, tip, province_officer):
    html = _page(client, province_officer, f"/to-giac/tin/{tip.pk}/").content.decode()
    assert BODY in html
    assert _access_count(tip) == 1


@pytest.mark.parametrize("who", ["viewer", "ministry_officer"])
def test_steering_committee_and_ministry_see_the_summary_only(client, tip, who, request):
    response = _page(client, request.getfixturevalue(who), f"/to-giac/tin/{tip.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert tip.summary in html
    assert BODY not in html and CONTACT_PHONE not in html and "/to-giac/anh/" not in html
    assert _access_count(tip) == 0


def test_info_only_unit_sees_the_summary_only(client, tip, commune_officer, tan_tien):
    services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="Đúng địa bàn Tân Tiến")
    response = _page(client, commune_officer, f"/to-giac/tin/{tip.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert tip.summary in html and BODY not in html
    assert "Để biết" in html
    photo = tip.attachments.get()
    assert client.get(f"/to-giac/anh/{photo.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["other_commune_officer", "other_province_officer", "no_role_user"])
def test_everyone_else_gets_404(client, tip, who, request):
    user = request.getfixturevalue(who)
    assert _page(client, user, f"/to-giac/tin/{tip.pk}/").status_code == 404
    assert client.get(f"/to-giac/anh/{tip.attachments.get().pk}/").status_code == 404
    assert client.post(f"/to-giac/tin/{tip.pk}/xu-ly/", {"step": "acknowledge"}).status_code == 404
    tip.refresh_from_db()
    assert tip.status == Status.NEW


def test_photo_is_served_decrypted_uncached_and_audited(client, commune_officer, dong_hung):
    tip = make_tip(dong_hung)
    photo = add_photo(tip, b"\x89PNG-the-real-bytes")
    response = _page(client, commune_officer, f"/to-giac/anh/{photo.pk}/")
    assert response.status_code == 200
    assert response.content == b"\x89PNG-the-real-bytes"
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert _access_count(tip) == 1


# --- The list ---------------------------------------------------------------------------------------------------


def test_inbox_lists_code_category_received_clock_and_summary(client, commune_officer, dong_hung, tan_tien):
    mine = make_tip(dong_hung, received_at=dt.datetime(2025, 11, 10, 23, 45, tzinfo=VN), summary="Đánh bạc ở chợ")
    other = make_tip(tan_tien)
    html = _page(client, commune_officer, "/to-giac/hop-thu/12688/").content.decode()
    assert mine.code in html and other.code not in html
    assert "Ma túy" in html and "10/11/2025 23:45" in html and "Đánh bạc ở chợ" in html
    assert '<span class="tag warn">Quá hạn</span>' in html  # received in 2025, never passed on
    assert BODY not in html


def test_province_inbox_gathers_its_communes(client, province_officer, dong_hung, tan_tien, ha_giang_1):
    a, b, far = make_tip(dong_hung), make_tip(tan_tien), make_tip(ha_giang_1)
    html = _page(client, province_officer, "/to-giac/hop-thu/33/").content.decode()
    assert a.code in html and b.code in html and far.code not in html


def test_inbox_filters_by_status_category_and_clock(client, commune_officer, dong_hung):
    now = timezone.now()
    overdue = make_tip(dong_hung, received_at=now - dt.timedelta(hours=30))
    due = make_tip(dong_hung, received_at=now - dt.timedelta(hours=20), category="trom-cap")
    running = make_tip(dong_hung, received_at=now - dt.timedelta(hours=1), status=Status.ACKNOWLEDGED)
    passed = make_tip(dong_hung, received_at=now - dt.timedelta(hours=40), status=Status.PASSED)
    client.force_login(commune_officer)

    def codes(query):
        html = client.get(f"/to-giac/hop-thu/12688/?{query}").content.decode()
        return {t.code for t in (overdue, due, running, passed) if t.code in html}

    assert codes("han=overdue") == {overdue.code}
    assert codes("han=due") == {due.code}
    assert codes("han=open") == {overdue.code, due.code, running.code}
    assert codes("trang_thai=acknowledged") == {running.code}
    assert codes("loai=trom-cap") == {due.code}
    assert codes("loai=khong-co&han=rac") == {overdue.code, due.code, running.code, passed.code}  # garbage ignored


def test_inbox_marks_info_only_and_filters_by_role(client, commune_officer, dong_hung, tan_tien):
    kept, sent = make_tip(dong_hung), make_tip(dong_hung)
    services.tip_forward(actor=commune_officer, tip=sent, unit=tan_tien, reason="x")
    client.force_login(commune_officer)
    html = client.get("/to-giac/hop-thu/12688/?vai_tro=primary").content.decode()
    assert kept.code in html and sent.code not in html
    html = client.get("/to-giac/hop-thu/12688/?vai_tro=info_only").content.decode()
    assert sent.code in html and kept.code not in html and "Thụ lý: Xã Tân Tiến" in html


def test_inbox_is_paginated_and_its_queries_do_not_grow_with_rows(client, commune_officer, dong_hung):
    for _ in range(3):
        make_tip(dong_hung)
    client.force_login(commune_officer)
    client.get("/to-giac/hop-thu/12688/")  # warm the session and the scope
    with CaptureQueriesContext(connection) as few:
        client.get("/to-giac/hop-thu/12688/")
    for _ in range(57):
        make_tip(dong_hung)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/to-giac/hop-thu/12688/")
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 50
    assert "Trang 1 / 2" in response.content.decode()
    second = client.get("/to-giac/hop-thu/12688/?page=2")
    assert len(second.context["page"].object_list) == 10
    # No encrypted column is fetched for the list.
    assert not any('"body"' in q["sql"] for q in many.captured_queries if '"tips_tip"' in q["sql"])


def test_index_lists_the_users_units(client, province_officer):
    html = _page(client, province_officer, "/to-giac/hop-thu/").content.decode()
    assert "/to-giac/hop-thu/33/" in html and "/to-giac/qua-han/33/" in html


def test_menu_entry_for_officers_only(client, commune_officer, team_leader):
    entry = next(e for e in NAV if e.url_name == "tips:index")
    assert str(entry.label) == "Tin báo"
    assert entry.visible(commune_officer)
    assert not entry.visible(team_leader)


# --- Steps and actions through the pages ------------------------------------------------------------------------


def test_acknowledge_through_the_page_says_so(client, tip, commune_officer):
    client.force_login(commune_officer)
    response = client.post(f"/to-giac/tin/{tip.pk}/xu-ly/", {"step": "acknowledge"}, follow=True)
    tip.refresh_from_db()
    assert tip.status == Status.ACKNOWLEDGED
    assert f"Đã xác nhận tiếp nhận tin {tip.code}" in response.content.decode()


def test_close_needs_the_confirmation_box(client, tip, commune_officer):
    client.force_login(commune_officer)
    data = {"step": "close", "outcome": "not_confirmed", "outcome_message": "Chưa đủ căn cứ."}
    response = client.post(f"/to-giac/tin/{tip.pk}/xu-ly/", data, follow=True)
    tip.refresh_from_db()
    assert tip.status == Status.NEW
    assert "Cần đánh dấu ô xác nhận" in response.content.decode()
    assert response.status_code == 400 and "Chưa đủ căn cứ.</textarea>" in response.content.decode()  # kept
    response = client.post(f"/to-giac/tin/{tip.pk}/xu-ly/", {**data, "confirm": "1"}, follow=True)
    tip.refresh_from_db()
    assert (tip.status, tip.outcome) == (Status.CLOSED, "not_confirmed")
    assert "Đã kết thúc tin" in response.content.decode() and "Không xác thực được" in response.content.decode()


def test_a_refused_step_shows_why(client, tip, province_officer):
    client.force_login(province_officer)
    response = client.post(f"/to-giac/tin/{tip.pk}/xu-ly/", {"step": "acknowledge"}, follow=True)
    assert "cán bộ đơn vị đang thụ lý tin" in response.content.decode()
    tip.refresh_from_db()
    assert tip.status == Status.NEW


def test_detail_offers_only_the_steps_the_user_may_take(client, tip, commune_officer, province_officer):
    html = _page(client, commune_officer, f"/to-giac/tin/{tip.pk}/").content.decode()
    assert 'value="acknowledge"' in html and 'value="close"' in html
    html = _page(client, province_officer, f"/to-giac/tin/{tip.pk}/").content.decode()
    assert 'value="acknowledge"' not in html and 'value="close"' in html


def test_forward_through_the_page(client, tip, commune_officer, tan_tien):
    client.force_login(commune_officer)
    response = client.post(f"/to-giac/tin/{tip.pk}/chuyen/", {"unit": tan_tien.pk, "reason": "Địa bàn Tân Tiến"})
    assert response.status_code == 302
    assert TipDelivery.objects.get(tip=tip, role=DeliveryRole.PRIMARY).unit == tan_tien


def test_forward_to_another_province_sends_the_forwarder_back_to_its_inbox(client, tip, commune_officer, tuyen_quang):
    client.force_login(commune_officer)
    response = client.post(f"/to-giac/tin/{tip.pk}/chuyen/", {"unit": tuyen_quang.pk, "reason": "Ở Tuyên Quang"})
    # Đông Hưng keeps an info-only delivery, so it still sees the tip (its summary).
    assert response["Location"] == f"/to-giac/tin/{tip.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_summary_and_question_through_the_page(client, tip, commune_officer):
    client.force_login(commune_officer)
    client.post(f"/to-giac/tin/{tip.pk}/tom-tat/", {"summary": "Tóm tắt mới"})
    client.post(f"/to-giac/tin/{tip.pk}/hoi/", {"text": "Bạn có ảnh không?"})
    tip.refresh_from_db()
    assert tip.summary == "Tóm tắt mới"
    html = client.get(f"/to-giac/tin/{tip.pk}/").content.decode()
    assert "Bạn có ảnh không?" in html


# --- The overdue board ------------------------------------------------------------------------------------------


def test_overdue_board_lists_tips_not_passed_on_past_due_by_commune(
    client, province_officer, commune_officer, dong_hung, tan_tien, ha_giang_1
):
    now = timezone.now()
    late_new = make_tip(dong_hung, received_at=now - dt.timedelta(hours=25))
    late_verifying = make_tip(tan_tien, received_at=now - dt.timedelta(hours=30), status=Status.VERIFYING)
    remote_in_time = make_tip(dong_hung, received_at=now - dt.timedelta(hours=30), remote=True)
    passed_late = make_tip(dong_hung, received_at=now - dt.timedelta(hours=50), status=Status.PASSED)
    in_time = make_tip(tan_tien, received_at=now - dt.timedelta(hours=2))
    elsewhere = make_tip(ha_giang_1, received_at=now - dt.timedelta(hours=50))
    response = _page(client, province_officer, "/to-giac/qua-han/33/")
    html = response.content.decode()
    assert late_new.code in html and late_verifying.code in html
    for tip in (remote_in_time, passed_late, in_time, elsewhere):
        assert tip.code not in html
    groups = {g.unit.code: [t.code for t in g.tips] for g in response.context["groups"]}
    assert groups == {"12688": [late_new.code], "12583": [late_verifying.code]}
    assert _page(client, commune_officer, "/to-giac/qua-han/33/").status_code == 404
    assert client.get("/to-giac/qua-han/12688/").status_code == 404


def test_overdue_board_follows_the_holder_after_a_forward(
    client, province_officer, commune_officer, dong_hung, tan_tien
):
    tip = make_tip(dong_hung, received_at=timezone.now() - dt.timedelta(hours=26))
    services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="x")
    response = _page(client, province_officer, "/to-giac/qua-han/33/")
    groups = {g.unit.code: [t.code for t in g.tips] for g in response.context["groups"]}
    assert groups == {"12583": [tip.code]}


def test_overdue_board_counts_every_tip_and_lists_the_most_overdue(client, province_officer, dong_hung):
    now = timezone.now()
    made = [make_tip(dong_hung, received_at=now - dt.timedelta(hours=25 + i)) for i in range(12)]
    response = _page(client, province_officer, "/to-giac/qua-han/33/")
    (group,) = response.context["groups"]
    assert group.count == 12 and response.context["total"] == 12
    assert [t.code for t in group.tips] == [t.code for t in reversed(made)][:10]  # the oldest due first
    assert "/to-giac/hop-thu/12688/?han=overdue" in response.content.decode()


def test_a_refused_question_or_forward_names_the_field_and_keeps_what_was_typed(client, tip, commune_officer):
    client.force_login(commune_officer)
    long_question = "Bạn thấy gì? " + "x" * 2000
    response = client.post(f"/to-giac/tin/{tip.pk}/hoi/", {"text": long_question})
    page = response.content.decode()
    assert response.status_code == 400 and "Câu hỏi: tối đa 2.000 ký tự." in page
    assert long_question in page and "<details open><summary>Gửi câu hỏi" in page  # nothing typed is lost
    response = client.post(f"/to-giac/tin/{tip.pk}/chuyen/", {"unit": "", "reason": ""})
    page = response.content.decode()
    assert "Chuyển đến: chưa chọn đơn vị." in page and "Lý do chuyển: chưa điền." in page
    assert "Trường này là bắt buộc" not in page
    elsewhere = unit("08").children.filter(valid_to__isnull=True).first()  # a commune of another province
    response = client.post(f"/to-giac/tin/{tip.pk}/chuyen/", {"unit": elsewhere.pk, "reason": "Thử"})
    assert "Chuyển đến: chỉ chuyển được cho một xã, phường cùng tỉnh" in response.content.decode()
    assert TipDelivery.objects.filter(tip=tip).count() == 1


def test_a_summary_with_a_phone_or_id_number_is_refused(client, tip, commune_officer):
    client.force_login(commune_officer)
    for text in ("Người báo Nguyễn Văn A, 0912 345 678", "CCCD 034185001234 của người báo"):
        response = client.post(f"/to-giac/tin/{tip.pk}/tom-tat/", {"summary": text})
        assert response.status_code == 400 and "Tóm tắt: bỏ số điện thoại, số CCCD" in response.content.decode()
    tip.refresh_from_db()
    assert tip.summary == "Phản ánh mua bán ma túy gần trường học."
    client.post(f"/to-giac/tin/{tip.pk}/tom-tat/", {"summary": "Mua bán ma túy, thiệt hại 150.000.000 đồng"})
    tip.refresh_from_db()
    assert tip.summary == "Mua bán ma túy, thiệt hại 150.000.000 đồng"


def test_inbox_finds_a_tip_by_its_code_as_typed_or_by_a_part(client, commune_officer, dong_hung):
    tips = [make_tip(dong_hung) for _ in range(3)]
    client.force_login(commune_officer)
    wanted = tips[1].code
    for typed in (wanted, wanted.lower().replace("-", " "), wanted[-4:], "tg-" + wanted[-5:]):
        page = client.get(f"/to-giac/hop-thu/{dong_hung.code}/", {"ma": typed}).content.decode()
        assert wanted in page and tips[0].code not in page and tips[2].code not in page, typed
    assert 'name="ma"' in page  # the box is on the page

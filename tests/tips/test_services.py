"""The inbox's services: steps through the one table (allowed and refused by capacity and state), the close with
its encrypted outcome message, concurrency (a second officer taking the same step is refused), forwarding,
questions to the tipster, the summary, and the audited opening of raw content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from antq.accounts.models import AuditEntry, Notification
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.tips import crypto, services
from antq.tips.models import Tip, TipDelivery, TipMessage, TipTransition
from antq.tips.rules import DeliveryRole, Outcome, Status, Step
from tests.conftest import _user_with_role
from tests.tips.conftest import BODY, CONTACT_PHONE, add_tipster_message, make_tip

pytestmark = pytest.mark.django_db


def _access_entries(tip: Tip):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Tip), object_pk=str(tip.pk), action=AuditEntry.Action.ACCESS
    )


# --- Steps ------------------------------------------------------------------------------------------------------


def test_commune_officer_takes_the_tip_through_every_step(tip, commune_officer):
    for step in (Step.ACKNOWLEDGE, Step.VERIFY, Step.PASS_ON):
        services.tip_step(actor=commune_officer, tip=tip, step=step, note="ghi chú")
    tip.refresh_from_db()
    assert tip.status == Status.PASSED
    assert tip.acknowledged_at is not None and tip.passed_at is not None
    assert tip.acknowledged_at.second == 0  # to the minute
    steps = list(TipTransition.objects.filter(tip=tip).values_list("step", "from_status", "to_status", "actor_id"))
    assert steps == [
        ("acknowledge", "new", "acknowledged", commune_officer.pk),
        ("verify", "acknowledged", "verifying", commune_officer.pk),
        ("pass_on", "verifying", "passed", commune_officer.pk),
    ]


def test_each_step_leaves_an_audit_entry_with_the_officer(tip, commune_officer):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Tip), object_pk=str(tip.pk), action=AuditEntry.Action.UPDATE
    )
    assert entry.actor_id == commune_officer.pk
    assert entry.changes["status"] == ["new", "acknowledged"]
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(TipTransition)).exists()


def test_province_may_not_acknowledge_a_communes_tip(tip, province_officer):
    with pytest.raises(PermissionDenied):
        services.tip_step(actor=province_officer, tip=tip, step=Step.ACKNOWLEDGE)
    tip.refresh_from_db()
    assert tip.status == Status.NEW


def test_province_may_pass_on_and_close_in_its_own_name(tip, commune_officer, province_officer, hung_yen):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    services.tip_step(actor=province_officer, tip=tip, step=Step.PASS_ON)
    assert TipTransition.objects.get(tip=tip, step=Step.PASS_ON).unit == hung_yen


def test_steering_committee_and_ministry_take_no_step(tip, viewer, ministry_officer):
    for actor in (viewer, ministry_officer):
        with pytest.raises(PermissionDenied):
            services.tip_step(actor=actor, tip=tip, step=Step.ACKNOWLEDGE)


def test_other_commune_gets_not_found(tip, other_commune_officer, other_province_officer):
    for actor in (other_commune_officer, other_province_officer):
        with pytest.raises(NotFoundOrOutOfScope):
            services.tip_step(actor=actor, tip=tip, step=Step.ACKNOWLEDGE)


def test_a_step_the_table_does_not_allow_is_refused(tip, commune_officer):
    with pytest.raises(ValidationFailed) as exc:
        services.tip_step(actor=commune_officer, tip=tip, step=Step.PASS_ON)  # not acknowledged yet
    assert exc.value.code == "illegal_transition"


def test_close_needs_an_outcome_and_a_message_which_is_stored_encrypted(tip, commune_officer):
    with pytest.raises(ValidationFailed) as exc:
        services.tip_step(actor=commune_officer, tip=tip, step=Step.CLOSE)
    assert exc.value.field == "outcome"
    with pytest.raises(ValidationFailed) as exc:
        services.tip_step(actor=commune_officer, tip=tip, step=Step.CLOSE, outcome=Outcome.CONFIRMED)
    assert exc.value.field == "outcome_message"
    services.tip_step(
        actor=commune_officer, tip=tip, step=Step.CLOSE, outcome=Outcome.CONFIRMED, outcome_message="Cảm ơn bạn."
    )
    tip.refresh_from_db()
    assert (tip.status, tip.outcome) == (Status.CLOSED, Outcome.CONFIRMED)
    assert b"C\xe1\xba\xa3m" not in bytes(tip.outcome_message) and "Cảm ơn".encode() not in bytes(tip.outcome_message)
    assert crypto.decrypt_text(tip.outcome_message) == "Cảm ơn bạn."
    assert tip.closed_at is not None


def test_a_prank_closes_without_a_message(tip, commune_officer):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.CLOSE, outcome=Outcome.PRANK)
    tip.refresh_from_db()
    assert tip.outcome == Outcome.PRANK and bytes(tip.outcome_message) == b""


def test_two_officers_cannot_take_the_same_step(tip, commune_officer, dong_hung):
    """Both loaded the tip while it was new; the second one's step finds it moved (the row is locked and re-read)."""
    colleague = _user_with_role("ca_12688_b", "commune", dong_hung.code)
    stale = Tip.objects.get(pk=tip.pk)
    services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    with pytest.raises(ValidationFailed) as exc:
        services.tip_step(actor=colleague, tip=stale, step=Step.ACKNOWLEDGE)
    assert exc.value.code == "illegal_transition"
    assert TipTransition.objects.filter(tip=tip, step=Step.ACKNOWLEDGE).count() == 1


def test_two_closes_on_a_stale_copy_record_one_outcome(tip, commune_officer, province_officer):
    stale = Tip.objects.get(pk=tip.pk)
    services.tip_step(
        actor=commune_officer, tip=tip, step=Step.CLOSE, outcome=Outcome.DUPLICATE, outcome_message="Trùng"
    )
    with pytest.raises(ValidationFailed):
        services.tip_step(actor=province_officer, tip=stale, step=Step.CLOSE, outcome=Outcome.PRANK)
    tip.refresh_from_db()
    assert tip.outcome == Outcome.DUPLICATE


# --- Forwarding -------------------------------------------------------------------------------------------------


def test_forward_makes_the_new_unit_primary_and_the_old_one_info_only(
    tip, commune_officer, other_commune_officer, tan_tien, dong_hung
):
    due_before = tip.due_at
    services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="Xảy ra trên địa bàn Tân Tiến")
    roles = dict(TipDelivery.objects.filter(tip=tip).values_list("unit_id", "role"))
    assert roles == {dong_hung.pk: DeliveryRole.INFO_ONLY, tan_tien.pk: DeliveryRole.PRIMARY}
    delivery = TipDelivery.objects.get(tip=tip, unit=tan_tien)
    assert delivery.forwarded_by == commune_officer and delivery.reason == "Xảy ra trên địa bàn Tân Tiến"
    tip.refresh_from_db()
    assert tip.due_at == due_before  # the clock runs from reception
    assert Notification.objects.filter(user=other_commune_officer, text__contains=tip.code).exists()
    # The former holder now reads the summary only; the new holder acts.
    with pytest.raises(PermissionDenied):
        services.tip_open_raw(actor=commune_officer, tip=tip)
    with pytest.raises(PermissionDenied):
        services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    services.tip_step(actor=other_commune_officer, tip=tip, step=Step.ACKNOWLEDGE)


def test_forward_needs_a_reason_and_an_allowed_target(tip, commune_officer, dong_hung, ha_giang_1, tuyen_quang):
    with pytest.raises(ValidationFailed) as exc:
        services.tip_forward(actor=commune_officer, tip=tip, unit=tuyen_quang, reason=" ")
    assert exc.value.field == "reason"
    with pytest.raises(ValidationFailed) as exc:
        services.tip_forward(actor=commune_officer, tip=tip, unit=ha_giang_1, reason="x")  # another province's commune
    assert exc.value.code == "bad_target"
    with pytest.raises(ValidationFailed):
        services.tip_forward(actor=commune_officer, tip=tip, unit=dong_hung, reason="x")  # itself


def test_forward_to_another_province_police_leaves_the_first_province_the_summary(
    tip, commune_officer, province_officer, other_province_officer, tuyen_quang
):
    services.tip_forward(actor=province_officer, tip=tip, unit=tuyen_quang, reason="Đối tượng ở Tuyên Quang")
    assert services.tip_open_raw(actor=other_province_officer, tip=tip).body == BODY
    with pytest.raises(PermissionDenied):
        services.tip_open_raw(actor=province_officer, tip=tip)
    assert Notification.objects.filter(user=other_province_officer, text__contains=tip.code).exists()


def test_forward_back_reuses_the_earlier_delivery(tip, commune_officer, other_commune_officer, tan_tien, dong_hung):
    services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="sang Tân Tiến")
    services.tip_forward(actor=other_commune_officer, tip=tip, unit=dong_hung, reason="trả về Đông Hưng")
    roles = dict(TipDelivery.objects.filter(tip=tip).values_list("unit_id", "role"))
    assert roles == {dong_hung.pk: DeliveryRole.PRIMARY, tan_tien.pk: DeliveryRole.INFO_ONLY}


def test_a_passed_tip_is_not_forwarded(tip, commune_officer, tan_tien):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    services.tip_step(actor=commune_officer, tip=tip, step=Step.PASS_ON)
    with pytest.raises(ValidationFailed) as exc:
        services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="x")
    assert exc.value.code == "not_open"


# --- Summary, questions, raw content ----------------------------------------------------------------------------


def test_summary_is_written_by_the_holder_not_by_an_info_only_unit(
    tip, commune_officer, other_commune_officer, tan_tien
):
    services.tip_summary_write(actor=commune_officer, tip=tip, summary="  Mua bán ma túy gần trường.  ")
    tip.refresh_from_db()
    assert tip.summary == "Mua bán ma túy gần trường."
    services.tip_forward(actor=commune_officer, tip=tip, unit=tan_tien, reason="x")
    with pytest.raises(PermissionDenied):
        services.tip_summary_write(actor=commune_officer, tip=tip, summary="đổi")


def test_question_to_the_tipster_is_encrypted(tip, commune_officer):
    message = services.tip_message_send(actor=commune_officer, tip=tip, text="Bạn thấy vào giờ nào?")
    stored = TipMessage.objects.get(pk=message.pk)
    assert stored.sender == TipMessage.Sender.POLICE and stored.author == commune_officer
    assert "giờ".encode() not in bytes(stored.body)
    assert crypto.decrypt_text(stored.body) == "Bạn thấy vào giờ nào?"
    assert stored.created_at.second == 0


def test_no_question_after_close(tip, commune_officer):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.CLOSE, outcome=Outcome.PRANK)
    with pytest.raises(ValidationFailed):
        services.tip_message_send(actor=commune_officer, tip=tip, text="?")


def test_opening_raw_content_decrypts_and_writes_an_access_entry(tip, commune_officer, dong_hung):
    add_tipster_message(tip, "Tối nay họ lại đến.")
    raw = services.tip_open_raw(actor=commune_officer, tip=tip)
    assert raw.body == BODY and raw.contact_phone == CONTACT_PHONE
    assert [m.text for m in raw.messages] == ["Tối nay họ lại đến."]
    assert len(raw.attachment_ids) == 1
    entry = _access_entries(tip).get()
    assert entry.actor == commune_officer and entry.unit == dong_hung
    assert entry.additional_data == {"field": "content"}
    assert BODY not in str(entry.changes) and CONTACT_PHONE not in str(entry.additional_data)


def test_viewer_and_ministry_may_not_open_raw_content(tip, viewer, ministry_officer):
    for actor in (viewer, ministry_officer):
        with pytest.raises(PermissionDenied):
            services.tip_open_raw(actor=actor, tip=tip)
    assert not _access_entries(tip).exists()


def test_tip_delivered_to_a_remote_commune_keeps_48_hours(dong_hung):
    tip = make_tip(dong_hung, remote=True)
    assert tip.due_at - tip.received_at == dt.timedelta(hours=48)


def test_steps_and_views_reach_the_provinces_audit_trail(tip, commune_officer, hung_yen):
    services.tip_step(actor=commune_officer, tip=tip, step=Step.ACKNOWLEDGE)
    services.tip_open_raw(actor=commune_officer, tip=tip)
    tip_type = ContentType.objects.get_for_model(Tip)
    entries = AuditEntry.objects.filter(content_type=tip_type, object_pk=str(tip.pk))
    assert {AuditEntry.Action.UPDATE, AuditEntry.Action.ACCESS} <= {e.action for e in entries}
    assert {e.province_id for e in entries} == {hung_yen.pk}
    transition = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(TipTransition))
    assert transition.province_id == hung_yen.pk

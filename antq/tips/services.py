"""Writes of the police's tip inbox (issue 19 item 5): steps through the one transition table, the sanitised
summary, questions to the tipster, forwarding to another unit, and the audited opening of raw content.

Every write locks the tip row (`select_for_update`) and checks the state *after* the lock, so two officers
cannot both take the same step: the second one finds the tip already moved and is refused. Every write records
who did it (TipTransition / TipDelivery rows and django-auditlog entries, attributed with `acting_as`); every
read of raw content is an audit "access" entry (`antq.accounts.audit.audit_access`) that names the field, never
its value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from antq.accounts.audit import acting_as, audit_access
from antq.accounts.models import Role
from antq.accounts.services import notify_role
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.geo.models import AdminUnit, Level
from antq.tips import crypto, rules, selectors
from antq.tips.models import Tip, TipAttachment, TipDelivery, TipMessage, TipTransition
from antq.tips.rules import Action, Capacity, DeliveryRole, Outcome, Status, Step

SUMMARY_MAX = 2000
MESSAGE_MAX = 2000
REASON_MAX = TipDelivery._meta.get_field("reason").max_length or 300
NOTE_MAX = TipTransition._meta.get_field("note").max_length or 500

CAPACITY_NAMES = {
    Capacity.HOLDER: "cán bộ đơn vị đang thụ lý tin",
    Capacity.PROVINCE: "cán bộ PV05 Công an tỉnh",
}


def _locked(tip: Tip) -> Tip:
    return Tip.objects.select_for_update().get(pk=tip.pk)


def _require(actor: Any, tip: Tip, needed: frozenset[Capacity]) -> tuple[AdminUnit, frozenset[Capacity]]:
    """The holding unit and the actor's capacities on it; 404 when the tip is not the actor's to see, a typed
    refusal when they may see it but not do this."""
    if not selectors.is_visible(actor, tip.pk):
        raise NotFoundOrOutOfScope("Không tìm thấy tin báo.")
    holder = selectors.holder_of(tip).unit
    caps = selectors.capacities(actor, holder)
    if not needed & caps:
        who = " hoặc ".join(CAPACITY_NAMES[c] for c in sorted(needed))
        raise PermissionDenied(f"Việc này do {who} thực hiện.", code="not_holder")
    return holder, caps


def _acting_unit(actor_caps: frozenset[Capacity], holder: AdminUnit) -> AdminUnit:
    """The unit in whose name the officer acted: the holder, or (as PV05) the holder's province."""
    if Capacity.HOLDER in actor_caps or holder.level == Level.PROVINCE or holder.parent is None:
        return holder
    return holder.parent


# --- Steps ------------------------------------------------------------------------------------------------------

# What each step stamps on the tip.
_STAMPS: dict[Step, str] = {
    Step.ACKNOWLEDGE: "acknowledged_at",
    Step.PASS_ON: "passed_at",
    Step.CLOSE: "closed_at",
}


def tip_step(
    *,
    actor: Any,
    tip: Tip,
    step: Step | str,
    note: str = "",
    outcome: Outcome | str = "",
    outcome_message: str = "",
) -> Tip:
    """Take one step of rules.TRANSITIONS on the tip: lock it, check the table (state and the actor's capacity,
    rules.STEP_CAPACITIES), stamp the time, record a TipTransition. Closing needs an outcome and (but for a
    prank) a message to the tipster, stored encrypted.

    Raises NotFoundOrOutOfScope (not the actor's tip), PermissionDenied (not their step), ValidationFailed
    (the state does not allow it — e.g. another officer took it first — or a missing outcome)."""
    if step not in Step.values:
        raise ValidationFailed("Bước xử lý không hợp lệ.", code="unknown_step")
    step = Step(step)
    holder, caps = _require(actor, tip, rules.STEP_CAPACITIES[step])
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(f"Ghi chú dài quá {NOTE_MAX} ký tự.", field="note")
    fields = ["status"]
    if step == Step.CLOSE:
        if outcome not in Outcome.values:
            raise ValidationFailed("Cần chọn kết quả xử lý.", field="outcome")
        outcome = Outcome(outcome)
        outcome_message = outcome_message.strip()
        if rules.outcome_message_required(outcome) and not outcome_message:
            raise ValidationFailed("Cần viết thông báo kết quả cho người báo tin.", field="outcome_message")
        if len(outcome_message) > MESSAGE_MAX:
            raise ValidationFailed(f"Thông báo dài quá {MESSAGE_MAX} ký tự.", field="outcome_message")
    now = rules.to_the_minute(timezone.now())
    with transaction.atomic(), acting_as(actor):
        locked = _locked(tip)
        current = Status(locked.status)
        target = rules.step_target(step, current)
        if target is None:
            raise ValidationFailed(
                f"Tin {locked.code} đang ở trạng thái “{current.label}”: không thể “{step.label}” "
                "(có thể cán bộ khác vừa xử lý).",
                code="illegal_transition",
            )
        # The holder may have changed between the check above and the lock (a forward): check again, locked.
        holder, caps = _require(actor, locked, rules.STEP_CAPACITIES[step])
        locked.status = target
        if step in _STAMPS:
            setattr(locked, _STAMPS[step], now)
            fields.append(_STAMPS[step])
        if step == Step.CLOSE:
            locked.outcome = outcome
            locked.outcome_message = crypto.encrypt_text(outcome_message)
            fields += ["outcome", "outcome_message"]
        locked.save(update_fields=fields)
        TipTransition.objects.create(
            tip=locked,
            step=step,
            from_status=current,
            to_status=target,
            actor=actor,
            unit=_acting_unit(caps, holder),
            at=now,
            note=note,
        )
    return locked


# --- Summary, questions -----------------------------------------------------------------------------------------


def tip_summary_write(*, actor: Any, tip: Tip, summary: str) -> Tip:
    """Write the sanitised summary that info-only units, the steering committee and the Ministry read (the
    officer leaves out names, addresses and anything that could identify the tipster)."""
    _require(actor, tip, rules.ACTION_CAPACITIES[Action.SUMMARY])
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX:
        raise ValidationFailed(f"Tóm tắt dài quá {SUMMARY_MAX} ký tự.", field="summary")
    if numbers := rules.contact_details_in(summary):
        raise ValidationFailed(
            f"Tóm tắt: bỏ số điện thoại, số CCCD ({', '.join(numbers)}) — tóm tắt được mọi đơn vị nhận tin, Ban chỉ "
            "đạo và Bộ đọc; thông tin liên hệ chỉ để ở nội dung gốc.",
            field="summary",
            code="contact_details",
        )
    with transaction.atomic(), acting_as(actor):
        locked = _locked(tip)
        locked.summary = summary
        locked.save(update_fields=["summary"])
    return locked


def tip_message_send(*, actor: Any, tip: Tip, text: str) -> TipMessage:
    """Send the tipster a question or a note; they read it with their code and secret. Stored encrypted, the time
    to the minute. Only while the tip is with the police (rules.OPEN_STATUSES)."""
    _require(actor, tip, rules.ACTION_CAPACITIES[Action.MESSAGE])
    text = text.strip()
    if not text:
        raise ValidationFailed("Cần nhập nội dung.", field="text")
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(f"Nội dung dài quá {MESSAGE_MAX} ký tự.", field="text")
    with transaction.atomic(), acting_as(actor):
        locked = _locked(tip)
        if locked.status not in rules.OPEN_STATUSES:
            raise ValidationFailed(
                f"Tin {locked.code} “{locked.get_status_display()}”: không gửi câu hỏi được nữa.", code="not_open"
            )
        return TipMessage.objects.create(
            tip=locked,
            sender=TipMessage.Sender.POLICE,
            author=actor,
            body=crypto.encrypt_text(text),
            created_at=rules.to_the_minute(timezone.now()),
        )


# --- Forwarding -------------------------------------------------------------------------------------------------


def tip_forward(*, actor: Any, tip: Tip, unit: AdminUnit, reason: str) -> TipDelivery:
    """Make `unit` the tip's primary recipient; every earlier recipient becomes info-only (left out of figures).

    Targets (selectors.forward_targets): a commune of the holder's province, that province's police, or another
    province's police. The due time does not move: the legal clock runs from the reception by the first police
    body (TTLT 01/2017, Art. 7 counts from receiving the tip), so a forward never buys time. The new unit's
    officers are notified. Only while the tip is with the police (rules.OPEN_STATUSES); a reason is required."""
    _require(actor, tip, rules.ACTION_CAPACITIES[Action.FORWARD])
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("Cần ghi lý do chuyển.", field="reason")
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"Lý do dài quá {REASON_MAX} ký tự.", field="reason")
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = _locked(tip)
        holder, caps = _require(actor, locked, rules.ACTION_CAPACITIES[Action.FORWARD])
        if locked.status not in rules.OPEN_STATUSES:
            raise ValidationFailed(
                f"Tin {locked.code} “{locked.get_status_display()}”: không chuyển đơn vị được nữa.", code="not_open"
            )
        if not selectors.forward_targets(holder).filter(pk=unit.pk).exists():
            raise ValidationFailed(
                "Chỉ chuyển được cho một xã, phường cùng tỉnh, cho Công an tỉnh hoặc Công an tỉnh khác.",
                field="unit",
                code="bad_target",
            )
        # Demote first: the database allows one primary per tip at any moment.
        current = TipDelivery.objects.select_for_update().get(tip=locked, role=DeliveryRole.PRIMARY)
        current.role = DeliveryRole.INFO_ONLY
        current.save(update_fields=["role"])
        delivery = TipDelivery.objects.filter(tip=locked, unit=unit).first()
        if delivery is None:
            delivery = TipDelivery(tip=locked, unit=unit, delivered_at=now)
        delivery.role = DeliveryRole.PRIMARY
        delivery.forwarded_by = actor
        delivery.reason = reason
        delivery.delivered_at = now
        delivery.full_clean(validate_constraints=False)
        delivery.save()
        role = Role.COMMUNE if unit.level == Level.COMMUNE else Role.PROVINCE
        notify_role(
            actor=actor,
            role=role,
            unit=unit,
            text=f"Tin báo {locked.code} được {_acting_unit(caps, holder).name} chuyển đến đơn vị để thụ lý.",
            url=reverse("tips:detail", args=[locked.pk]),
        )
    return delivery


# --- Raw content ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    sender: str
    sender_label: str
    author: str
    created_at: Any
    text: str
    attachment_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RawContent:
    """What the tipster told, decrypted for one page view."""

    body: str
    place: str
    when_told: str
    contact_name: str
    contact_phone: str
    outcome_message: str
    attachment_ids: list[int]
    messages: list[Message]


def tip_open_raw(*, actor: Any, tip: Tip) -> RawContent:
    """Decrypt the tip's content for an officer of the holding unit or its province (rules.ACTION_CAPACITIES
    READ_RAW) and write one audit "access" entry for the view. Raises PermissionDenied for anyone else who may
    see the tip (they read the summary) and NotFoundOrOutOfScope for the rest."""
    holder, _caps = _require(actor, tip, rules.ACTION_CAPACITIES[Action.READ_RAW])
    full = Tip.objects.get(pk=tip.pk)
    messages = [
        Message(
            sender=m.sender,
            sender_label=m.get_sender_display(),
            author=str(m.author) if m.author else "",
            created_at=m.created_at,
            text=crypto.decrypt_text(m.body),
            attachment_ids=[a.pk for a in m.attachments.all()],
        )
        for m in selectors.messages_of(tip)
    ]
    raw = RawContent(
        body=crypto.decrypt_text(full.body),
        place=crypto.decrypt_text(full.place),
        when_told=crypto.decrypt_text(full.when_told),
        contact_name=crypto.decrypt_text(full.contact_name),
        contact_phone=crypto.decrypt_text(full.contact_phone),
        outcome_message=crypto.decrypt_text(full.outcome_message),
        attachment_ids=list(selectors.attachments_of(tip).values_list("pk", flat=True)),
        messages=messages,
    )
    audit_access(actor=actor, obj=tip, field="content", unit=holder)
    return raw


def attachment_open(*, actor: Any, attachment: TipAttachment) -> tuple[bytes, str]:
    """A photo's decrypted bytes and content type, for the same officers as the raw content; audited as an
    access to the tip ("photo <id>")."""
    tip = Tip.objects.get(pk=attachment.tip_id)
    holder, _caps = _require(actor, tip, rules.ACTION_CAPACITIES[Action.READ_RAW])
    data = crypto.decrypt_bytes(bytes(attachment.data))
    audit_access(actor=actor, obj=tip, field=f"photo {attachment.pk}", unit=holder)
    return data, attachment.content_type


def may_read_raw(actor: Any, holder: AdminUnit) -> bool:
    """Whether the actor opens raw content of a tip held by `holder` (the page decides what to show)."""
    return rules.may_do(Action.READ_RAW, selectors.capacities(actor, holder))

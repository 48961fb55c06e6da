"""The tipster's side of the registry (issue 19 items 1–4): sending a tip from the public portal, and the dialogue
by code and secret. The police's side (inbox, steps, forwarding) is `services.py`.

Nothing here takes or stores anything about the tipster's device or connection: the services are given what the
tipster wrote and nothing else. What they wrote is encrypted before it reaches a model (`crypto`), photos are
re-encoded first (`photos.CleanPhoto`), and every time is cut to the minute.

Legal frame: Bộ luật Tố tụng hình sự 2015, Art. 144–145 (a tip is received in full and recorded); Thông tư liên
tịch 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC, Art. 7: the commune police pass it on within 24 hours, 48 in a
remote commune — `rules.deadline`, with `remote` from the province's list of remote communes (`RemoteCommune`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from antq.accounts.models import Role
from antq.accounts.services import notify_role
from antq.core.errors import ANTQError, NotFoundOrOutOfScope, ValidationFailed, raise_problems
from antq.geo.models import AdminUnit, Level
from antq.tips import crypto, rules
from antq.tips.models import RemoteCommune, Tip, TipAttachment, TipCategory, TipDelivery, TipMessage
from antq.tips.photos import MAX_PHOTOS, TOO_MANY, CleanPhoto

BODY_MAX = 5000  # characters: a long account fits; a pasted book does not
PLACE_MAX = 300
WHEN_MAX = 200
NAME_MAX = 120
REPLY_MAX = 3000

WRONG_CREDENTIALS = "Mã tin hoặc mã bí mật không đúng."
TOO_MANY_ATTEMPTS = "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau một giờ."
TOO_MANY_TIPS = "Đã có quá nhiều tin được gửi từ kết nối này trong một giờ. Vui lòng thử lại sau."
CLOSED = "Tin này đã kết thúc xử lý, không nhận thêm thông tin. Nếu có sự việc mới, vui lòng gửi tin mới."


class TipNotOpened(NotFoundOrOutOfScope):
    """Unknown code or wrong secret: the same answer for both, so a code cannot be found to exist."""

    code = "tip_not_opened"

    def __init__(self) -> None:
        super().__init__(WRONG_CREDENTIALS)


class TooManyAttempts(ANTQError):
    code = "too_many_attempts"
    http_status = 429


@dataclass(frozen=True)
class TipDraft:
    """What the tipster wrote, as the portal's form cleaned it (plain text; encrypted by `tip_submit`)."""

    category: TipCategory
    commune: AdminUnit
    body: str
    place: str = ""
    when_told: str = ""
    occurred_on: dt.date | None = None
    contact_name: str = ""
    contact_phone: str = ""  # canonical form (antq.core.phones)


def _now() -> dt.datetime:
    return rules.to_the_minute(timezone.now())


class TipSecretHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's minimum for passwords (19 MiB, 2 passes, 1 lane) rather than Django's login default
    (100 MiB, 8 lanes: most of a second on a loaded 2-core server, on every dialogue page).

    Enough here: the secret is 12 characters of a 31-letter alphabet (≈ 59 bits, `rules.new_secret`), so a stolen
    hash cannot be searched offline whatever the cost per guess, and online guessing stops after 5 misses an hour
    (`abuse`). The parameters live in each stored hash, so hashes made with other parameters still verify."""

    memory_cost = 19_456  # KiB
    time_cost = 2
    parallelism = 1


_HASHER = TipSecretHasher()


def secret_hash(code: str, secret: str) -> str:
    """The stored form of a tip's secret: a slow hash of code and canonical secret together (a secret is good for
    its own tip only). `code` as stored ("TG-…"), `secret` canonical (`rules.normalise_secret`)."""
    return _HASHER.encode(f"{code} {secret}", _HASHER.salt())


def _secret_matches(code: str, secret: str, stored: str) -> bool:
    try:
        return _HASHER.verify(f"{code} {secret}", stored)
    except (ValueError, AssertionError):  # an unusable hash ("!…": a demo tip nobody can open)
        return False


@cache
def _dummy_hash() -> str:
    return secret_hash("TG-00000000", "antq-tips-no-such-tip")


def _draft_problems(draft: TipDraft, today: dt.date) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    if not draft.body.strip():
        problems.append(("body", "Nội dung sự việc: chưa ghi sự việc đã xảy ra."))
    elif len(draft.body) > BODY_MAX:
        problems.append(("body", f"Nội dung sự việc: tối đa {BODY_MAX:,} ký tự.".replace(",", ".")))
    if not draft.category.active:
        problems.append(("category", "Loại tin: loại này không còn dùng, vui lòng chọn loại khác."))
    if draft.commune.level != Level.COMMUNE or draft.commune.valid_to is not None:
        problems.append(("commune", "Xã, phường: chọn một xã, phường, đặc khu hiện nay."))
    if len(draft.place) > PLACE_MAX:
        problems.append(("place", f"Địa điểm: tối đa {PLACE_MAX} ký tự."))
    if len(draft.when_told) > WHEN_MAX:
        problems.append(("when_told", f"Thời gian xảy ra: tối đa {WHEN_MAX} ký tự."))
    if draft.occurred_on is not None and draft.occurred_on > today:
        problems.append(("occurred_on", "Ngày xảy ra: không được sau ngày hôm nay."))
    if len(draft.contact_name) > NAME_MAX:
        problems.append(("contact_name", f"Họ và tên: tối đa {NAME_MAX} ký tự."))
    return problems


def tip_submit(*, draft: TipDraft, photos: Sequence[CleanPhoto] = ()) -> tuple[Tip, str]:
    """Record a tip from the portal: encrypted content, a new code and secret (only a slow hash of the secret is
    kept), received now to the minute, due in 24 h / 48 h, delivered to the commune as primary recipient, and the
    commune's officers told. Returns (tip, secret) — the secret exists nowhere else once the page is shown.
    Raises ValidationFailed (every problem, each naming its field)."""
    received = _now()
    problems = _draft_problems(draft, timezone.localdate(received))
    if len(photos) > MAX_PHOTOS:
        problems.append(("photos", TOO_MANY))
    raise_problems(problems)
    secret = rules.new_secret()
    with transaction.atomic():
        code = rules.new_code()
        while Tip.objects.filter(code=code).exists():  # 31^8 codes: a clash is rare, and the loop ends it
            code = rules.new_code()
        remote = RemoteCommune.objects.filter(unit=draft.commune).exists()
        tip = Tip.objects.create(
            code=code,
            secret_hash=secret_hash(code, secret),
            category=draft.category,
            commune=draft.commune,
            body=crypto.encrypt_text(draft.body.strip()),
            place=crypto.encrypt_text(draft.place.strip()),
            when_told=crypto.encrypt_text(draft.when_told.strip()),
            contact_name=crypto.encrypt_text(draft.contact_name.strip()),
            contact_phone=crypto.encrypt_text(draft.contact_phone),
            identified=bool(draft.contact_name.strip() or draft.contact_phone),
            occurred_on=draft.occurred_on,
            received_at=received,
            remote=remote,
            due_at=rules.deadline(received, remote=remote),
        )
        TipDelivery.objects.create(tip=tip, unit=draft.commune, role=rules.DeliveryRole.PRIMARY, delivered_at=received)
        _attach(tip, None, photos, received)
        due = timezone.localtime(tip.due_at).strftime("%d/%m/%Y %H:%M")
        notify_role(
            actor=None,
            role=Role.COMMUNE,
            unit=draft.commune,
            text=f"Tin báo, tố giác mới {tip.code} ({draft.category.name}) — hạn chuyển {due}.",
            url=reverse("tips:detail", args=[tip.pk]),
            at=received,  # to the minute, like the tip (an exact time would match a proxy's log to the code)
        )
    return tip, secret


def _attach(tip: Tip, message: TipMessage | None, photos: Sequence[CleanPhoto], at: dt.datetime) -> None:
    TipAttachment.objects.bulk_create(
        [
            TipAttachment(
                tip=tip,
                message=message,
                data=crypto.encrypt_bytes(photo.data),
                content_type=photo.content_type,
                size=len(photo.data),
                created_at=at,
            )
            for photo in photos
        ]
    )


def tip_open(*, code: str, secret: str) -> Tip:
    """The tip whose code and secret these are (as typed: spacing and case do not matter); raises TipNotOpened
    alike for an unknown code and a wrong secret, after the same slow hash either way."""
    canonical_code, canonical_secret = rules.normalise_code(code), rules.normalise_secret(secret)
    tip = Tip.objects.filter(code=canonical_code).first() if canonical_code else None
    stored = tip.secret_hash if tip is not None else _dummy_hash()
    matches = _secret_matches(canonical_code, canonical_secret, stored)
    if tip is None or not canonical_secret or not matches:
        raise TipNotOpened
    return tip


@dataclass(frozen=True)
class DialogueLine:
    from_police: bool
    at: dt.datetime
    text: str
    photos: int


@dataclass(frozen=True)
class TipsterView:
    """All a tipster is shown: no officer, no unit but the commune they chose, no summary, no step history."""

    code: str
    status_label: str
    closed: bool
    received_at: dt.datetime
    commune: str
    category: str
    photos: int  # sent with the tip
    lines: list[DialogueLine]
    outcome_label: str  # "" until closed
    outcome_message: str  # "" until closed


def tipster_view(tip: Tip) -> TipsterView:
    """What the tipster may read of their tip. Content no key opens any more reads as a notice, not an error."""
    messages = list(tip.messages.order_by("created_at", "id").prefetch_related("attachments"))
    closed = tip.status == rules.Status.CLOSED
    return TipsterView(
        code=tip.code,
        status_label=str(rules.Status(tip.status).label),
        closed=closed,
        received_at=tip.received_at,
        commune=tip.commune.name,
        category=tip.category.name,
        photos=tip.attachments.filter(message__isnull=True).count(),
        lines=[
            DialogueLine(
                from_police=m.sender == TipMessage.Sender.POLICE,
                at=m.created_at,
                text=_readable(m.body),
                photos=len(m.attachments.all()),
            )
            for m in messages
        ],
        outcome_label=str(rules.Outcome(tip.outcome).label) if closed and tip.outcome else "",
        outcome_message=_readable(tip.outcome_message) if closed else "",
    )


def _readable(token: bytes | memoryview) -> str:
    try:
        return crypto.decrypt_text(token)
    except crypto.ContentUnreadable:
        return "(Nội dung không đọc được.)"


REPOST_WINDOW = dt.timedelta(minutes=10)


def _same_as_last(tip: Tip, text: str, photos: Sequence[CleanPhoto], at: dt.datetime) -> TipMessage | None:
    """The tipster's last message when it says exactly `text` with photos of the same sizes, sent within
    REPOST_WINDOW of `at` — a reload of the reply page posts the form again — else None."""
    last = (
        TipMessage.objects.select_for_update()
        .filter(tip=tip, sender=TipMessage.Sender.TIPSTER, created_at__gte=at - REPOST_WINDOW)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None or _readable(last.body) != text:
        return None
    sizes = sorted(TipAttachment.objects.filter(message=last).values_list("size", flat=True))
    return last if sizes == sorted(len(photo.data) for photo in photos) else None


def tipster_reply(*, tip: Tip, text: str, photos: Sequence[CleanPhoto] = ()) -> TipMessage:
    """The tipster answers the police or adds information and photos (the tip must still be open). Raises
    ValidationFailed naming the field."""
    problems: list[tuple[str | None, str]] = []
    if tip.status == rules.Status.CLOSED:
        raise ValidationFailed(CLOSED, field=None)
    if not text.strip() and not photos:
        problems.append(("text", "Nội dung: ghi thông tin bổ sung hoặc gửi kèm ảnh."))
    if len(text) > REPLY_MAX:
        problems.append(("text", f"Nội dung: tối đa {REPLY_MAX:,} ký tự.".replace(",", ".")))
    if len(photos) > MAX_PHOTOS:
        problems.append(("photos", TOO_MANY))
    raise_problems(problems)
    at = max(_now(), tip.received_at)
    with transaction.atomic():
        if (again := _same_as_last(tip, text.strip() or "(Gửi ảnh)", photos, at)) is not None:
            return again  # the browser posted the same reply twice (a reload): stored once
        message = TipMessage.objects.create(
            tip=tip,
            sender=TipMessage.Sender.TIPSTER,
            body=crypto.encrypt_text(text.strip() or "(Gửi ảnh)"),
            created_at=at,
        )
        _attach(tip, message, photos, at)
        primary = tip.deliveries.select_related("unit").filter(role=rules.DeliveryRole.PRIMARY).first()
        if primary is not None:  # whoever holds the tip now: the commune, or the unit it was forwarded to
            notify_role(
                actor=None,
                role=Role.COMMUNE if primary.unit.level == Level.COMMUNE else Role.PROVINCE,
                unit=primary.unit,
                text=f"Người báo tin {tip.code} đã gửi thêm thông tin.",
                url=reverse("tips:detail", args=[tip.pk]),
                at=at,
            )
    return message

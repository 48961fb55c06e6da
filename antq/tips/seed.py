"""Demo crime tips for one province (issue 19 item 7), from the day the registry started (1/7/2026) to the moment
the demo is built: about three tips per commune a month, mixed categories, states and outcomes, a few remote
communes (48 hours), some tips passed on late and some still overdue, some forwarded to another commune (the first
commune keeping an info-only delivery), tips of the last hours still new, acknowledged, being verified or due soon
(some in the demo commune, Xã Đông Hưng 12688, so its officer's inbox has them), and one open tip in the demo
commune with a known code and secret and a police question, for trying the tipster's page.

Everything follows the rules the services keep: times to the minute (`rules.to_the_minute`), the deadline from
`rules.deadline`, every step allowed by `rules.TRANSITIONS` and recorded as a `TipTransition` by an officer of the
unit holding the tip (the demo commune officer where the demo has one, else the province's PV05 officer), the
outcome set exactly when closed. Content is encrypted (`crypto`).

The demo's "now" is the moment it is built, floored to the hour (`build_now`), so that a fresh demo shows open
tips within their time and a current month; the figures still age with the clock once built (rebuild the demo to
refresh them). A clock earlier than a month after TIPS_FROM (a machine with a wrong date) falls back to the fixed
`DEMO_NOW` (01/12/2026 08:00). Deterministic for a given rng and now: tests pass `now=DEMO_NOW`. Bulk inserts,
one audit entry per tip, delivery and message (no content in them)."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from antq.accounts.audit import CREATE, audit_objects
from antq.accounts.models import Role, RoleAssignment, User
from antq.accounts.seed import demo_commune
from antq.core.extensions import Seeder, register_seeder
from antq.geo.models import AdminUnit, Level, Locality
from antq.tips.crypto import encrypt_text
from antq.tips.indicators import TIPS_FROM
from antq.tips.intake import secret_hash
from antq.tips.models import RemoteCommune, Tip, TipCategory, TipDelivery, TipMessage, TipTransition
from antq.tips.rules import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DeliveryRole,
    Outcome,
    Status,
    Step,
    deadline,
    step_target,
    to_the_minute,
)

VN = ZoneInfo(settings.TIME_ZONE)
DEMO_NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=VN)  # the fallback "now" (a clock set too early), the tests' now
MIN_HISTORY = dt.timedelta(days=30)  # a build moment closer than this to TIPS_FROM falls back to DEMO_NOW
PER_COMMUNE_MONTH = 3.0  # mean tips a commune receives a month
REMOTE_SHARE = 0.08  # communes flagged remote (vùng sâu, vùng xa): the 48-hour time
DEMO_CODE, DEMO_SECRET = "TG-DEMQHY33", "HY33-DEMQ-7K2P"  # printed, for trying the tipster page
DEMO_QUESTION = "Bạn có thể cho biết thêm người đó thường xuất hiện vào khung giờ nào và đi phương tiện gì không?"
# Category code: (weight, sanitised summary an officer writes, what a tipster might write).
CATEGORIES = {
    "ma-tuy": (
        22,
        "Nghi vấn mua bán, sử dụng trái phép chất ma túy",
        "Có người lạ thường xuyên tụ tập, nghi sử dụng ma túy.",
    ),
    "trom-cap": (24, "Mất trộm tài sản", "Nhà tôi bị mất trộm xe máy trong đêm."),
    "lua-dao": (
        18,
        "Nghi vấn lừa đảo qua điện thoại, mạng xã hội",
        "Có người gọi điện giả danh công an đòi chuyển tiền.",
    ),
    "co-bac": (9, "Nghi vấn tụ tập đánh bạc", "Có nhóm người tụ tập đánh bạc vào buổi tối."),
    "bao-luc": (7, "Xô xát, gây thương tích", "Hai nhóm thanh niên xô xát, có người bị thương."),
    "trat-tu": (12, "Gây mất trật tự công cộng", "Thanh niên đi xe máy lạng lách, nẹt pô lúc nửa đêm."),
    "tin-dung-den": (5, "Nghi vấn cho vay nặng lãi", "Có nhóm cho vay lãi cao, đe dọa người vay."),
    "khac": (3, "Phản ánh khác về an ninh, trật tự", "Phản ánh về tình hình an ninh, trật tự ở khu dân cư."),
}


@dataclass
class _Made:
    tips: list[Tip] = field(default_factory=list)
    deliveries: list[TipDelivery] = field(default_factory=list)
    transitions: list[TipTransition] = field(default_factory=list)
    messages: list[TipMessage] = field(default_factory=list)


def _minutes(rng: random.Random, median: float, spread: float, low: int, high: int) -> dt.timedelta:
    """A log-normal delay in whole minutes around `median` minutes, kept within [low, high]."""
    value = rng.lognormvariate(math.log(median), spread)
    return dt.timedelta(minutes=int(min(max(value, low), high)))


def _officers(province: AdminUnit) -> tuple[dict[int, User], User | None]:
    """The demo officers by commune id, and the province's PV05 officer (acts where a commune has none)."""
    rows = RoleAssignment.objects.filter(
        Q(unit=province) | Q(unit__parent=province), role__in=[Role.COMMUNE, Role.PROVINCE]
    ).select_related("user")
    by_unit: dict[int, User] = {}
    for assignment in rows.order_by("pk"):
        by_unit.setdefault(assignment.unit_id, assignment.user)
    return by_unit, by_unit.get(province.pk)


def build_now() -> dt.datetime:
    """The demo's "now": this moment in Vietnam time floored to the hour, or DEMO_NOW when the clock reads less
    than MIN_HISTORY after TIPS_FROM (no history to show)."""
    now = timezone.now().astimezone(VN).replace(minute=0, second=0, microsecond=0)
    return now if now >= _start() + MIN_HISTORY else DEMO_NOW


def _start() -> dt.datetime:
    return dt.datetime.combine(TIPS_FROM, dt.time(), tzinfo=VN)


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "TG-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in used:
            used.add(code)
            return code


def seed_tips(*, province: AdminUnit, rng: random.Random, stdout: Any, now: dt.datetime | None = None) -> None:
    """Seed the province's demo tips as they stand at `now` (aware; default `build_now()`): nothing is received or
    happens at or after it. Writes tips, deliveries, transitions, one police message and their audit entries;
    prints one line to `stdout`."""
    now = build_now() if now is None else now.astimezone(VN)
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent=province, valid_to__isnull=True).order_by("code")
    )
    categories = {c.code: c for c in TipCategory.objects.filter(code__in=CATEGORIES)}
    if not communes or not categories:
        return
    officers, pv05 = _officers(province)
    remote = {c.pk for c in rng.sample(communes, max(1, round(len(communes) * REMOTE_SHARE)))}
    RemoteCommune.objects.bulk_create(
        [RemoteCommune(unit=c, note="Xã vùng sâu, vùng xa (dữ liệu mẫu)") for c in communes if c.pk in remote],
        ignore_conflicts=True,
    )
    villages: dict[int, list[str]] = {}
    for commune_id, name in Locality.objects.filter(commune__in=communes).values_list("commune_id", "name"):
        villages.setdefault(commune_id, []).append(name)
    codes, weights = list(categories), [CATEGORIES[c][0] for c in categories]
    used = set(Tip.objects.values_list("code", flat=True))
    made = _Made()
    start = _start()

    def tip_at(commune: AdminUnit, received: dt.datetime, category: TipCategory | None = None, **extra: Any) -> None:
        """One demo tip in `commune` received at `received`: a weighted category unless given, one of its villages,
        its remote flag; `extra` as `_one_tip` takes it (steps_taken, ack_within, forwardable)."""
        _one_tip(
            made,
            rng=rng,
            commune=commune,
            communes=communes,
            received=received,
            category=category or categories[rng.choices(codes, weights=weights)[0]],
            remote=commune.pk in remote,
            village=rng.choice(villages.get(commune.pk) or ["khu dân cư"]),
            officers=officers,
            pv05=pv05,
            used=used,
            now=now,
            **extra,
        )

    span_minutes = max(1, int((now - start).total_seconds() // 60))
    months = span_minutes / (60 * 24 * 30.4)
    for commune in communes:
        count = max(0, round(rng.gauss(PER_COMMUNE_MONTH * months, 3)))
        for _ in range(count):
            received = to_the_minute(start + dt.timedelta(minutes=rng.randrange(span_minutes)))
            # Fewer tips at night: move most night-time tips into the day.
            if received.hour < 6 and rng.random() < 0.7:
                received += dt.timedelta(hours=8)
            if received < now:
                tip_at(commune, received)
    # The last hours before now: tips still new, acknowledged or being verified (within their time), some due
    # soon, so that the inbox shows every open state; the first three in the demo commune (its officer's inbox).
    home = demo_commune(province)
    for number in range(max(6, len(communes) // 8) + 3):
        commune = home if number < 3 else communes[number * 7 % len(communes)]
        if number % 4 == 2:  # due within rules.DUE_SOON (1 to 5 hours left)
            ago = int((deadline(now, remote=commune.pk in remote) - now).total_seconds() // 60)
            ago -= rng.randrange(60, 5 * 60)
        else:
            ago = rng.randrange(15, 60) if number % 3 == 0 else rng.randrange(5 * 60, 10 * 60)
        received = to_the_minute(now - dt.timedelta(minutes=ago))
        tip_at(commune, received, steps_taken=1 if number % 4 == 2 else number % 3)
    if DEMO_CODE not in used:
        # The tip the demo prints a code and a secret for: received 4 to 8 hours before now in the demo commune,
        # acknowledged (open, within its time), not forwarded, with one question from the police.
        used.add(DEMO_CODE)
        received = to_the_minute(now - dt.timedelta(minutes=rng.randrange(4 * 60, 8 * 60)))
        demo_category = categories.get("ma-tuy") or categories[codes[0]]
        tip_at(home, received, demo_category, steps_taken=1, ack_within=120, forwardable=False)
        _make_demo_tip(made, now=now, author=officers.get(home.pk) or pv05)
    Tip.objects.bulk_create(made.tips, batch_size=1000)
    for delivery in made.deliveries:
        delivery.tip_id = delivery.tip.pk
    for transition in made.transitions:
        transition.tip_id = transition.tip.pk
    TipDelivery.objects.bulk_create(made.deliveries, batch_size=2000)
    TipTransition.objects.bulk_create(made.transitions, batch_size=2000)
    for message in made.messages:
        message.tip_id = message.tip.pk
    TipMessage.objects.bulk_create(made.messages)
    audit_objects(actor=None, objects=made.tips, action=CREATE, note="Dữ liệu mẫu")
    audit_objects(actor=None, objects=made.deliveries, action=CREATE, note="Dữ liệu mẫu")
    audit_objects(actor=None, objects=made.messages, action=CREATE, note="Dữ liệu mẫu")
    stdout.write(
        f"  {len(made.tips)} tin báo, tố giác (01/07/2026 – {now:%d/%m/%Y %H:%M}, lúc tạo dữ liệu mẫu), "
        f"{len(remote)} xã vùng sâu, vùng xa; "
        f"tin mẫu để tra cứu: mã {DEMO_CODE}, mã bí mật {DEMO_SECRET}"
    )


def _make_demo_tip(made: _Made, *, now: dt.datetime, author: User | None) -> None:
    """The last tip made becomes the one the demo prints: its code and secret, and a police question (asked by
    `author`, half-way between its acknowledgement and `now`) for the visitor to read and answer."""
    tip = made.tips[-1]
    tip.code, tip.secret_hash = DEMO_CODE, secret_hash(DEMO_CODE, DEMO_SECRET)
    if tip.acknowledged_at is None or author is None:  # no officer to ask: the tip stays new, without a question
        return
    asked = to_the_minute(tip.acknowledged_at + (now - tip.acknowledged_at) / 2)
    made.messages.append(
        TipMessage(
            tip=tip, sender=TipMessage.Sender.POLICE, author=author, body=encrypt_text(DEMO_QUESTION), created_at=asked
        )
    )


def _one_tip(
    made: _Made,
    *,
    rng: random.Random,
    commune: AdminUnit,
    communes: list[AdminUnit],
    received: dt.datetime,
    category: TipCategory,
    remote: bool,
    village: str,
    officers: dict[int, User],
    pv05: User | None,
    used: set[str],
    now: dt.datetime,
    steps_taken: int | None = None,
    ack_within: int | None = None,
    forwardable: bool = True,
) -> None:
    """One tip with its deliveries and steps, as they would stand at `now` (`steps_taken`: at most so many;
    `ack_within`: acknowledged at most so many minutes after reception; `forwardable`: may be forwarded)."""
    summary, told = CATEGORIES[category.code][1:]
    due = deadline(received, remote=remote)
    identified = rng.random() < 0.25
    tip = Tip(
        code=_code(rng, used),
        secret_hash="!" + "".join(rng.choice(CODE_ALPHABET) for _ in range(20)),  # unusable: no secret opens it
        category=category,
        commune=commune,
        body=encrypt_text(told),
        place=encrypt_text(f"{village}, {commune.name}"),
        when_told=encrypt_text(f"khoảng {received:%H} giờ ngày {received:%d/%m/%Y}"),
        contact_name=encrypt_text("Người báo tin (mẫu)" if identified else ""),
        contact_phone=encrypt_text(f"09{rng.randrange(10**8):08d}" if identified else ""),
        identified=identified,
        occurred_on=(received - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))).date(),
        received_at=received,
        remote=remote,
        due_at=due,
        status=Status.NEW,
    )
    made.tips.append(tip)
    holder = commune
    made.deliveries.append(TipDelivery(tip=tip, unit=commune, role=DeliveryRole.PRIMARY, delivered_at=received))
    state = Status.NEW
    moment = received
    taken: list[Step] = []

    def step(name: Step, after: dt.timedelta, note: str = "") -> bool:
        """Take `name` `after` the last step, when the table allows it and it happened before `now`."""
        nonlocal state, moment
        target = step_target(name, state)
        at = to_the_minute(moment + after)
        if target is None or at >= now or (steps_taken is not None and len(taken) >= steps_taken):
            return False
        actor = officers.get(holder.pk) or pv05
        if actor is None:
            return False
        taken.append(name)
        made.transitions.append(
            TipTransition(
                tip=tip, step=name, from_status=state, to_status=target, actor=actor, unit=holder, at=at, note=note
            )
        )
        state, moment = target, at
        if name == Step.ACKNOWLEDGE:
            tip.acknowledged_at = at
        elif name == Step.PASS_ON:
            tip.passed_at = at
        elif name == Step.CLOSE:
            tip.closed_at = at
        return True

    roll = rng.random()
    late = rng.random() < 0.07  # passed on after the legal time
    limit = int((due - received).total_seconds() // 60)
    ack_high = limit - 120 if ack_within is None else min(limit - 120, ack_within)
    if not step(Step.ACKNOWLEDGE, _minutes(rng, 150, 0.9, 5, ack_high)):
        tip.status = state
        return
    tip.summary = summary
    if roll < 0.08:  # a prank or spam, closed at once
        step(Step.CLOSE, _minutes(rng, 90, 0.6, 10, 600), "Tin không có thật.")
        tip.outcome = Outcome.PRANK if state == Status.CLOSED else ""
    elif roll < 0.13:  # the same event reported before
        step(Step.CLOSE, _minutes(rng, 120, 0.6, 10, 600), "Trùng với tin đã tiếp nhận.")
        tip.outcome = Outcome.DUPLICATE if state == Status.CLOSED else ""
    else:
        if forwardable and rng.random() < 0.06 and len(communes) > 1:  # the place lies in another commune: forwarded
            other = rng.choice([c for c in communes if c.pk != commune.pk])
            at = to_the_minute(moment + _minutes(rng, 60, 0.5, 10, 240))
            if at < now:
                made.deliveries[-1].role = DeliveryRole.INFO_ONLY
                made.deliveries.append(
                    TipDelivery(
                        tip=tip,
                        unit=other,
                        role=DeliveryRole.PRIMARY,
                        delivered_at=at,
                        forwarded_by=officers.get(holder.pk) or pv05,
                        reason="Địa điểm xảy ra thuộc địa bàn xã khác.",
                    )
                )
                holder, moment = other, at
        step(Step.VERIFY, _minutes(rng, 60, 0.7, 5, 300))
        if rng.random() < 0.04:  # left open: overdue on the board
            tip.status = state
            return
        elapsed = int((moment - received).total_seconds() // 60)
        room = max(limit - elapsed, 30)
        wait = (
            _minutes(rng, room * 1.4, 0.3, room + 30, room + 2000) if late else _minutes(rng, room / 2, 0.5, 10, room)
        )
        answered = dt.timedelta(days=rng.randint(5, 45))
        if step(Step.PASS_ON, wait) and step(Step.CLOSE, answered, "Cơ quan điều tra đã trả lời kết quả."):
            tip.outcome = Outcome.CONFIRMED if rng.random() < 0.55 else Outcome.NOT_CONFIRMED
            tip.outcome_message = encrypt_text("Cảm ơn bạn đã cung cấp thông tin; tin báo đã được xử lý.")
    tip.status = state


register_seeder(Seeder(name="Tin báo, tố giác tội phạm", run=seed_tips, order=60))

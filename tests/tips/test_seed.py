"""Demo tips (issue 19 item 7): seeded with the province, deterministic, at a realistic rate, and consistent with
the registry's rules — so that the inbox, the overdue board and the figures have something true to show."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from antq.core.periods import Period
from antq.reporting import selectors
from antq.tips import intake, seed
from antq.tips.crypto import decrypt_text
from antq.tips.indicators import Code
from antq.tips.models import RemoteCommune, Tip, TipDelivery, TipMessage, TipTransition
from antq.tips.rules import DUE_SOON, OPEN_STATUSES, TRANSITIONS, DeliveryRole, Status, Step, deadline
from antq.tips.seed import DEMO_NOW, VN
from tests.conftest import unit


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    """`seed_demo` seeds the tips as they stand at the build moment; the tests fix it (DEMO_NOW)."""
    monkeypatch.setattr(seed, "build_now", lambda: DEMO_NOW)


def _seeded(seed_value: int = 1) -> tuple[list[tuple], str, float]:
    out = io.StringIO()
    with transaction.atomic():
        started = time.perf_counter()
        call_command("seed_demo", "--province", "33", "--seed", str(seed_value), stdout=out)
        took = time.perf_counter() - started
        rows = sorted(Tip.objects.values_list("code", "category__code", "commune__code", "received_at", "status"))
        transaction.set_rollback(True)
    return rows, out.getvalue(), took


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_tips_and_another_seed_others():
    first, output, _ = _seeded(1)
    assert first and first == _seeded(1)[0]
    assert first != _seeded(2)[0]
    assert seed.DEMO_CODE in output and seed.DEMO_SECRET in output


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    communes = unit("33").children.filter(valid_to__isnull=True).count()
    return communes


def test_a_realistic_rate_and_a_mix_of_everything(seeded):
    tips = Tip.objects.all()
    per_commune_month = tips.count() / seeded / 5  # 1/7 → 30/11/2026
    assert 2 <= per_commune_month <= 4
    assert len(Counter(tips.values_list("category__code", flat=True))) >= 6
    states = Counter(tips.values_list("status", flat=True))
    assert set(states) == set(Status.values)
    assert len(set(tips.exclude(outcome="").values_list("outcome", flat=True))) == 4
    assert RemoteCommune.objects.exists() and tips.filter(remote=True).exists()
    assert TipDelivery.objects.filter(role=DeliveryRole.INFO_ONLY).exists()  # forwarded tips
    open_overdue = tips.exclude(status__in=[Status.PASSED, Status.CLOSED]).filter(due_at__lt=DEMO_NOW)
    assert open_overdue.exists()
    late = [t for t in tips.filter(passed_at__isnull=False) if t.passed_at > t.due_at]
    assert late and len(late) < tips.filter(passed_at__isnull=False).count() / 5


def test_every_tip_keeps_the_rules(seeded):
    steps: dict[int, list[TipTransition]] = defaultdict(list)
    for row in TipTransition.objects.order_by("at", "pk"):
        steps[row.tip_id].append(row)
    primaries = Counter(TipDelivery.objects.filter(role=DeliveryRole.PRIMARY).values_list("tip_id", flat=True))
    for tip in Tip.objects.all():
        assert tip.due_at == deadline(tip.received_at, remote=tip.remote)
        assert tip.received_at.second == 0 and tip.received_at.microsecond == 0
        assert tip.received_at.date() >= Period.parse("2026H2").start
        assert primaries[tip.pk] == 1
        assert (tip.status == Status.CLOSED) == bool(tip.outcome)
        state = Status.NEW
        for row in steps[tip.pk]:
            sources, target = TRANSITIONS[Step(row.step)]
            assert row.from_status == state and state in sources and row.to_status == target
            assert row.at < DEMO_NOW and row.at.second == 0
            state = target
        assert state == tip.status
        assert decrypt_text(tip.body) and b"ma t" not in bytes(tip.body)


def test_the_figures_have_something_to_show(seeded, province_officer, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: DEMO_NOW + dt.timedelta(minutes=30))  # read soon after the build
    values = selectors.indicator_values(actor=province_officer, unit=unit("33"), period=Period.parse("2026H2"))
    assert values[Code.TIPS_RECEIVED].value == Tip.objects.count()
    share = values[Code.TIPS_PASSED_IN_TIME_PCT].value
    assert share is not None and 80 < share < 100
    hours = values[Code.TIPS_ACK_MEDIAN_HOURS].value
    assert hours is not None and 1 < hours < 6


@pytest.mark.django_db
def test_seeding_stays_fast():
    *_, took = _seeded(1)
    assert took < 60  # the whole demo province; tips add well under a few seconds of it


def test_the_demo_tip_opens_with_the_code_and_secret_the_demo_prints(seeded):
    assert intake.tip_open(code=seed.DEMO_CODE, secret=seed.DEMO_SECRET).code == seed.DEMO_CODE
    assert intake.tip_open(code=seed.DEMO_CODE.lower(), secret=seed.DEMO_SECRET.replace("-", " ")).code


def test_the_demo_tip_is_open_in_the_demo_commune_with_a_police_question(seeded):
    tip = intake.tip_open(code=seed.DEMO_CODE, secret=seed.DEMO_SECRET)
    assert tip.status in {Status.ACKNOWLEDGED, Status.VERIFYING} and tip.status in OPEN_STATUSES
    assert tip.commune.code == "12688"
    assert DEMO_NOW - dt.timedelta(days=1) <= tip.received_at < DEMO_NOW < tip.due_at
    assert TipDelivery.objects.get(tip=tip, role=DeliveryRole.PRIMARY).unit == tip.commune
    (message,) = TipMessage.objects.filter(tip=tip)
    assert message.sender == TipMessage.Sender.POLICE and message.author is not None
    assert tip.acknowledged_at <= message.created_at < DEMO_NOW
    lines = intake.tipster_view(tip).lines
    assert [(line.from_police, line.text) for line in lines] == [(True, seed.DEMO_QUESTION)]
    assert seed.DEMO_QUESTION.encode() not in bytes(message.body)  # stored encrypted


def test_the_last_hours_hold_open_tips_within_their_time_also_in_the_demo_commune(seeded):
    recent = Tip.objects.filter(received_at__gte=DEMO_NOW - dt.timedelta(days=1), status__in=OPEN_STATUSES)
    assert recent.count() >= 6
    assert not recent.filter(due_at__lt=DEMO_NOW).exists()
    home = recent.filter(commune__code="12688")
    assert home.filter(status=Status.NEW).exists()
    assert home.filter(due_at__lte=DEMO_NOW + DUE_SOON).exists()  # "sắp đến hạn" in ca_12688's inbox
    due_soon = Tip.objects.filter(status__in=OPEN_STATUSES, due_at__gte=DEMO_NOW, due_at__lte=DEMO_NOW + DUE_SOON)
    assert due_soon.count() >= 2  # also outside the demo commune (a remote commune's soon-due tip is older)


def test_nothing_is_received_or_happens_after_now(db, monkeypatch):
    now = dt.datetime(2026, 12, 20, 15, 0, tzinfo=VN)
    monkeypatch.setattr(seed, "build_now", lambda: now)
    call_command("seed_demo", "--province", "33", "--seed", "1", stdout=io.StringIO())
    latest = Tip.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    assert latest is not None and now - dt.timedelta(hours=1) <= latest < now
    assert not TipTransition.objects.filter(at__gte=now).exists()
    assert not TipMessage.objects.filter(created_at__gte=now).exists()
    assert not TipDelivery.objects.filter(delivered_at__gte=now).exists()
    assert intake.tip_open(code=seed.DEMO_CODE, secret=seed.DEMO_SECRET).received_at >= now - dt.timedelta(days=1)


def test_the_build_moment_is_the_hour_now_or_demo_now_on_a_clock_set_too_early(monkeypatch):
    monkeypatch.undo()  # the real build_now, not the fixed one
    later = dt.datetime(2026, 12, 2, 1, 47, 12, tzinfo=dt.UTC)
    monkeypatch.setattr(seed.timezone, "now", lambda: later)
    assert seed.build_now() == dt.datetime(2026, 12, 2, 8, 0, tzinfo=VN)
    monkeypatch.setattr(seed.timezone, "now", lambda: dt.datetime(2026, 7, 10, tzinfo=dt.UTC))
    assert seed.build_now() == DEMO_NOW

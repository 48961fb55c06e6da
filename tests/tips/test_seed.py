"""Demo tips (issue 19 item 7): seeded with the province, deterministic, at a realistic rate, and consistent with
the registry's rules — so that the inbox, the overdue board and the figures have something true to show."""

from __future__ import annotations

import io
import time
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction

from antq.core.periods import Period
from antq.reporting import selectors
from antq.tips import intake, seed
from antq.tips.crypto import decrypt_text
from antq.tips.indicators import Code
from antq.tips.models import RemoteCommune, Tip, TipDelivery, TipTransition
from antq.tips.rules import TRANSITIONS, DeliveryRole, Status, Step, deadline
from antq.tips.seed import DEMO_NOW
from tests.conftest import unit


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


def test_the_figures_have_something_to_show(seeded, province_officer):
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

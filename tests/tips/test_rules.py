"""The pure rules of the inbox: the transition table with the capacity each step needs, and the legal clock
(TTLT 01/2017, Art. 7: 24 h, 48 h in remote communes, calendar hours)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from antq.tips import rules
from antq.tips.rules import Action, Capacity, Clock, Outcome, Status, Step

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOLDER = frozenset({Capacity.HOLDER})
PROVINCE = frozenset({Capacity.PROVINCE})
NONE: frozenset[Capacity] = frozenset()


@pytest.mark.parametrize(
    ("step", "current", "caps", "allowed"),
    [
        (Step.ACKNOWLEDGE, Status.NEW, HOLDER, True),
        (Step.ACKNOWLEDGE, Status.NEW, PROVINCE, False),  # the holding unit acknowledges, not its supervisor
        (Step.ACKNOWLEDGE, Status.ACKNOWLEDGED, HOLDER, False),  # already done
        (Step.VERIFY, Status.ACKNOWLEDGED, HOLDER, True),
        (Step.VERIFY, Status.NEW, HOLDER, False),  # acknowledge first
        (Step.VERIFY, Status.ACKNOWLEDGED, PROVINCE, False),
        (Step.PASS_ON, Status.VERIFYING, HOLDER, True),
        (Step.PASS_ON, Status.ACKNOWLEDGED, PROVINCE, True),
        (Step.PASS_ON, Status.NEW, HOLDER, False),  # a tip is recorded (acknowledged) before it is passed on
        (Step.PASS_ON, Status.PASSED, HOLDER, False),
        (Step.CLOSE, Status.NEW, HOLDER, True),  # a prank closes at once
        (Step.CLOSE, Status.PASSED, PROVINCE, True),
        (Step.CLOSE, Status.CLOSED, HOLDER, False),
        (Step.CLOSE, Status.VERIFYING, NONE, False),  # info-only units, the steering committee, the Ministry
        (Step.ACKNOWLEDGE, Status.NEW, NONE, False),
    ],
)
def test_may_take_checks_state_and_capacity(step, current, caps, allowed):
    assert rules.may_take(step, current, caps) is allowed


def test_every_step_names_who_may_take_it():
    assert set(rules.STEP_CAPACITIES) == set(Step)
    assert all(rules.STEP_CAPACITIES[step] for step in Step)


def test_raw_content_is_for_the_holder_and_the_province_only():
    assert rules.may_do(Action.READ_RAW, HOLDER)
    assert rules.may_do(Action.READ_RAW, PROVINCE)
    assert not rules.may_do(Action.READ_RAW, NONE)


def test_a_prank_needs_no_message_to_the_tipster_but_other_outcomes_do():
    assert not rules.outcome_message_required(Outcome.PRANK)
    assert all(rules.outcome_message_required(o) for o in Outcome if o != Outcome.PRANK)


def test_not_passed_on_means_new_acknowledged_or_verifying():
    assert {Status.NEW, Status.ACKNOWLEDGED, Status.VERIFYING} == rules.NOT_PASSED_ON


# --- The clock: calendar hours, across midnight, weekends and the end of the year ------------------------------


def test_deadline_crosses_midnight():
    received = dt.datetime(2025, 11, 10, 22, 30, tzinfo=VN)  # Monday evening
    assert rules.deadline(received, remote=False) == dt.datetime(2025, 11, 11, 22, 30, tzinfo=VN)


def test_deadline_runs_through_the_weekend():
    friday_evening = dt.datetime(2025, 11, 14, 18, 0, tzinfo=VN)
    assert rules.deadline(friday_evening, remote=False) == dt.datetime(2025, 11, 15, 18, 0, tzinfo=VN)  # Saturday
    assert rules.deadline(friday_evening, remote=True) == dt.datetime(2025, 11, 16, 18, 0, tzinfo=VN)  # Sunday


def test_remote_deadline_crosses_the_year():
    received = dt.datetime(2025, 12, 31, 23, 59, tzinfo=VN)
    assert rules.deadline(received, remote=True) == dt.datetime(2026, 1, 2, 23, 59, tzinfo=VN)


def test_deadline_keeps_the_zone_and_is_exact_in_utc():
    received = dt.datetime(2025, 11, 10, 23, 0, tzinfo=VN)  # 16:00 UTC
    due = rules.deadline(received, remote=False)
    assert due.tzinfo == VN
    assert due.astimezone(dt.UTC) == dt.datetime(2025, 11, 11, 16, 0, tzinfo=dt.UTC)


def test_deadline_refuses_a_naive_time():
    with pytest.raises(ValueError, match="aware"):
        rules.deadline(dt.datetime(2025, 11, 10, 8, 0), remote=False)


def test_clock_states():
    due = dt.datetime(2025, 11, 11, 8, 0, tzinfo=VN)
    assert rules.clock(due_at=due, stopped_at=None, now=due - dt.timedelta(hours=7)) == Clock.RUNNING
    assert rules.clock(due_at=due, stopped_at=None, now=due - dt.timedelta(hours=6)) == Clock.DUE_SOON
    assert rules.clock(due_at=due, stopped_at=None, now=due) == Clock.DUE_SOON  # the last minute still counts
    assert rules.clock(due_at=due, stopped_at=None, now=due + dt.timedelta(minutes=1)) == Clock.OVERDUE
    assert rules.clock(due_at=due, stopped_at=due, now=due + dt.timedelta(days=3)) == Clock.MET
    assert rules.clock(due_at=due, stopped_at=due + dt.timedelta(minutes=1), now=due) == Clock.LATE


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("người báo Nguyễn Văn A 0912345678", ["0912345678"]),
        ("gọi 0912 345 678 hoặc +84 987 654 321", ["0912 345 678", "+84 987 654 321"]),
        ("máy bàn 0221.3862.123", ["0221.3862.123"]),
        ("CCCD 034185001234, CMND 123456789", ["034185001234", "123456789"]),
        ("xe 89B1-123.45, thiệt hại 150.000.000 đồng, 22 giờ ngày 12/11/2026, số nhà 12 ngõ 345", []),
    ],
)
def test_contact_details_in_a_summary(text, found):
    assert rules.contact_details_in(text) == found

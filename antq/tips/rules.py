"""Pure rules of the tip registry: the states, the one transition table, the legal clock, the code format.

Legal frame:
- Bộ luật Tố tụng hình sự 2015 (101/2015/QH13), Art. 144: a tip (tố giác) is a person's report of a sign of crime;
  Art. 145: every body that receives one must receive it in full, record it, and pass it to the competent
  investigating body (cơ quan điều tra).
- Thông tư liên tịch 01/2017/TTLT-BCA-BQP-BTC-BNN&PTNT-VKSNDTC, Art. 7 (commune police): a tip received is
  recorded and passed on within 24 hours; 48 hours where travel is hard (vùng sâu, vùng xa), as `../shared/domain.md`
  states it. The hours are calendar hours: nights, weekends and holidays run on the clock.
The text of the TTLT could not be fetched from this sandbox; the figures are those of the domain description and
the issue. They live here only (`DEADLINE_HOURS`), so a correction is one line.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import secrets

import phonenumbers
from django.db import models
from django.utils.translation import gettext_lazy as _

DEADLINE_HOURS = 24
DEADLINE_HOURS_REMOTE = 48
# Codes and secrets: no 0/O, 1/I/L (read over the phone, copied from a screen).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31^8 ≈ 8,5·10^11: not guessable, and the secret guards it anyway
SECRET_LENGTH = 12


class Status(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã xác nhận tiếp nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    PASSED = "passed", _("Đã chuyển cơ quan điều tra")
    CLOSED = "closed", _("Đã kết thúc")


class Outcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Có dấu hiệu, đã xác thực")
    NOT_CONFIRMED = "not_confirmed", _("Không xác thực được")
    DUPLICATE = "duplicate", _("Trùng tin đã nhận")
    PRANK = "prank", _("Tin giả, quấy rối")


class DeliveryRole(models.TextChoices):
    PRIMARY = "primary", _("Đơn vị thụ lý")
    INFO_ONLY = "info_only", _("Để biết")


class Step(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Xác nhận tiếp nhận")
    VERIFY = "verify", _("Bắt đầu xác minh")
    PASS_ON = "pass_on", _("Chuyển cơ quan điều tra")
    CLOSE = "close", _("Kết thúc")


# step → (from states, to state). Who may take a step is STEP_CAPACITIES below;
# forwarding to another unit is not a state change (the tip keeps its state, the primary recipient changes).
TRANSITIONS: dict[Step, tuple[frozenset[Status], Status]] = {
    Step.ACKNOWLEDGE: (frozenset({Status.NEW}), Status.ACKNOWLEDGED),
    Step.VERIFY: (frozenset({Status.ACKNOWLEDGED}), Status.VERIFYING),
    Step.PASS_ON: (frozenset({Status.ACKNOWLEDGED, Status.VERIFYING}), Status.PASSED),
    # A prank or a duplicate may be closed at once; a passed tip closes with the investigating body's answer.
    Step.CLOSE: (frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.VERIFYING, Status.PASSED}), Status.CLOSED),
}


class Capacity(enum.StrEnum):
    """In what capacity an officer acts on a tip (computed by the services from the officer's role grants)."""

    HOLDER = "holder"  # an officer of the primary recipient unit (commune police; PV05 when a province holds it)
    PROVINCE = "province"  # a PV05 officer of the primary recipient's province (supervising its communes)


# Who may take each step: one table (STYLE.md "Workflows"). The holding unit does the whole job. The province
# (PV05) supervises: it may pass a tip on or close it (a duplicate seen across communes, a prank), but the
# acknowledgement and the verification are the holding unit's own acts — a province that wants to work a tip
# itself forwards it to itself and becomes the holder. Every other reader (info-only units, the steering
# committee, the Ministry) takes no step.
STEP_CAPACITIES: dict[Step, frozenset[Capacity]] = {
    Step.ACKNOWLEDGE: frozenset({Capacity.HOLDER}),
    Step.VERIFY: frozenset({Capacity.HOLDER}),
    Step.PASS_ON: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
    Step.CLOSE: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
}


class Action(enum.StrEnum):
    """What an officer does to a tip besides a step."""

    READ_RAW = "read_raw"  # open the tipster's own words, place, time, contact, photos, the dialogue
    SUMMARY = "summary"  # write the sanitised summary everyone else reads
    MESSAGE = "message"  # ask the tipster a question
    FORWARD = "forward"  # make another unit the primary recipient


# Issue 19 item 5: the raw text is seen only by the primary recipient's officers and the province.
ACTION_CAPACITIES: dict[Action, frozenset[Capacity]] = {
    Action.READ_RAW: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
    Action.SUMMARY: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
    Action.MESSAGE: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
    Action.FORWARD: frozenset({Capacity.HOLDER, Capacity.PROVINCE}),
}
# A tip can be forwarded or asked about only while it is still with the police: once passed to the investigating
# body it is that body's, and a closed tip is done.
OPEN_STATUSES = frozenset({Status.NEW, Status.ACKNOWLEDGED, Status.VERIFYING})
# The legal clock (TTLT 01/2017, Art. 7; BLTTHS 2015, Art. 145) asks the commune police to record a tip and pass it
# to the competent investigating body within 24 h (48 h): acknowledging it in the inbox is part of the recording,
# not the end of the clock. So a tip is "not yet passed on" while new, acknowledged or verifying, and it is
# overdue on the board when its due time has gone by in one of those states. A tip closed without being passed
# on (a prank, a duplicate) stops the clock when it is closed (see `clock`).
NOT_PASSED_ON = OPEN_STATUSES


def may_take(step: Step, current: Status, capacities: frozenset[Capacity] | set[Capacity]) -> bool:
    """Whether an officer acting in `capacities` may take `step` on a tip in state `current` (both tables)."""
    return step_target(step, current) is not None and bool(STEP_CAPACITIES[step] & set(capacities))


def may_do(action: Action, capacities: frozenset[Capacity] | set[Capacity]) -> bool:
    """Whether an officer acting in `capacities` may do `action` (ACTION_CAPACITIES)."""
    return bool(ACTION_CAPACITIES[action] & set(capacities))


def outcome_message_required(outcome: Outcome) -> bool:
    """The tipster is told how their tip ended, except a prank or spam (no answer feeds it)."""
    return outcome != Outcome.PRANK


def step_target(step: Step, current: Status) -> Status | None:
    """The state `step` leads to from `current`, or None when the table does not allow it."""
    sources, target = TRANSITIONS[step]
    return target if current in sources else None


def steps_from(current: Status) -> list[Step]:
    """The steps the table allows from `current`, in table order."""
    return [step for step, (sources, _target) in TRANSITIONS.items() if current in sources]


def deadline(received_at: dt.datetime, *, remote: bool) -> dt.datetime:
    """When the tip must have been passed on: received_at + 24 h (48 h in a remote commune), calendar hours.

    TTLT 01/2017, Art. 7 (see the module docstring). Aware datetime in, aware datetime out (same zone)."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at + dt.timedelta(hours=DEADLINE_HOURS_REMOTE if remote else DEADLINE_HOURS)


class Clock(enum.StrEnum):
    """Where a tip stands against its legal time (the inbox's badge and the overdue board)."""

    RUNNING = "running"  # open, more than DUE_SOON left
    DUE_SOON = "due_soon"  # open, less than DUE_SOON left
    OVERDUE = "overdue"  # open, past the deadline
    MET = "met"  # stopped on or before the deadline
    LATE = "late"  # stopped after the deadline


DUE_SOON = dt.timedelta(hours=6)


def clock(*, due_at: dt.datetime, stopped_at: dt.datetime | None, now: dt.datetime) -> Clock:
    """The tip's clock: stopped when it was passed on (or closed without being passed on), else against `now`."""
    if stopped_at is not None:
        return Clock.MET if stopped_at <= due_at else Clock.LATE
    if now > due_at:
        return Clock.OVERDUE
    return Clock.DUE_SOON if due_at - now <= DUE_SOON else Clock.RUNNING


def to_the_minute(moment: dt.datetime) -> dt.datetime:
    """Submission and message times are kept to the minute (issue 19 item 2: less to correlate with logs)."""
    return moment.replace(second=0, microsecond=0)


def new_code() -> str:
    """A tip code such as "TG-7K3M9Q2P" (shown to the tipster and to officers)."""
    return "TG-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_secret() -> str:
    """The tipster's secret, shown once ("4F7K-9MQ2-XZ3H"); only a slow hash of it is stored."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(SECRET_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, SECRET_LENGTH, 4))


def normalise_code(text: str) -> str:
    """What a tipster types back ("tg 7k3m 9q2p", "TG-7K3M9Q2P") → the stored form; '' when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if cleaned.startswith("TG"):
        cleaned = cleaned[2:]
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return ""
    return "TG-" + cleaned


def normalise_secret(text: str) -> str:
    """The secret as typed (spaces, dashes, lower case) → its canonical form; '' when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != SECRET_LENGTH:
        return ""
    return "-".join(cleaned[i : i + 4] for i in range(0, SECRET_LENGTH, 4))


# --- The summary every reader sees ------------------------------------------------------------------------------

_ID_NUMBER = re.compile(r"(?<!\d)\d{12}(?!\d)|(?<!\d)\d{9}(?!\d)")  # CCCD (12 digits), old CMND (9 digits)


def contact_details_in(text: str) -> list[str]:
    """What in `text` identifies a person by number: Vietnamese phone numbers (as `phonenumbers` finds them in
    free text, any spacing) and CCCD / CMND numbers. Out: the matched strings, in order; [] when none.

    The sanitised summary is read by info-only units, the steering committee and the Ministry, so a number there
    would reveal the tipster (or a witness) to people who must not know them (issue 19 item 5)."""
    found = [match.raw_string for match in phonenumbers.PhoneNumberMatcher(text, "VN")]
    found += [m.group(0) for m in _ID_NUMBER.finditer(text) if not any(m.group(0) in f for f in found)]
    return found

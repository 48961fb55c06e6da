"""Tip fixtures for the inbox tests: tips made directly (not through the portal), encrypted as the portal stores
them, with their primary delivery and the legal due time of rules.deadline.

`make_tip` is also used by route_cases_inbox.py (the route test resolves only suite-wide fixtures, so its cases
build their tip inside the URL builder)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from antq.geo.models import AdminUnit
from antq.tips import crypto, rules
from antq.tips.models import Tip, TipAttachment, TipCategory, TipDelivery, TipMessage
from antq.tips.rules import DeliveryRole, Status

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = "Nhà số 12 thôn An Lạc bán ma túy cho học sinh vào buổi tối."
PLACE = "Cạnh cổng trường THCS Đông Hưng"
CONTACT_NAME = "Nguyễn Văn Báo"
CONTACT_PHONE = "0359246810"  # found nowhere else in the test world (tests/accounts/test_personal_data.py)
_codes = itertools.count(1)


def _code() -> str:
    """A distinct, well-formed code per tip ("TG-2222222A" style, from the code alphabet)."""
    n = next(_codes)
    digits = []
    for _ in range(rules.CODE_LENGTH):
        n, r = divmod(n, len(rules.CODE_ALPHABET))
        digits.append(rules.CODE_ALPHABET[r])
    return "TG-" + "".join(reversed(digits))


def make_tip(
    commune: AdminUnit,
    *,
    received_at: dt.datetime | None = None,
    remote: bool = False,
    status: Status = Status.NEW,
    category: str = "ma-tuy",
    summary: str = "Phản ánh mua bán ma túy gần trường học.",
    body: str = BODY,
    identified: bool = True,
) -> Tip:
    """A tip delivered to `commune` as primary; received at `received_at` (default: 10/11/2025 08:15 VN time)."""
    received_at = rules.to_the_minute(received_at or dt.datetime(2025, 11, 10, 8, 15, tzinfo=VN))
    tip = Tip.objects.create(
        code=_code(),
        secret_hash="!no-secret",  # unusable: tests open tips by secret only when sent on the portal
        category=TipCategory.objects.get(code=category),
        commune=commune,
        body=crypto.encrypt_text(body),
        place=crypto.encrypt_text(PLACE),
        contact_name=crypto.encrypt_text(CONTACT_NAME if identified else ""),
        contact_phone=crypto.encrypt_text(CONTACT_PHONE if identified else ""),
        identified=identified,
        received_at=received_at,
        remote=remote,
        due_at=rules.deadline(received_at, remote=remote),
        status=status,
        outcome="not_confirmed" if status == Status.CLOSED else "",
        summary=summary,
    )
    TipDelivery.objects.create(tip=tip, unit=commune, role=DeliveryRole.PRIMARY, delivered_at=received_at)
    return tip


def add_photo(tip: Tip, data: bytes = b"\x89PNG fake image bytes") -> TipAttachment:
    return TipAttachment.objects.create(
        tip=tip,
        data=crypto.encrypt_bytes(data),
        content_type="image/png",
        size=len(data),
        created_at=tip.received_at,
    )


def add_tipster_message(tip: Tip, text: str) -> TipMessage:
    return TipMessage.objects.create(
        tip=tip, sender=TipMessage.Sender.TIPSTER, body=crypto.encrypt_text(text), created_at=tip.received_at
    )


@pytest.fixture
def tip(dong_hung) -> Tip:
    """A new tip in Xã Đông Hưng (12688), received 10/11/2025 08:15, identified tipster, one photo."""
    made = make_tip(dong_hung)
    add_photo(made)
    return made


@pytest.fixture
def tan_tien_officer_tip(tan_tien) -> Tip:
    """A new tip held by Xã Tân Tiến (12583), same province."""
    return make_tip(tan_tien)


def stored_values() -> Iterator[tuple[str, object]]:
    """(table, value) for every non-null value of every column of every table, as the database returns it to raw
    SQL — what a dump holds (the anonymity and encryption tests search it)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (table names from the introspection)
            for row in cursor.fetchall():
                yield from ((table, value) for value in row if value is not None)

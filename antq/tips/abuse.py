"""Abuse limits of the tip portal without keeping any client identifier (issue 19 item 2).

A client is counted under a keyed hash of its address: HMAC-SHA256 with a key derived from SECRET_KEY and today's
date, so the same address gives an unrelated value tomorrow and nobody without SECRET_KEY can test an address
against a value. The counters live only in Django's cache and expire within the hour; nothing goes to the
database or the logs. A tip code under attack is counted the same way (its hash), whoever tries it.

Limits (per fixed clock hour): SUBMISSIONS_PER_HOUR tips per client; WRONG_PER_HOUR wrong code/secret pairs per
client and per code. When a limit is reached even the right secret is refused until the hour ends — otherwise a
guesser would only need to keep going.

Behind nginx on the same host every request comes from 127.0.0.1: the client's address is then the last
`X-Forwarded-For` entry, the one nginx appends (docs/tips.md shows the line). A client-sent X-Forwarded-For is
used only from a trusted proxy. Each gunicorn worker has its own local-memory cache unless CACHES names a shared
one, so a limit there is per worker (docs/tips.md).
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

SUBMISSIONS_PER_HOUR = 5
WRONG_PER_HOUR = 5
TRUSTED_PROXIES = frozenset({"127.0.0.1", "::1"})


class Counter(StrEnum):
    SUBMIT = "submit"
    WRONG_CLIENT = "wrong-client"
    WRONG_CODE = "wrong-code"


LIMITS = {
    Counter.SUBMIT: SUBMISSIONS_PER_HOUR,
    Counter.WRONG_CLIENT: WRONG_PER_HOUR,
    Counter.WRONG_CODE: WRONG_PER_HOUR,
}


def _client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in TRUSTED_PROXIES and forwarded:
        return forwarded.split(",")[-1].strip()
    return remote


def _keyed_hash(value: str) -> str:
    """HMAC of `value` under today's key (hex, 32 characters): not reversible, not comparable across days."""
    day = timezone.localdate().isoformat()
    key = hashlib.sha256(f"antq-tips-abuse|{settings.SECRET_KEY}|{day}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def client_hash(request: HttpRequest) -> str:
    """The client's keyed hash (the address itself is never returned, stored or logged)."""
    return _keyed_hash("client|" + _client_address(request))


def code_hash(code: str) -> str:
    return _keyed_hash("code|" + code)


def _key(counter: Counter, subject: str) -> str:
    hour = timezone.now().strftime("%Y%m%d%H")
    return f"tips:abuse:{counter}:{subject}:{hour}"


def count(counter: Counter, subject: str) -> int:
    """How many times `counter` was hit for `subject` (a keyed hash) this hour."""
    return int(cache.get(_key(counter, subject), 0))


def hit(counter: Counter, subject: str) -> int:
    """Count one more; returns the new count. The entry expires with the hour (plus a minute's margin)."""
    key = _key(counter, subject)
    if cache.add(key, 1, timeout=3660):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3660)
        return 1


def exhausted(counter: Counter, subject: str) -> bool:
    return count(counter, subject) >= LIMITS[counter]

"""Scope cases for the tip public routes (merged by tests/tips/route_cases.py).

The public portal has no scope: anyone may send a tip, and a tip is opened by its code and secret, not by a role.
Its routes are exempt; what stands in for scope is tested in tests/tips/test_public_dialogue.py (an unknown code
and a wrong secret get the same 404 page; brute force is slowed)."""

from typing import Any

CASES: dict[str, Any] = {}
EXEMPT: dict[str, str] = {
    "to-giac/": "public tip form, no login, no scope (tests/tips/test_public_portal.py)",
    "to-giac/tra-cuu/": (
        "tipster's dialogue, opened by code + secret only: an unknown code answers like a wrong secret, 404 "
        "(tests/tips/test_public_dialogue.py)"
    ),
    "to-giac/tra-cuu/gui-them/": "tipster's reply, code + secret re-sent; same 404 as lookup (test_public_dialogue.py)",
}

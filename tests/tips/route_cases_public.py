"""Scope cases for the tip public routes (merged by tests/tips/route_cases.py)."""

from typing import Any

CASES: dict[str, Any] = {}
EXEMPT: dict[str, str] = {}

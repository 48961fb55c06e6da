"""Template filters of the reporting pages."""

from __future__ import annotations

from django import template

from antq.core.errors import ValidationFailed
from antq.core.periods import Period

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """A stored period code as people read it: "2026-11" → "tháng 11 năm 2026" (the code itself if unreadable)."""
    try:
        return Period.parse(code).label
    except ValidationFailed:
        return str(code)

"""Template filters for Vietnamese figures (2.991, 94,5, "trên 59.500") and phone numbers as links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from antq.core.phones import tel_uri

register = template.Library()

QUALIFIER_WORDS = {"at_least": "trên", "nearly": "gần", "about": "khoảng"}


@register.filter
def vn(value: Any) -> str:
    """2991 → "2.991"; Decimal("94.50") → "94,5"; None → "–"."""
    if value is None or value == "":
        return "–"
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    text = f"{number.normalize():f}"
    whole, _, fraction = text.partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + fraction


@register.filter
def qualified(value: Any, qualifier: str | None) -> str:
    """The figure with its qualifier word in front: ("59500", "at_least") → "trên 59.500"."""
    word = QUALIFIER_WORDS.get(qualifier or "", "")
    return f"{word} {vn(value)}".strip()


@register.filter
def phone_link(value: Any) -> SafeString | str:
    """A phone as shown (stored, canonical): a tel: link when it is a valid number; a masked or legacy value that
    the validator does not read (`manage.py check_phones`) as plain text, so no link dials a wrong number."""
    text = "" if value is None else str(value)
    uri = tel_uri(text)
    return format_html('<a href="{}">{}</a>', uri, text) if uri else text


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def attr(obj: Any, path: str) -> Any:
    """Follow a dotted attribute path ("team.commune.name"); call it when it is a method (get_role_display)."""
    import datetime as dt

    value = obj
    for part in path.split("."):
        value = getattr(value, part, None)
        if callable(value):
            value = value()
        if value is None:
            return "–"
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return value

"""Breadcrumbs that never lead a user to a page that answers them 404.

`{% unit_crumbs unit %}` renders the unit's chain (Toàn quốc › province › commune): a unit the user may open (the
nation for national users, a unit their scope covers) is a link, any other is plain text. By default each unit
links to its unit page (geo); `url="reporting:dashboard" arg=period.code` links each to that page instead
(`reverse(url, args=[code, arg])`, the nation as "VN"). `last=False` shows the unit itself as plain text (it is
the page being shown). Templates add the page's own trailing items after the tag.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from antq.accounts.scope import Scope, scope_for
from antq.geo.models import AdminUnit, Level

register = template.Library()

NATION_NAME = "Toàn quốc"
SEPARATOR = " › "


def may_open(scope: Scope, unit: AdminUnit) -> bool:
    """Whether the unit's pages answer this scope (the same rule as `accounts.units.get_unit_for`)."""
    if unit.level == Level.NATION:
        return scope.is_national()
    return scope.covers(unit)


def _chain(unit: AdminUnit) -> list[AdminUnit]:
    chain = []
    node: AdminUnit | None = unit
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def _url(unit: AdminUnit, url: str | None, arg: Any) -> str | None:
    try:
        if url is None:
            if unit.level == Level.NATION:
                return reverse("geo:nation")
            return reverse(f"geo:{unit.level}", kwargs={"code": unit.code})
        code = "VN" if unit.level == Level.NATION else unit.code
        return reverse(url, args=[code] if arg is None else [code, arg])
    except NoReverseMatch:
        return None


@register.simple_tag(takes_context=True)
def unit_crumbs(
    context: template.Context, unit: AdminUnit, url: str | None = None, arg: Any = None, last: bool = True
) -> SafeString:
    """The unit's chain from the nation down, linked where the user may open the page."""
    scope = scope_for(context.get("user") or getattr(context.get("request"), "user", None))
    chain = _chain(unit)
    items = []
    for node in chain:
        name = NATION_NAME if node.level == Level.NATION else node.name
        href = _url(node, url, arg) if may_open(scope, node) and (last or node is not unit) else None
        items.append(format_html('<a href="{}">{}</a>', href, name) if href else format_html("<span>{}</span>", name))
    return format_html_join(SEPARATOR, "{}", ((item,) for item in items))


@register.filter
def opens_for(unit: AdminUnit | None, user: Any) -> bool:
    """`{% if unit|opens_for:user %}`: whether a link to the unit's pages would answer this user (not 404)."""
    return unit is not None and may_open(scope_for(user), unit)

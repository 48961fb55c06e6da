"""Units and local registries (localities, establishments) an actor covers: geography read through the actor's scope.

These live in accounts, above geo, because they need the scope; geo itself knows nothing of users.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope
from antq.core.text import ascii_digits
from antq.geo.models import CODE_WIDTH, AdminUnit, Establishment, Level, Locality
from antq.geo.selectors import NUL, current_units, provinces_with_counts, unit_resolve


def get_unit_for(actor: object, code: str, *, level: str) -> AdminUnit:
    """Today's unit of `level` with `code`, if the actor covers it; 404 otherwise (missing or not theirs)."""
    scope = scope_for(actor)
    width = CODE_WIDTH.get(Level(level)) if level != Level.NATION else None
    if NUL in code:
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    digits = ascii_digits(code)
    normalized = digits.zfill(width) if width and digits else code
    unit = current_units().filter(level=level, code=normalized).select_related("parent").first()
    if unit is None or not scope.covers(unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    return unit


def unit_resolve_for(actor: object, text: str, *, level: str | None = None) -> AdminUnit:
    """The unit named by a code or a name as people write it (`geo.selectors.unit_resolve`), if the actor covers it;
    otherwise the same not-found answer as the unit's pages (`get_unit_for`): the CLI and the API refuse what the
    web refuses."""
    unit = unit_resolve(text, level=level)
    return get_unit_for(actor, unit.code, level=unit.level)


def provinces_for(actor: object) -> QuerySet[AdminUnit]:
    """Provinces the actor covers fully (ministry: all 34; a province officer: theirs)."""
    scope = scope_for(actor)
    if scope.is_national():
        return provinces_with_counts()
    return provinces_with_counts().filter(pk__in=scope.province_ids())


def communes_for(actor: object) -> QuerySet[AdminUnit]:
    """Communes the actor covers."""
    return current_units().filter(level=Level.COMMUNE).filter(_commune_units_q(actor))


def _commune_units_q(actor: object) -> Q:
    scope = scope_for(actor)
    if scope.is_national():
        return Q()
    return Q(parent_id__in=scope.province_ids()) | Q(pk__in=scope.commune_ids())


def localities_for(actor: object) -> QuerySet[Locality]:
    """Active localities of the communes the actor covers."""
    return (
        Locality.objects.filter(scope_for(actor).commune_q("commune"), ended_on__isnull=True)
        .select_related("commune")
        .order_by("commune__code", "sort_key", "pk")
    )


def establishments_for(actor: object) -> QuerySet[Establishment]:
    """Active establishments of the communes the actor covers."""
    return (
        Establishment.objects.filter(scope_for(actor).commune_q("commune"), ended_on__isnull=True)
        .select_related("commune", "locality")
        .order_by("commune__code", "kind", "sort_key", "pk")
    )

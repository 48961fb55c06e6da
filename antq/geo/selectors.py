"""Reads for geography: resolving a unit from a code or "name, province", browsing and folded-name search."""

from __future__ import annotations

import re

from django.db.models import Count, Q, QuerySet

from antq.core.errors import AmbiguousName, NotFoundOrOutOfScope
from antq.core.text import ascii_digits, fold
from antq.geo.models import CODE_WIDTH, NATION_CODE, AdminUnit, Establishment, Level, Locality

_TYPE_PREFIXES = ["", "tinh ", "thanh pho ", "xa ", "phuong ", "dac khu ", "thi tran ", "huyen ", "quan ", "thi xa "]
_TYPE_WORDS = re.compile(r"^(tinh|thanh pho|xa|phuong|dac khu|thi tran|huyen|quan|thi xa) ")


# The NUL character: PostgreSQL text cannot hold it (DataError), so input carrying it never reaches a query.
NUL = "\x00"


def current_units() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(valid_to__isnull=True)


def nation() -> AdminUnit:
    return current_units().get(level=Level.NATION)


def _by_code(code: str) -> QuerySet[AdminUnit]:
    if code.upper() == NATION_CODE:
        return current_units().filter(level=Level.NATION)
    # "33" is a province, "12688" or "694" a commune (codes are zero-padded to the official widths).
    level = Level.PROVINCE if len(code) <= CODE_WIDTH[Level.PROVINCE] else Level.COMMUNE
    return current_units().filter(level=level, code=code.zfill(CODE_WIDTH[level]))


def _name_matches(queryset: QuerySet[AdminUnit], name: str) -> QuerySet[AdminUnit]:
    """Exact folded name; a bare name ("Đông Hưng") matches it under any unit type ("Xã Đông Hưng")."""
    folded = fold(name)
    if _TYPE_WORDS.match(folded):
        return queryset.filter(folded_name=folded)
    return queryset.filter(folded_name__in=[prefix + folded for prefix in _TYPE_PREFIXES])


def unit_resolve(text: str, *, level: str | None = None) -> AdminUnit:
    """Today's unit named by a code ("33", "12688", "VN") or a name ("Hưng Yên", "Xã Đông Hưng, Hưng Yên").

    Names are not keys (243 commune names repeat): an ambiguous name raises AmbiguousName listing the candidates.
    """
    value = (text or "").strip()
    if not value:
        raise NotFoundOrOutOfScope("Chưa nhập đơn vị.")
    if NUL in value:  # PostgreSQL text cannot hold NUL: such input names no unit (and must not reach a query)
        raise NotFoundOrOutOfScope(f"Không tìm thấy đơn vị “{value.replace(NUL, '')}”.")
    # A code is ASCII digits (full-width read as ASCII, as for every identifier: `ascii_digits`); other scripts'
    # digits ("٣٣", "²") are no code and fall through to the name lookup, which finds nothing.
    digits = ascii_digits(value)
    if digits is not None and len(digits) <= CODE_WIDTH[Level.COMMUNE]:
        candidates = _by_code(digits)
    elif value.upper() == NATION_CODE:
        candidates = _by_code(value)
    else:
        name, _, province_name = (part.strip() for part in value.rpartition(","))
        if not name:
            name, province_name = province_name, ""
        candidates = _name_matches(current_units().exclude(level=Level.NATION), name)
        if province_name:
            provinces = _name_matches(current_units().filter(level=Level.PROVINCE), province_name)
            candidates = candidates.filter(parent__in=provinces)
    if level:
        candidates = candidates.filter(level=level)
    found = list(candidates.select_related("parent")[:20])
    if not found:
        raise NotFoundOrOutOfScope(f"Không tìm thấy đơn vị “{value}”.")
    if len(found) > 1:
        labels = [f"{u.code} {u.label}" for u in found]
        raise AmbiguousName(
            f"Tên “{value}” trùng với {len(found)} đơn vị; hãy ghi mã hoặc “tên, tỉnh”: " + "; ".join(labels),
            candidates=labels,
        )
    return found[0]


def units_search(query: str, *, within: QuerySet[AdminUnit] | None = None, limit: int = 50) -> QuerySet[AdminUnit]:
    """Current units whose folded name contains the folded query: one query on the indexed `folded_name`
    (a trigram GIN index on PostgreSQL). "hung yen", "HƯNG YÊN", "Hoà" and "Hòa" (NFC or NFD) all match."""
    folded = fold(query.replace(NUL, ""))
    units = within if within is not None else current_units()
    if not folded:
        return units.none()
    return (
        units.exclude(level=Level.NATION)
        .filter(folded_name__contains=folded)
        .select_related("parent")
        .order_by("level", "sort_key")[:limit]
    )


def provinces_with_counts() -> QuerySet[AdminUnit]:
    return (
        current_units()
        .filter(level=Level.PROVINCE)
        .annotate(commune_count=Count("children", filter=Q(children__valid_to__isnull=True)))
        .order_by("sort_key")
    )


def communes_with_counts(province: AdminUnit) -> QuerySet[AdminUnit]:
    localities = Count("localities", filter=Q(localities__ended_on__isnull=True), distinct=True)
    establishments = Count("establishments", filter=Q(establishments__ended_on__isnull=True), distinct=True)
    return (
        current_units()
        .filter(level=Level.COMMUNE, parent=province)
        .annotate(locality_count=localities, establishment_count=establishments)
        .order_by("sort_key")
    )


def localities_of(commune: AdminUnit) -> QuerySet[Locality]:
    return Locality.objects.filter(commune=commune, ended_on__isnull=True).order_by("sort_key")


def establishments_of(commune: AdminUnit) -> QuerySet[Establishment]:
    return Establishment.objects.filter(commune=commune, ended_on__isnull=True).order_by("kind", "sort_key")


def within_unit_q(unit: AdminUnit, path: str = "commune") -> Q:
    """Rows whose commune (reached through `path`) lies in `unit`: the nation, a province or a commune."""
    if unit.level == Level.NATION:
        return Q()
    if unit.level == Level.PROVINCE:
        # A subquery on the units rather than a join: the database then uses the rows' own unit index.
        return Q(**{f"{path}_id__in": AdminUnit.objects.filter(parent_id=unit.pk).values("pk")})
    if unit.level == Level.COMMUNE:
        return Q(**{f"{path}_id": unit.pk})
    return Q(pk__in=[])


def child_ids(unit: AdminUnit) -> set[int]:
    """Ids of the units whose parent is `unit` (listed, so that a summary table is read by its unit key)."""
    return set(AdminUnit.objects.filter(parent=unit).values_list("pk", flat=True))


def ids_within(unit: AdminUnit) -> set[int] | None:
    """Ids of `unit` and every unit below it (children and grandchildren: a legacy province's districts and wards);
    None for the nation, meaning every unit (what `core.summary`'s recount and stored rows take)."""
    if unit.level == Level.NATION:
        return None
    below = Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit)
    return set(AdminUnit.objects.filter(below).values_list("pk", flat=True))

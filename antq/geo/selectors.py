"""Reads for geography: resolving a unit from a code or "name, province", browsing and folded-name search."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from antq.core.errors import AmbiguousName, FormerUnitName, NotFoundOrOutOfScope, UnitNameNotExact
from antq.core.text import ascii_digits, fold
from antq.geo import rules
from antq.geo.models import CODE_WIDTH, NATION_CODE, AdminUnit, Establishment, Level, Locality, UnitSuccession

# The NUL character: PostgreSQL text cannot hold it (DataError), so input carrying it never reaches a query.
NUL = "\x00"


def current_units() -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(valid_to__isnull=True)


def former_units() -> QuerySet[AdminUnit]:
    """Units of the map before 1/7/2025 (provinces, districts, communes); each leads to today's through
    UnitSuccession (a district through its communes)."""
    return AdminUnit.objects.filter(valid_to__isnull=False).exclude(level=Level.NATION)


def nation() -> AdminUnit:
    return current_units().get(level=Level.NATION)


def _by_code(code: str) -> QuerySet[AdminUnit]:
    if code.upper() == NATION_CODE:
        return current_units().filter(level=Level.NATION)
    # "33" is a province, "12688" or "694" a commune (codes are zero-padded to the official widths).
    level = Level.PROVINCE if len(code) <= CODE_WIDTH[Level.PROVINCE] else Level.COMMUNE
    return current_units().filter(level=level, code=code.zfill(CODE_WIDTH[level]))


def _name_matches(queryset: QuerySet[AdminUnit], name: str) -> QuerySet[AdminUnit]:
    """Exact folded name (normalised: `geo.rules`), with or without its type word: "Đông Hưng", "X. Đông Hưng" and
    "xa dong hung" all match "Xã Đông Hưng". One indexed lookup on `folded_name`."""
    return queryset.filter(folded_name__in=rules.lookup_keys(name))


def _former_in_province_q(province: str) -> Q:
    """Old units named with a province — the old one ("Đông Sơn, Thái Bình"; a district also counts: "Đông Sơn,
    Đông Hưng") or today's ("Đông Sơn, Hưng Yên": a successor lies there)."""
    keys = rules.lookup_keys(province)
    succeeded_there = UnitSuccession.objects.filter(new_unit__parent__folded_name__in=keys)
    return (
        Q(parent__folded_name__in=keys)
        | Q(parent__parent__folded_name__in=keys)
        | Q(pk__in=succeeded_there.values("old_unit_id"))
        | Q(pk__in=AdminUnit.objects.filter(pk__in=succeeded_there.values("old_unit_id")).values("parent_id"))
        | Q(pk__in=UnitSuccession.objects.filter(new_unit__folded_name__in=keys).values("old_unit_id"))
    )


def former_label(unit: AdminUnit) -> str:
    """ "Thị trấn Đông Hưng, Huyện Đông Hưng, Tỉnh Thái Bình" (select_related("parent__parent") first)."""
    names = [unit.name]
    while unit.level not in (Level.PROVINCE, Level.NATION) and unit.parent is not None:
        unit = unit.parent  # ward → district → province; a province's own parent (the nation) is never read
        names.append(unit.name)
    return ", ".join(names)


def successors_of(units: list[AdminUnit], *, within: QuerySet[AdminUnit] | None = None) -> dict[int, list[Succession]]:
    """Today's unit(s) each old unit became, by old unit id: a commune or province through its UnitSuccession rows,
    a district through those of its communes. Two queries whatever the number of units; `within` keeps only
    successors inside it (an actor's scope)."""
    result: dict[int, list[Succession]] = {u.pk: [] for u in units}
    districts = [u.pk for u in units if u.level == Level.DISTRICT]
    others = [u.pk for u in units if u.level != Level.DISTRICT]
    targets = within if within is not None else current_units()
    rows = UnitSuccession.objects.filter(new_unit__in=targets).select_related("new_unit__parent")
    for link in rows.filter(old_unit_id__in=others).order_by("new_unit__sort_key"):
        result[link.old_unit_id].append(Succession(link.new_unit, link.partial))
    if districts:
        seen: set[tuple[int, int]] = set()
        below = rows.filter(old_unit__parent_id__in=districts).annotate(district_id=F("old_unit__parent_id"))
        for link in below.order_by("new_unit__sort_key"):
            key = (link.district_id, link.new_unit_id)  # type: ignore[attr-defined]
            if key not in seen:
                seen.add(key)
                result[link.district_id].append(Succession(link.new_unit, True))  # type: ignore[attr-defined]
    return result


@dataclass(frozen=True)
class Succession:
    unit: AdminUnit  # today's unit
    partial: bool  # only part of the old unit went there


@dataclass(frozen=True)
class FormerMatch:
    """An old unit found by its name, with today's unit(s) it became."""

    unit: AdminUnit
    label: str
    successors: list[Succession]
    exact: bool


def _former_named(name: str, province: str, *, level: str | None) -> list[AdminUnit]:
    candidates = _name_matches(former_units(), name)
    if province:
        candidates = candidates.filter(_former_in_province_q(province))
    if level:
        candidates = candidates.filter(level=level)
    return list(candidates.select_related("parent__parent").order_by("level", "sort_key")[:20])


def _near_label(unit: AdminUnit) -> str:
    """ "Xã Đồng Xuân (22081, Tỉnh Đắk Lắk)" (select_related("parent") first)."""
    if unit.level == Level.COMMUNE and unit.parent is not None:
        return f"{unit.name} ({unit.code}, {unit.parent.name})"
    return f"{unit.name} ({unit.code})"


def _refuse_former(
    value: str, name: str, province: str, *, level: str | None, near: list[AdminUnit] | None = None
) -> None:
    """Raise FormerUnitName when `name` is a unit of the old map: it names no unit today, so ANTQ refuses it and
    says which unit(s) it became rather than pick one. With `near` (today's units whose names only fold alike a
    name written with its diacritics), only old units spelled exactly count, and `near` is offered as well."""
    found = _former_named(name, province, level=level)
    if rules.has_diacritics(name):
        exact = [u for u in found if rules.spelled_as(name, u.name, u.short_name)]
        found = exact if near else exact or found
    if not found:
        return
    successors = successors_of(found)
    became = {s.unit.pk: s.unit for u in found for s in successors[u.pk]}
    parts = []
    for u in found:
        targets = "; ".join(
            f"{s.unit.code} {s.unit.label}" + (" (một phần)" if s.partial and u.level != Level.DISTRICT else "")
            for s in successors[u.pk]
        )
        became_words = "địa bàn nay thuộc" if u.level == Level.DISTRICT else "đã sáp nhập vào"
        parts.append(f"{former_label(u)} — {became_words} {targets or 'đơn vị chưa rõ'}")
    message = (
        f"“{value}” là tên đơn vị trước 01/07/2025: " + ". ".join(parts) + ". Hãy ghi mã hoặc tên đơn vị hiện nay."
    )
    candidates = [f"{u.code} {u.label}" for u in sorted(became.values(), key=lambda u: u.sort_key)]
    if near:
        message += " Có phải: " + "; ".join(_near_label(u) for u in near) + "?"
        candidates += [f"{u.code} {u.label}" for u in near if u.pk not in became]
    raise FormerUnitName(message, candidates=candidates)


def unit_resolve(text: str, *, level: str | None = None) -> AdminUnit:
    """Today's unit named by a code ("33", "12688", "VN") or a name as people write it ("Hưng Yên", "TP.HCM",
    "X. Đông Hưng, Hưng Yên": `geo.rules`).

    Names are not keys (243 commune names repeat): an ambiguous name raises AmbiguousName listing the candidates;
    a name written with its diacritics picks the one unit spelled exactly so among names that fold alike. A name
    of the map before 1/7/2025 raises FormerUnitName naming today's unit(s) it became — refused, never guessed.
    """
    value = (text or "").strip()
    if not value:
        raise NotFoundOrOutOfScope("Chưa nhập đơn vị.")
    if NUL in value:  # PostgreSQL text cannot hold NUL: such input names no unit (and must not reach a query)
        raise NotFoundOrOutOfScope(f"Không tìm thấy đơn vị “{value.replace(NUL, '')}”.")
    # A code is ASCII digits (full-width read as ASCII, as for every identifier: `ascii_digits`); other scripts'
    # digits ("٣٣", "²") are no code and fall through to the name lookup, which finds nothing.
    digits = ascii_digits(value)
    name = province_name = ""
    if digits is not None and len(digits) <= CODE_WIDTH[Level.COMMUNE]:
        candidates = _by_code(digits)
    elif value.upper() == NATION_CODE:
        candidates = _by_code(value)
    else:
        name, province_name = rules.unit_name_parts(value)
        candidates = _name_matches(current_units().exclude(level=Level.NATION), name)
        if province_name:
            provinces = _name_matches(current_units().filter(level=Level.PROVINCE), province_name)
            candidates = candidates.filter(parent__in=provinces)
    if level:
        candidates = candidates.filter(level=level)
    found = list(candidates.select_related("parent")[:20])
    if found and rules.has_diacritics(name):
        # "Đông Xuân" written with its marks is not "Đồng Xuân": only a unit spelled exactly so may answer. When
        # none is, the name is refused: an old unit spelled so is named with what it became, and the units that
        # only fold alike are offered, never picked.
        exact = [u for u in found if rules.spelled_as(name, u.name, u.short_name)]
        if not exact:
            _refuse_former(value, name, province_name, level=level, near=found)
            raise UnitNameNotExact(
                f"Không có đơn vị tên “{value}”; có phải: " + "; ".join(_near_label(u) for u in found) + "?",
                candidates=[f"{u.code} {u.label}" for u in found],
            )
        found = exact
    if not found:
        if name:
            _refuse_former(value, name, province_name, level=level)
        raise NotFoundOrOutOfScope(f"Không tìm thấy đơn vị “{value}”.")
    if len(found) > 1:
        labels = [f"{u.code} {u.label}" for u in found]
        raise AmbiguousName(
            f"Tên “{value}” trùng với {len(found)} đơn vị; hãy ghi mã hoặc “tên, tỉnh”: " + "; ".join(labels),
            candidates=labels,
        )
    return found[0]


def units_search(query: str, *, within: QuerySet[AdminUnit] | None = None, limit: int = 50) -> QuerySet[AdminUnit]:
    """Current units whose folded name contains the folded query (normalised: "TP.HCM", "X. Đông Hưng"): one query
    on the indexed `folded_name` (a trigram GIN index on PostgreSQL). "hung yen", "HƯNG YÊN", "Hoà" and "Hòa" (NFC
    or NFD) all match. "name, province" narrows to the province's communes."""
    name, province = rules.unit_name_parts(query.replace(NUL, ""))
    folded = fold(name)
    units = within if within is not None else current_units()
    if not folded:
        return units.none()
    units = units.exclude(level=Level.NATION).filter(folded_name__contains=folded)
    if province:
        provinces = _name_matches(current_units().filter(level=Level.PROVINCE), province)
        units = units.filter(parent__in=provinces)
    return units.select_related("parent").order_by("level", "sort_key")[:limit]


@dataclass(frozen=True)
class SearchResult:
    units: list[AdminUnit]  # today's units, in scope: those spelled exactly as the query first
    former: list[FormerMatch]  # old units that led to a unit in scope, with those successors: exact spellings first
    exact: AdminUnit | None  # the one unit to go straight to, when the query names it exactly and nothing else
    spelled: frozenset[int] = frozenset()  # ids of the units in `units` spelled exactly as the query

    @property
    def exact_units(self) -> list[AdminUnit]:
        return [u for u in self.units if u.pk in self.spelled]

    @property
    def other_units(self) -> list[AdminUnit]:
        return [u for u in self.units if u.pk not in self.spelled]

    @property
    def exact_former(self) -> list[FormerMatch]:
        return [f for f in self.former if f.exact]

    @property
    def other_former(self) -> list[FormerMatch]:
        return [f for f in self.former if not f.exact]


def units_find(query: str, *, within: QuerySet[AdminUnit], limit: int = 50) -> SearchResult:
    """The search box: a code opens its unit; otherwise today's units and old units (before 1/7/2025) whose folded
    name contains the query, all within `within` (an old unit only when it led to a unit there, and with only those
    successors), exact spellings first. `exact` is set when one unit listed is spelled exactly as the query
    (diacritics included, type word optional; "Đông Hưng, Hưng Yên" too) and no old unit of that name led
    elsewhere. A fixed number of queries."""
    query = query.replace(NUL, "").strip()
    if not query:
        return SearchResult([], [], None)
    digits = ascii_digits(query)
    if (digits is not None and len(digits) <= CODE_WIDTH[Level.COMMUNE]) or query.upper() == NATION_CODE:
        # A code, read as unit_resolve reads it: its unit if in scope, else nothing (as for a code that is none).
        unit = _by_code(digits or query).filter(pk__in=within.values("pk")).select_related("parent").first()
        return SearchResult([unit] if unit else [], [], unit)
    name, province = rules.unit_name_parts(query)
    folded = fold(name)
    if not folded:
        return SearchResult([], [], None)
    units = list(units_search(query, within=within, limit=limit))
    led_here = UnitSuccession.objects.filter(new_unit__in=within).values("old_unit_id")
    visible = Q(pk__in=led_here) | Q(pk__in=AdminUnit.objects.filter(pk__in=led_here).values("parent_id"))
    old = former_units().filter(visible, folded_name__contains=folded)
    if province:
        old = old.filter(_former_in_province_q(province))
    old_units = list(old.select_related("parent__parent").order_by("level", "sort_key")[:limit])
    successors = successors_of(old_units, within=within)
    former = [
        FormerMatch(u, former_label(u), successors[u.pk], rules.spelled_as(name, u.name, u.short_name))
        for u in old_units
    ]
    former.sort(key=lambda f: not f.exact)  # stable: exact spellings first, each group in map order
    # As unit_resolve reads a name (within scope): the one unit spelled exactly so opens, whatever else only
    # contains the name ("Đông Hưng, Hưng Yên" opens Xã Đông Hưng though Hưng Yên has other "…Đông Hưng…").
    spelled_units = [u for u in units if rules.spelled_as(name, u.name, u.short_name)]
    exact = spelled_units[0] if len(spelled_units) == 1 else None
    if exact is not None and any(s.unit.pk != exact.pk for f in former if f.exact for s in f.successors):
        exact = None  # an old unit of that name became another unit too: list both
    spelled = frozenset(u.pk for u in spelled_units)
    units.sort(key=lambda u: u.pk not in spelled)  # stable: exact spellings first, each group in map order
    return SearchResult(units, former, exact, spelled)


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

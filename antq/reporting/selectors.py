"""The live figures: every catalogue indicator for a unit and period, within the actor's scope.

Computed indicators call the registries' registered functions (nothing is counted twice here); entered ones sum
the values of the unit, its communes and the legacy units that flow into them (flows: every period within the
period asked; stocks: the latest value at its end — `entered_rows`); ratios divide two sums. Where an
approved snapshot exists it is returned beside the live value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from antq.accounts.scope import scope_for
from antq.core.extensions import INDICATOR_FUNCTIONS
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level, UnitSuccession
from antq.reporting.catalogue import CATALOGUE, Aggregation, Indicator, Source
from antq.reporting.models import EnteredValue, Qualifier, Snapshot, Submission, SubmissionStatus

_ORDER = [Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.NEARLY, Qualifier.ABOUT]


def weakest(qualifiers: set[str]) -> str:
    """Summing keeps the weakest qualifier: exact + "trên" → "trên"; "trên" + "gần" point both ways → "khoảng"."""
    rest = {q for q in qualifiers if q != Qualifier.EXACT}
    if not rest:
        return Qualifier.EXACT
    if len(rest) == 1:
        return rest.pop()
    return Qualifier.ABOUT


@dataclass
class Value:
    code: str
    value: Decimal | int | None
    qualifier: str
    source: str
    approved: Decimal | None = None
    approved_qualifier: str | None = None

    @property
    def moved(self) -> bool:
        """The live figure differs from the approved one (pages then show both)."""
        return self.approved is not None and self.value is not None and Decimal(self.value) != self.approved

    def as_dict(self) -> dict[str, Any]:
        def plain(number: Decimal | int | None) -> Any:
            if number is None:
                return None
            number = Decimal(number)
            return int(number) if number == number.to_integral_value() else float(number)

        return {
            "value": plain(self.value),
            "qualifier": self.qualifier,
            "source": self.source,
            "approved": plain(self.approved),
        }


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _entered_scope_q(actor: Any, unit: AdminUnit) -> Q:
    """EnteredValue rows of the unit and everything below it, including legacy units succeeded by them. Below a
    nation the units are listed by id (a hundred or so), so that the database reads them by its unit index."""
    scope = scope_for(actor)
    legacy_ids = legacy_units_into(unit)
    if unit.level == Level.NATION:
        if scope.is_national():
            return Q()
        provinces, communes = scope.province_ids(), scope.commune_ids()
        below = AdminUnit.objects.filter(Q(pk__in=provinces) | Q(parent_id__in=provinces) | Q(pk__in=communes))
        return Q(unit_id__in=list(below.values_list("pk", flat=True)))
    ids = {unit.pk}
    if unit.level == Level.PROVINCE:
        ids |= set(AdminUnit.objects.filter(parent=unit).values_list("pk", flat=True))
    if not scope.is_national():
        provinces, communes = scope.province_ids(), scope.commune_ids()
        parents = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
        ids = {i for i in ids if i in provinces or i in communes or parents.get(i) in provinces}
    if ids:  # the legacy units flowing into a unit the actor covers
        ids |= set(legacy_ids)
    return Q(unit_id__in=sorted(ids))


def legacy_units_into(unit: AdminUnit) -> list[int]:
    """Legacy (pre-1/7/2025) units whose baselines roll into `unit`: legacy provinces merged into it, and legacy
    communes whose successor lies in it. A split legacy commune counts with its first successor (lowest code)
    only, so that province and nation totals count it once."""
    if unit.level == Level.NATION:
        return []
    if unit.level == Level.PROVINCE:
        provinces = UnitSuccession.objects.filter(new_unit=unit, old_unit__level=Level.PROVINCE)
        ids = set(provinces.values_list("old_unit_id", flat=True))
        communes = UnitSuccession.objects.filter(new_unit__parent=unit, old_unit__level=Level.COMMUNE)
    else:
        ids = set()
        communes = UnitSuccession.objects.filter(new_unit=unit)
    old_ids = communes.values("old_unit_id")
    first: dict[int, tuple[str, int | None]] = {}
    for old_id, code, new_id, parent_id in UnitSuccession.objects.filter(old_unit_id__in=old_ids).values_list(
        "old_unit_id", "new_unit__code", "new_unit_id", "new_unit__parent_id"
    ):
        if old_id not in first or code < first[old_id][0]:
            first[old_id] = (code, new_id if unit.level == Level.COMMUNE else parent_id)
    ids |= {old for old, (_, target) in first.items() if target == unit.pk}
    return sorted(ids)


def entered_rows(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> QuerySet[EnteredValue]:
    """The EnteredValue rows that make the unit's entered figures for the period (drill-down lists exactly these).

    A flow adds the values of every period entered within it: 2026-11 counts in 2026-11, 2026Q4, 2026H2 and 2026
    (the entry service refuses overlapping periods of one indicator, so nothing counts twice). A stock takes, per
    unit, the latest value at or before the period's end — ties go to the shorter period, then the later entry —
    from units that still existed on that day (a legacy unit's last figure does not outlive it)."""
    flows = [code for code in codes if CATALOGUE[code].flow]
    stocks = [code for code in codes if not CATALOGUE[code].flow]
    within = Q(indicator__in=flows, period_start__gte=period.start, period_end__lte=period.end)
    latest = (
        EnteredValue.objects.filter(
            unit_id=OuterRef("unit_id"), indicator=OuterRef("indicator"), period_end__lte=period.end
        )
        .order_by("-period_end", "-period_start", "-entered_at", "-pk")
        .values("pk")[:1]
    )
    alive = Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=period.end)
    at_end = Q(indicator__in=stocks, period_end__lte=period.end) & alive & Q(pk=Subquery(latest))
    return EnteredValue.objects.filter(_entered_scope_q(actor, unit)).filter(within | at_end)


def entered_totals(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[str, tuple[Decimal, str]]:
    """Sum of entered values per indicator (one grouped query), with the weakest qualifier."""
    rows = (
        entered_rows(actor, unit, period, codes)
        .order_by()
        .values_list("indicator", "qualifier")
        .annotate(total=Sum("value"))
    )
    sums: dict[str, Decimal] = defaultdict(Decimal)
    qualifiers: dict[str, set[str]] = defaultdict(set)
    for code, qualifier, total in rows:
        sums[code] += total
        qualifiers[code].add(qualifier)
    return {code: (sums[code], weakest(qualifiers[code])) for code in sums}


def _families(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[str, Any]:
    """Values of the codes whose registry computes them as a family, one call per family needed twice or more."""
    members: dict[str, list[str]] = defaultdict(list)
    families = {}
    for code in codes:
        function = INDICATOR_FUNCTIONS.get(code)
        if function is not None and function.family is not None:
            members[function.family.name].append(code)
            families[function.family.name] = function.family
    values: dict[str, Any] = {}
    for name, wanted in members.items():
        if len(wanted) > 1:
            found = families[name].compute(actor, unit, period)
            values |= {code: found[code] for code in wanted}
    return values


def _compute(actor: Any, unit: AdminUnit, period: Period, indicator: Indicator) -> Any:
    function = INDICATOR_FUNCTIONS.get(indicator.code)
    return None if function is None else function.compute(actor, unit, period)


def indicator_values(
    *, actor: Any, unit: AdminUnit, period: Period, codes: list[str] | None = None
) -> dict[str, Value]:
    """Every catalogue indicator (or `codes`) for the unit and period, live, with approved snapshots beside."""
    wanted = [CATALOGUE[c] for c in (codes or list(CATALOGUE))]
    needed = {i.code for i in wanted} | {c for i in wanted if i.is_ratio for c in (i.numerator, i.denominator)}
    rows = [CATALOGUE[c] for c in CATALOGUE if c in needed]
    entered = entered_totals(actor, unit, period, [i.code for i in rows if i.source == Source.ENTERED])
    computed = _families(actor, unit, period, [i.code for i in rows if i.source == Source.COMPUTED])
    values: dict[str, Value] = {}
    for indicator in rows:
        if indicator.is_ratio:
            continue
        if indicator.source == Source.ENTERED:
            value, qualifier = entered.get(indicator.code, (None, Qualifier.EXACT))
            values[indicator.code] = Value(indicator.code, value, qualifier, Source.ENTERED)
        else:
            value = computed[indicator.code] if indicator.code in computed else _compute(actor, unit, period, indicator)
            values[indicator.code] = Value(indicator.code, value, Qualifier.EXACT, Source.COMPUTED)
    for indicator in rows:
        if indicator.is_ratio:
            num, den = values[indicator.numerator], values[indicator.denominator]
            function = INDICATOR_FUNCTIONS.get(indicator.code)
            value = ratio(num.value, den.value)
            if value is None and function is not None and indicator.source == Source.COMPUTED:
                value = function.compute(actor, unit, period)
            values[indicator.code] = Value(
                indicator.code, value, weakest({num.qualifier, den.qualifier}), indicator.source
            )
    _attach_approved(unit, period, values)
    return {i.code: values[i.code] for i in wanted}


def _attach_approved(unit: AdminUnit, period: Period, values: dict[str, Value]) -> None:
    snapshots = Snapshot.objects.filter(
        submission__unit=unit, submission__period=period.code, submission__status=SubmissionStatus.APPROVED
    )
    for snapshot in snapshots:
        if snapshot.indicator in values:
            values[snapshot.indicator].approved = snapshot.value
            values[snapshot.indicator].approved_qualifier = snapshot.qualifier


def child_units(actor: Any, unit: AdminUnit) -> list[AdminUnit]:
    """Today's units one level down that the actor covers (provinces of the nation, communes of a province)."""
    scope = scope_for(actor)
    children = AdminUnit.objects.filter(parent=unit, valid_to__isnull=True).select_related("parent")
    return sorted((c for c in children if scope.covers(c)), key=lambda c: c.folded_name)


def child_values(*, actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[int, dict[str, Any]]:
    """{child id: {code: value}} for the child units, one query per indicator where the registry offers
    `per_commune` (entered values: one query in all); otherwise one computation per child."""
    children = child_units(actor, unit)
    result: dict[int, dict[str, Any]] = {c.pk: {} for c in children}
    parent_of = {}
    if unit.level == Level.NATION:
        parent_of = dict(
            AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).values_list("pk", "parent_id")
        )
    entered_codes = [c for c in codes if CATALOGUE[c].source == Source.ENTERED and not CATALOGUE[c].is_ratio]
    if entered_codes:
        rows = entered_rows(actor, unit, period, entered_codes).values_list(
            "unit_id", "unit__parent_id", "indicator", "value"
        )
        for unit_id, parent_id, code, value in rows:
            child = unit_id if unit_id in result else (parent_id if parent_id in result else None)
            if child is not None:
                result[child][code] = result[child].get(code, Decimal(0)) + value
    for code in codes:
        indicator = CATALOGUE[code]
        if indicator.source == Source.ENTERED or indicator.is_ratio:
            continue
        function = INDICATOR_FUNCTIONS.get(code)
        if function is None:
            continue
        if function.per_commune is not None and indicator.aggregation == Aggregation.SUM:
            per_commune = function.per_commune(actor, unit, period)
            for key, value in per_commune.items():
                child = key if key in result else parent_of.get(key)
                if child in result:
                    result[child][code] = result[child].get(code, 0) + value
            for child_values_ in result.values():
                child_values_.setdefault(code, 0)
        else:
            for child_unit in children:
                result[child_unit.pk][code] = function.compute(actor, child_unit, period)
    for code in codes:
        indicator = CATALOGUE[code]
        if indicator.is_ratio:
            for values in result.values():
                values[code] = ratio(values.get(indicator.numerator), values.get(indicator.denominator))
    return result


def submission_for(unit: AdminUnit, period: Period) -> Submission | None:
    return Submission.objects.filter(unit=unit, period=period.code).first()

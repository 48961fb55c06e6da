"""The live figures: every catalogue indicator for a unit and period, within the actor's scope.

Computed indicators call the registries' registered functions (nothing is counted twice here); entered ones sum
the values of the unit, its communes and the legacy units that flow into them; ratios divide two sums. Where an
approved snapshot exists it is returned beside the live value."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, Sum

from antq.accounts.scope import scope_for
from antq.core.extensions import INDICATOR_FUNCTIONS
from antq.core.periods import Period
from antq.geo.models import AdminUnit, Level, UnitSuccession
from antq.reporting.catalogue import CATALOGUE, Aggregation, Indicator, Source
from antq.reporting.models import (
    EnteredValue,
    MissingReport,
    Qualifier,
    Snapshot,
    Submission,
    SubmissionStatus,
    SubmissionTransition,
)

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


def entered_totals(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[str, tuple[Decimal, str]]:
    """Sum of entered values per indicator (one grouped query), with the weakest qualifier."""
    rows = (
        EnteredValue.objects.filter(_entered_scope_q(actor, unit), period=period.code, indicator__in=codes)
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
        rows = EnteredValue.objects.filter(
            _entered_scope_q(actor, unit), period=period.code, indicator__in=entered_codes
        ).values_list("unit_id", "unit__parent_id", "indicator", "value")
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


# The level whose reports a unit's report gathers: a province's communes. (The nation has no report workflow; were
# one added, its provinces would be listed here.)
CHILD_LEVEL = {Level.PROVINCE: Level.COMMUNE}


def missing_children(unit: AdminUnit, period: Period) -> list[tuple[AdminUnit, str]]:
    """The unit's current child units, existing during the period, whose own report for the same period is not
    approved, with that report's status ("" when there is none), in name order. Not scoped: the submitter covers
    the whole unit."""
    level = CHILD_LEVEL.get(Level(unit.level))
    if level is None:
        return []
    children = AdminUnit.objects.filter(parent=unit, level=level, valid_to__isnull=True).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)
    )
    status = dict(Submission.objects.filter(unit__in=children, period=period.code).values_list("unit_id", "status"))
    return sorted(
        ((child, status.get(child.pk, "")) for child in children if status.get(child.pk) != SubmissionStatus.APPROVED),
        key=lambda pair: pair[0].folded_name,
    )


def missing_reports(submission: Submission | None) -> list[MissingReport]:
    """The child reports its submitter named as missing, with reasons, on the latest submission (what the report
    was — or will be — approved with); none for a report not submitted."""
    if submission is None or submission.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED):
        return []
    last = (
        SubmissionTransition.objects.filter(submission=submission, to_status=SubmissionStatus.SUBMITTED)
        .order_by("-at", "-pk")
        .first()
    )
    if last is None:
        return []
    return list(MissingReport.objects.filter(transition=last).select_related("unit").order_by("unit__folded_name"))


@dataclass
class Change:
    """A figure that moved since the report's last snapshot (shown when approving)."""

    indicator: Indicator
    before: Decimal | None
    before_qualifier: str
    now: Decimal | None
    qualifier: str


def changes_since_snapshot(actor: Any, submission: Submission, period: Period) -> list[Change] | None:
    """Figures whose live value differs from the report's last snapshot (taken at its previous approval and kept
    through a reopen); None when the report was never approved (nothing to compare with)."""
    snapshots = {s.indicator: s for s in Snapshot.objects.filter(submission=submission)}
    if not snapshots:
        return None
    live = indicator_values(actor=actor, unit=submission.unit, period=period)
    changes = []
    for code, value in live.items():
        now = None if value.value is None else Decimal(value.value)
        old = snapshots.get(code)
        before, before_qualifier = (old.value, old.qualifier) if old is not None else (None, Qualifier.EXACT)
        if (before, before_qualifier) != (now, value.qualifier):
            changes.append(Change(CATALOGUE[code], before, before_qualifier, now, value.qualifier))
    return changes

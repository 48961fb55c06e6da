"""The live figures: every declared indicator for a unit and period, within the actor's scope.

Computed indicators call their declarations' compute functions (nothing is counted twice here); entered ones sum
the values of the unit, its communes and the legacy units that flow into them (flows: every entered period within
the period asked; stocks: the latest value at its end — `entered_rows`); ratios divide two sums. An indicator
whose registry started on `computed_from` = D is entered for periods ending before D and computed for periods
starting on or after it; a flow period straddling D adds its entered part (the standard periods tiling
[start, D), so only entered values of periods that end before D count) and its computed part (the periods tiling
[D, end]) — each day on exactly one side. Where an approved snapshot exists it is returned beside the live value."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from antq.accounts.scope import scope_for
from antq.core.indicators import INDICATORS, Aggregation, Indicator, Source, ratio
from antq.core.periods import Period, PeriodKind, year_bounds
from antq.geo.models import AdminUnit, Level, UnitSuccession
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
    in_approved_report: bool = False  # the unit's report for the period is approved (`approved` None: no figure)
    # A period straddling the day the registry started: (part, source, value) per side, in date order.
    parts: list[tuple[Period, str, Decimal | int | None]] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        """The live figure differs from the approved one (pages then show both) — also when the approved report had
        no figure and one has appeared since, or the other way round."""
        if not self.in_approved_report:
            return False
        live = None if self.value is None else Decimal(self.value)
        return live != self.approved and not (live == 0 and self.approved is None)

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
    return sorted(legacy_targets(unit))


def legacy_targets(unit: AdminUnit) -> dict[int, int]:
    """{legacy unit id: id of the unit it rolls into, one level below `unit` or `unit` itself} — the row of a
    table of `unit`'s child units where a legacy unit's figures belong. Under a commune: the commune. Under a
    province: a legacy commune goes to its first successor (lowest code; a split commune counts once), a merged
    legacy province to the province's own level. Under the nation: each to today's province it became part of."""
    targets: dict[int, int] = {}
    if unit.level == Level.NATION:
        provinces = UnitSuccession.objects.filter(old_unit__level=Level.PROVINCE)
        targets.update(provinces.values_list("old_unit_id", "new_unit_id"))
        communes = UnitSuccession.objects.filter(old_unit__level=Level.COMMUNE)
    elif unit.level == Level.PROVINCE:
        provinces = UnitSuccession.objects.filter(new_unit=unit, old_unit__level=Level.PROVINCE)
        targets.update((old, unit.pk) for old in provinces.values_list("old_unit_id", flat=True))
        communes = UnitSuccession.objects.filter(
            old_unit_id__in=UnitSuccession.objects.filter(new_unit__parent=unit, old_unit__level=Level.COMMUNE).values(
                "old_unit_id"
            )
        )
    else:
        communes = UnitSuccession.objects.filter(
            old_unit_id__in=UnitSuccession.objects.filter(new_unit=unit).values("old_unit_id")
        )
    first: dict[int, tuple[str, int, int | None]] = {}
    for old_id, code, new_id, parent_id in communes.values_list(
        "old_unit_id", "new_unit__code", "new_unit_id", "new_unit__parent_id"
    ):
        if old_id not in first or code < first[old_id][0]:
            first[old_id] = (code, new_id, parent_id)
    for old_id, (_, new_id, parent_id) in first.items():
        if unit.level == Level.NATION:
            targets[old_id] = parent_id  # type: ignore[assignment]
        elif unit.level == Level.PROVINCE and parent_id == unit.pk:
            targets[old_id] = new_id
        elif unit.level == Level.COMMUNE and new_id == unit.pk:
            targets[old_id] = unit.pk
    return targets


def entered_rows(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> QuerySet[EnteredValue]:
    """The EnteredValue rows that make the unit's entered figures for the period (drill-down lists exactly these).

    A flow adds the values of every period entered within it: 2026-11 counts in 2026-11, 2026Q4, 2026H2 and 2026
    (the entry service refuses overlapping periods of one indicator, so nothing counts twice). A stock takes, per
    unit, the latest value at or before the period's end — ties go to the shorter period, then the later entry —
    from units that still existed on that day (a legacy unit's last figure does not outlive it)."""
    flows = [code for code in codes if INDICATORS[code].flow]
    stocks = [code for code in codes if not INDICATORS[code].flow]
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
        family = INDICATORS[code].family
        if family is not None:
            members[family.name].append(code)
            families[family.name] = family
    values: dict[str, Any] = {}
    for name, wanted in members.items():
        if len(wanted) > 1:
            found = families[name].compute(actor, unit, period)
            values |= {code: found[code] for code in wanted}
    return values


def _compute(actor: Any, unit: AdminUnit, period: Period, indicator: Indicator) -> Any:
    return None if indicator.compute is None else indicator.compute(actor, unit, period)


def tiles(start: dt.date, end: dt.date) -> list[Period]:
    """The standard periods (years, halves, quarters, months; the longest that fit) that cover [start, end]
    exactly, each day once: [1/1/2027, 30/9/2027] → 2027H1, 2027Q3. `start` must begin a month and `end` end one."""
    found: list[Period] = []
    cursor = start
    while cursor <= end:
        year = next(y for y in (cursor.year - 1, cursor.year, cursor.year + 1) if cursor <= year_bounds(y)[1])
        candidates = [Period(PeriodKind.YEAR, year)]
        candidates += [Period(PeriodKind.HALF, year, i) for i in (1, 2)]
        candidates += [Period(PeriodKind.QUARTER, year, i) for i in (1, 2, 3, 4)]
        # The reporting month starting at `cursor`: the calendar month's, or the next one's under a cut-off day
        # before the month's end (15/11 starts month 12 when months end on the 14th: core.periods.month_bounds).
        candidates.append(Period(PeriodKind.MONTH, cursor.year, cursor.month))
        following = (cursor.year + 1, 1) if cursor.month == 12 else (cursor.year, cursor.month + 1)
        candidates.append(Period(PeriodKind.MONTH, *following))
        fitting = [p for p in candidates if p.start == cursor and p.end <= end]
        if not fitting:
            raise ValueError(f"[{start}, {end}] is not made of whole months")
        longest = max(fitting, key=lambda p: p.end)
        found.append(longest)
        cursor = longest.end + dt.timedelta(days=1)
    return found


def split_at(indicator: Indicator, period: Period) -> list[tuple[Period, Source]]:
    """The parts of a period straddling `computed_from`: the entered part before it, the computed part from it."""
    day = indicator.computed_from
    assert day is not None
    before = [(part, Source.ENTERED) for part in tiles(period.start, day - dt.timedelta(days=1))]
    return before + [(part, Source.COMPUTED) for part in tiles(day, period.end)]


def _mixed(actor: Any, unit: AdminUnit, period: Period, indicator: Indicator) -> Value:
    """A straddling period's value: the sum of its parts, each from its own source (never both for one day)."""
    code = str(indicator.code)
    parts = []
    total: Decimal | int | None = None
    qualifiers = set()
    for part, source in split_at(indicator, period):
        found = indicator_values(actor=actor, unit=unit, period=part, codes=[code])[code]
        assert found.source == source, (code, part, found.source)
        parts.append((part, str(source), found.value))
        qualifiers.add(found.qualifier)
        if found.value is not None:
            total = found.value if total is None else total + found.value
    return Value(code, total, weakest(qualifiers), Source.MIXED, parts=parts)


def indicator_values(
    *, actor: Any, unit: AdminUnit, period: Period, codes: list[str] | None = None
) -> dict[str, Value]:
    """Every declared indicator (or `codes`) for the unit and period, live, with approved snapshots beside."""
    wanted = [INDICATORS[c] for c in (codes or list(INDICATORS))]
    needed = {str(i.code) for i in wanted} | {c for i in wanted if i.is_ratio for c in (i.numerator, i.denominator)}
    rows = [INDICATORS[c] for c in INDICATORS if c in needed]
    sources = {str(i.code): i.source_for(period) for i in rows}
    entered = entered_totals(actor, unit, period, [c for c, s in sources.items() if s == Source.ENTERED])
    computed = _families(actor, unit, period, [c for c, s in sources.items() if s == Source.COMPUTED])
    values: dict[str, Value] = {}
    for indicator in rows:
        code, source = str(indicator.code), sources[str(indicator.code)]
        if indicator.is_ratio:
            continue
        if source == Source.ENTERED:
            value, qualifier = entered.get(code, (None, Qualifier.EXACT))
            values[code] = Value(code, value, qualifier, Source.ENTERED)
        elif source == Source.MIXED:
            values[code] = _mixed(actor, unit, period, indicator)
        else:
            value = computed[code] if code in computed else _compute(actor, unit, period, indicator)
            values[code] = Value(code, value, Qualifier.EXACT, Source.COMPUTED)
    for indicator in rows:
        if indicator.is_ratio:
            code = str(indicator.code)
            num, den = values[indicator.numerator], values[indicator.denominator]
            value = ratio(num.value, den.value)
            if value is None and indicator.compute is not None and sources[code] == Source.COMPUTED:
                value = indicator.compute(actor, unit, period)
            # A ratio has no source of its own: its parts' (both computed, both entered, or mixed).
            source = Source(num.source) if num.source == den.source else Source.MIXED
            values[code] = Value(code, value, weakest({num.qualifier, den.qualifier}), source)
    _attach_approved(unit, period, values)
    return {str(i.code): values[str(i.code)] for i in wanted}


def _attach_approved(unit: AdminUnit, period: Period, values: dict[str, Value]) -> None:
    snapshots = Snapshot.objects.filter(
        submission__unit=unit, submission__period=period.code, submission__status=SubmissionStatus.APPROVED
    )
    approved = Submission.objects.filter(unit=unit, period=period.code, status=SubmissionStatus.APPROVED).exists()
    for value in values.values():
        value.in_approved_report = approved
    for snapshot in snapshots:
        if snapshot.indicator in values:
            values[snapshot.indicator].approved = snapshot.value
            values[snapshot.indicator].approved_qualifier = snapshot.qualifier


def child_units(actor: Any, unit: AdminUnit) -> list[AdminUnit]:
    """Today's units one level down that the actor covers (provinces of the nation, communes of a province)."""
    scope = scope_for(actor)
    children = AdminUnit.objects.filter(parent=unit, valid_to__isnull=True).select_related("parent")
    return sorted((c for c in children if scope.covers(c)), key=lambda c: c.sort_key)


def child_values(*, actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[int, dict[str, Any]]:
    """{child id: {code: value}} for the child units, one query per indicator where the declaration offers
    `per_child` (entered values: one query in all); otherwise one computation per child. A period straddling an
    indicator's `computed_from` adds its parts, each from its own source. (Rows recorded at the unit's own level
    are left out: `child_table` adds them.)"""
    found = _by_child(actor, unit, period, codes)
    found.pop(unit.pk, None)
    return found


def _by_child(actor: Any, unit: AdminUnit, period: Period, codes: list[str]) -> dict[int, dict[str, Any]]:
    """`child_values`, plus the values recorded at `unit` itself under `unit.pk` (entered on the unit, or keyed
    to it by `per_child`: a province department's own outreach) — only what comes in the same queries; figures
    computed child by child have no own-level value here. A ratio asked for alone brings its parts along."""
    ratios = [INDICATORS[c] for c in codes if INDICATORS[c].is_ratio]
    codes = list(dict.fromkeys([*codes, *(part for r in ratios for part in (r.numerator, r.denominator) if part)]))
    children = child_units(actor, unit)
    result: dict[int, dict[str, Any]] = {c.pk: {} for c in children}
    result[unit.pk] = {}
    parent_of = {}
    if unit.level == Level.NATION:
        parent_of = dict(
            AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True).values_list("pk", "parent_id")
        )
    sources = {c: INDICATORS[c].source_for(period) for c in codes}
    entered_codes = [c for c in codes if sources[c] == Source.ENTERED and not INDICATORS[c].is_ratio]
    if entered_codes:
        rows = entered_rows(actor, unit, period, entered_codes).values_list(
            "unit_id", "unit__parent_id", "indicator", "value"
        )
        legacy = legacy_targets(unit)  # a legacy unit's figures go in the row of the unit it became
        for unit_id, parent_id, code, value in rows:
            child = unit_id if unit_id in result else legacy.get(unit_id, parent_id if parent_id in result else None)
            if child is not None:
                result[child][code] = result[child].get(code, Decimal(0)) + value
    for code in codes:
        indicator = INDICATORS[code]
        if indicator.is_ratio or sources[code] == Source.ENTERED:
            continue
        if sources[code] == Source.MIXED:
            for part, _source in split_at(indicator, period):
                for child_id, found in _by_child(actor, unit, part, [code]).items():
                    if found.get(code) is not None and child_id in result:
                        result[child_id][code] = result[child_id].get(code, 0) + found[code]
            continue
        if indicator.compute is None:
            continue
        if indicator.per_child is not None and indicator.aggregation == Aggregation.SUM:
            per_child = indicator.per_child(actor, unit, period)
            for key, value in per_child.items():
                child = key if key in result else parent_of.get(key)
                if child in result:
                    result[child][code] = result[child].get(code, 0) + value
            for child_values_ in result.values():
                child_values_.setdefault(code, 0)
        else:
            for child_unit in children:
                result[child_unit.pk][code] = indicator.compute(actor, child_unit, period)
    for code in codes:
        indicator = INDICATORS[code]
        if indicator.is_ratio:
            for values in result.values():
                values[code] = ratio(values.get(indicator.numerator), values.get(indicator.denominator))
    return result


# What a table of child units calls the unit's own level: work recorded by the unit's police department itself,
# in no child unit (Hướng dẫn 22/HD-BCA-V05: the PV05 division and the V05 department run their own outreach).
OWN_LEVEL = {Level.NATION: "Cấp Bộ (Cục V05)", Level.PROVINCE: "Cấp tỉnh (Phòng PV05)"}
DISTINCT_NOTE = (
    "{labels}: đếm không trùng lặp, nên tổng các dòng không bằng số chung "
    "(một loại mô hình có ở hai đơn vị là một loại của {whole})."
)


@dataclass
class TableRow:
    """One row of a table of child units: a child (`unit`), the parent's own level, or the total."""

    label: str
    values: dict[str, Any]
    unit: AdminUnit | None = None
    kind: str = "child"  # "child" | "own" | "total"


@dataclass
class ChildTable:
    """A table of child units that adds up: a row per child, the row recorded at the unit's own level, and the
    total row (the unit's figures). For every summable figure, children + own level = total; a share is the
    ratio of its parts in each row, the total's the ratio of the total sums; a distinct count does not add up and
    `notes` says why."""

    codes: list[str]
    rows: list[TableRow]
    own: TableRow
    total: TableRow
    notes: list[str]

    @property
    def all_rows(self) -> list[TableRow]:
        return [*self.rows, self.own, self.total]


def child_table(
    *,
    actor: Any,
    unit: AdminUnit,
    period: Period,
    codes: list[str],
    totals: dict[str, Any] | None = None,
    children: dict[int, dict[str, Any]] | None = None,
) -> ChildTable:
    """The one builder of tables of child units (dashboard, document appendix, XLSX), so that they agree.

    `totals` are the unit's figures printed above the table ({code: value}; computed when not given). `children`
    replaces the live values of some children ({child id: {code: value}}: an approved document prints a child's
    approved snapshot). The own-level row holds what is recorded at the unit itself; for a summable figure
    computed child by child (no `per_child`), it is the unit's figure less its children's — what no child
    recorded."""
    found = _by_child(actor, unit, period, codes)
    own = found.pop(unit.pk, {})
    if children:
        for pk, values in children.items():
            if pk in found:
                found[pk] = values
    if totals is None:
        totals = {c: v.value for c, v in indicator_values(actor=actor, unit=unit, period=period, codes=codes).items()}
    units = child_units(actor, unit)
    rows = [TableRow(c.name, found.get(c.pk, {}), c) for c in units]
    for code in codes:
        indicator = INDICATORS[code]
        by_child = indicator.compute is not None and indicator.per_child is None
        if indicator.aggregation != Aggregation.SUM or not by_child or indicator.source_for(period) == Source.ENTERED:
            continue
        total = totals.get(code)
        if total is not None:  # computed child by child: the unit's own level is what no child holds
            own[code] = total - sum(r.values.get(code) or 0 for r in rows)
    for code in codes:
        indicator = INDICATORS[code]
        if indicator.is_ratio:
            own[code] = ratio(own.get(indicator.numerator), own.get(indicator.denominator))
    distinct = [INDICATORS[c] for c in codes if INDICATORS[c].aggregation == Aggregation.DISTINCT]
    notes = []
    if distinct:
        whole = "toàn quốc" if unit.level == Level.NATION else "toàn tỉnh"
        notes.append(DISTINCT_NOTE.format(labels="; ".join(i.label for i in distinct), whole=whole))
    return ChildTable(
        codes=list(codes),
        rows=rows,
        own=TableRow(OWN_LEVEL.get(Level(unit.level), "Cấp " + unit.name), own, None, "own"),
        total=TableRow("Tổng cộng", {c: totals.get(c) for c in codes}, unit, "total"),
        notes=notes,
    )


def submission_for(unit: AdminUnit, period: Period) -> Submission | None:
    return Submission.objects.filter(unit=unit, period=period.code).first()


def last_transition(submission: Submission | None) -> SubmissionTransition | None:
    """The report's latest step, with who took it (the page shows a return's reason, who returned it and when)."""
    if submission is None:
        return None
    return submission.transitions.select_related("actor").order_by("-at", "-pk").first()


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
        key=lambda pair: pair[0].sort_key,
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
    return list(MissingReport.objects.filter(transition=last).select_related("unit").order_by("unit__sort_key"))


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
            changes.append(Change(INDICATORS[code], before, before_qualifier, now, value.qualifier))
    return changes

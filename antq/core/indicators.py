"""Indicator declarations: each figure the movement's reports print is declared once, by the app that owns its
data, in that app's `indicators.py` (imported at start-up by `antq.core.extensions.autodiscover`).

A declaration carries everything the rest of ANTQ needs: its code (a member of the owning app's `StrEnum`; the
string value is what snapshots, entered values and the API store), Vietnamese label and unit, number kind,
aggregation, stock or flow, report area, numerator / denominator of a ratio, the compute function (or family) of
a computed figure, its drill-down records and per-child values, where it is shown (`in_child_table`, `charted`),
the validation rule between two entered figures (`at_most`), and — for an indicator whose registry starts later
— the day from which it is computed (`computed_from`; before that day it is entered). The owning app declares its
report areas there too (`register_area`), each with the sentence function that writes it in a report
(antq.core.narrative). Dashboards, tables, charts, documents, validation, imports, the CLI and the API read the
declarations by attribute; system checks (antq.reporting.checks) refuse a code that is named but not declared, a
declaration that lacks what its aggregation needs, and an area with indicators but no sentence.

Codes follow ../shared/domain.md §4. A `_pct` indicator is the ratio of two indicator sums (numerator and
denominator are declared too), never an average of percentages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antq.core.narrative import Facts
    from antq.core.periods import Period


class Aggregation(StrEnum):
    SUM = "sum"  # children add up
    DISTINCT = "distinct"  # counted at the unit itself (e.g. distinct scheme types); children do not add up
    RATIO = "ratio"  # numerator sum ÷ denominator sum × 100 (`ratio`)


def ratio(numerator: Decimal | int | None, denominator: Decimal | int | None) -> Decimal | None:
    """numerator × 100 ÷ denominator with one decimal: a share in percent, or None without a denominator."""
    if numerator is None or not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Source(StrEnum):
    COMPUTED = "computed"  # from a registry, through the declaration's compute function
    ENTERED = "entered"  # typed in per unit and period (no registry, or a period before the registry started)
    MIXED = "mixed"  # a period straddling `computed_from`: entered before the day, computed from it


class NumberKind(StrEnum):
    COUNT = "count"  # a whole count: people, classes, sites
    MONEY = "money"  # whole đồng
    PERCENT = "percent"  # a share with one decimal
    MEASURE = "measure"  # a measured quantity with one decimal, never summed (median hours to acknowledge a tip)


Sentences = Callable[["Facts"], list[str]]


@dataclass(frozen=True)
class ReportArea:
    """A section of section I of a report ("Lực lượng tham gia bảo vệ ANTT ở cơ sở"); `order` is its place.

    `sentences(facts)` writes the section from the area's figures (antq.core.narrative): declared by the app
    that owns the area, next to its indicators; it returns no sentence when the area has no figure, and the
    report then leaves the area out. An area with indicators must have one (antq.reporting.checks).

    `details` names the codes whose breakdowns the sentences read (`Facts.details`: who attended, who received
    gifts, which commune held the pilot festival); documents computes those breakdowns, and only those."""

    key: str
    label: str
    order: int
    sentences: Sentences | None = None
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorFamily:
    """Indicators one query answers together (e.g. every outreach figure from the summary rows):
    `compute(actor, unit, period)` returns {code: value} for all of them. Reporting calls it once where it needs
    several of the family's codes; each member's own `compute` still answers alone."""

    name: str
    compute: Callable[[Any, Any, Period], dict[str, Any]]


Compute = Callable[[Any, Any, "Period"], Any]


@dataclass(frozen=True)
class RecordFilters:
    """What a drill-down list of records can be searched and filtered by, as ORM paths on the records' model
    (antq.reporting.drilldown applies them; the page shows a field for each path declared, the export takes the
    same filters):

    - `search`: fields the search box matches (case-insensitive "contains"; a path ending in `folded_name` is
      matched against the folded query, so "dong hung" finds "Đông Hưng");
    - `unit`: the record's unit (a foreign key to AdminUnit: its commune, or the unit that recorded it), for the
      "child unit" filter of a province or national list;
    - `kind`: the record's kind (a field with choices, or a foreign key to a small table with a `name`), shown
      as `kind_label`;
    - `date`: the record's date, for the "from / to" range, shown as `date_label`."""

    search: tuple[str, ...] = ()
    unit: str = ""
    kind: str = ""
    kind_label: str = ""
    date: str = ""
    date_label: str = ""


@dataclass(frozen=True)
class Indicator:
    """One indicator, declared once. `compute(actor, unit, period)` gives stock figures at the period's end and
    flow figures over it; an indicator without `compute` is entered per unit and period.

    `breakdown(actor, unit, period)`, when given, returns {dimension: {category: value}} for the dimensions named
    in `breakdowns`. `records(actor, unit, period)` returns the rows behind the figure for drill-down; their count
    (or the sum of `record_value`) is the figure, and `record_filters` names the fields the drill-down searches and
    filters them by. `per_child(actor, unit, period)` returns values below `unit` in one query, keyed by commune
    id (or directly by the child unit); summable figures only."""

    code: StrEnum
    label: str
    unit: str
    area: str
    aggregation: Aggregation = Aggregation.SUM
    flow: bool = True
    kind: NumberKind = NumberKind.COUNT
    numerator: str = ""
    denominator: str = ""
    compute: Compute | None = None
    family: IndicatorFamily | None = None
    breakdowns: tuple[str, ...] = field(default_factory=tuple)
    breakdown: Callable[[Any, Any, Period], dict[str, dict[str, Any]]] | None = None
    records: Callable[[Any, Any, Period], Any] | None = None
    record_columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (attribute path, label)
    record_value: str | None = None  # attribute summed for the figure (None: each row counts 1)
    record_filters: RecordFilters = field(default_factory=RecordFilters)  # search and filters of the records
    per_child: Callable[[Any, Any, Period], dict[int, Any]] | None = None
    # Where it is shown: a column of the dashboard's table of child units (summable or a ratio, so a column adds
    # up to the unit's figure); the chart by child unit: charted figures by rank (1 first; 0: not charted), the
    # document charts the first with data, the dashboard the first in its table.
    in_child_table: bool = False
    charted: int = 0
    # Entry rule between two entered figures: this one may not exceed `at_most` (recognised ≤ assessed).
    at_most: str = ""
    at_most_message: str = ""
    # Entered for periods before this day, computed by `compute` from it on (a registry that starts later).
    computed_from: dt.date | None = None

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == Aggregation.RATIO

    @property
    def source(self) -> Source:
        """Where today's figures come from: the registry when there is a compute function, else entry."""
        return Source.COMPUTED if self.compute is not None else Source.ENTERED

    @property
    def enterable(self) -> bool:
        """Typed in on the entry form (for some periods at least): entered figures, and computed ones that were
        entered before their registry started. Ratios are always derived from their parts."""
        return not self.is_ratio and (self.compute is None or self.computed_from is not None)

    def source_for(self, period: Period) -> Source:
        """Where the figure of `period` comes from (see `computed_from`)."""
        if self.computed_from is None or self.compute is None:
            return self.source
        if period.end < self.computed_from:
            return Source.ENTERED
        if period.start >= self.computed_from or not self.flow:  # a stock is taken at the period's end
            return Source.COMPUTED
        return Source.MIXED

    def names(self) -> list[str]:
        """Codes this declaration names besides its own (checked by antq.reporting.checks)."""
        return [c for c in (self.numerator, self.denominator, self.at_most) if c]


AREAS: dict[str, ReportArea] = {}  # by key, in report order
INDICATORS: dict[str, Indicator] = {}  # by code, in report order (area order, then declaration order)


def register_area(area: ReportArea) -> None:
    AREAS[area.key] = area
    _reorder()


def register_indicators(*indicators: Indicator) -> None:
    for indicator in indicators:
        code = str(indicator.code)
        existing = INDICATORS.get(code)
        if existing is not None and existing is not indicator and existing.label != indicator.label:
            raise ValueError(f"Indicator {code} is declared twice")
        INDICATORS[code] = indicator
    _reorder()


def _reorder() -> None:
    areas = sorted(AREAS.values(), key=lambda area: area.order)
    AREAS.clear()
    AREAS.update((area.key, area) for area in areas)
    order = {key: area.order for key, area in AREAS.items()}
    ranked = sorted(enumerate(INDICATORS.values()), key=lambda pair: (order.get(pair[1].area, 10_000), pair[0]))
    INDICATORS.clear()
    INDICATORS.update((str(i.code), i) for _, i in ranked)


def declared(code: str) -> Indicator:
    """The declaration of `code` (KeyError when nothing declares it)."""
    return INDICATORS[str(code)]


def where(**attributes: Any) -> list[Indicator]:
    """Declarations whose attributes equal the given ones, in report order: `where(in_child_table=True)`."""
    return [i for i in INDICATORS.values() if all(getattr(i, k) == v for k, v in attributes.items())]


def codes(indicators: Iterable[Indicator]) -> list[str]:
    return [str(i.code) for i in indicators]


def charted_codes() -> list[str]:
    """Codes of the charted figures, first choice first."""
    return codes(sorted((i for i in INDICATORS.values() if i.charted), key=lambda i: i.charted))


def entered() -> list[Indicator]:
    """Indicators typed in on the entry form, in report order."""
    return [i for i in INDICATORS.values() if i.enterable]

"""Outreach summary rows (OutreachMonth): per unit, month and kind, the number of activities and the sum of
every measure. It is registered with the one summary mechanism (antq.core.summary) as "outreach": every write path
(`@writes_summary("outreach")`) writes inside `track("outreach", activities=…)`, which adds the touched activities'
new figures and takes away their old ones in the write's own transaction, so the rows are exact at every commit —
there is no batch job and nothing to wait for. Reads (`outreach_totals`) take whole months from the
summary and any partial month at a period's edge from the activities themselves.

Each activity counts in two rows: its recording unit's own row (`total=False`) and its province's total row
(`total=True`). A national figure sums 34 provinces' total rows; a province's figure reads its one total row when
the actor covers the whole province, otherwise the own rows of the communes the actor covers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from antq.accounts.scope import scope_for, summary_children_q, summary_scope_q
from antq.activities.models import GROUP_FIELDS, OutreachActivity, OutreachMonth
from antq.activities.selectors import recorded_in_scope_q, recorded_within_q
from antq.core.bulk import bulk_load
from antq.core.periods import Period, month_split
from antq.core.summary import Summary, register_summary
from antq.geo.models import AdminUnit, Level

MEASURES = ("attendees", *GROUP_FIELDS, "count", "participants", "recipients", "value_vnd")
Key = tuple[int, bool, dt.date, str]


def _accumulate(
    deltas: dict[Key, list[int]], unit_id: int, province_id: int, month: dt.date, kind: str, values: list[int]
) -> None:
    """Add `values` (activities, then MEASURES) to the unit's own row and its province's total row."""
    for key in ((unit_id, False, month, kind), (province_id, True, month, kind)):
        row = deltas[key]
        for index, value in enumerate(values):
            row[index] += value


def _rows() -> dict[Key, list[int]]:
    return defaultdict(lambda: [0] * (1 + len(MEASURES)))


def recount(rows: QuerySet[Any]) -> Iterable[dict[str, Any]]:
    """Per (unit, month, kind) figures straight from activity rows (for rebuilding and for checking)."""
    return (
        rows.order_by()
        .annotate(month=TruncMonth("date"))
        .values("unit_id", "unit__level", "unit__parent_id", "month", "kind")
        .annotate(activities=Count("pk"), **{name: Sum(name) for name in MEASURES})
    )


def _recounted(rows: QuerySet[Any]) -> dict[Key, list[int]]:
    deltas = _rows()
    for row in recount(rows):
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        province = row["unit_id"] if row["unit__level"] == Level.PROVINCE else row["unit__parent_id"]
        values = [row["activities"]] + [int(row[name] or 0) for name in MEASURES]
        _accumulate(deltas, row["unit_id"], province, month, row["kind"], values)
    return deltas


def count(rows: dict[str, Iterable[int]] | None = None, units: Collection[int] | None = None) -> dict[Key, list[int]]:
    """The summary figures of the given activities ({"activities": ids}), or of all of them (recorded in the units
    with ids `units` when given), straight from the registry rows."""
    activities = OutreachActivity.objects.all()
    if units is not None:
        activities = activities.filter(unit_id__in=sorted(units))
    if rows is not None:
        activities = activities.filter(pk__in=list(rows.get("activities", ())))
    return _recounted(activities)


SUMMARY = register_summary(
    Summary(
        name="outreach",
        label="Tổng hợp tuyên truyền theo tháng",
        model=OutreachMonth,
        keys=("unit_id", "total", "month", "kind"),
        values=("activities", *MEASURES),
        sources=(OutreachActivity,),
        rows=("activities",),
        count=count,
    )
)


def summary_rebuild(activity_model: Any = OutreachActivity, month_model: Any = OutreachMonth) -> int:
    """Recount every summary row from the activities with given models (the migration that added the table; a
    repair); returns the rows written."""
    month_model.objects.all().delete()
    rows = _recounted(activity_model.objects.all())
    fields = ["unit", "total", "month", "kind", "activities", *MEASURES]
    return bulk_load(month_model, fields, ((*key, *values) for key, values in sorted(rows.items())))


def outreach_totals(actor: Any, unit: AdminUnit, period: Period, kinds: Iterable[str]) -> dict[str, dict[str, int]]:
    """{kind: {"activities": n, measure: sum, …}} of the activities recorded within the unit and the actor's scope
    during the period: whole months from the summary rows, partial edge months from the activities."""
    scope = scope_for(actor)
    kinds = list(kinds)
    result: dict[str, dict[str, int]] = {kind: dict.fromkeys(("activities", *MEASURES), 0) for kind in kinds}
    months, edges = month_split(period)
    if months:
        rows = OutreachMonth.objects.filter(summary_scope_q(scope, unit), kind__in=kinds, month__range=months)
        sums = rows.order_by().values("kind").annotate(activities_=Sum("activities"), **_sums())
        for row in sums:
            target = result[row["kind"]]
            target["activities"] += int(row["activities_"] or 0)
            for name in MEASURES:
                target[name] += int(row[f"{name}_"] or 0)
    for start, end in edges:
        for row in _edge(actor, unit, start, end, kinds).values("kind").annotate(activities_=Count("pk"), **_sums()):
            target = result[row["kind"]]
            target["activities"] += int(row["activities_"] or 0)
            for name in MEASURES:
                target[name] += int(row[f"{name}_"] or 0)
    return result


def _edge(actor: Any, unit: AdminUnit, start: dt.date, end: dt.date, kinds: Iterable[str]) -> QuerySet[Any]:
    """The activities of a partial month at a period's edge, recorded within the unit and the actor's scope."""
    return OutreachActivity.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), date__range=(start, end), kind__in=list(kinds)
    ).order_by()


def _sums() -> dict[str, Sum]:
    return {f"{name}_": Sum(name) for name in MEASURES}


def per_unit_totals(
    actor: Any, unit: AdminUnit, period: Period, kinds: Iterable[str], measure: str | None
) -> dict[int, int]:
    """{unit id: figure} below `unit` for a dashboard's table of children: for a province, per recording unit (its
    communes; the province's own department is keyed by the province); for the nation, per province (all that
    was recorded within it)."""
    scope = scope_for(actor)
    months, edges = month_split(period)
    field = "activities" if measure is None else measure
    result: dict[int, int] = defaultdict(int)
    if months:
        rows = (
            OutreachMonth.objects.filter(summary_children_q(scope, unit))
            .filter(kind__in=list(kinds), month__range=months)
            .order_by()
            .values("unit_id")
        )
        for unit_id, n in rows.annotate(n=Sum(field)).values_list("unit_id", "n"):
            result[unit_id] += int(n or 0)
    for start, end in edges:
        aggregate = Count("pk") if measure is None else Sum(measure)
        grouped = (
            _edge(actor, unit, start, end, kinds)
            .values("unit_id", "unit__level", "unit__parent_id")
            .annotate(n=aggregate)
        )
        for row in grouped:
            key = row["unit_id"]
            if unit.level == Level.NATION and row["unit__level"] == Level.COMMUNE:
                key = row["unit__parent_id"]  # the nation's table has a row per province
            result[key] += int(row["n"] or 0)
    return dict(result)

"""What the registries' summary rows share (outreach months, forces stock changes): which rows a scoped actor may
sum, and the additive upsert the write services call inside their own transaction.

Summary tables have a `unit` (a commune, or a province for its own rows and its totals) and a `total` flag: each
registry row counts once in its unit's own row (`total=False`) and once in its province's total row (`total=True`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Q

from antq.geo.models import AdminUnit, Level


def summary_scope_q(scope: Any, unit: AdminUnit) -> Q:
    """Summary rows that add up to the unit's figure within the scope: total rows where the actor covers whole
    provinces, own rows of the units the actor covers otherwise (fails closed)."""
    if unit.level == Level.NATION:
        if scope.is_national():
            return Q(total=True)
        provinces, communes = scope.province_ids(), scope.commune_ids()
        return Q(total=True, unit_id__in=provinces) | Q(total=False, unit_id__in=communes)
    if unit.level == Level.PROVINCE:
        if scope.is_national() or unit.pk in scope.province_ids():
            return Q(total=True, unit=unit)
        return Q(total=False, unit_id__in=sorted(scope.commune_ids() & _below(unit)))
    if unit.level == Level.COMMUNE and scope.covers(unit):
        return Q(total=False, unit=unit)
    return Q(pk__in=[])


def children_q(scope: Any, unit: AdminUnit) -> Q:
    """Summary rows per child for a dashboard's table: below the nation the provinces' total rows; below a
    province its communes' and its own rows (all of them when the actor covers the province)."""
    if unit.level == Level.PROVINCE and scope.covers(unit):
        return Q(total=False, unit_id__in=sorted(_below(unit) | {unit.pk}))
    return summary_scope_q(scope, unit)


def _below(unit: AdminUnit) -> set[int]:
    """Ids of the units whose parent is `unit` (listed, so that the database reads the summary by its unit key)."""
    return set(AdminUnit.objects.filter(parent=unit).values_list("pk", flat=True))


def summary_add(
    model: type[models.Model], keys: Sequence[str], values: Sequence[str], deltas: Mapping[tuple, Sequence[int]]
) -> None:
    """Add `deltas` ({key tuple: value list}, in the order of `keys` and `values` columns) to the summary rows:
    one `INSERT … ON CONFLICT DO UPDATE SET v = v + excluded.v` per row, the same statement on PostgreSQL and
    SQLite, in the caller's transaction. Zero deltas are skipped."""
    rows = [(*key, *delta) for key, delta in sorted(deltas.items()) if any(delta)]
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [*keys, *values]
    marks = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in values)
    # Identifiers come from model metadata; the values are parameters.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
    sql += f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)

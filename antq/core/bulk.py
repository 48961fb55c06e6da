"""Bulk loading for synthetic data at national volume (`seed_national`): rows as plain tuples, written with
PostgreSQL's COPY or SQLite's executemany, with ids allocated by the caller so that later tables can point at them.

This bypasses model `save()`, signals and the audit trail on purpose: it is for generated benchmark data only,
never for user input (user writes go through each app's services). Columns a caller leaves out get the field's
default, and the database's constraints still check every row.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any, cast

from django.db import connection, models

CHUNK = 20_000
# Checks run before a bulk load (antq.core.summary adds its guard: a summary's source rows load inside `track`).
WRITE_CHECKS: list[Callable[[type[models.Model]], None]] = []


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of the model's table (ids are allocated from here by the caller)."""
    top = model._default_manager.aggregate(top=models.Max("pk"))["top"]
    return (top or 0) + 1


def bulk_load(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (tuples in the order of `fields`, field names, "id" included when the caller allocates ids)
    into the model's table; returns the number of rows written."""
    for check in WRITE_CHECKS:
        check(model)
    meta = model._meta
    named = [cast(models.Field, meta.get_field(name)) for name in fields]
    rest = [f for f in meta.concrete_fields if f.name not in fields and f.attname not in fields and not f.primary_key]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    columns = [f.column for f in named] + [f.column for f in rest]
    table = str(meta.db_table)
    written = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in iterator:
                    copy.write_row((*row, *defaults))
                    written += 1
            if "id" in fields:
                quoted = connection.ops.quote_name(table)  # identifiers from model metadata, never user input
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT MAX(id) FROM {quoted}))",  # noqa: S608
                    [table],
                )
        else:
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            raw = cursor.cursor
            while chunk := [(*row, *defaults) for row in islice(iterator, CHUNK)]:
                raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', chunk)  # noqa: S608
                written += len(chunk)
    return written


class NationalContext:
    """What every national seeder shares: the seed, the years, today's provinces and communes, and one random
    generator per seeder (so that one app's rows do not shift when another app draws more numbers)."""

    def __init__(
        self,
        *,
        seed: int,
        years: Sequence[int],
        stdout: Any,
        provinces: Iterable[tuple[int, str]],
        communes: Iterable[tuple[int, int, str, str]],
    ) -> None:
        # The caller (seed_national, above geo) reads the map: core imports nothing above it.
        self.seed = seed
        self.years = tuple(years)
        self.stdout = stdout
        # (id, code) of every current province and (id, province id, code, kind) of every current commune, in
        # code order.
        self.provinces: list[tuple[int, str]] = list(provinces)
        self.communes: list[tuple[int, int, str, str]] = list(communes)

    def rng(self, name: str) -> Any:
        return random.Random(f"{self.seed}:{name}")  # noqa: S311 (synthetic data, not secrets)

"""What the registries' summary rows share (outreach months, forces stock changes): the additive upsert and the one
mechanism that keeps every summary equal to a recount of its registry rows
(`register_summary`, `@writes_summary`, `track`; see below and docs/scale.md).

Summary tables have a `unit` (a commune, or a province for its own rows and its totals) and a `total` flag: each
registry row counts once in its unit's own row (`total=False`) and once in its province's total row (`total=True`).
Which of those rows a scoped actor may sum is the scope's business (`accounts.scope.summary_scope_q`); this module
deals in unit ids only and imports no geography (core sits below geo).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.db import connection, models
from django.db.models import signals

from antq.core.bulk import WRITE_CHECKS, bulk_load

F = TypeVar("F", bound=Callable[..., Any])


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


# --- One mechanism for every summary table ------------------------------------------------------------------------
#
# A registry app registers each summary table once (`register_summary`): its model, its key and value columns, the
# registry models whose rows it counts (its sources) and `count`, which recounts the contributions of given source
# rows (or of all of them, optionally of given units) as {key: [values]}. Every write of a source row then happens
# inside `track(name, …)`, which runs inside a function registered with `@writes_summary(name)`:
#
#     @writes_summary("outreach")
#     def activity_record(...):
#         with transaction.atomic(), track("outreach") as changes:
#             activity.save()
#             changes.add(activities=[activity.pk])
#
# `track` counts the touched rows before the write and after it and `apply`s the difference in the caller's
# transaction (`rebuild=True`: recounts the whole table instead, for bulk loads). A source row saved, deleted,
# bulk-created, updated or bulk-loaded outside `track` raises SummaryNotTracked, and `track` outside a registered
# write path raises too, so a new write path cannot forget the summary: it has to register, and the registrations
# are what the tests enumerate (tests/core/test_summaries.py). `check_summaries` recounts every registered summary.

Deltas = dict[tuple, list[int]]
CHUNK = 10_000


class SummaryNotTracked(RuntimeError):
    """A source row of a summary was written outside `track` (a programming error, never a user's)."""


@dataclass(frozen=True)
class Summary:
    name: str  # "outreach"
    label: str  # Vietnamese, for reports
    model: type[models.Model]  # the summary table
    keys: tuple[str, ...]  # key columns: unit_id, total, the date column, then the rest
    values: tuple[str, ...]  # the additive columns
    sources: tuple[type[models.Model], ...]  # the registry models whose rows it counts
    rows: tuple[str, ...]  # names of the row kinds `count` takes ("activities"; "members", "teams")
    count: Callable[..., Deltas]  # count(rows={kind: ids} | None, units=unit ids | None) -> {key: values}

    @property
    def date_key(self) -> str:
        return self.keys[2]

    def recount(self, units: Collection[int] | None = None, period: Any = None) -> Deltas:
        """Every row the summary should hold for the units with ids `units` (None: every unit), with its date
        within `period`, counted from the registry rows (all-zero rows left out). The caller resolves the ids
        from the unit tree (`geo.selectors.ids_within`): this module knows no geography."""
        deltas = self.count(None, units)
        return {
            key: list(values)
            for key, values in deltas.items()
            if any(values)
            and (units is None or key[0] in units)
            and (period is None or period.start <= key[2] <= period.end)
        }

    def stored(self, units: Collection[int] | None = None, period: Any = None) -> Deltas:
        """The summary rows as stored, restricted like `recount` (all-zero rows left out)."""
        rows = self.model._default_manager.all()
        if units is not None:
            rows = rows.filter(unit_id__in=sorted(units))
        if period is not None:
            rows = rows.filter(**{f"{self.date_key}__range": (period.start, period.end)})
        width = len(self.keys)
        result = {}
        for row in rows.order_by().values_list(*self.keys, *self.values).iterator(chunk_size=20_000):
            if any(row[width:]):
                result[tuple(row[:width])] = list(row[width:])
        return result


SUMMARIES: dict[str, Summary] = {}
_SOURCES: dict[type[models.Model], set[str]] = defaultdict(set)


def register_summary(summary: Summary) -> Summary:
    """Register a summary table; writes of its source rows are guarded from now on."""
    SUMMARIES[summary.name] = summary
    for model in summary.sources:
        if model not in _SOURCES:
            signals.pre_save.connect(_guard_signal, sender=model, weak=False)
            signals.pre_delete.connect(_guard_signal, sender=model, weak=False)
        _SOURCES[model].add(summary.name)
    return summary


# --- Write paths ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WritePath:
    name: str  # module.qualname
    summaries: tuple[str, ...]
    function: Callable[..., Any]


WRITE_PATHS: dict[str, WritePath] = {}
_IN_PATH: ContextVar[frozenset[str]] = ContextVar("summary_write_paths", default=frozenset())
_TRACKING: ContextVar[frozenset[str]] = ContextVar("summary_tracking", default=frozenset())
_AFTER_WRITE: list[Callable[[WritePath], None]] = []


def writes_summary(*names: str) -> Callable[[F], F]:
    """Register a function (service, importer's apply, seeder) as a write path of the named summaries: inside it,
    and only there, `track(name)` may run."""

    def decorate(function: F) -> F:
        path = WritePath(f"{function.__module__}.{function.__qualname__}", names, function)
        WRITE_PATHS[path.name] = path

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = _IN_PATH.set(_IN_PATH.get() | set(names))
            try:
                result = function(*args, **kwargs)
            finally:
                _IN_PATH.reset(token)
            for hook in list(_AFTER_WRITE):
                hook(path)
            return result

        return cast(F, wrapper)

    return decorate


@contextmanager
def after_write(hook: Callable[[WritePath], None]) -> Iterator[None]:
    """Call `hook(path)` after every registered write path returns (the tests' check that summary = recount)."""
    _AFTER_WRITE.append(hook)
    try:
        yield
    finally:
        _AFTER_WRITE.remove(hook)


@dataclass
class Tracker:
    """The source rows a write touches, by kind ({"members": {ids}}); the write adds the ones it creates."""

    summary: Summary
    rows: dict[str, set[int]]
    written: int = 0

    def add(self, **rows: Iterable[int]) -> None:
        for kind, ids in rows.items():
            if kind not in self.summary.rows:
                raise ValueError(f"{self.summary.name}: unknown row kind {kind!r}")
            self.rows.setdefault(kind, set()).update(ids)


def _count(summary: Summary, rows: Mapping[str, set[int]]) -> Deltas:
    """The contributions of the given rows, counted in chunks of ids."""
    total: Deltas = defaultdict(lambda: [0] * len(summary.values))
    for kind, ids in rows.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            for key, values in summary.count({kind: ordered[start : start + CHUNK]}).items():
                row = total[key]
                for index, value in enumerate(values):
                    row[index] += value
    return total


@contextmanager
def track(name: str, *, rebuild: bool = False, **rows: Iterable[int]) -> Iterator[Tracker]:
    """Around a write of the summary's source rows (inside the write's transaction): the summary gains the touched
    rows' new contributions and loses their old ones; nothing is applied when the write raises. `rebuild=True`
    recounts the whole summary at the end instead (bulk loads of a whole registry)."""
    summary = SUMMARIES[name]
    if name not in _IN_PATH.get():
        raise SummaryNotTracked(f"track({name!r}) outside a write path registered with @writes_summary({name!r})")
    tracker = Tracker(summary, {})
    tracker.add(**rows)
    before = {} if rebuild else _count(summary, tracker.rows)
    token = _TRACKING.set(_TRACKING.get() | {name})
    try:
        yield tracker
    finally:
        _TRACKING.reset(token)
    if rebuild:
        tracker.written = rewrite(summary)
        return
    after = _count(summary, tracker.rows)
    for key, values in before.items():
        row = after[key]
        for index, value in enumerate(values):
            row[index] -= value
    apply(summary, after)


def apply(summary: Summary, deltas: Mapping[tuple, Sequence[int]]) -> None:
    """Add `deltas` to the summary rows, in the caller's transaction (the writer `track` ends with)."""
    summary_add(summary.model, list(summary.keys), list(summary.values), deltas)


def rewrite(summary: Summary) -> int:
    """Replace the whole summary with a recount of the registry rows; returns the rows written."""
    summary.model._default_manager.all().delete()
    deltas = summary.count(None, None)
    rows = ((*key, *values) for key, values in sorted(deltas.items()) if any(values))
    return bulk_load(summary.model, [*summary.keys, *summary.values], rows)


def check_tracked(model: type[models.Model]) -> None:
    """Raise unless every summary counting `model`'s rows is being tracked."""
    missing = _SOURCES.get(model, set()) - _TRACKING.get()
    if missing:
        names = ", ".join(sorted(missing))
        raise SummaryNotTracked(f"{model.__name__} written outside track({names}): the summary would drift")


WRITE_CHECKS.append(check_tracked)


def _guard_signal(sender: type[models.Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures loaded with loaddata
        return
    check_tracked(sender)


class SourceQuerySet(models.QuerySet):
    """The manager of a summary's source model: bulk writes are guarded like `save` and `delete`."""

    def bulk_create(self, *args: Any, **kwargs: Any) -> Any:
        check_tracked(self.model)
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> Any:
        check_tracked(self.model)
        return super().bulk_update(*args, **kwargs)

    def update(self, *args: Any, **kwargs: Any) -> Any:
        check_tracked(self.model)
        return super().update(*args, **kwargs)

    def delete(self) -> Any:
        check_tracked(self.model)
        return super().delete()

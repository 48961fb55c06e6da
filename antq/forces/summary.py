"""Forces stock summary (StockChange): per unit, day and role, how many teams or members became active (+) or
stopped (−), and how many members became or stopped being trained. A member counts as active from their start
date through their end date, so −1 falls on the day after it; as trained from the later of their start and their
first passed training; a team from its founding through its dissolution. The stock on day D is the sum of changes
up to D — the same rule as `periods.stock_q` on the rows.

The summary is registered with the one summary mechanism (antq.core.summary) as "forces": every write path
(`@writes_summary("forces")`) wraps its change in `track("forces", members=…, teams=…)`, which reads the touched
members' and teams' contributions (`count`) before the write and after it and adds the difference in the same
transaction. `summary_rebuild` recounts everything from the registry with given models (the migration that added
the table).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from django.db.models import Min, Q, Sum

from antq.accounts.scope import scope_for, summary_children_q, summary_scope_q
from antq.core.bulk import bulk_load
from antq.core.periods import Period
from antq.core.summary import Summary, register_summary
from antq.forces.models import SecurityTeam, StockChange, TeamMember, Training
from antq.geo.models import AdminUnit, Level

TEAM = "team"
Key = tuple[int, bool, dt.date, str]
ONE_DAY = dt.timedelta(days=1)


def _add(deltas: dict[Key, list[int]], commune: int, province: int, day: dt.date, role: str, index: int, n: int):
    for key in ((commune, False, day, role), (province, True, day, role)):
        deltas[key][index] += n


def member_changes(rows: Iterable[tuple], deltas: dict[Key, list[int]] | None = None) -> dict[Key, list[int]]:
    """Changes of members given as (commune, province, role, start, end, first passed training start)."""
    deltas = deltas if deltas is not None else defaultdict(lambda: [0, 0])
    for commune, province, role, start, end, first_trained in rows:
        _add(deltas, commune, province, start, role, 0, 1)
        if end is not None:
            _add(deltas, commune, province, end + ONE_DAY, role, 0, -1)
        if first_trained is not None:
            trained_from = max(start, first_trained)
            if end is None or trained_from <= end:
                _add(deltas, commune, province, trained_from, role, 1, 1)
                if end is not None:
                    _add(deltas, commune, province, end + ONE_DAY, role, 1, -1)
    return deltas


def team_changes(rows: Iterable[tuple], deltas: dict[Key, list[int]] | None = None) -> dict[Key, list[int]]:
    """Changes of teams given as (commune, province, founded, dissolved)."""
    deltas = deltas if deltas is not None else defaultdict(lambda: [0, 0])
    for commune, province, founded, dissolved in rows:
        _add(deltas, commune, province, founded, TEAM, 0, 1)
        if dissolved is not None:
            _add(deltas, commune, province, dissolved + ONE_DAY, TEAM, 0, -1)
    return deltas


def _member_rows(members: Any) -> Iterator[tuple]:
    """(commune, province, role, start, end, first passed training start) per member (grouped by member)."""
    rows = (
        members.order_by()
        .values_list("pk", "team__commune_id", "team__commune__parent_id", "role", "start_date", "end_date")
        .annotate(first=Min("trainings__start_date", filter=Q(trainings__passed=True)))
    )
    return (row[1:] for row in rows.iterator(chunk_size=20_000))


def _team_rows(teams: Any) -> Iterator[tuple]:
    rows = teams.order_by().values_list("commune_id", "commune__parent_id", "founded_on", "dissolved_on")
    return rows.iterator(chunk_size=20_000)


def count(rows: dict[str, Iterable[int]] | None = None, units: Collection[int] | None = None) -> dict[Key, list[int]]:
    """The stock changes of the given members and teams ({"members": ids, "teams": ids}), or of all of them (of the
    teams in the communes with ids `units` when given), straight from the registry rows."""
    deltas: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    members, teams = TeamMember.objects.all(), SecurityTeam.objects.all()
    if units is not None:
        members = members.filter(team__commune_id__in=sorted(units))
        teams = teams.filter(commune_id__in=sorted(units))
    if rows is None or "members" in rows:
        chosen = members if rows is None else members.filter(pk__in=list(rows["members"]))
        member_changes(_member_rows(chosen), deltas)
    if rows is None or "teams" in rows:
        chosen = teams if rows is None else teams.filter(pk__in=list(rows["teams"]))
        team_changes(_team_rows(chosen), deltas)
    return deltas


SUMMARY = register_summary(
    Summary(
        name="forces",
        label="Biến động lực lượng theo ngày",
        model=StockChange,
        keys=("unit_id", "total", "day", "role"),
        values=("active", "trained"),
        sources=(SecurityTeam, TeamMember, Training),
        rows=("members", "teams"),
        count=count,
    )
)


def summary_rebuild(member_model: Any = TeamMember, team_model: Any = SecurityTeam, change_model: Any = StockChange):
    """Recount every stock change from the registry; returns the rows written. The models are parameters so that
    a migration can pass its historical ones."""
    change_model.objects.all().delete()
    deltas = member_changes(_member_rows(member_model.objects.all()))
    team_changes(_team_rows(team_model.objects.all()), deltas)
    rows = ((*key, *values) for key, values in sorted(deltas.items()) if any(values))
    return bulk_load(change_model, ["unit", "total", "day", "role", "active", "trained"], rows)


# --- Reads -----------------------------------------------------------------------------------------------------


def stocks(actor: Any, unit: AdminUnit, period: Period, days: Iterable[dt.date] = ()) -> dict[str, Any]:
    """Teams, members and trained members on the period's last day, and members per province and role on each of
    `days` (for support), from one query over the summary rows."""
    day = period.stock_date
    days = list(days)
    rows = StockChange.objects.filter(summary_scope_q(scope_for(actor), unit), day__lte=max([day, *days]))
    member = ~Q(role=TEAM)
    sums = {
        "teams": Sum("active", filter=Q(role=TEAM, day__lte=day)),
        "members": Sum("active", filter=member & Q(day__lte=day)),
        "trained": Sum("trained", filter=member & Q(day__lte=day)),
    }
    sums |= {f"m{index}": Sum("active", filter=member & Q(day__lte=on)) for index, on in enumerate(days)}
    grouped = list(rows.order_by().values("unit_id", "role").annotate(**sums))
    result: dict[str, Any] = {name: sum(int(r[name] or 0) for r in grouped) for name in ("teams", "members", "trained")}
    by_group: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * len(days))
    units = {r["unit_id"] for r in grouped} if days else set()
    province_of = {
        pk: pk if level == Level.PROVINCE else parent
        for pk, level, parent in AdminUnit.objects.filter(pk__in=units).values_list("pk", "level", "parent_id")
    }
    for r in grouped:
        if r["role"] == TEAM or not days:
            continue
        counts = by_group[(province_of[r["unit_id"]], r["role"])]
        for index in range(len(days)):
            counts[index] += int(r[f"m{index}"] or 0)
    result["groups"] = by_group
    return result


def per_child(actor: Any, unit: AdminUnit, period: Period, what: str) -> dict[int, int]:
    """{unit id: teams / members / trained} on the period's last day per commune of a province, or per province of
    the nation."""
    day = period.stock_date
    column = "trained" if what == "trained" else "active"
    roles = Q(role=TEAM) if what == "teams" else ~Q(role=TEAM)
    rows = StockChange.objects.filter(summary_children_q(scope_for(actor), unit), roles, day__lte=day)
    grouped = rows.order_by().values("unit_id").annotate(n=Sum(column)).values_list("unit_id", "n")
    return {unit_id: int(n) for unit_id, n in grouped if n}

"""Extension points: each app contributes navigation entries, a demo seeder, an API router and indicators
without editing shared files.

Convention: an app may have `nav.py`, `seed.py`, `national.py`, `indicators.py` (imported at start-up by
`autodiscover`) and `api.py` (imported when the API is built). Each module calls the `register_*` functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from antq.core.periods import Period


@dataclass(frozen=True)
class NavEntry:
    """A menu entry; `visible(user)` decides whether the user sees it (scope is still enforced by the view)."""

    label: Any  # a lazy translated string
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] = lambda user: bool(user.is_authenticated)


@dataclass(frozen=True)
class Seeder:
    """Demo data for one app; `run(province, rng, stdout)` must be deterministic for a given rng."""

    name: str
    run: Callable[..., Any]
    order: int = 100


@dataclass(frozen=True)
class IndicatorFamily:
    """Indicators one query answers together (e.g. every outreach figure from the summary rows):
    `compute(actor, unit, period)` returns {code: value} for all of them. Reporting calls it once where it needs
    several of the family's codes; each member's own `compute` still answers alone."""

    name: str
    compute: Callable[[Any, Any, Period], dict[str, Any]]


@dataclass(frozen=True)
class IndicatorFunction:
    """A registry figure `compute(actor, unit, period)`: stock figures at the period's end, flow over it.

    `breakdown(actor, unit, period)`, when given, returns {dimension: {category: value}} for the dimensions
    named in `breakdowns` (e.g. members by "role", "gender", "age_band"). `records(actor, unit, period)`, when
    given, returns the rows behind the figure for drill-down; their count (or the sum of `record_value`) is the
    figure."""

    code: str
    compute: Callable[[Any, Any, Period], Any]
    flow: bool
    breakdowns: tuple[str, ...] = field(default_factory=tuple)
    breakdown: Callable[[Any, Any, Period], dict[str, dict[str, Any]]] | None = None
    # Drill-down: the records behind the figure (a queryset whose rows add up to it) and how to show them.
    records: Callable[[Any, Any, Period], Any] | None = None
    record_columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (attribute path, label)
    record_value: str | None = None  # attribute summed for the figure (None: each row counts 1)
    # Values below `unit` in one query, keyed by commune id (or directly by the child unit, e.g. a province of the
    # nation); lets dashboards fill a table of child units without one query per child. Summable figures only.
    per_commune: Callable[[Any, Any, Period], dict[int, Any]] | None = None
    family: IndicatorFamily | None = None


@dataclass(frozen=True)
class UnitLink:
    """A link an app adds to a unit's page (e.g. "Tổ bảo vệ ANTT" on a commune page); `url_name` takes the
    unit code. `visible(user, unit)` hides it from roles that would get a 404."""

    level: str
    label: Any
    url_name: str
    order: int = 100
    visible: Callable[[Any, Any], bool] = lambda user, unit: True


NAV: list[NavEntry] = []
UNIT_LINKS: list[UnitLink] = []
SEEDERS: list[Seeder] = []
# National-volume synthetic data (`seed_national`): `run(context)` bulk-loads rows and returns {label: rows}.
NATIONAL_SEEDERS: list[Seeder] = []
INDICATOR_FUNCTIONS: dict[str, IndicatorFunction] = {}
API_ROUTERS: list[tuple[str, Any]] = []


def register_nav(entry: NavEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in NAV):
        NAV.append(entry)
        NAV.sort(key=lambda e: e.order)


def register_unit_link(link: UnitLink) -> None:
    if all((existing.level, existing.url_name) != (link.level, link.url_name) for existing in UNIT_LINKS):
        UNIT_LINKS.append(link)
        UNIT_LINKS.sort(key=lambda item: item.order)


def unit_links(user: Any, unit: Any) -> list[UnitLink]:
    """Links other apps offer on this unit's page, for this user."""
    return [link for link in UNIT_LINKS if link.level == unit.level and link.visible(user, unit)]


def register_seeder(seeder: Seeder) -> None:
    if all(existing.name != seeder.name for existing in SEEDERS):
        SEEDERS.append(seeder)
        SEEDERS.sort(key=lambda s: s.order)


def register_national_seeder(seeder: Seeder) -> None:
    if all(existing.name != seeder.name for existing in NATIONAL_SEEDERS):
        NATIONAL_SEEDERS.append(seeder)
        NATIONAL_SEEDERS.sort(key=lambda s: s.order)


def register_indicator(function: IndicatorFunction) -> None:
    if function.code in INDICATOR_FUNCTIONS and INDICATOR_FUNCTIONS[function.code] is not function:
        existing = INDICATOR_FUNCTIONS[function.code].compute
        if existing is not function.compute:
            raise ValueError(f"Indicator {function.code} is registered twice")
    INDICATOR_FUNCTIONS[function.code] = function


def register_api_router(prefix: str, router: Any) -> None:
    if all(existing_prefix != prefix for existing_prefix, _ in API_ROUTERS):
        API_ROUTERS.append((prefix, router))


def autodiscover() -> None:
    """Import every installed app's nav, seed, national (seeding), indicators and summary modules."""
    autodiscover_modules("nav", "seed", "national", "indicators", "summary")

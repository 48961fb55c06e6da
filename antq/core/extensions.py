"""Extension points: each app contributes navigation entries, a demo seeder, an API router and indicators
without editing shared files.

Convention: an app may have `nav.py`, `seed.py`, `indicators.py` (imported at start-up by `autodiscover`) and
`api.py` (imported when the API is built). Each module calls the `register_*` functions below.
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
    run: Callable[..., None]
    order: int = 100


@dataclass(frozen=True)
class IndicatorFunction:
    """A registry figure `compute(actor, unit, period)`: stock figures at the period's end, flow over it."""

    code: str
    compute: Callable[[Any, Any, Period], Any]
    flow: bool
    breakdowns: tuple[str, ...] = field(default_factory=tuple)


NAV: list[NavEntry] = []
SEEDERS: list[Seeder] = []
INDICATOR_FUNCTIONS: dict[str, IndicatorFunction] = {}
API_ROUTERS: list[tuple[str, Any]] = []


def register_nav(entry: NavEntry) -> None:
    if all(existing.url_name != entry.url_name for existing in NAV):
        NAV.append(entry)
        NAV.sort(key=lambda e: e.order)


def register_seeder(seeder: Seeder) -> None:
    if all(existing.name != seeder.name for existing in SEEDERS):
        SEEDERS.append(seeder)
        SEEDERS.sort(key=lambda s: s.order)


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
    """Import every installed app's nav, seed and indicators modules."""
    autodiscover_modules("nav", "seed", "indicators")

"""Extension points: each app contributes navigation entries, a demo seeder, an API router and indicators
without editing shared files; indicators are declared through antq.core.indicators.

Convention: an app may have `nav.py`, `seed.py`, `national.py`, `indicators.py` (imported at start-up by
`autodiscover`) and `api.py` (imported when the API is built). Each module calls the `register_*` functions below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import autodiscover_modules


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


def register_api_router(prefix: str, router: Any) -> None:
    if all(existing_prefix != prefix for existing_prefix, _ in API_ROUTERS):
        API_ROUTERS.append((prefix, router))


def autodiscover() -> None:
    """Import every installed app's nav, seed, national (seeding), indicators and summary modules."""
    autodiscover_modules("nav", "seed", "national", "indicators", "summary")

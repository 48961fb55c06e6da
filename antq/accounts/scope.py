"""What an acting user may see: computed from their active role assignments, failing closed.

Every selector starts here: `scope_for(user)` gives the units the user covers, and `Scope.units_q()` /
`Scope.commune_q()` turn that into a queryset filter. No active assignment → an empty scope → no rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from antq.accounts.models import Role, RoleAssignment
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import child_ids

# Roles that may keep registries (create, change, import) in their units.
OFFICER_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE, Role.COMMUNE})
# Roles that may administer accounts for units inside their own scope.
ADMIN_ROLES = frozenset({Role.MINISTRY, Role.PROVINCE})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    level: str
    province_id: int | None  # for a commune grant, its province
    bound: tuple[int, int] | None = None  # (content type id, object id) for a team leader


@dataclass(frozen=True)
class Scope:
    """The units a user covers, per role. Immutable; cached on the user object for one request."""

    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.grants

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self.grants)

    def _grants(self, roles: frozenset[str] | None) -> list[Grant]:
        return [g for g in self.grants if roles is None or g.role in roles]

    def is_national(self, roles: frozenset[str] | None = None) -> bool:
        return any(g.level == Level.NATION for g in self._grants(roles))

    def province_ids(self, roles: frozenset[str] | None = None) -> set[int]:
        return {g.unit_id for g in self._grants(roles) if g.level == Level.PROVINCE}

    def commune_ids(self, roles: frozenset[str] | None = None) -> set[int]:
        return {g.unit_id for g in self._grants(roles) if g.level == Level.COMMUNE}

    def commune_q(self, path: str = "commune", roles: frozenset[str] | None = None) -> Q:
        """Filter for rows that belong to a commune reached through `path` (e.g. "commune", "team__commune")."""
        if self.is_national(roles):
            return Q()
        provinces, communes = self.province_ids(roles), self.commune_ids(roles)
        if not provinces and not communes:
            return Q(pk__in=[])
        # A subquery on the units rather than a join: the database then uses the rows' own unit index.
        below = AdminUnit.objects.filter(parent_id__in=provinces).values("pk")
        if not communes:
            return Q(**{f"{path}_id__in": below})
        if not provinces:
            return Q(**{f"{path}_id__in": communes})
        return Q(**{f"{path}_id__in": below}) | Q(**{f"{path}_id__in": communes})

    def units_q(self, roles: frozenset[str] | None = None) -> Q:
        """Filter for AdminUnit rows: the granted units, their descendants and (for browsing) their ancestors'
        own rows are not included — only what the user covers."""
        if self.is_national(roles):
            return Q()
        provinces, communes = self.province_ids(roles), self.commune_ids(roles)
        if not provinces and not communes:
            return Q(pk__in=[])
        return Q(pk__in=provinces) | Q(parent_id__in=provinces) | Q(pk__in=communes)

    def covers(self, unit: AdminUnit, roles: frozenset[str] | None = None) -> bool:
        """Whether `unit` is one of the user's units or lies below one."""
        if self.is_national(roles):
            return True
        provinces, communes = self.province_ids(roles), self.commune_ids(roles)
        if unit.level == Level.PROVINCE:
            return unit.pk in provinces
        if unit.level == Level.COMMUNE:
            return unit.pk in communes or unit.parent_id in provinces
        return False

    def can_write(self, unit: AdminUnit) -> bool:
        return self.covers(unit, OFFICER_ROLES)

    def bound_ids(self, content_type_id: int) -> set[int]:
        return {g.bound[1] for g in self.grants if g.bound and g.bound[0] == content_type_id}


EMPTY = Scope()


def active_assignments(user: Any, on: dt.date | None = None) -> list[RoleAssignment]:
    day = on or timezone.localdate()
    return list(
        RoleAssignment.objects.filter(user=user, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("unit")
    )


def scope_for(user: Any, on: dt.date | None = None) -> Scope:
    """The user's scope today (or `on`); anonymous or disabled users get the empty scope."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    if on is None and hasattr(user, "_antq_scope"):
        return user._antq_scope  # type: ignore[no-any-return]
    grants = []
    for a in active_assignments(user, on):
        if not a.unit.is_current:
            continue
        province_id = a.unit.parent_id if a.unit.level == Level.COMMUNE else None
        bound = (a.bound_type_id, a.bound_id) if a.bound_type_id and a.bound_id else None
        grants.append(Grant(a.role, a.unit_id, a.unit.level, province_id, bound))
    scope = Scope(tuple(grants))
    if on is None:
        user._antq_scope = scope
    return scope


def can_write(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may keep registries (create, change, import) in `unit`: an officer role covering it
    (`antq.core.ports`' write check, registered in AccountsConfig.ready())."""
    return scope_for(actor).can_write(unit)


# --- Summary tables (antq.core.summary) --------------------------------------------------------------------------


def summary_scope_q(scope: Scope, unit: AdminUnit) -> Q:
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
        return Q(total=False, unit_id__in=sorted(scope.commune_ids() & child_ids(unit)))
    if unit.level == Level.COMMUNE and scope.covers(unit):
        return Q(total=False, unit=unit)
    return Q(pk__in=[])


def summary_children_q(scope: Scope, unit: AdminUnit) -> Q:
    """Summary rows per child for a dashboard's table: below the nation the provinces' total rows; below a
    province its communes' and its own rows (all of them when the actor covers the province)."""
    if unit.level == Level.PROVINCE and scope.covers(unit):
        return Q(total=False, unit_id__in=sorted(child_ids(unit) | {unit.pk}))
    return summary_scope_q(scope, unit)

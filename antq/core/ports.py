"""Ports: what core and geo need from accounts, which sits above them (docs/architecture.md, "Layers").

Two writers below accounts must still answer to it: the shared spreadsheet importer (`core.imports.importer`) leaves
one audit entry per object it creates or updates, and geo's writes, import and demo seed of localities and
establishments are audited and, for an actor, allowed only in a commune the actor may keep registries in. The
audit trail and the scope belong to accounts, which core and geo may not import. So core declares the two ports
here — the audit trail (`audit_objects`, `acting_as`) and the write check (`can_write`) — and accounts fills them in
`AccountsConfig.ready()` (`antq/accounts/apps.py`) with `accounts.audit` and `accounts.scope`.

Both fail closed: calling a port nobody registered raises `PortNotRegistered` — a write is never left unaudited, and
never allowed, because a registration is missing. (A programming error, never a user's.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from django.db import models

# The actions a port caller audits (accounts maps them onto its AuditEntry actions).
CREATE = "create"
UPDATE = "update"
ACTIONS = frozenset({CREATE, UPDATE})


class PortNotRegistered(RuntimeError):
    """A port was called before anyone registered it (accounts registers both in `AccountsConfig.ready()`)."""


@dataclass(frozen=True)
class AuditTrail:
    """What accounts lends for auditing: `record(*, actor, objects, action, note, changes_for)` writes one audit entry
    per object and returns how many; `acting_as(actor)` attributes the entries that model signals write inside the
    block to `actor`."""

    record: Callable[..., int]
    acting_as: Callable[[Any], AbstractContextManager[None]]


_audit_trail: AuditTrail | None = None
_write_check: Callable[[Any, Any], bool] | None = None


def register_audit_trail(trail: AuditTrail) -> None:
    global _audit_trail
    _audit_trail = trail


def register_write_check(check: Callable[[Any, Any], bool]) -> None:
    """`check(actor, unit)`: whether the actor may keep registries (create, change, import) in `unit`."""
    global _write_check
    _write_check = check


def _trail() -> AuditTrail:
    if _audit_trail is None:
        raise PortNotRegistered("No audit trail registered (antq.accounts registers it in AppConfig.ready()).")
    return _audit_trail


def audit_objects(
    *,
    actor: Any,
    objects: Sequence[models.Model],
    action: str,
    note: str = "",
    changes_for: Callable[[models.Model], dict[str, tuple[Any, Any]] | None] | None = None,
) -> int:
    """Leave one audit entry per object of a bulk write that model signals do not see (`action`: CREATE or UPDATE;
    `changes_for(obj)` gives an updated object's {field: (old, new)}); returns the entries written. Raises
    PortNotRegistered when no audit trail is registered."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    return _trail().record(actor=actor, objects=objects, action=action, note=note, changes_for=changes_for)


def acting_as(actor: Any) -> AbstractContextManager[None]:
    """Attribute the audit entries written inside the block (by model signals) to `actor`. Raises
    PortNotRegistered when no audit trail is registered."""
    return _trail().acting_as(actor)


def can_write(actor: Any, unit: Any) -> bool:
    """Whether `actor` may keep registries in `unit` (accounts: an officer role covering the unit). Raises
    PortNotRegistered when no write check is registered — never a silent yes."""
    if _write_check is None:
        raise PortNotRegistered("No write check registered (antq.accounts registers it in AppConfig.ready()).")
    return _write_check(actor, unit)

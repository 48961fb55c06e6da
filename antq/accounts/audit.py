"""Audit helpers for what django-auditlog's signals do not see: bulk writes and views of sensitive fields.

Bulk writes (imports, seeds) leave one `AuditEntry` per object, written with one bulk insert, so each record's
history is complete and the province trail can filter by unit. Personal fields are masked in every entry.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from auditlog.context import set_actor
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from antq.accounts.models import AuditEntry
from antq.core import ports
from antq.geo.models import AdminUnit, Level

CREATE, UPDATE, DELETE, ACCESS = (
    AuditEntry.Action.CREATE,
    AuditEntry.Action.UPDATE,
    AuditEntry.Action.DELETE,
    AuditEntry.Action.ACCESS,
)


def mask(value: Any, keep: int = 4) -> str:
    """ "012345678901" → "••••••••8901": enough to recognise a record, not to reuse the number."""
    text = "" if value is None else str(value)
    if len(text) <= keep:
        return "•" * len(text)
    return "•" * (len(text) - keep) + text[-keep:]


# Keys of a JSON payload (a team leader's proposed change) that hold personal data.
_PERSONAL_KEYS = frozenset({"national_id", "phone", "birth_date", "contact_phone", "contact_address"})


def mask_payload(value: Any) -> str:
    """A JSON object as text with only its personal keys masked, so the trail still says what was proposed:
    `{"phone": "0912345678", "role": "member"}` → `{"phone": "••••••5678", "role": "member"}`. Text that is not
    a JSON object is masked whole, as `mask` does."""
    text = "" if value is None else str(value)
    try:
        data = json.loads(text)
    except ValueError:
        return mask(text)
    if not isinstance(data, dict):
        return mask(text)
    return json.dumps(
        {key: mask(item) if key in _PERSONAL_KEYS and item not in (None, "") else item for key, item in data.items()},
        ensure_ascii=False,
    )


def _mask_fields(model: type[models.Model]) -> list[str]:
    from auditlog.registry import auditlog

    options = auditlog.get_model_fields(model) if auditlog.contains(model) else {}
    return list(options.get("mask_fields", []))


def _unit_of(obj: models.Model) -> int | None:
    getter = getattr(obj, "audit_unit_id", None)
    return getter() if callable(getter) else getter


def _province_ids(unit_ids: Iterable[int | None]) -> dict[int, int | None]:
    wanted = {u for u in unit_ids if u}
    result: dict[int, int | None] = {}
    for pk, level, parent_id in AdminUnit.objects.filter(pk__in=wanted).values_list("pk", "level", "parent_id"):
        result[pk] = pk if level == Level.PROVINCE else (parent_id if level == Level.COMMUNE else None)
    return result


def audit_objects(
    *,
    actor: Any,
    objects: Sequence[models.Model],
    action: int,
    changes: dict[str, Any] | None = None,
    note: str = "",
    changes_for: Any = None,
) -> int:
    """Write one audit entry per object (for bulk creates/updates that bypass model signals).

    `changes_for(obj)` may give each object its own {field: (old, new)}; personal fields registered with
    django-auditlog's `mask_fields` are masked as in the signal-written entries."""
    if not objects:
        return 0
    content_type = ContentType.objects.get_for_model(objects[0])
    masked = set(_mask_fields(type(objects[0])))

    def entry_changes(obj: models.Model) -> dict[str, Any] | None:
        if changes_for is None:
            return changes
        own = changes_for(obj)
        if not own:
            return None
        return {
            field: [mask(old) if field in masked else str(old), mask(new) if field in masked else str(new)]
            for field, (old, new) in own.items()
        }

    unit_ids = [_unit_of(obj) for obj in objects]
    provinces = _province_ids(unit_ids)
    now = timezone.now()
    entries = [
        AuditEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=str(obj)[:200],
            action=action,
            changes=entry_changes(obj),
            actor=actor if actor and actor.pk else None,
            timestamp=now,
            unit_id=unit_id,
            province_id=provinces.get(unit_id) if unit_id else None,
            additional_data={"bulk": True, "note": note} if note else {"bulk": True},
        )
        for obj, unit_id in zip(objects, unit_ids, strict=True)
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


_PORT_ACTIONS = {ports.CREATE: CREATE, ports.UPDATE: UPDATE}


def record_for_port(
    *, actor: Any, objects: Sequence[models.Model], action: str, note: str = "", changes_for: Any = None
) -> int:
    """`audit_objects` as `antq.core.ports`' audit trail (the importer's and geo's bulk writes), the action named
    by the port (registered in AccountsConfig.ready())."""
    return audit_objects(actor=actor, objects=objects, action=_PORT_ACTIONS[action], note=note, changes_for=changes_for)


def audit_access(
    *, actor: Any, obj: models.Model, field: str, unit: AdminUnit | None = None, masked: bool = False
) -> AuditEntry:
    """Record that `actor` viewed `field` of `obj` (a member's CCCD, a roster export, a printed form): in full, or
    with the personal fields masked (`masked=True`, e.g. a province's roster export) — still a read of personal
    records, so still audited, but not shown in the trail as a full view.

    The entry carries the unit the data belongs to and its province, so it reaches that province's audit trail:
    `unit` when given, else the unit itself when `obj` is an AdminUnit (a commune's roster), else the record's
    `audit_unit_id()`."""
    if unit is not None:
        unit_id: int | None = unit.pk
    elif isinstance(obj, AdminUnit):
        unit_id = obj.pk
    else:
        unit_id = _unit_of(obj)
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_pk=str(obj.pk),
        object_id=obj.pk if isinstance(obj.pk, int) else None,
        object_repr=str(obj)[:200],
        action=ACCESS,
        actor=actor if actor is not None and actor.pk else None,
        unit_id=unit_id,
        province_id=_province_ids([unit_id]).get(unit_id) if unit_id else None,
        additional_data={"field": field, "masked": True} if masked else {"field": field},
    )


@contextlib.contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """Attribute audit entries written inside the block to `actor` (services called from the CLI, imports, tests;
    in a request the audit middleware already does this)."""
    if actor is not None and getattr(actor, "pk", None):
        with set_actor(actor):
            yield
    else:
        yield

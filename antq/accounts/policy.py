"""Which personal fields each role sees, per record unit: the one table pages, exports and the API consult.

"full" shows the value, "masked" shows `••••••••1234`, None hides the field. Viewers (steering committee,
Fatherland Front) see aggregates and documents only, never a personal field. A commune officer sees the full
CCCD only on a member's own page, and that view is audited (antq.accounts.audit.audit_access).
"""

from __future__ import annotations

from typing import Any, Literal

from antq.accounts.audit import mask
from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.geo.models import AdminUnit

Access = Literal["full", "masked", "full_on_detail"] | None

FIELD_VISIBILITY: dict[str, dict[str, Access]] = {
    Role.COMMUNE: {"national_id": "full_on_detail", "phone": "full", "birth_date": "full"},
    Role.PROVINCE: {"national_id": "masked", "phone": "masked", "birth_date": "full"},
    Role.MINISTRY: {"national_id": "masked", "phone": "masked", "birth_date": "full"},
    Role.TEAM_LEADER: {"national_id": None, "phone": "full", "birth_date": None},
    Role.VIEWER: {},
}
_RANK: dict[Access, int] = {None: 0, "masked": 1, "full_on_detail": 2, "full": 3}


def field_access(actor: Any, unit: AdminUnit, field: str) -> Access:
    """The most open access any of the actor's roles covering `unit` gives to `field`."""
    scope = scope_for(actor)
    best: Access = None
    for role, fields in FIELD_VISIBILITY.items():
        if scope.covers(unit, frozenset({role})):
            access = fields.get(field)
            if _RANK[access] > _RANK[best]:
                best = access
    return best


def sees_personal_data(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor may open records with personal data (member lists, rosters) for `unit`."""
    scope = scope_for(actor)
    return any(scope.covers(unit, frozenset({role})) for role, fields in FIELD_VISIBILITY.items() if fields)


def shown_value(access: Access, value: Any, *, detail: bool = False) -> str:
    """What one role sees of one personal field: the value, the masked value or "" (hidden).

    `detail=True` is the record's own page, where "full_on_detail" shows the value in full (the caller audits
    that view with `audit_access`); everywhere else — lists, exports, forms, the API — it shows masked."""
    text = "" if value is None else str(value)
    if access == "full" or (access == "full_on_detail" and detail):
        return text
    if access is None or not text:
        return ""
    return mask(text)


def personal_value(actor: Any, unit: AdminUnit, field: str, value: Any, *, detail: bool = False) -> str:
    """`shown_value` for the actor's access to `field` of a record kept by `unit` (see FIELD_VISIBILITY)."""
    return shown_value(field_access(actor, unit, field), value, detail=detail)

"""Which personal fields each role sees, per record unit: the one table pages, exports and the API consult.

"full" shows the value, "masked" shows `••••••••1234`, None hides the field. Viewers (steering committee,
Fatherland Front) see aggregates and documents only, never a personal field. A commune officer sees the full
CCCD only on the record's own page (its page and its edit form) and in the commune's own audited documents (the
Thông tư 14/2024 forms, the roster export in the import layout); each such view is audited
(antq.accounts.audit.audit_access). Everywhere else — lists, the API, notifications — it is masked.

Every output goes through `shown_value` / `personal_value` (pages, API schemas, exports), `reveal` (a detail
view that audits a full sensitive value) or `restrict_form` (forms' initial values). docs/privacy.md describes
the same table in words; tests/accounts/test_personal_data.py checks every route and export against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from django import forms
from django.db import models

from antq.accounts.audit import audit_access, mask
from antq.accounts.models import Role
from antq.accounts.scope import scope_for
from antq.geo.models import AdminUnit

Access = Literal["full", "masked", "full_on_detail"] | None

# The personal fields: "national_id" (a member's or an award nominee's CCCD), "phone" (a member's phone, the new
# phone in a team leader's proposal, an advanced example's contact phone), "birth_date" (a member's or a nominee's)
# and "address" (an advanced example's contact address).
FIELD_VISIBILITY: dict[str, dict[str, Access]] = {
    Role.COMMUNE: {"national_id": "full_on_detail", "phone": "full", "birth_date": "full", "address": "full"},
    Role.PROVINCE: {"national_id": "masked", "phone": "masked", "birth_date": "full", "address": "masked"},
    Role.MINISTRY: {"national_id": "masked", "phone": "masked", "birth_date": "full", "address": "masked"},
    Role.TEAM_LEADER: {"national_id": None, "phone": "full", "birth_date": None, "address": None},
    Role.VIEWER: {},
}
# Fields whose every full view writes an access entry (Law 91/2025 on personal data protection: the controller
# can show who processed the data; Nghị định 13/2023 counts the CCCD among the data it protects).
AUDITED_FIELDS = frozenset({"national_id"})
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


def reveal(actor: Any, *, obj: models.Model, unit: AdminUnit, field: str, value: Any, detail: bool = True) -> str:
    """`personal_value` for one record's own page; a full view of an audited field (the CCCD) is logged."""
    shown = personal_value(actor, unit, field, value, detail=detail)
    if shown and field in AUDITED_FIELDS and shown == str(value):
        audit_access(actor=actor, obj=obj, field=field, unit=unit)
    return shown


def restrict_form(
    form: forms.BaseForm,
    *,
    actor: Any,
    unit: AdminUnit,
    fields: Mapping[str, str],
    obj: models.Model | None = None,
    detail: bool = True,
) -> list[tuple[str, str]]:
    """Apply the policy to a form's initial values: `fields` maps form field → personal field.

    A field the actor may not see in full is taken out of the form, so its value is neither sent pre-filled nor
    accepted back (the stored value is kept); one the actor sees masked is returned as (label, masked value) for
    the page to show read-only. A full value of an audited field shown to edit (the commune's own edit form) is
    logged like the record's page."""
    read_only: list[tuple[str, str]] = []
    for name, field in fields.items():
        if name not in form.fields:
            continue
        access = field_access(actor, unit, field)
        value = form.initial.get(name, form.fields[name].initial)
        text = "" if value is None else str(value)
        shown = shown_value(access, value, detail=detail)
        if shown != text or access is None:
            if shown:
                read_only.append((str(form.fields[name].label or name), shown))
            del form.fields[name]
            form.initial.pop(name, None)
        elif text and obj is not None and field in AUDITED_FIELDS:
            audit_access(actor=actor, obj=obj, field=field, unit=unit)
    return read_only

"""Acting for a unit ("nhập thay"): a unit's own officers enter its figures; an officer of the level above (a province
officer for a commune, a Ministry officer for a province) enters them only under an `ActingGrant`.

Who gives the grant: one of the unit's own officers (a commune's Công an xã officer for the commune). The figures
and the report are the unit's — its officers still submit it, and the province approves it (separation of duties,
antq.reporting.services.TRANSITIONS) — so the unit consents to someone above typing them in for it (its officer is
away, the commune has no connection, a backlog of baselines). Nobody grants themselves, and nobody above grants it
to themselves or to a colleague: a province officer who could would be entering and approving the same figures at
will. A grant names its reason and an end date (at most `MAX_DAYS` after its start: one reporting quarter; renewed
if needed), may be revoked at any time by the unit's officers or handed back by the grantee, and every value written
under it is audited naming it (`acting_for`). Writes and reads of grants live here, as exemplars.py does for the
schemes app, and are audited by django-auditlog's signals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.context import set_extra_data
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from antq.accounts.audit import acting_as
from antq.accounts.models import ActingGrant, Role, RoleAssignment, User
from antq.accounts.scope import scope_for
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, Problem, raise_problems
from antq.geo.models import AdminUnit, Level

# The role of a unit's own officers, and the roles above that may act for it under a grant.
OWN_ROLE: dict[str, str] = {Level.COMMUNE: Role.COMMUNE, Level.PROVINCE: Role.PROVINCE, Level.NATION: Role.MINISTRY}
ABOVE_ROLES: dict[str, frozenset[str]] = {
    Level.COMMUNE: frozenset({Role.PROVINCE, Role.MINISTRY}),
    Level.PROVINCE: frozenset({Role.MINISTRY}),
}
MAX_DAYS = 92  # one reporting quarter: a grant covers an absence or a backlog, then is renewed or lapses


def is_own_officer(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor is one of the unit's own officers (a commune's officer for the commune)."""
    role = OWN_ROLE.get(unit.level)
    return role is not None and scope_for(actor).covers(unit, frozenset({role}))


def is_officer_above(actor: Any, unit: AdminUnit) -> bool:
    """Whether the actor is an officer of a level above the unit who covers it (who may act for it under a grant)."""
    roles = ABOVE_ROLES.get(unit.level)
    return roles is not None and scope_for(actor).covers(unit, roles)


def active_grant(actor: Any, units: Iterable[AdminUnit], *, on: dt.date | None = None) -> ActingGrant | None:
    """The actor's grant in force today (or `on`) for one of `units`, or None — only while the actor still holds a
    role above the unit (a grant does not outlive the job)."""
    day = on or timezone.localdate()
    units = [unit for unit in units if is_officer_above(actor, unit)]
    if not units or not getattr(actor, "pk", None):
        return None
    return (
        ActingGrant.objects.filter(
            grantee=actor, unit__in=units, revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day
        )
        .select_related("unit", "granted_by")
        .order_by("-valid_until", "-pk")
        .first()
    )


def grants_of(actor: Any, unit: AdminUnit) -> QuerySet[ActingGrant]:
    """The unit's grants, newest first, for its own officers and for officers above who cover it; none otherwise."""
    if not (is_own_officer(actor, unit) or is_officer_above(actor, unit)):
        return ActingGrant.objects.none()
    return ActingGrant.objects.filter(unit=unit).select_related("grantee", "granted_by", "revoked_by")


def grantees_for(unit: AdminUnit) -> QuerySet[User]:
    """Active accounts that hold, today, a role above the unit covering it (the officers it may give a grant to)."""
    today = timezone.localdate()
    above = Q(unit__level=Level.NATION, role=Role.MINISTRY)
    if unit.level == Level.COMMUNE:
        above |= Q(unit_id=unit.parent_id, role=Role.PROVINCE)
    holders = (
        RoleAssignment.objects.filter(above, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values("user_id")
    )
    if unit.level not in ABOVE_ROLES:
        return User.objects.none()
    return User.objects.filter(is_active=True, pk__in=holders).order_by("full_name", "username")


def grant_problems(
    *, grantee: User | None, unit: AdminUnit, granted_by: Any, reason: str, valid_from: dt.date, valid_until: Any
) -> list[Problem]:
    """Every problem of a new grant: an active officer above the unit as grantee (not the grantor), a reason, and a
    period from today or later ending within `MAX_DAYS`."""
    problems: list[Problem] = []
    if grantee is None:
        problems.append(("grantee", "Chọn cán bộ được giao nhập thay."))
    elif grantee.pk == getattr(granted_by, "pk", None):
        problems.append(("grantee", "Không tự giao nhập thay cho chính mình."))
    elif not grantee.is_active or not is_officer_above(grantee, unit):
        above = "Công an tỉnh hoặc Bộ Công an" if unit.level == Level.COMMUNE else "Bộ Công an"
        problems.append(("grantee", f"{grantee} không phải cán bộ {above} phụ trách {unit.name}."))
    if not reason.strip():
        problems.append(("reason", "Cần ghi lý do giao nhập thay."))
    if valid_from < timezone.localdate():
        problems.append(("valid_from", "Ngày bắt đầu không được trước hôm nay."))
    if valid_until is None:
        problems.append(("valid_until", "Cần ghi ngày hết hạn giao nhập thay."))
    elif valid_until < valid_from:
        problems.append(("valid_until", "Ngày hết hạn phải từ ngày bắt đầu trở đi."))
    elif (valid_until - valid_from).days >= MAX_DAYS:
        last = valid_from + dt.timedelta(days=MAX_DAYS - 1)
        problems.append(("valid_until", f"Giao nhập thay tối đa {MAX_DAYS} ngày (đến hết ngày {last:%d/%m/%Y})."))
    return problems


def acting_grant_create(
    *,
    actor: Any,
    unit: AdminUnit,
    grantee: User | None,
    reason: str,
    valid_until: dt.date | None,
    valid_from: dt.date | None = None,
) -> ActingGrant:
    """Give `grantee` (an officer above the unit) leave to enter the unit's figures; only the unit's own officers
    give it (every problem at once)."""
    if not unit.is_current or not (is_own_officer(actor, unit) or is_officer_above(actor, unit)):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị.")
    if not is_own_officer(actor, unit):
        raise PermissionDenied(f"Chỉ cán bộ của {unit.name} giao việc nhập thay số liệu của đơn vị mình.")
    start = valid_from or timezone.localdate()
    reason = " ".join(reason.split())
    raise_problems(
        grant_problems(
            grantee=grantee, unit=unit, granted_by=actor, reason=reason, valid_from=start, valid_until=valid_until
        )
    )
    assert valid_until is not None and grantee is not None  # refused above otherwise (for the type checker)
    grant = ActingGrant(
        grantee=grantee, unit=unit, granted_by=actor, reason=reason, valid_from=start, valid_until=valid_until
    )
    with transaction.atomic(), acting_as(actor):
        grant.save()
    return grant


def acting_grant_revoke(*, actor: Any, grant: ActingGrant) -> ActingGrant:
    """End a grant now: by the unit's own officers, or handed back by its grantee."""
    if not (is_own_officer(actor, grant.unit) or is_officer_above(actor, grant.unit)):
        raise NotFoundOrOutOfScope("Không tìm thấy.")
    if not is_own_officer(actor, grant.unit) and grant.grantee_id != actor.pk:
        raise PermissionDenied(f"Chỉ cán bộ của {grant.unit.name} hoặc người được giao thu hồi việc giao nhập thay.")
    with transaction.atomic(), acting_as(actor):
        locked = ActingGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.revoked_at is None:
            locked.revoked_at, locked.revoked_by = timezone.now(), actor
            locked.save(update_fields=["revoked_at", "revoked_by"])
    grant.revoked_at, grant.revoked_by = locked.revoked_at, locked.revoked_by
    return grant


def grant_note(grant: ActingGrant) -> str:
    """How the audit trail names a grant: "Nhập thay Xã Đông Hưng theo giao quyền số 7 của Nguyễn Văn A"."""
    return f"Nhập thay {grant.unit.name} theo giao quyền số {grant.pk} của {grant.granted_by}"


@contextlib.contextmanager
def acting_for(actor: Any, grant: ActingGrant | None) -> Iterator[None]:
    """Attribute the audit entries written inside the block to `actor`, and, under a grant, name the grant in each
    of them (`additional_data`: {"acting_grant": id, "note": …})."""
    if grant is None:
        with acting_as(actor):
            yield
        return
    with set_extra_data({"actor": actor, "additional_data": {"acting_grant": grant.pk, "note": grant_note(grant)}}):
        yield

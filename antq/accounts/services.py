"""Account writes: delegated administration of users and role assignments, lockouts and password resets, and
in-app notifications (`notify`, `notify_role`) that every app's workflow sends through.

A province officer administers accounts of units in their province, a ministry officer all; nobody grants a
scope wider than their own. Every change runs in one transaction and is audited (django-auditlog signals on
User and RoleAssignment, plus explicit entries for lockout clearing and password resets).

A password reset or change also revokes the credentials other apps derived from the old password (API tokens),
in the same transaction: those apps sit above accounts, so they register a revoker here
(`register_credential_revoker`) rather than being imported.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from antq.accounts.audit import UPDATE, acting_as, audit_objects
from antq.accounts.models import Notification, Role, RoleAssignment, User
from antq.accounts.scope import ADMIN_ROLES, scope_for
from antq.core.errors import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from antq.core.phones import phone_canonical
from antq.geo.models import AdminUnit, Level

# Which unit level each role is held for.
ROLE_LEVELS: dict[str, set[str]] = {
    Role.MINISTRY: {Level.NATION},
    Role.PROVINCE: {Level.PROVINCE},
    Role.COMMUNE: {Level.COMMUNE},
    Role.VIEWER: {Level.NATION, Level.PROVINCE, Level.COMMUNE},
    Role.TEAM_LEADER: {Level.COMMUNE},
}
# Roles a province officer may grant (always inside their province); a ministry officer may grant any role.
PROVINCE_GRANTABLE = {Role.PROVINCE, Role.COMMUNE, Role.VIEWER, Role.TEAM_LEADER}
CHANGE_FIRST_MESSAGE = "Bạn cần đổi mật khẩu trước khi tiếp tục (mật khẩu hiện tại chỉ dùng một lần)."


class PasswordChangeRequired(PermissionDenied):
    """The account still has a one-time password (new account, admin reset): nothing else until it is changed."""

    code = "password_change_required"


def require_password_changed(user: Any) -> None:
    """Refuse (403) an account that must change its one-time password first — pages, API and token issue alike."""
    if getattr(user, "must_change_password", False):
        raise PasswordChangeRequired(CHANGE_FIRST_MESSAGE)


# revoke(actor=…, user=…, note=…) -> how many credentials it revoked; called inside the password transaction.
CredentialRevoker = Callable[..., int]
_CREDENTIAL_REVOKERS: list[CredentialRevoker] = []


def register_credential_revoker(revoke: CredentialRevoker) -> None:
    """Have `revoke` called whenever a user's password is reset or changed (idempotent)."""
    if revoke not in _CREDENTIAL_REVOKERS:
        _CREDENTIAL_REVOKERS.append(revoke)


def _revoke_credentials(*, actor: Any, user: User, note: str) -> int:
    return sum(revoke(actor=actor, user=user, note=note) for revoke in _CREDENTIAL_REVOKERS)


def can_administer(actor: Any, unit: AdminUnit | None) -> bool:
    """Whether `actor` administers accounts of `unit` (ministry: all units; province officer: their province)."""
    scope = scope_for(actor)
    if scope.is_national(ADMIN_ROLES):
        return True
    return unit is not None and unit.level != Level.NATION and scope.covers(unit, ADMIN_ROLES)


def _require_admin(actor: Any, unit: AdminUnit | None) -> None:
    if not can_administer(actor, unit):
        raise NotFoundOrOutOfScope("Không tìm thấy đơn vị hoặc tài khoản.")


def _temporary_password() -> str:
    return secrets.token_urlsafe(12)


def user_create(
    *, actor: Any, username: str, full_name: str, home_unit: AdminUnit, phone: str = "", email: str = ""
) -> tuple[User, str]:
    """Create an account for a unit the actor administers; returns the user and a one-time password."""
    _require_admin(actor, home_unit)
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(f"Tên đăng nhập “{username}” đã được dùng.", field="username")
    password = _temporary_password()
    user = User(
        username=username,
        full_name=full_name.strip(),
        phone=phone_canonical(phone, field="phone"),
        email=email.strip(),
        home_unit=home_unit,
        created_by=actor,
        must_change_password=True,
    )
    user.set_password(password)
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed("; ".join(messages), field=field) from exc
    with transaction.atomic(), acting_as(actor):
        user.save()
    return user, password


def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Disable or re-enable an account (never deleted, so its audit trail stays whole)."""
    _require_admin(actor, user.home_unit)
    if user.pk == actor.pk and not active:
        raise ValidationFailed("Không thể tự khóa tài khoản của chính mình.")
    with transaction.atomic(), acting_as(actor):
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
    user.is_active = active
    return user


def user_password_reset(*, actor: Any, user: User) -> str:
    """Issue a one-time password; the user must change it at next login. Clears any lockout and revokes the
    user's API tokens too."""
    _require_admin(actor, user.home_unit)
    password = _temporary_password()
    with transaction.atomic(), acting_as(actor):
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        audit_objects(
            actor=actor, objects=[user], action=UPDATE, changes={"password": ["***", "***"]}, note="Cấp lại mật khẩu"
        )
        user_lockout_clear(actor=actor, user=user)
        _revoke_credentials(actor=actor, user=user, note="Thu hồi mã API do cấp lại mật khẩu")
    return password


def user_lockout_clear(*, actor: Any, user: User) -> int:
    """Clear failed-login records (django-axes) so a locked-out user can log in again."""
    from axes.utils import reset

    _require_admin(actor, user.home_unit)
    with transaction.atomic(), acting_as(actor):
        removed = reset(username=user.username)
        if removed:
            audit_objects(actor=actor, objects=[user], action=UPDATE, note="Mở khóa đăng nhập")
    return removed


def user_password_change(*, user: User, new_password: str) -> User:
    """The user chose their own password (already validated by the form): save it, lift the must-change flag and
    revoke the user's API tokens, in one transaction."""
    with transaction.atomic(), acting_as(user):
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_objects(
            actor=user, objects=[user], action=UPDATE, changes={"password": ["***", "***"]}, note="Đổi mật khẩu"
        )
        _revoke_credentials(actor=user, user=user, note="Thu hồi mã API do đổi mật khẩu")
    return user


def assignment_grant(
    *,
    actor: Any,
    user: User,
    role: str,
    unit: AdminUnit,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    bound: Any = None,
) -> RoleAssignment:
    """Give `user` a role for `unit`; the actor must administer both the unit and the user's account."""
    from django.contrib.contenttypes.models import ContentType

    _require_admin(actor, user.home_unit)
    _require_admin(actor, unit)
    scope = scope_for(actor)
    if role not in Role.values:
        raise ValidationFailed("Vai trò không hợp lệ.", field="role")
    if not scope.is_national(ADMIN_ROLES) and role not in PROVINCE_GRANTABLE:
        raise PermissionDenied("Chỉ cán bộ Bộ Công an được cấp vai trò này.")
    if unit.level not in ROLE_LEVELS[role] or not unit.is_current:
        raise ValidationFailed(
            f"Vai trò “{Role(role).label}” không cấp cho {unit.get_level_display().lower()}.", field="unit"
        )
    if role == Role.TEAM_LEADER and bound is None:
        raise ValidationFailed("Tổ trưởng phải gắn với một Tổ bảo vệ ANTT.", field="bound")
    start = valid_from or timezone.localdate()
    if valid_to and valid_to < start:
        raise ValidationFailed("Ngày kết thúc phải sau ngày bắt đầu.", field="valid_to")
    assignment = RoleAssignment(user=user, role=role, unit=unit, valid_from=start, valid_to=valid_to, created_by=actor)
    if bound is not None:
        assignment.bound_type = ContentType.objects.get_for_model(bound)
        assignment.bound_id = bound.pk
    with transaction.atomic(), acting_as(actor):
        assignment.save()
    return assignment


def assignment_end(*, actor: Any, assignment: RoleAssignment, valid_to: dt.date | None = None) -> RoleAssignment:
    """End a role assignment (kept for history, never deleted)."""
    _require_admin(actor, assignment.unit)
    end = valid_to or timezone.localdate()
    if end < assignment.valid_from:
        end = assignment.valid_from
    with transaction.atomic(), acting_as(actor):
        assignment.valid_to = end
        assignment.save(update_fields=["valid_to"])
    return assignment


# --- Notifications ---------------------------------------------------------------------------------------------

NOTIFICATION_TEXT_MAX = Notification._meta.get_field("text").max_length or 300


def notify(*, actor: Any, user_ids: Iterable[int], text: str, url: str = "", at: dt.datetime | None = None) -> int:
    """Tell these users something in the app (never the actor: they know what they just did); returns how many
    were told. Runs in the caller's transaction, so a refused step tells nobody. `at`: the notice's time when it
    must not be the exact present (the tip portal keeps times to the minute); default now."""
    told = sorted({uid for uid in user_ids if uid is not None and uid != getattr(actor, "pk", None)})
    created = at or timezone.now()
    Notification.objects.bulk_create(
        [Notification(user_id=uid, text=text[:NOTIFICATION_TEXT_MAX], url=url, created_at=created) for uid in told]
    )
    return len(told)


def notify_role(
    *, actor: Any, role: str, unit: AdminUnit | None, text: str, url: str = "", at: dt.datetime | None = None
) -> int:
    """Tell everyone who holds `role` for `unit` today (unit None: for any unit, e.g. the Ministry's officers);
    `at` as for `notify`."""
    today = timezone.localdate()
    holders = RoleAssignment.objects.filter(role=role, valid_from__lte=today).exclude(valid_to__lt=today)
    if unit is not None:
        holders = holders.filter(unit=unit)
    return notify(actor=actor, user_ids=holders.values_list("user_id", flat=True), text=text, url=url, at=at)


def notifications_mark_read(*, user: Any) -> int:
    """Mark every unread notification of the user read (the notifications page's button)."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())

"""Account reads, scoped: the users an actor administers, the audit trail they may read, their own notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from antq.accounts.models import AuditEntry, Notification, Role, User
from antq.accounts.scope import ADMIN_ROLES, scope_for
from antq.core.errors import NotFoundOrOutOfScope


def users_for(actor: Any, *, query: str = "") -> QuerySet[User]:
    """Accounts whose home unit the actor administers (ministry: all)."""
    scope = scope_for(actor)
    users = User.objects.select_related("home_unit", "home_unit__parent").order_by("username")
    if not scope.is_national(ADMIN_ROLES):
        provinces = scope.province_ids(ADMIN_ROLES)
        if not provinces:
            return users.none()
        users = users.filter(Q(home_unit_id__in=provinces) | Q(home_unit__parent_id__in=provinces))
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return users


def get_user_for(actor: Any, pk: int) -> User:
    """One account the actor administers; 404 when missing or not theirs."""
    user = users_for(actor).filter(pk=pk).first()
    if user is None:
        raise NotFoundOrOutOfScope("Không tìm thấy tài khoản.")
    return user


def audit_entries_for(
    actor: Any,
    *,
    user_id: int | None = None,
    content_type_id: int | None = None,
    action: int | None = None,
    date_from: Any = None,
    date_to: Any = None,
    unit_id: int | None = None,
) -> QuerySet[AuditEntry]:
    """The audit trail the actor may read (ministry: all; province officer: their province), filtered."""
    scope = scope_for(actor)
    entries = AuditEntry.objects.select_related("actor", "content_type", "unit").order_by("-timestamp", "-pk")
    if not scope.is_national(ADMIN_ROLES):
        provinces = scope.province_ids(ADMIN_ROLES)
        if not provinces:
            return entries.none()
        entries = entries.filter(province_id__in=provinces)
    if user_id:
        entries = entries.filter(actor_id=user_id)
    if content_type_id:
        entries = entries.filter(content_type_id=content_type_id)
    if action is not None:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to:
        entries = entries.filter(timestamp__date__lte=date_to)
    if unit_id:
        entries = entries.filter(Q(unit_id=unit_id) | Q(unit__parent_id=unit_id))
    return entries


def can_read_audit(actor: Any) -> bool:
    scope = scope_for(actor)
    return scope.is_national(ADMIN_ROLES) or bool(scope.province_ids(ADMIN_ROLES))


def cli_actor(username: str | None) -> User | None:
    """The account a management command acts as (so scope applies on the CLI too): the named active user, or by
    default the first active ministry officer."""

    if username:
        return User.objects.filter(username=username, is_active=True).first()
    today = timezone.localdate()
    return (
        User.objects.filter(is_active=True, assignments__role=Role.MINISTRY, assignments__valid_from__lte=today)
        .filter(Q(assignments__valid_to__isnull=True) | Q(assignments__valid_to__gte=today))
        .first()
    )


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody reads another's)."""
    return Notification.objects.filter(user_id=getattr(user, "pk", None) or 0).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread."""
    return notifications_for(user).filter(read_at__isnull=True).count()

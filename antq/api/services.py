"""Writes for API tokens: issue (the raw token is returned once), revoke, and authenticate a presented token.

Who may issue a token for whom: the user themself, or the system (`actor=None`: the `create_api_token`
management command, run by an operator on the server). Revoking: the token's owner or the system.
Every issue and revocation leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from antq.accounts.audit import CREATE, UPDATE, audit_objects
from antq.api.models import ApiToken
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed

TOKEN_PREFIX = "antq_"  # noqa: S105 - a public marker that tells ANTQ tokens apart, not a secret
NAME_MAX_LENGTH = 100  # ApiToken.name
PREFIX_LENGTH = 12  # "antq_" + 7 characters: enough to tell tokens apart in a list, useless for guessing
# Recording every use would turn each read into a write; a few minutes' precision is enough for "last used".
LAST_USED_PRECISION = dt.timedelta(minutes=5)


def token_hash(raw_token: str) -> str:
    """The SHA-256 hex digest stored for a raw token."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def _may_manage(actor: Any, user: Any) -> bool:
    return actor is None or (getattr(actor, "pk", None) is not None and actor.pk == user.pk)


def api_token_create(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the token row and the raw token, which is never shown again."""
    if not _may_manage(actor, user):
        raise NotFoundOrOutOfScope("Không tìm thấy tài khoản.")
    if not user.is_active:
        raise ValidationFailed("Tài khoản đã bị khóa, không thể cấp mã truy cập.", field="user")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Chưa nhập tên gợi nhớ cho mã truy cập.", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationFailed("Tên gợi nhớ quá dài (tối đa 100 ký tự).", field="name")
    raw_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        token_hash=token_hash(raw_token),
        prefix=raw_token[:PREFIX_LENGTH],
        created_by=actor,
    )
    with transaction.atomic():
        token.save()
        audit_objects(actor=actor, objects=[token], action=CREATE, changes={"name": [None, name]}, note="Cấp mã API")
    return token, raw_token


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token (idempotent); it is refused from the next request on."""
    if not _may_manage(actor, token.user):
        raise NotFoundOrOutOfScope("Không tìm thấy mã truy cập.")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit_objects(
                actor=actor,
                objects=[locked],
                action=UPDATE,
                changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
                note="Thu hồi mã API",
            )
    token.revoked_at = locked.revoked_at
    return token


def api_token_authenticate(raw_token: str) -> Any | None:
    """The active user holding this unrevoked token, or None; records when the token was last used."""
    if not raw_token or not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw_token), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        # A plain UPDATE (no audit): usage time is bookkeeping, not a change of the record.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

"""Writes for API tokens: issue (the raw token is returned once), revoke, and authenticate a presented token.

Who may issue a token for whom: the user themself, or the system (`actor=None`: the `create_api_token`
management command, run by an operator on the server); never for an account that must first change its
one-time password. Revoking: the token's owner or the system; a password reset or change revokes every token
of the account (`api_tokens_revoke_all`, which the accounts app calls in the same transaction). A token expires
`settings.ANTQ_TOKEN_DAYS` after it is issued. Every issue and revocation leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from antq.accounts.audit import CREATE, UPDATE, audit_objects
from antq.accounts.services import register_credential_revoker, require_password_changed
from antq.api.models import ApiToken
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed

TOKEN_PREFIX = "antq_"  # noqa: S105 - a public marker that tells ANTQ tokens apart, not a secret
NAME_MAX_LENGTH = 100  # ApiToken.name
PREFIX_LENGTH = 12  # "antq_" + 7 characters: enough to tell tokens apart in a list, useless for guessing
# "Last used" is for spotting a forgotten or stolen token, so a minute's precision is plenty; recording every
# request exactly would turn each API read into a write (a row lock and a WAL record per call for a script that
# polls), so the time is written at most once a minute per token.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


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
    # A one-time password (new account, admin reset) must not be turned into a long-lived credential.
    require_password_changed(user)
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
    token.expires_at = token.created_at + dt.timedelta(days=settings.ANTQ_TOKEN_DAYS)
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


def api_tokens_revoke_all(*, actor: Any, user: Any, note: str) -> int:
    """Revoke every unrevoked token of `user` (a password reset or change), one audit entry each; the count."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user_id=user.pk, revoked_at__isnull=True))
        if not tokens:
            return 0
        now = timezone.now()
        ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=now)
        for token in tokens:
            token.revoked_at = now
        audit_objects(
            actor=actor, objects=tokens, action=UPDATE, changes={"revoked_at": [None, now.isoformat()]}, note=note
        )
    return len(tokens)


def api_token_authenticate(raw_token: str) -> Any | None:
    """The active user holding this unrevoked, unexpired token, or None; records when the token was last used.

    Raises PasswordChangeRequired (403) for an account that must first change its one-time password."""
    if not raw_token or not raw_token.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw_token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    require_password_changed(token.user)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # A plain UPDATE (no audit): usage time is bookkeeping, not a change of the record. The condition is
        # repeated in SQL so that concurrent requests write it once.
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
        ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token.user


# A password reset or change revokes every token of the account in its own transaction. accounts sits below api,
# so api registers itself; ApiConfig.ready() imports this module at start-up so that this holds in every process
# (web, management commands), not only once the API's URLs have been loaded.
register_credential_revoker(api_tokens_revoke_all)

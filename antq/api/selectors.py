"""Reads for API tokens: a user sees their own tokens only (never the hash)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from antq.api.models import ApiToken
from antq.core.errors import NotFoundOrOutOfScope


def api_tokens_for(actor: Any) -> QuerySet[ApiToken]:
    """The actor's own tokens, newest first, revoked ones included (they show when they were revoked)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.pk).order_by("-created_at", "-pk")


def get_api_token_for(actor: Any, pk: int) -> ApiToken:
    """One of the actor's own tokens; 404 whether it does not exist or belongs to someone else."""
    token = api_tokens_for(actor).select_related("user").filter(pk=pk).first()
    if token is None:
        raise NotFoundOrOutOfScope("Không tìm thấy mã truy cập.")
    return token

"""API tokens: a user's credential for `Authorization: Bearer <token>`, valid until it expires or is revoked.

Only a SHA-256 hash of the token is stored; the raw token is shown once, when it is created
(`antq.api.services.api_token_create`). Tokens are revoked, never deleted, so the audit trail stays whole. Every
token expires (`settings.ANTQ_TOKEN_DAYS` after it is issued) and a password reset or change revokes them all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One named token of one user; usable while not revoked, not expired and while the user is active."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    # SHA-256 of the raw token (hex); the raw token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("tiền tố"), max_length=16, editable=False, help_text=_("Để nhận ra mã, không dùng được.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cấp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn"))
    # Precise to `antq.api.services.LAST_USED_PRECISION`, not to the request.
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="api_token_revoked_after_created",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_after_created"
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_active")]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def audit_unit_id(self) -> Any:
        # The token belongs to its user's administering unit (if the accounts app records one).
        return getattr(self.user, "home_unit_id", None)

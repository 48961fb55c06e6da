"""`python manage.py rotate_tip_keys`: re-encrypt every encrypted tip column with the newest key of ANTQ_TIPS_KEYS.

Run after putting a new key first in the list (docs/operations.md "Tip keys", docs/tips.md). Each row is read with
any listed key and written back with the first, in batches, without touching anything else (bulk updates: no
audit entry, no change of times). A token no listed key opens is left as it is and counted; the command then
fails, so that the old key is not dropped while rows still need it.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from antq.tips import crypto
from antq.tips.models import Tip, TipAttachment, TipMessage

# Every encrypted column of the registry.
ENCRYPTED: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Tip, ("body", "place", "when_told", "contact_name", "contact_phone", "outcome_message")),
    (TipMessage, ("body",)),
    (TipAttachment, ("data",)),
]
BATCH = 200


def reencrypt_all() -> tuple[int, int]:
    """Re-encrypt every token with the first key; returns (tokens rewritten, tokens no key opens)."""
    rewritten = unreadable = 0
    for model, fields in ENCRYPTED:
        manager = model._default_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            with transaction.atomic():
                rows = list(manager.select_for_update().filter(pk__in=pks[start : start + BATCH]).only(*fields))
                changed = []
                for row in rows:
                    for field in fields:
                        token = bytes(getattr(row, field) or b"")
                        if not token:
                            continue
                        try:
                            setattr(row, field, crypto.rotate(token))
                        except (InvalidToken, crypto.ContentUnreadable):
                            unreadable += 1
                            continue
                        rewritten += 1
                    changed.append(row)
                manager.bulk_update(changed, fields)
    return rewritten, unreadable


class Command(BaseCommand):
    help = "Mã hóa lại toàn bộ nội dung tin báo bằng khóa mới nhất (khóa đầu tiên của ANTQ_TIPS_KEYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        rewritten, unreadable = reencrypt_all()
        self.stdout.write(f"Đã mã hóa lại {rewritten} mục bằng khóa mới nhất.")
        if unreadable:
            raise CommandError(
                f"{unreadable} mục không khóa nào trong ANTQ_TIPS_KEYS mở được: giữ nguyên. "
                "Chưa được bỏ khóa cũ cho tới khi tìm lại khóa đã mã hóa các mục này."
            )

"""Encryption at rest for tip content (issue 19 item 3): Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`,
keys from the environment, rotation supported.

`ANTQ_TIPS_KEYS` (read by settings into `TIPS_KEYS`) is a comma-separated list of Fernet keys (urlsafe base64,
32 bytes), newest first: new content is encrypted with the first, any listed key decrypts (MultiFernet).
Rotate: put a new key first, run `manage.py rotate_tip_keys` (re-encrypts every stored token with the first
key), then drop the old key.
A database dump alone reveals nothing: the key never lives in the database or in the media folder.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENV = "ANTQ_TIPS_KEYS"


class ContentUnreadable(Exception):
    """A stored token no configured key opens (the key was dropped too early, or the data was altered)."""


@cache
def _keys() -> MultiFernet:
    keys = list(settings.TIPS_KEYS)
    if not keys:
        raise ImproperlyConfigured(
            f"{ENV} is not set: tip content is encrypted with it. Generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"{ENV}: a key is not a Fernet key (32 bytes, urlsafe base64)") from exc


def reset_keys() -> None:
    """Forget the cached keys (tests that override settings.TIPS_KEYS)."""
    _keys.cache_clear()


def encrypt_text(text: str) -> bytes:
    """str → token bytes (empty text stays empty: nothing to hide, and the column says "none given")."""
    return _keys().encrypt(text.encode()) if text else b""


def decrypt_text(token: bytes | memoryview) -> str:
    """token bytes → str; raises ContentUnreadable when no key opens it."""
    data = bytes(token)
    if not data:
        return ""
    try:
        return _keys().decrypt(data).decode()
    except InvalidToken as exc:
        raise ContentUnreadable from exc


def encrypt_bytes(data: bytes) -> bytes:
    """Attachment bytes → token bytes."""
    return _keys().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Token bytes → attachment bytes; raises ContentUnreadable."""
    try:
        return _keys().decrypt(token)
    except InvalidToken as exc:
        raise ContentUnreadable from exc


def rotate(token: bytes | memoryview) -> bytes:
    """Re-encrypt a token with the first (newest) key; empty stays empty."""
    data = bytes(token)
    return _keys().rotate(data) if data else b""

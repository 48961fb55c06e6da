"""API test helpers: clients that call /api/v1/ with a session or a bearer token, and rows below a commune."""

from __future__ import annotations

from django.test import Client

from antq.api.services import api_token_create
from antq.geo.models import AdminUnit, Establishment, Locality

API = "/api/v1"


def session_client(user) -> Client:
    """A browser-like client logged in as `user` (CSRF is enforced, as in a real browser)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token_client(user) -> Client:
    """A script-like client sending a fresh API token of `user`, with no cookie at all."""
    _, raw = api_token_create(actor=None, user=user, name="kiểm thử")
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})


def make_localities(commune: AdminUnit, count: int, *, start: int = 0) -> list[Locality]:
    """`count` active localities named "Thôn N" in `commune` (one bulk insert)."""
    rows = [
        Locality(commune=commune, name=f"Thôn {n}", kind="thon", households=n)
        for n in range(start + 1, start + count + 1)
    ]
    for row in rows:
        row.derive_name_keys()  # bulk_create skips save()
    return Locality.objects.bulk_create(rows)


def make_establishments(commune: AdminUnit, count: int, *, kind: str = "school", start: int = 0) -> list:
    """`count` active establishments of `kind` in `commune` (one bulk insert)."""
    rows = [Establishment(commune=commune, name=f"Trường {n}", kind=kind) for n in range(start + 1, start + count + 1)]
    for row in rows:
        row.derive_name_keys()
    return Establishment.objects.bulk_create(rows)

"""/api/v1/ routes for tests/test_routes.py: an in-scope case (200) and an out-of-scope case (404) per route.

Lists are exempt there (they never answer 404: they start from the caller's scope, so a user without a role gets
an empty list); tests/api/test_geo_api.py checks their contents for each role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.api.helpers import make_establishments, make_localities
from tests.test_routes import Case, _u

Get = Callable[[str], Any]


def _locality_in(commune_fixture: str) -> Callable[[Get], str]:
    return lambda get: f"/api/v1/geo/localities/{make_localities(get(commune_fixture), 1)[0].pk}"


def _establishment_in(commune_fixture: str) -> Callable[[Get], str]:
    return lambda get: f"/api/v1/geo/establishments/{make_establishments(get(commune_fixture), 1)[0].pk}"


def _token_of(owner: str) -> Callable[[Get], str]:
    def build(get: Get) -> str:
        from antq.api.services import api_token_create

        token, _ = api_token_create(actor=None, user=get(owner), name="kiểm thử")
        return f"/api/v1/tokens/{token.pk}/revoke"

    return build


_SCOPED_LIST = "list filtered by the caller's scope (tests/api/test_geo_api.py, no role → empty list)"

EXEMPT = {
    "api/v1/": "API index: links to the docs and the schema, no data",
    "api/v1/^.*$": "JSON 404 for unknown paths under /api/v1/",
    "api/v1/docs": "API documentation page (authenticated callers; tests/api/test_schema.py)",
    "api/v1/openapi.json": "OpenAPI schema (authenticated callers; tests/api/test_schema.py)",
    "api/v1/me": "the caller's own account and grants",
    "api/v1/tokens": "the caller's own API tokens (list; POST issues one for the caller)",
    "api/v1/geo/provinces": _SCOPED_LIST,
    "api/v1/geo/communes": _SCOPED_LIST,
    "api/v1/geo/localities": _SCOPED_LIST,
    "api/v1/geo/establishments": _SCOPED_LIST,
}

CASES = {
    "api/v1/geo/provinces/<code>": (
        Case("province_officer", _u("/api/v1/geo/provinces/33")),
        Case("province_officer", _u("/api/v1/geo/provinces/08")),
    ),
    "api/v1/geo/communes/<code>": (
        Case("commune_officer", _u("/api/v1/geo/communes/12688")),
        Case("commune_officer", _u("/api/v1/geo/communes/12583")),
    ),
    "api/v1/geo/localities/<locality_id>": (
        Case("commune_officer", _locality_in("dong_hung")),
        Case("commune_officer", _locality_in("tan_tien")),
    ),
    "api/v1/geo/establishments/<establishment_id>": (
        Case("commune_officer", _establishment_in("dong_hung")),
        Case("commune_officer", _establishment_in("tan_tien")),
    ),
    "api/v1/tokens/<token_id>/revoke": (
        Case("commune_officer", _token_of("commune_officer"), method="post"),
        Case("commune_officer", _token_of("other_commune_officer"), method="post"),
    ),
}

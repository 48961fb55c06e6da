"""Scope cases for the geo routes added after the base table (collected by tests/test_routes.py)."""

from tests.test_routes import Case, _u

CASES = {
    "dia-ban/xa/<str:code>/nhap/<slug:kind>/": (
        Case("commune_officer", _u("/dia-ban/xa/12688/nhap/thon/")),
        Case("other_commune_officer", _u("/dia-ban/xa/12688/nhap/thon/")),
    ),
}

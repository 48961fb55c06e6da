"""Scope cases for the acting-grant pages (collected by tests/test_routes.py)."""

from tests.test_routes import Case, _u


def _revoke(whose_grant: str, code: str):
    def build(get):
        grant = get(whose_grant)
        return f"/tai-khoan/nhap-thay/{code}/{grant.pk}/thu-hoi/"

    return build


EXEMPT: dict[str, str] = {}

CASES = {
    "tai-khoan/nhap-thay/<str:code>/": (
        Case("commune_officer", _u("/tai-khoan/nhap-thay/12688/")),
        Case("other_commune_officer", _u("/tai-khoan/nhap-thay/12688/")),
    ),
    "tai-khoan/nhap-thay/<str:code>/<int:pk>/thu-hoi/": (
        Case("commune_officer", _revoke("acting_grant", "12688"), method="post", ok=(302,)),
        Case("other_province_officer", _revoke("acting_grant", "12688"), method="post"),
    ),
}

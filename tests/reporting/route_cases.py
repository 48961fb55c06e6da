"""Scope cases for the reporting routes and the indicators API (collected by tests/test_routes.py)."""

from tests.test_routes import Case, _u

EXEMPT = {
    "bao-cao/": "redirects to the user's own unit (404 with no role: tests/reporting/test_pages.py)",
    "bao-cao/thong-bao/": "the user's own notifications",
}

CASES = {
    "bao-cao/<str:code>/": (
        Case("commune_officer", _u("/bao-cao/12688/"), ok=(302,)),
        Case("commune_officer", _u("/bao-cao/12583/")),
    ),
    "bao-cao/<str:code>/<str:period>/": (
        Case("province_officer", _u("/bao-cao/33/2025/")),
        Case("province_officer", _u("/bao-cao/08/2025/")),
    ),
    "bao-cao/<str:code>/<str:period>/nhap/": (
        Case("commune_officer", _u("/bao-cao/12688/2025/nhap/")),
        Case("viewer", _u("/bao-cao/12688/2025/nhap/")),
    ),
    "bao-cao/<str:code>/<str:period>/chuyen/": (
        Case(
            "commune_officer",
            _u("/bao-cao/12688/2025/chuyen/"),
            method="post",
            ok=(302,),
            data={"to": "submitted", "confirm": "1"},
        ),
        Case(
            "other_commune_officer",
            _u("/bao-cao/12688/2025/chuyen/"),
            method="post",
            data={"to": "submitted", "confirm": "1"},
        ),
    ),
    "bao-cao/<str:code>/<str:period>/duyet/": (
        Case("province_officer", _u("/bao-cao/12688/2025/duyet/")),
        Case("province_officer", _u("/bao-cao/01051/2025/duyet/")),
    ),
    "bao-cao/<str:code>/<str:period>/tinh-hinh/": (
        Case("province_officer", _u("/bao-cao/33/2025/tinh-hinh/")),
        Case("other_province_officer", _u("/bao-cao/33/2025/tinh-hinh/")),
    ),
    "bao-cao/<str:code>/<str:period>/chi-tiet/<str:indicator>/": (
        Case("commune_officer", _u("/bao-cao/12688/2025/chi-tiet/security_teams_active/")),
        Case("commune_officer", _u("/bao-cao/12583/2025/chi-tiet/security_teams_active/")),
    ),
    "bao-cao/<str:code>/<str:period>/chi-tiet/<str:indicator>/tai-ve.xlsx": (
        Case("commune_officer", _u("/bao-cao/12688/2025/chi-tiet/security_teams_active/tai-ve.xlsx")),
        Case("commune_officer", _u("/bao-cao/12583/2025/chi-tiet/security_teams_active/tai-ve.xlsx")),
    ),
    "bao-cao/<str:code>/<str:period>/chi-tiet/<str:indicator>/tao-tep.xlsx": (
        Case(
            "commune_officer",
            _u("/bao-cao/12688/2025/chi-tiet/security_teams_active/tao-tep.xlsx"),
            method="post",
            ok=(302,),
        ),
        Case("commune_officer", _u("/bao-cao/12583/2025/chi-tiet/security_teams_active/tao-tep.xlsx"), method="post"),
    ),
    "bao-cao/<str:code>/<str:period>/bieu-do/<str:indicator>.svg": (
        Case("province_officer", _u("/bao-cao/33/2025/bieu-do/security_teams_active.svg")),
        Case("province_officer", _u("/bao-cao/08/2025/bieu-do/security_teams_active.svg")),
    ),
    "api/v1/indicators": (
        Case("province_officer", _u("/api/v1/indicators?unit=33&period=2025")),
        Case("province_officer", _u("/api/v1/indicators?unit=08&period=2025")),
    ),
}

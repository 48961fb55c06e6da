"""Scope cases for the activities routes and their API endpoints (collected by tests/test_routes.py).

API lists are exempt (as in tests/api/route_cases.py): they never answer 404 but start from the caller's scope;
tests/activities/test_api.py checks what each role gets."""

from tests.test_routes import Case, _u

_SCOPED_LIST = "list filtered by the caller's scope (tests/activities/test_api.py, no role → empty list)"

EXEMPT = {
    "api/v1/activities/outreach": _SCOPED_LIST,
    "api/v1/activities/festivals": _SCOPED_LIST,
    "api/v1/activities/award-proposals": _SCOPED_LIST,
    "api/v1/activities/awards": _SCOPED_LIST,
}


def _pk(fixture: str, template: str):
    return lambda get: template.format(pk=get(fixture).pk)


def _festival_pk(template: str):
    return lambda get: template.format(pk=get("festival").pk)


CASES = {
    "hoat-dong/": (Case("commune_officer", _u("/hoat-dong/")), Case("team_leader", _u("/hoat-dong/"))),
    "hoat-dong/tuyen-truyen/<str:code>/": (
        Case("commune_officer", _u("/hoat-dong/tuyen-truyen/12688/")),
        Case("other_commune_officer", _u("/hoat-dong/tuyen-truyen/12688/")),
    ),
    "hoat-dong/tuyen-truyen/<str:code>/them/": (
        Case("commune_officer", _u("/hoat-dong/tuyen-truyen/12688/them/")),
        Case("viewer", _u("/hoat-dong/tuyen-truyen/12688/them/")),
    ),
    "hoat-dong/tuyen-truyen/<str:code>/nhap-nhanh/": (
        Case("province_officer", _u("/hoat-dong/tuyen-truyen/33/nhap-nhanh/")),
        Case("viewer", _u("/hoat-dong/tuyen-truyen/33/nhap-nhanh/")),
    ),
    "hoat-dong/tuyen-truyen/<str:code>/nhap-tep/": (
        Case("commune_officer", _u("/hoat-dong/tuyen-truyen/12688/nhap-tep/")),
        Case("other_commune_officer", _u("/hoat-dong/tuyen-truyen/12688/nhap-tep/")),
    ),
    "hoat-dong/tuyen-truyen/<str:code>/xuat/": (
        Case("viewer", _u("/hoat-dong/tuyen-truyen/33/xuat/?nam=2025")),
        Case("other_province_officer", _u("/hoat-dong/tuyen-truyen/33/xuat/?nam=2025")),
    ),
    "hoat-dong/tuyen-truyen/muc/<int:pk>/": (
        Case("commune_officer", _pk("activity", "/hoat-dong/tuyen-truyen/muc/{pk}/")),
        Case("other_commune_officer", _pk("activity", "/hoat-dong/tuyen-truyen/muc/{pk}/")),
    ),
    "hoat-dong/tuyen-truyen/muc/<int:pk>/xoa/": (
        Case(
            "commune_officer",
            _pk("activity", "/hoat-dong/tuyen-truyen/muc/{pk}/xoa/"),
            method="post",
            ok=(302,),
            data={"confirm": "1"},
        ),
        Case(
            "other_commune_officer",
            _pk("activity", "/hoat-dong/tuyen-truyen/muc/{pk}/xoa/"),
            method="post",
            data={"confirm": "1"},
        ),
    ),
    "hoat-dong/ngay-hoi/tinh/<str:code>/": (
        Case("province_officer", _u("/hoat-dong/ngay-hoi/tinh/33/?nam=2025")),
        Case("province_officer", _u("/hoat-dong/ngay-hoi/tinh/08/?nam=2025")),
    ),
    "hoat-dong/ngay-hoi/xa/<str:code>/": (
        Case("commune_officer", _u("/hoat-dong/ngay-hoi/xa/12688/?nam=2025")),
        Case("other_commune_officer", _u("/hoat-dong/ngay-hoi/xa/12688/?nam=2025")),
    ),
    "hoat-dong/ngay-hoi/<int:pk>/diem/": (
        Case("province_officer", _festival_pk("/hoat-dong/ngay-hoi/{pk}/diem/"), method="post", ok=(302,)),
        Case("commune_officer", _festival_pk("/hoat-dong/ngay-hoi/{pk}/diem/"), method="post", data={"pilot": "1"}),
    ),
    "hoat-dong/ngay-hoi/<int:pk>/anh/": (
        Case("commune_officer", _festival_pk("/hoat-dong/ngay-hoi/{pk}/anh/"), method="post", ok=(302,)),
        Case("other_commune_officer", _festival_pk("/hoat-dong/ngay-hoi/{pk}/anh/"), method="post"),
    ),
    "hoat-dong/ngay-hoi/anh/<int:pk>/": (
        Case("viewer", _pk("festival_photo", "/hoat-dong/ngay-hoi/anh/{pk}/")),
        Case("other_commune_officer", _pk("festival_photo", "/hoat-dong/ngay-hoi/anh/{pk}/")),
    ),
    "hoat-dong/khen-thuong/de-nghi/<str:code>/": (
        Case("commune_officer", _u("/hoat-dong/khen-thuong/de-nghi/12688/")),
        Case("viewer", _u("/hoat-dong/khen-thuong/de-nghi/12688/")),
    ),
    "hoat-dong/khen-thuong/de-nghi/<str:code>/them/": (
        Case("commune_officer", _u("/hoat-dong/khen-thuong/de-nghi/12688/them/")),
        Case("province_officer", _u("/hoat-dong/khen-thuong/de-nghi/12688/them/")),  # proposer: the commune
    ),
    "hoat-dong/khen-thuong/ho-so/<int:pk>/": (
        Case("province_officer", _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/")),
        Case("other_commune_officer", _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/")),
    ),
    "hoat-dong/khen-thuong/ho-so/<int:pk>/sua/": (
        Case("commune_officer", _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/sua/")),
        Case("province_officer", _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/sua/")),
    ),
    "hoat-dong/khen-thuong/ho-so/<int:pk>/chuyen/": (
        Case(
            "commune_officer",
            _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/chuyen/"),
            method="post",
            ok=(302,),
            data={"to_status": "submitted"},
        ),
        Case(
            "other_commune_officer",
            _pk("draft_proposal", "/hoat-dong/khen-thuong/ho-so/{pk}/chuyen/"),
            method="post",
            data={"to_status": "submitted"},
        ),
    ),
    "hoat-dong/khen-thuong/danh-sach/<str:code>/": (
        Case("province_officer", _u("/hoat-dong/khen-thuong/danh-sach/33/")),
        Case("viewer", _u("/hoat-dong/khen-thuong/danh-sach/33/")),
    ),
    "api/v1/activities/outreach/<activity_id>": (
        Case("commune_officer", _pk("activity", "/api/v1/activities/outreach/{pk}")),
        Case("other_commune_officer", _pk("activity", "/api/v1/activities/outreach/{pk}")),
    ),
    "api/v1/activities/festivals/<festival_id>": (
        Case("viewer", _pk("festival", "/api/v1/activities/festivals/{pk}")),
        Case("other_province_officer", _pk("festival", "/api/v1/activities/festivals/{pk}")),
    ),
    "api/v1/activities/award-proposals/<proposal_id>": (
        Case("province_officer", _pk("draft_proposal", "/api/v1/activities/award-proposals/{pk}")),
        Case("viewer", _pk("draft_proposal", "/api/v1/activities/award-proposals/{pk}")),
    ),
    "api/v1/activities/awards/<award_id>": (
        Case("commune_officer", _pk("decided_award", "/api/v1/activities/awards/{pk}")),
        Case("other_commune_officer", _pk("decided_award", "/api/v1/activities/awards/{pk}")),
    ),
}

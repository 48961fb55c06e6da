"""Scope cases for the schemes routes (collected by tests/test_routes.py): in scope 200 (or a redirect after a
POST), out of scope 404. List endpoints of the API are exempt: they start from the caller's scope (a caller
without a role gets an empty list); tests/schemes/test_api.py checks their contents per role."""

from tests.test_routes import Case, _u


def _site(get):
    return f"/mo-hinh/diem/{get('dong_site').pk}/"


def _scheme(get):
    return f"/mo-hinh/mo-hinh/{get('dong_scheme').pk}/"


def _exemplar(get):
    return f"/mo-hinh/dien-hinh/{get('dong_exemplar').pk}/"


def _province_type(get):
    from antq.schemes import services

    created = services.scheme_type_create(
        actor=get("province_officer"), name="Cụm liên kết ANTT", field="residential", province=get("hung_yen")
    )
    return f"/api/v1/schemes/types/{created.pk}"


_SCOPED_LIST = "list filtered by the caller's scope (tests/schemes/test_api.py, no role → empty list)"

EXEMPT = {
    "api/v1/schemes/types": _SCOPED_LIST,
    "api/v1/schemes/schemes": _SCOPED_LIST,
    "api/v1/schemes/sites": _SCOPED_LIST,
    "api/v1/schemes/exemplars": _SCOPED_LIST,
}


def _unit_pages(prefix: str, in_user: str, out_user: str, code: str, write_out: str = "viewer") -> dict:
    """The read pages of a unit (in scope / another officer) and its write pages (officer / viewer)."""
    base = f"/mo-hinh/{prefix}/{code}/"
    reads = {"": "", "mo-hinh/": "mo-hinh/", "dien-hinh/": "dien-hinh/", "xuat/": "xuat/"}
    writes = {"them-mo-hinh/": "them-mo-hinh/", "dien-hinh/them/": "dien-hinh/them/"}
    cases = {
        f"mo-hinh/{prefix}/<str:code>/{pattern}": (Case(in_user, _u(base + path)), Case(out_user, _u(base + path)))
        for pattern, path in reads.items()
    }
    cases |= {
        f"mo-hinh/{prefix}/<str:code>/{pattern}": (Case(in_user, _u(base + path)), Case(write_out, _u(base + path)))
        for pattern, path in writes.items()
    }
    return cases


CASES = {
    # The catalogue is open to every role that reads schemes; team leaders have no access to schemes.
    "mo-hinh/": (Case("commune_officer", _u("/mo-hinh/")), Case("team_leader", _u("/mo-hinh/"))),
    "mo-hinh/loai/them/": (
        Case("province_officer", _u("/mo-hinh/loai/them/")),
        Case("commune_officer", _u("/mo-hinh/loai/them/")),
    ),
    **_unit_pages("tinh", "province_officer", "other_province_officer", "33"),
    "mo-hinh/tinh/<str:code>/nhan-rong/": (
        Case("province_officer", _u("/mo-hinh/tinh/33/nhan-rong/")),
        Case("province_officer", _u("/mo-hinh/tinh/08/nhan-rong/")),
    ),
    **_unit_pages("xa", "commune_officer", "other_commune_officer", "12688"),
    "mo-hinh/xa/<str:code>/them-diem/": (
        Case("commune_officer", _u("/mo-hinh/xa/12688/them-diem/")),
        Case("viewer", _u("/mo-hinh/xa/12688/them-diem/")),
    ),
    "mo-hinh/xa/<str:code>/nhap/": (
        Case("commune_officer", _u("/mo-hinh/xa/12688/nhap/")),
        Case("viewer", _u("/mo-hinh/xa/12688/nhap/")),
    ),
    "mo-hinh/mo-hinh/<int:pk>/": (Case("commune_officer", _scheme), Case("other_province_officer", _scheme)),
    "mo-hinh/mo-hinh/<int:pk>/sua/": (
        Case("commune_officer", lambda get: _scheme(get) + "sua/"),
        # A neighbouring commune's officer reads the scheme but may not change it.
        Case("other_commune_officer", lambda get: _scheme(get) + "sua/"),
    ),
    "mo-hinh/diem/<int:pk>/": (Case("commune_officer", _site), Case("other_commune_officer", _site)),
    "mo-hinh/diem/<int:pk>/sua/": (
        Case("commune_officer", lambda get: _site(get) + "sua/"),
        Case("viewer", lambda get: _site(get) + "sua/"),
    ),
    "mo-hinh/diem/<int:pk>/nhan-rong/": (
        Case("viewer", lambda get: _site(get) + "nhan-rong/"),
        Case("other_commune_officer", lambda get: _site(get) + "nhan-rong/"),
    ),
    "mo-hinh/diem/<int:pk>/<slug:action>/": (
        Case(
            "commune_officer",
            lambda get: _site(get) + "evaluate/",
            method="post",
            ok=(302,),
            data={"evaluated_on": "15/05/2025", "assessor": "Công an xã", "rating": "good"},
        ),
        Case(
            "other_commune_officer",
            lambda get: _site(get) + "evaluate/",
            method="post",
            data={"evaluated_on": "15/05/2025", "assessor": "Công an xã", "rating": "good"},
        ),
    ),
    "mo-hinh/dien-hinh/<int:pk>/": (Case("viewer", _exemplar), Case("other_commune_officer", _exemplar)),
    "mo-hinh/dien-hinh/<int:pk>/sua/": (
        Case("commune_officer", lambda get: _exemplar(get) + "sua/"),
        Case("viewer", lambda get: _exemplar(get) + "sua/"),
    ),
    "mo-hinh/dien-hinh/<int:pk>/anh/": (
        Case("viewer", lambda get: _exemplar(get) + "anh/"),
        Case("other_province_officer", lambda get: _exemplar(get) + "anh/"),
    ),
    # API details
    "api/v1/schemes/types/<type_id>": (
        Case("province_officer", _province_type),
        Case("other_province_officer", _province_type),
    ),
    "api/v1/schemes/schemes/<scheme_id>": (
        Case("commune_officer", lambda get: f"/api/v1/schemes/schemes/{get('dong_scheme').pk}"),
        Case("other_province_officer", lambda get: f"/api/v1/schemes/schemes/{get('dong_scheme').pk}"),
    ),
    "api/v1/schemes/sites/<site_id>": (
        Case("viewer", lambda get: f"/api/v1/schemes/sites/{get('dong_site').pk}"),
        Case("other_commune_officer", lambda get: f"/api/v1/schemes/sites/{get('dong_site').pk}"),
    ),
    "api/v1/schemes/sites/<site_id>/evaluations": (
        Case("commune_officer", lambda get: f"/api/v1/schemes/sites/{get('dong_site').pk}/evaluations"),
        Case("other_commune_officer", lambda get: f"/api/v1/schemes/sites/{get('dong_site').pk}/evaluations"),
    ),
    "api/v1/schemes/exemplars/<exemplar_id>": (
        Case("commune_officer", lambda get: f"/api/v1/schemes/exemplars/{get('dong_exemplar').pk}"),
        Case("other_commune_officer", lambda get: f"/api/v1/schemes/exemplars/{get('dong_exemplar').pk}"),
    ),
}

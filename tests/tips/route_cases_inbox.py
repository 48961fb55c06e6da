"""Scope cases for the tip inbox routes (merged by tests/tips/route_cases.py).

The route test resolves only suite-wide fixtures, so each case makes its tip (in Xã Đông Hưng, 12688) inside the
URL builder with tests/tips/conftest.make_tip. Out of scope: an officer of another commune of the same province,
or of another province."""

from typing import Any

from antq.tips.models import TipCategory
from tests.test_routes import Case, _u
from tests.tips.conftest import add_photo, make_tip


def _tip(template: str):
    return lambda get: template.format(pk=make_tip(get("dong_hung")).pk)


def _photo(get: Any) -> str:
    return f"/to-giac/anh/{add_photo(make_tip(get('dong_hung'))).pk}/"


def _category(template: str):
    return lambda get: template.format(pk=TipCategory.objects.get(code="khac").pk)


ACK = {"step": "acknowledge"}
MARK = {"commune": "12688", "action": "mark", "note": "Quyết định số 12/QĐ-UBND"}
CASES: dict[str, Any] = {
    "to-giac/hop-thu/": (
        Case("commune_officer", _u("/to-giac/hop-thu/")),
        Case("team_leader", _u("/to-giac/hop-thu/")),
    ),
    "to-giac/hop-thu/<str:code>/": (
        Case("commune_officer", _u("/to-giac/hop-thu/12688/")),
        Case("other_commune_officer", _u("/to-giac/hop-thu/12688/")),
    ),
    "to-giac/qua-han/<str:code>/": (
        Case("province_officer", _u("/to-giac/qua-han/33/")),
        Case("other_province_officer", _u("/to-giac/qua-han/33/")),
    ),
    "to-giac/tin/<int:pk>/": (
        Case("commune_officer", _tip("/to-giac/tin/{pk}/")),
        Case("other_commune_officer", _tip("/to-giac/tin/{pk}/")),
    ),
    "to-giac/tin/<int:pk>/xu-ly/": (
        Case("commune_officer", _tip("/to-giac/tin/{pk}/xu-ly/"), method="post", ok=(302,), data=ACK),
        Case("other_province_officer", _tip("/to-giac/tin/{pk}/xu-ly/"), method="post", data=ACK),
    ),
    "to-giac/tin/<int:pk>/tom-tat/": (
        Case("commune_officer", _tip("/to-giac/tin/{pk}/tom-tat/"), method="post", ok=(302,), data={"summary": "x"}),
        Case("other_commune_officer", _tip("/to-giac/tin/{pk}/tom-tat/"), method="post", data={"summary": "x"}),
    ),
    "to-giac/tin/<int:pk>/hoi/": (
        Case("province_officer", _tip("/to-giac/tin/{pk}/hoi/"), method="post", ok=(302,), data={"text": "Ở đâu?"}),
        Case("other_commune_officer", _tip("/to-giac/tin/{pk}/hoi/"), method="post", data={"text": "Ở đâu?"}),
    ),
    "to-giac/tin/<int:pk>/chuyen/": (
        # No unit chosen: the tip's page again, the form open with its error (in scope, not 404).
        Case("commune_officer", _tip("/to-giac/tin/{pk}/chuyen/"), method="post", ok=(400,), data={"reason": "x"}),
        Case("other_province_officer", _tip("/to-giac/tin/{pk}/chuyen/"), method="post", data={"reason": "x"}),
    ),
    "to-giac/anh/<int:pk>/": (
        Case("commune_officer", _photo),
        Case("other_commune_officer", _photo),
    ),
    # Configuration: a province's remote communes (its PV05 changes; readers of the province or its communes
    # read; another province 404), the categories (the Ministry changes; whoever has inbox access reads; a team
    # leader has none).
    "to-giac/vung-xa/<str:code>/": (
        Case("commune_officer", _u("/to-giac/vung-xa/33/")),
        Case("other_province_officer", _u("/to-giac/vung-xa/33/")),
    ),
    "to-giac/vung-xa/<str:code>/danh-dau/": (
        Case("province_officer", _u("/to-giac/vung-xa/33/danh-dau/"), method="post", ok=(302,), data=MARK),
        Case("other_province_officer", _u("/to-giac/vung-xa/33/danh-dau/"), method="post", data=MARK),
    ),
    "to-giac/loai-tin/": (
        Case("viewer", _u("/to-giac/loai-tin/")),
        Case("team_leader", _u("/to-giac/loai-tin/")),
    ),
    "to-giac/loai-tin/them/": (
        Case(
            "ministry_officer", _u("/to-giac/loai-tin/them/"), method="post", ok=(302,), data={"code": "x", "name": "X"}
        ),
        Case("team_leader", _u("/to-giac/loai-tin/them/"), method="post", data={"code": "x", "name": "X"}),
    ),
    "to-giac/loai-tin/<int:pk>/doi-ten/": (
        Case(
            "ministry_officer",
            _category("/to-giac/loai-tin/{pk}/doi-ten/"),
            method="post",
            ok=(302,),
            data={"name": "Y"},
        ),
        Case("team_leader", _category("/to-giac/loai-tin/{pk}/doi-ten/"), method="post", data={"name": "Y"}),
    ),
    "to-giac/loai-tin/<int:pk>/thu-tu/": (
        Case(
            "ministry_officer",
            _category("/to-giac/loai-tin/{pk}/thu-tu/"),
            method="post",
            ok=(302,),
            data={"direction": "up"},
        ),
        Case("team_leader", _category("/to-giac/loai-tin/{pk}/thu-tu/"), method="post", data={"direction": "up"}),
    ),
    "to-giac/loai-tin/<int:pk>/trang-thai/": (
        Case(
            "ministry_officer",
            _category("/to-giac/loai-tin/{pk}/trang-thai/"),
            method="post",
            ok=(302,),
            data={"active": "0"},
        ),
        Case("team_leader", _category("/to-giac/loai-tin/{pk}/trang-thai/"), method="post", data={"active": "0"}),
    ),
}
EXEMPT: dict[str, str] = {}

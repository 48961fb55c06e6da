"""Scope cases for the tip inbox routes (merged by tests/tips/route_cases.py).

The route test resolves only suite-wide fixtures, so each case makes its tip (in Xã Đông Hưng, 12688) inside the
URL builder with tests/tips/conftest.make_tip. Out of scope: an officer of another commune of the same province,
or of another province."""

from typing import Any

from tests.test_routes import Case, _u
from tests.tips.conftest import add_photo, make_tip


def _tip(template: str):
    return lambda get: template.format(pk=make_tip(get("dong_hung")).pk)


def _photo(get: Any) -> str:
    return f"/to-giac/anh/{add_photo(make_tip(get('dong_hung'))).pk}/"


ACK = {"step": "acknowledge"}
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
        Case("commune_officer", _tip("/to-giac/tin/{pk}/chuyen/"), method="post", ok=(302,), data={"reason": "x"}),
        Case("other_province_officer", _tip("/to-giac/tin/{pk}/chuyen/"), method="post", data={"reason": "x"}),
    ),
    "to-giac/anh/<int:pk>/": (
        Case("commune_officer", _photo),
        Case("other_commune_officer", _photo),
    ),
}
EXEMPT: dict[str, str] = {}

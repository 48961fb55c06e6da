"""Scope cases for the documents routes (collected by tests/test_routes.py)."""

from tests.test_routes import Case, _u

EXEMPT = {
    "van-ban/": "lists the user's own documents, filtered by scope (404 with no role: tests/documents/test_views.py)",
}


def _report(suffix: str = ""):
    return lambda get: f"/van-ban/bao-cao/{get('commune_report').pk}/{suffix}"


def _team(form: str):
    return lambda get: f"/van-ban/to/{get('team').pk}/mau-{form}.docx"


CASES = {
    "van-ban/<str:code>/": (
        Case("province_officer", _u("/van-ban/33/")),
        Case("province_officer", _u("/van-ban/08/")),
    ),
    "van-ban/<str:code>/tao/": (
        Case("commune_officer", _u("/van-ban/12688/tao/"), method="post", ok=(302,), data={"period": "2025"}),
        Case("other_commune_officer", _u("/van-ban/12688/tao/"), method="post", data={"period": "2025"}),
    ),
    "van-ban/bao-cao/<int:pk>/": (
        Case("commune_officer", _report()),
        Case("other_commune_officer", _report()),
    ),
    "van-ban/bao-cao/<int:pk>/sua/": (
        Case("commune_officer", _report("sua/")),
        Case("other_commune_officer", _report("sua/")),
    ),
    "van-ban/bao-cao/<int:pk>/tao-lai/": (
        Case("commune_officer", _report("tao-lai/"), method="post", ok=(302,)),
        Case("other_commune_officer", _report("tao-lai/"), method="post"),
    ),
    "van-ban/bao-cao/<int:pk>/phat-hanh/": (
        Case("commune_officer", _report("phat-hanh/")),
        Case("other_commune_officer", _report("phat-hanh/")),
    ),
    "van-ban/bao-cao/<int:pk>/tai-ve.<str:fmt>": (
        Case("commune_officer", _report("tai-ve.docx")),
        Case("other_commune_officer", _report("tai-ve.docx")),
    ),
    "van-ban/bao-cao/<int:pk>/tao-tep.<str:fmt>": (
        Case("commune_officer", _report("tao-tep.pdf"), method="post", ok=(302,)),
        Case("other_commune_officer", _report("tao-tep.pdf"), method="post"),
    ),
    "van-ban/xa/<str:code>/mau-to/": (
        Case("commune_officer", _u("/van-ban/xa/12688/mau-to/")),
        Case("commune_officer", _u("/van-ban/xa/12583/mau-to/")),
    ),
    "van-ban/xa/<str:code>/mau-<slug:form>.docx": (
        Case("commune_officer", _u("/van-ban/xa/12688/mau-05.docx")),
        Case("other_commune_officer", _u("/van-ban/xa/12688/mau-05.docx")),
    ),
    "van-ban/to/<int:pk>/mau-<slug:form>.docx": (
        Case("commune_officer", _team("08-thanh-lap")),
        Case("other_commune_officer", _team("08-thanh-lap")),
    ),
}

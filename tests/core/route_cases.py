"""Scope cases for core's job pages (collected by tests/test_routes.py): a job is its owner's only."""

from tests.test_routes import Case

EXEMPT = {
    "cong-viec/": "lists the user's own jobs only (tests/core/test_jobs.py)",
}


def _job(suffix: str = ""):
    return lambda get: f"/cong-viec/{get('commune_job').pk}/{suffix}"


CASES = {
    "cong-viec/<int:pk>/": (Case("commune_officer", _job()), Case("other_commune_officer", _job())),
    "cong-viec/<int:pk>/trang-thai.json": (
        Case("commune_officer", _job("trang-thai.json")),
        Case("other_commune_officer", _job("trang-thai.json")),
    ),
    "cong-viec/<int:pk>/tai-ve/": (
        Case("commune_officer", _job("tai-ve/")),
        Case("province_officer", _job("tai-ve/")),
    ),
}

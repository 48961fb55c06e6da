"""Every route has an in-scope case (200, or a redirect after a POST) and an out-of-scope case (404).

The test walks the URL resolver, so a route added later without cases here fails until it gets them. Routes
that are not unit-scoped (login, the start page, search that filters by scope) are listed in EXEMPT with why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def all_routes() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


@dataclass
class Case:
    """`url(get)` builds the URL from fixtures (`get("commune_officer")`); `ok` is the in-scope status."""

    user: str
    url: Callable[[Callable[[str], Any]], str]
    method: str = "get"
    ok: tuple[int, ...] = (200,)
    data: dict[str, Any] = field(default_factory=dict)


def _u(path: str) -> Callable[[Callable[[str], Any]], str]:
    return lambda get: path


def _user_path(suffix: str, whose: str) -> Callable[[Callable[[str], Any]], str]:
    return lambda get: f"/tai-khoan/nguoi-dung/{get(whose).pk}/{suffix}"


def _assignment_end(whose: str) -> Callable[[Callable[[str], Any]], str]:
    def build(get):
        user = get(whose)
        return f"/tai-khoan/nguoi-dung/{user.pk}/quyen/{user.assignments.get().pk}/ket-thuc/"

    return build


EXEMPT = {
    "": "start page: lists the user's own units (empty with a hint when they have none)",
    "tai-khoan/dang-nhap/": "public login page",
    "tai-khoan/dang-xuat/": "logout",
    "tai-khoan/doi-mat-khau/": "the user's own password",
    "dia-ban/tim-kiem/": "search filters results by scope (tests/geo/test_views.py::test_search_is_scoped)",
    "healthz": "monitoring, no login, no data (tests/core/test_health.py)",
    "metrics": "monitoring, by token only, counts only (tests/core/test_health.py)",
}

# route pattern → (in-scope case, out-of-scope case)
CASES: dict[str, tuple[Case, Case]] = {
    "dia-ban/": (Case("ministry_officer", _u("/dia-ban/")), Case("province_officer", _u("/dia-ban/"))),
    "dia-ban/tinh/<str:code>/": (
        Case("province_officer", _u("/dia-ban/tinh/33/")),
        Case("province_officer", _u("/dia-ban/tinh/08/")),
    ),
    "dia-ban/xa/<str:code>/": (
        Case("commune_officer", _u("/dia-ban/xa/12688/")),
        Case("commune_officer", _u("/dia-ban/xa/12583/")),
    ),
    "dia-ban/xa/<str:code>/co-so/": (
        Case("commune_officer", _u("/dia-ban/xa/12688/co-so/")),
        Case("commune_officer", _u("/dia-ban/xa/12583/co-so/")),
    ),
    "tai-khoan/nguoi-dung/": (
        Case("province_officer", _u("/tai-khoan/nguoi-dung/")),
        Case("commune_officer", _u("/tai-khoan/nguoi-dung/")),
    ),
    "tai-khoan/nguoi-dung/moi/": (
        Case("province_officer", _u("/tai-khoan/nguoi-dung/moi/")),
        Case("viewer", _u("/tai-khoan/nguoi-dung/moi/")),
    ),
    "tai-khoan/nguoi-dung/<int:pk>/": (
        Case("province_officer", _user_path("", "commune_officer")),
        Case("other_province_officer", _user_path("", "commune_officer")),
    ),
    "tai-khoan/nguoi-dung/<int:pk>/<slug:action>/": (
        Case("province_officer", _user_path("unlock/", "commune_officer"), method="post", ok=(302,)),
        Case("other_province_officer", _user_path("unlock/", "commune_officer"), method="post"),
    ),
    "tai-khoan/nguoi-dung/<int:pk>/quyen/<int:assignment_pk>/ket-thuc/": (
        Case("province_officer", _assignment_end("commune_officer"), method="post", ok=(302,)),
        Case("other_province_officer", _assignment_end("commune_officer"), method="post"),
    ),
    "tai-khoan/nhat-ky/": (
        Case("province_officer", _u("/tai-khoan/nhat-ky/")),
        Case("commune_officer", _u("/tai-khoan/nhat-ky/")),
    ),
}


def _collect_app_cases() -> None:
    """Each app's tests may add `tests/<app>/route_cases.py` with CASES and EXEMPT dicts of the same shape."""
    import importlib
    import pkgutil

    import tests

    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            cases = importlib.import_module(f"tests.{module.name}.route_cases")
        except ModuleNotFoundError:
            continue
        CASES.update(getattr(cases, "CASES", {}))
        EXEMPT.update(getattr(cases, "EXEMPT", {}))


_collect_app_cases()


def test_every_route_has_scope_cases():
    missing = sorted(r for r in all_routes() if r not in CASES and r not in EXEMPT)
    assert not missing, f"Routes without in-scope/out-of-scope cases in tests/test_routes.py: {missing}"


def _run(case: Case, request, client):
    get = request.getfixturevalue
    client.force_login(get(case.user))
    url = case.url(get)
    return getattr(client, case.method)(url, case.data)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(CASES))
def test_route_in_scope(route, request, client):
    in_scope, _ = CASES[route]
    response = _run(in_scope, request, client)
    assert response.status_code in in_scope.ok, (route, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(CASES))
def test_route_out_of_scope_is_404(route, request, client):
    _, out_of_scope = CASES[route]
    response = _run(out_of_scope, request, client)
    assert response.status_code == 404, (route, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(CASES))
def test_route_with_no_role_is_404(route, request, client, no_role_user):
    in_scope, _ = CASES[route]
    get = request.getfixturevalue
    url = in_scope.url(get)
    client.force_login(no_role_user)
    response = getattr(client, in_scope.method)(url, in_scope.data)
    assert response.status_code == 404, (route, response.status_code)

"""The API as a whole: OpenAPI schema and docs, every operation authenticated, error shape, building twice."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client

from antq.api.site import build_api
from tests.api.helpers import API, session_client, token_client

GEO_PATHS = {
    "/api/v1/geo/provinces",
    "/api/v1/geo/provinces/{code}",
    "/api/v1/geo/communes",
    "/api/v1/geo/communes/{code}",
    "/api/v1/geo/localities",
    "/api/v1/geo/localities/{locality_id}",
    "/api/v1/geo/establishments",
    "/api/v1/geo/establishments/{establishment_id}",
}


@pytest.fixture
def schema(commune_officer) -> dict:
    response = token_client(commune_officer).get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_schema_is_openapi_3_with_the_geo_endpoints(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "ANTQ API"
    assert set(schema["paths"]) >= GEO_PATHS
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_every_operation_requires_authentication(schema):
    # Fail closed: an app router that forgot (or disabled) authentication shows up here.
    operations = [(path, method, op) for path, methods in schema["paths"].items() for method, op in methods.items()]
    assert operations
    for path, method, operation in operations:
        assert operation.get("security"), f"{method.upper()} {path} has no authentication"


@pytest.mark.django_db
def test_schema_structure_is_sound(schema):
    # openapi-spec-validator is not a dependency of the project: check the structure it would check first.
    for path, methods in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for operation in methods.values():
            assert operation["operationId"] and operation["responses"]
            for parameter in operation.get("parameters", []):
                assert parameter["in"] in {"query", "path", "header", "cookie"}
                if parameter["in"] == "path":
                    assert parameter["required"] is True
                    assert "{" + parameter["name"] + "}" in path
    refs = _refs(schema)
    assert refs, "schema uses no components"
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schema["components"]["schemas"], ref
    error = schema["components"]["schemas"]["ErrorOut"]
    assert {"code", "message", "field"} <= set(error["properties"])
    assert set(schema["paths"]["/api/v1/geo/communes/{code}"]["get"]["responses"]) >= {"200", "401", "404"}
    page = schema["components"]["schemas"]["PagedLocalityOut"]
    assert {"items", "count", "page", "pages", "page_size"} <= set(page["properties"])


@pytest.mark.django_db
def test_schema_passes_openapi_spec_validator_when_installed(schema):
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(schema)


@pytest.mark.django_db
def test_schema_and_docs_need_an_authenticated_caller(commune_officer):
    assert Client().get(f"{API}/openapi.json").status_code == 401
    docs = Client().get(f"{API}/docs")
    assert docs.status_code == 302 and "/tai-khoan/dang-nhap/" in docs["Location"]

    page = session_client(commune_officer).get(f"{API}/docs")
    assert page.status_code == 200
    assert b"ANTQ API" in page.content


def test_index_points_to_docs_and_schema(client):
    assert client.get(f"{API}/").json() | {"title": ""} == {
        "title": "",
        "version": "1",
        "docs": "/api/v1/docs",
        "openapi": "/api/v1/openapi.json",
    }


def test_unknown_path_under_api_is_a_json_404(client):
    response = client.get(f"{API}/khong-co/gi-ca")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy.", "field": None}


@pytest.mark.django_db
def test_building_the_api_twice_works(commune_officer):
    first, second = build_api(), build_api()

    assert first.urls and second.urls
    assert set(second.get_openapi_schema(path_prefix="/api/v1/")["paths"]) >= GEO_PATHS


@pytest.mark.django_db
def test_reloading_the_urls_module_keeps_the_api_working(commune_officer, settings):
    from django.urls import clear_url_caches

    import antq.api.urls
    import antq.urls

    importlib.reload(antq.api.urls)
    importlib.reload(antq.urls)
    clear_url_caches()
    try:
        response = token_client(commune_officer).get(f"{API}/geo/communes/12688")
        assert response.status_code == 200
    finally:
        clear_url_caches()


def _refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()

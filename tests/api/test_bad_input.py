"""No 5xx on bad input: every documented parameter of every API read, given hostile values, answers a 4xx (or a
200 with an empty list) in the documented error shape; integer parameters are bounded in the schema itself; an
unexpected exception in production answers 500 in the same JSON shape, never Django's HTML page.

The operations and their parameters are read from the OpenAPI schema, so an endpoint added tomorrow is covered.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from antq.api.filters import MAX_ID
from antq.api.urls import api
from tests.api.helpers import API, token_client

# Overflow of a 64-bit id, a superscript, full-width and Arabic-Indic digits, negative, zero, junk, NUL (which
# PostgreSQL text cannot hold; in a path "%00" decodes to it), very long.
HOSTILE = ["99999999999999999999999", "²", "２", "٣", "-1", "0", "1_0", "1e3", "%00", "\x00", "9" * 2000]
# Valid values for the parameters not under test (path parameters must be filled to reach the operation).
PLAIN = {"code": "12688", "unit": "12688", "period": "2025"}


def _get_operations() -> list[tuple[str, list[dict]]]:
    schema = api.get_openapi_schema()
    return [
        (path, methods["get"].get("parameters", []))
        for path, methods in sorted(schema["paths"].items())
        if "get" in methods and not path.endswith(("openapi.json", "/docs"))
    ]


OPERATIONS = _get_operations()
CASES = [(path, param["name"]) for path, params in OPERATIONS for param in params]


def _url(path: str, params: list[dict], name: str, value: str) -> tuple[str, dict[str, str]]:
    query: dict[str, str] = {}
    for param in params:
        given = value if param["name"] == name else PLAIN.get(param["name"], "1")
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", given)
        elif param["name"] == name or param.get("required"):
            query[param["name"]] = given
    return path, query


def assert_error_shape(response) -> None:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    body = response.json()
    assert {"code", "message", "field"} <= set(body), body
    assert isinstance(body["message"], str) and body["message"]


def test_the_schema_lists_list_endpoints_with_parameters():
    assert len(OPERATIONS) >= 10
    assert ("/api/v1/geo/localities", "page") in CASES
    assert ("/api/v1/indicators", "period") in CASES


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), CASES)
def test_hostile_parameter_values_never_give_a_server_error(commune_officer, path, name):
    client = token_client(commune_officer)
    params = dict(OPERATIONS)[path]
    for value in HOSTILE:
        url, query = _url(path, params, name, value)
        response = client.get(url, query)
        assert response.status_code < 500, (url, query, response.content[:300])
        if response.status_code >= 400:
            assert_error_shape(response)


def test_every_integer_parameter_is_bounded_to_what_the_database_holds():
    # `antq.api.filters.Id` for ids; any other integer needs its own bounds. Unbounded, an overflow reached the DB.
    unbounded = []
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for param in [param for operation in methods.values() for param in operation.get("parameters", [])]:
            schema = param["schema"]
            variants = schema.get("anyOf", [schema])
            for variant in variants:
                if variant.get("type") == "integer" and not (
                    "minimum" in variant and "maximum" in variant and variant["maximum"] <= MAX_ID
                ):
                    unbounded.append(f"{path} ?{param['name']}")
    assert not unbounded, f"integer parameters without minimum / maximum (use antq.api.filters.Id): {unbounded}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "period", ["1900..9998", "1900..9999", "2025Q٣", "²", "99999999999999999999999", "2023..2013", "x" * 5000]
)
def test_bad_period_in_the_api_is_a_quick_400_naming_the_period(commune_officer, period):
    response = token_client(commune_officer).get(f"{API}/indicators", {"unit": "12688", "period": period})
    assert response.status_code == 400
    assert_error_shape(response)
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == "period"
    assert "Kỳ báo cáo" in body["message"] or "Khoảng thời gian" in body["message"]


@pytest.mark.django_db
def test_full_width_period_in_the_api_reads_as_ascii(commune_officer):
    response = token_client(commune_officer).get(f"{API}/indicators", {"unit": "12688", "period": "２０２５"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_exception_answers_500_in_the_error_shape_without_details(
    commune_officer, monkeypatch, settings, debug
):
    settings.DEBUG = debug

    def broken(actor):
        raise RuntimeError("secret detail from the database driver")

    monkeypatch.setattr("antq.accounts.units.provinces_for", broken)
    client = token_client(commune_officer)
    client.raise_request_exception = False
    response = client.get(f"{API}/geo/provinces")
    assert response.status_code == 500
    assert_error_shape(response)
    assert response.json()["code"] == "server_error"
    assert b"secret detail" not in response.content
    assert not re.search(rb"Traceback|<html", response.content)


@pytest.mark.django_db
def test_unexpected_exception_still_reaches_djangos_error_reporting(commune_officer, monkeypatch):
    # The handler sends `got_request_exception`, as Django's own does: the test client re-raises from it, and
    # error reporting (logging to `django.request`, mails to admins) sees the exception.
    monkeypatch.setattr("antq.accounts.units.provinces_for", lambda actor: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        token_client(commune_officer).get(f"{API}/geo/provinces")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"{API}/geo/localities/²", 400),
        (f"{API}/geo/localities/99999999999999999999999", 400),
        (f"{API}/geo/localities?page=99999999999999999999999", 400),
        (f"{API}/geo/localities?page=²", 400),
        (f"{API}/no-such-endpoint", 404),
    ],
)
def test_documented_error_statuses_keep_the_shape(commune_officer, url, status):
    response = token_client(commune_officer).get(url)
    assert response.status_code == status
    assert_error_shape(response)


@pytest.mark.django_db
def test_anonymous_error_keeps_the_shape():
    response = Client().get(f"{API}/geo/provinces")
    assert response.status_code == 401
    assert_error_shape(response)


@pytest.mark.django_db
def test_method_not_allowed_keeps_the_shape_and_the_allow_header(commune_officer):
    response = token_client(commune_officer).delete(f"{API}/geo/provinces")
    assert response.status_code == 405
    assert_error_shape(response)
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]

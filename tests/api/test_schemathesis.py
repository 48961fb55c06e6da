"""Schemathesis over the whole OpenAPI schema (/api/v1/openapi.json): no input a client can send gives a 5xx.

Every operation gets generated requests (valid and invalid parameters, bodies, ids) from the schema, sent
in-process to Django's WSGI application as a commune officer (12688) with a bearer token, and checked with
schemathesis' `not_a_server_error`. Bounded to fit CI: a fixed number of examples per operation, derandomised.

The token: each example sends a token created for it. `POST /tokens/{token_id}/revoke` is therefore exercised
too, and when it revokes the caller's own token (ids are small in the test database) the next example is not
left unauthenticated (401 everywhere) — the run keeps testing the operations rather than the 401 page.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from antq.api.services import api_token_create
from antq.api.urls import api

EXAMPLES_PER_OPERATION = 15

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def wsgi_app(settings):
    """Django's WSGI application inside the test's transaction (as django.test.Client does it)."""
    # Django closes "old" connections around each request, which would close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_gets_a_server_error(case, wsgi_app, commune_officer):
    _, raw = api_token_create(actor=None, user=commune_officer, name="schemathesis")
    response = case.call(app=wsgi_app, headers={"Authorization": f"Bearer {raw}"})
    case.validate_response(response, checks=[not_a_server_error])

"""Authentication: bearer token or session; anonymous, revoked tokens and disabled accounts get 401; CSRF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from antq.accounts.services import user_password_change
from antq.api.models import ApiToken
from antq.api.services import LAST_USED_PRECISION, api_token_create, api_token_revoke
from tests.api.helpers import API, session_client

UNAUTHORIZED = "unauthorized"


def bearer(raw: str) -> Client:
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/me", "/tokens", "/geo/provinces", "/geo/communes/12688", "/geo/localities/1"])
def test_anonymous_gets_401(path):
    response = Client().get(API + path)
    assert response.status_code == 401
    assert response.json()["code"] == UNAUTHORIZED
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_token_authenticates_its_user(commune_officer):
    _, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")

    response = bearer(raw).get(f"{API}/me")

    assert response.status_code == 200
    assert response.json()["username"] == "ca_12688"
    assert response.json()["grants"] == [
        {"role": "commune", "unit_code": "12688", "unit_name": "Xã Đông Hưng", "level": "commune"}
    ]


@pytest.mark.django_db
def test_session_authenticates_its_user(province_officer):
    response = session_client(province_officer).get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "pv05_33"


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer antq_khong-ton-tai", "Bearer ", "Bearer khong-dung-dinh-dang", "Token x"])
def test_unknown_or_malformed_token_gets_401(header):
    response = Client(headers={"Authorization": header}).get(f"{API}/geo/provinces")
    assert response.status_code == 401
    assert response.json()["code"] == UNAUTHORIZED


@pytest.mark.django_db
def test_revoked_token_gets_401(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    assert bearer(raw).get(f"{API}/geo/communes/12688").status_code == 200

    api_token_revoke(actor=commune_officer, token=token)
    response = bearer(raw).get(f"{API}/geo/communes/12688")

    assert response.status_code == 401
    assert response.json()["code"] == UNAUTHORIZED


@pytest.mark.django_db
def test_revoked_token_is_refused_even_with_a_valid_session(commune_officer):
    # A wrong credential is never silently replaced by another one.
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    api_token_revoke(actor=None, token=token)
    client = session_client(commune_officer)

    response = client.get(f"{API}/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


@pytest.mark.django_db
def test_disabled_user_token_gets_401(commune_officer):
    _, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    commune_officer.is_active = False
    commune_officer.save(update_fields=["is_active"])

    assert bearer(raw).get(f"{API}/me").status_code == 401


@pytest.mark.django_db
def test_disabled_user_session_gets_401(commune_officer):
    client = session_client(commune_officer)
    commune_officer.is_active = False
    commune_officer.save(update_fields=["is_active"])

    assert client.get(f"{API}/me").status_code == 401


@pytest.mark.django_db
def test_token_use_is_recorded(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    assert token.last_used_at is None

    bearer(raw).get(f"{API}/me")

    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_only_the_hash_of_a_token_is_stored(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()

    assert raw not in {str(value) for value in stored.values()}
    assert len(stored["token_hash"]) == 64
    assert raw.startswith(stored["prefix"]) and len(stored["prefix"]) < len(raw) // 3


# --- CSRF: enforced for session-authenticated writes, not for tokens --------------------------------------------


@pytest.mark.django_db
def test_session_write_without_csrf_token_is_refused(commune_officer):
    response = session_client(commune_officer).post(
        f"{API}/tokens", {"name": "máy trạm"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_session_write_with_csrf_token_is_accepted(commune_officer):
    client = session_client(commune_officer)
    csrf = _csrf_token(client)

    response = client.post(
        f"{API}/tokens", {"name": "máy trạm"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith(body["prefix"])
    assert bearer(body["token"]).get(f"{API}/me").json()["username"] == "ca_12688"


@pytest.mark.django_db
def test_token_write_needs_no_csrf_token(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")

    response = bearer(raw).post(f"{API}/tokens/{token.pk}/revoke")

    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None


@pytest.mark.django_db
def test_a_token_cannot_issue_tokens(commune_officer):
    _, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")

    response = bearer(raw).post(f"{API}/tokens", {"name": "thêm"}, content_type="application/json")

    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def _csrf_token(client: Client) -> str:
    """A CSRF token matching the client's cookie, as a page would embed it."""
    from django.http import HttpRequest

    request = HttpRequest()
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


# --- Expiry, last use, one-time passwords -----------------------------------------------------------------------


@pytest.mark.django_db
def test_expired_token_gets_401(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - dt.timedelta(days=91), expires_at=now - dt.timedelta(seconds=1)
    )

    response = bearer(raw).get(f"{API}/me")

    assert response.status_code == 401
    assert response.json()["code"] == UNAUTHORIZED


@pytest.mark.django_db
def test_last_use_is_written_at_most_once_a_minute(commune_officer):
    token, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    client = bearer(raw)
    client.get(f"{API}/me")
    first = ApiToken.objects.get(pk=token.pk).last_used_at

    with CaptureQueriesContext(connection) as queries:
        client.get(f"{API}/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - LAST_USED_PRECISION)
    client.get(f"{API}/me")
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/me", "/geo/provinces", "/tokens"])
def test_one_time_password_blocks_the_api_by_token_with_a_json_403(commune_officer, path):
    _, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])

    response = bearer(raw).get(API + path)

    assert response.status_code == 403
    assert response.json() == {
        "code": "password_change_required",
        "message": "Bạn cần đổi mật khẩu trước khi tiếp tục (mật khẩu hiện tại chỉ dùng một lần).",
        "field": None,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/me", "/geo/provinces"])
def test_one_time_password_blocks_the_api_by_session_with_a_json_403(commune_officer, path):
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])

    response = session_client(commune_officer).get(API + path)

    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "đổi mật khẩu" in response.json()["message"]


@pytest.mark.django_db
def test_one_time_password_sends_the_api_docs_to_the_password_page_not_the_login(commune_officer):
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])
    client = session_client(commune_officer)

    docs = client.get(API + "/docs")
    schema = client.get(API + "/openapi.json")

    assert docs.status_code == 302 and docs.headers["Location"] == "/tai-khoan/doi-mat-khau/"
    assert schema.status_code == 403 and schema.json()["code"] == "password_change_required"


@pytest.mark.django_db
def test_after_the_password_change_the_session_uses_the_api_again(commune_officer):
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])
    user_password_change(user=commune_officer, new_password="Mk-moi-rat-dai-2026")

    assert session_client(commune_officer).get(f"{API}/me").status_code == 200


@pytest.mark.django_db
def test_a_password_reset_ends_the_users_sessions_and_tokens(province_officer, commune_officer):
    from antq.accounts.services import user_password_reset

    session = session_client(commune_officer)
    _, raw = api_token_create(actor=None, user=commune_officer, name="đồng bộ")
    assert session.get(f"{API}/me").status_code == 200

    user_password_reset(actor=province_officer, user=commune_officer)

    assert session.get(f"{API}/me").status_code == 401  # the session hash no longer matches the password
    assert bearer(raw).get(f"{API}/me").status_code == 401  # the token was revoked

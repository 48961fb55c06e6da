"""Token services, the caller's own token endpoints and the `create_api_token` command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from antq.accounts.models import AuditEntry
from antq.api.models import ApiToken
from antq.api.services import api_token_create, api_token_revoke
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from tests.api.helpers import API, token_client


@pytest.mark.django_db
def test_create_returns_raw_token_once_and_audits(commune_officer):
    token, raw = api_token_create(actor=commune_officer, user=commune_officer, name="  máy trạm  ")

    assert raw.startswith("antq_") and len(raw) > 40
    assert (token.name, token.created_by, token.revoked_at) == ("máy trạm", commune_officer, None)
    entry = AuditEntry.objects.get(object_pk=str(token.pk), content_type__model="apitoken")
    assert (entry.actor, entry.action) == (commune_officer, AuditEntry.Action.CREATE)


@pytest.mark.django_db
def test_user_cannot_issue_token_for_someone_else(commune_officer, other_commune_officer):
    with pytest.raises(NotFoundOrOutOfScope):
        api_token_create(actor=commune_officer, user=other_commune_officer, name="x")


@pytest.mark.django_db
def test_no_token_for_disabled_account(commune_officer):
    commune_officer.is_active = False
    with pytest.raises(ValidationFailed):
        api_token_create(actor=None, user=commune_officer, name="x")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_token_needs_a_sensible_name(commune_officer, name):
    with pytest.raises(ValidationFailed) as error:
        api_token_create(actor=None, user=commune_officer, name=name)
    assert error.value.field == "name"


@pytest.mark.django_db
def test_revoke_is_idempotent_and_audited_once(commune_officer):
    token, _ = api_token_create(actor=None, user=commune_officer, name="x")

    api_token_revoke(actor=commune_officer, token=token)
    first = token.revoked_at
    api_token_revoke(actor=commune_officer, token=token)

    assert token.revoked_at == first is not None
    assert AuditEntry.objects.filter(object_pk=str(token.pk), action=AuditEntry.Action.UPDATE).count() == 1


@pytest.mark.django_db
def test_user_cannot_revoke_someone_elses_token(commune_officer, other_commune_officer):
    token, _ = api_token_create(actor=None, user=other_commune_officer, name="x")
    with pytest.raises(NotFoundOrOutOfScope):
        api_token_revoke(actor=commune_officer, token=token)


@pytest.mark.django_db
def test_token_list_shows_own_tokens_without_secrets(commune_officer, other_commune_officer):
    api_token_create(actor=None, user=other_commune_officer, name="của người khác")
    client = token_client(commune_officer)

    body = client.get(f"{API}/tokens").json()

    assert [item["name"] for item in body["items"]] == ["kiểm thử"]
    assert set(body["items"][0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}


@pytest.mark.django_db
def test_revoking_someone_elses_token_through_the_api_is_404(commune_officer, other_commune_officer):
    token, _ = api_token_create(actor=None, user=other_commune_officer, name="x")

    response = token_client(commune_officer).post(f"{API}/tokens/{token.pk}/revoke")

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy mã truy cập.", "field": None}
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_create_api_token_command_prints_a_working_token(commune_officer):
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_token", "ca_12688", "--name", "đồng bộ tỉnh", stdout=out, stderr=err)

    raw = out.getvalue().strip()
    assert ApiToken.objects.get().name == "đồng bộ tỉnh"
    assert "chỉ hiện một lần" in err.getvalue()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get(f"{API}/me").json()["username"] == "ca_12688"


@pytest.mark.django_db
def test_create_api_token_command_rejects_unknown_user():
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("create_api_token", "khong-co", "--name", "x", stdout=io.StringIO())

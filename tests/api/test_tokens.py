"""Token services, the caller's own token endpoints and the `create_api_token` command."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from antq.accounts.models import AuditEntry, User
from antq.accounts.services import PasswordChangeRequired, user_password_change, user_password_reset
from antq.api.models import ApiToken
from antq.api.services import api_token_create, api_token_revoke
from antq.core.errors import NotFoundOrOutOfScope, ValidationFailed
from tests.api.helpers import API, session_client, token_client


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
    assert set(body["items"][0]) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"}


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


# --- Expiry, one-time passwords, revocation on password reset or change ----------------------------------------


@pytest.mark.django_db
def test_a_token_expires_after_the_configured_days(commune_officer, settings):
    settings.ANTQ_TOKEN_DAYS = 7

    token, _ = api_token_create(actor=None, user=commune_officer, name="x")

    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    assert ApiToken.objects.get(pk=token.pk).expires_at == token.expires_at


@pytest.mark.django_db
def test_default_token_lifetime_is_90_days(commune_officer):
    token, _ = api_token_create(actor=None, user=commune_officer, name="x")
    assert token.expires_at - token.created_at == dt.timedelta(days=90)


@pytest.mark.django_db
def test_no_token_for_an_account_with_a_one_time_password(commune_officer):
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])

    with pytest.raises(PasswordChangeRequired):
        api_token_create(actor=commune_officer, user=commune_officer, name="x")
    with pytest.raises(PasswordChangeRequired):
        api_token_create(actor=None, user=commune_officer, name="x")  # not through the command either
    response = session_client(commune_officer).post(
        f"{API}/tokens", {"name": "x"}, content_type="application/json", headers={"X-CSRFToken": "irrelevant"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_password_reset_revokes_every_token_of_the_user_and_audits_each(
    province_officer, commune_officer, other_commune_officer
):
    first, _ = api_token_create(actor=None, user=commune_officer, name="một")
    second, _ = api_token_create(actor=None, user=commune_officer, name="hai")
    others, _ = api_token_create(actor=None, user=other_commune_officer, name="của người khác")

    user_password_reset(actor=province_officer, user=commune_officer)

    revoked = ApiToken.objects.filter(user=commune_officer, revoked_at__isnull=False)
    assert set(revoked.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert ApiToken.objects.get(pk=others.pk).revoked_at is None
    entries = AuditEntry.objects.filter(
        content_type__model="apitoken", object_pk__in=[str(first.pk), str(second.pk)], action=AuditEntry.Action.UPDATE
    )
    assert entries.count() == 2
    assert {e.actor for e in entries} == {province_officer}


@pytest.mark.django_db
def test_a_failed_revocation_undoes_the_password_reset(province_officer, commune_officer, monkeypatch):
    """The reset and the revocation are one transaction: if revoking fails, the old password still stands."""
    from antq.accounts import services as account_services

    token, _ = api_token_create(actor=None, user=commune_officer, name="x")
    old_hash = User.objects.get(pk=commune_officer.pk).password

    def broken(**_):
        raise RuntimeError("revoker failed")

    monkeypatch.setattr(account_services, "_CREDENTIAL_REVOKERS", [*account_services._CREDENTIAL_REVOKERS, broken])
    with pytest.raises(RuntimeError):
        user_password_reset(actor=province_officer, user=commune_officer)

    assert User.objects.get(pk=commune_officer.pk).password == old_hash
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


@pytest.mark.django_db
def test_changing_ones_own_password_revokes_ones_tokens(commune_officer):
    token, _ = api_token_create(actor=None, user=commune_officer, name="x")

    user_password_change(user=commune_officer, new_password="Mật-khẩu-mới-2026")

    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert User.objects.get(pk=commune_officer.pk).check_password("Mật-khẩu-mới-2026")


@pytest.mark.django_db
def test_the_password_page_revokes_tokens_and_lifts_the_one_time_flag(commune_officer):
    commune_officer.set_password("Mat-khau-cu-2026")
    commune_officer.save()
    token, _ = api_token_create(actor=None, user=commune_officer, name="x")
    commune_officer.must_change_password = True
    commune_officer.save(update_fields=["must_change_password"])
    client = Client()
    client.force_login(commune_officer)

    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {
            "old_password": "Mat-khau-cu-2026",
            "new_password1": "Mk-moi-rat-dai-2026",
            "new_password2": "Mk-moi-rat-dai-2026",
        },
    )

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert not User.objects.get(pk=commune_officer.pk).must_change_password


@pytest.mark.django_db
def test_token_list_shows_expiry_and_last_use(commune_officer):
    client = token_client(commune_officer)

    items = client.get(f"{API}/tokens").json()["items"]

    assert items[0]["expires_at"] is not None
    assert items[0]["last_used_at"] is not None  # this very request used it


# Every app available, as in the browser tests, so that PostgreSQL's flush truncates auditlog's table too.
@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_migration_gives_existing_tokens_an_expiry_90_days_after_issue():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import UserFactory

    # A transactional test after another one finds the database flushed: its user needs no unit of the world.
    commune_officer = UserFactory(username="ca_token_cu")

    before, after = [("api", "0002_apitoken_expires_at")], [("api", "0004_apitoken_expires_at_required")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_token = executor.loader.project_state(before).apps.get_model("api", "ApiToken")
    issued = dt.datetime(2026, 1, 10, 8, 0, tzinfo=dt.UTC)
    row = old_token.objects.create(
        user_id=commune_officer.pk, name="cũ", token_hash="a" * 64, prefix="antq_aaaaaaa", created_at=issued
    )
    assert row.expires_at is None

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    assert ApiToken.objects.get(pk=row.pk).expires_at == issued + dt.timedelta(days=90)


def test_the_api_registers_its_token_revoker_at_start_up():
    """In a process that never loads the API's URLs (a management command), a password reset still revokes tokens."""
    code = (
        "import django; django.setup(); from antq.accounts import services; "
        "print(sorted(f.__module__ for f in services._CREDENTIAL_REVOKERS))"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "antq.settings", "ANTQ_ALLOW_INSECURE_KEY": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert "antq.api.services" in out.stdout

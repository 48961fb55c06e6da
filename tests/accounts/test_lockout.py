"""Login throttling (django-axes): lockout after repeated failures, cleared by a province officer."""

import pytest
from django.urls import reverse

from antq.accounts import services
from tests.conftest import PASSWORD


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_lockout_after_repeated_failures_and_clear(client, settings, commune_officer, province_officer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, commune_officer.username, "sai-mat-khau")
    response = _login(client, commune_officer.username, PASSWORD)
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session

    assert services.user_lockout_clear(actor=province_officer, user=commune_officer) > 0
    response = _login(client, commune_officer.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(commune_officer.pk)


@pytest.mark.django_db
def test_password_reset_forces_a_change_at_next_login(client, province_officer, commune_officer):
    password = services.user_password_reset(actor=province_officer, user=commune_officer)
    assert _login(client, commune_officer.username, password).status_code == 302
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    new = "mot-mat-khau-moi-dai"
    response = client.post(
        reverse("accounts:password_change"), {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    commune_officer.refresh_from_db()
    assert not commune_officer.must_change_password
    assert client.get(reverse("core:home")).status_code in (200, 302)
    assert client.get(reverse("core:home")).url != reverse("accounts:password_change")


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_hardened(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.PASSWORD_HASHERS  # tests use a fast hasher; production uses Argon2:
    from antq import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
